import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '@app/common';
import { OfficeService } from '@app/offices';
import { Public } from '../auth/auth.decorators.js';
import { LanguageQueryDto } from '../roster/roster.dto.js';
import { PublicOfficeListingDto, toPublicOffice } from './offices.dto.js';

const DEFAULT_LANGUAGE = 'de';

/** The directory of offices clients can book with: active ones only. */
@ApiTags('public')
@Public()
@ApiTooManyRequestsResponse({ type: ErrorResponseDto })
@Controller('api/public/offices')
export class PublicOfficesController {
  constructor(private readonly offices: OfficeService) {}

  @Get()
  @ApiOperation({ summary: 'Active counselling offices, named in the requested language' })
  @ApiOkResponse({ type: [PublicOfficeListingDto] })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async list(@Query() query: LanguageQueryDto): Promise<PublicOfficeListingDto[]> {
    const language = query.language ?? DEFAULT_LANGUAGE;
    return (await this.offices.listActive()).map((office) => toPublicOffice(office, language));
  }

  @Get(':slug')
  @ApiOperation({ summary: 'One active counselling office by its slug' })
  @ApiOkResponse({ type: PublicOfficeListingDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown or suspended office' })
  async get(
    @Param('slug') slug: string,
    @Query() query: LanguageQueryDto,
  ): Promise<PublicOfficeListingDto> {
    return toPublicOffice(
      await this.offices.getActiveBySlugOrThrow(slug),
      query.language ?? DEFAULT_LANGUAGE,
    );
  }
}
