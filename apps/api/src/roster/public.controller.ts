import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { contactChannelsFor } from '@app/appointments';
import { ErrorResponseDto } from '@app/common';
import { AppConfig } from '@app/config';
import { OfficeService } from '@app/offices';
import { localize, MAX_CROSS_OFFICE_DAYS, SlotService, TOPICS } from '@app/roster';
import { Public, RateLimit } from '../auth/auth.decorators.js';
import {
  LanguageQueryDto,
  PublicOfficeDto,
  PublicTopicDto,
  SlotSearchResponseDto,
} from './roster.dto.js';
import {
  CrossOfficeQueryDto,
  CrossOfficeSearchResponseDto,
  OfficeSlotQueryDto,
  PublicBookableTypeDto,
  PublicTypesByOfficeQueryDto,
  toCrossOfficeResponse,
} from './public-search.dto.js';
import { searchBound, toSlotSearchResponse } from './slot-search.js';

const DEFAULT_LANGUAGE = 'de';

@ApiTags('public')
@Public()
@ApiTooManyRequestsResponse({ type: ErrorResponseDto })
@Controller('api/public')
export class PublicController {
  constructor(
    private readonly slots: SlotService,
    private readonly config: AppConfig,
    private readonly offices: OfficeService,
  ) {}

  @Get('office')
  @ApiOperation({ summary: 'What pages need to know of the default office: its time zone' })
  @ApiOkResponse({ type: PublicOfficeDto })
  async office(): Promise<PublicOfficeDto> {
    return { timeZone: (await this.offices.getDefault()).timeZone };
  }

  @Get('topics')
  @ApiOperation({ summary: 'Counselling topics, named in the requested language' })
  @ApiOkResponse({ type: [PublicTopicDto] })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  topics(@Query() query: LanguageQueryDto): PublicTopicDto[] {
    return TOPICS.map((topic) => ({
      code: topic.code,
      name: localize(topic.name, query.language ?? DEFAULT_LANGUAGE),
    }));
  }

  @Get('consultation-types')
  @ApiOperation({
    summary:
      'Bookable consultation types (active, of active offices), named in the requested language',
  })
  @ApiOkResponse({ type: [PublicBookableTypeDto] })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown or suspended office' })
  async consultationTypes(
    @Query() query: PublicTypesByOfficeQueryDto,
  ): Promise<PublicBookableTypeDto[]> {
    const language = query.language ?? DEFAULT_LANGUAGE;
    const topics = new Map(TOPICS.map((topic) => [topic.code, topic]));
    return (await this.slots.bookableTypesWithInterpreters(query.office))
      .filter(({ type }) => !query.topic || type.topic === query.topic)
      .map(({ type, interpreterLanguages }) => ({
        id: type.id,
        name: localize(type.name, language),
        description: localize(type.description, language),
        topic: { code: type.topic, name: localize(topics.get(type.topic)?.name ?? {}, language) },
        durationMinutes: type.durationMinutes,
        channel: type.channel,
        contactChannels: contactChannelsFor(
          type.requiredContact,
          Boolean(this.config.SMS_GATEWAY_URL),
        ),
        interpreterLanguages,
      }));
  }

  @Get('slots')
  @RateLimit('search')
  @ApiOperation({
    summary: 'Free slots of a consultation type (at most 31 days), in the requested time zone',
  })
  @ApiOkResponse({ type: SlotSearchResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: "Unknown or inactive consultation type, a suspended office's, or not the office's",
  })
  async search(@Query() query: OfficeSlotQueryDto): Promise<SlotSearchResponseDto> {
    const zone =
      query.timeZone ??
      (await this.slots.officeZoneOf(query.consultationTypeId)) ??
      this.config.OFFICE_TIME_ZONE;
    const result = await this.slots.search({
      consultationTypeId: query.consultationTypeId,
      from: searchBound(query.from, zone, 'start'),
      to: searchBound(query.to, zone, 'end'),
      language: query.language,
      topic: query.topic,
      counsellorId: query.counsellorId,
      office: query.office,
      interpreterLanguage: query.interpreterLanguage,
    });
    return toSlotSearchResponse(result, zone);
  }

  @Get('search')
  @RateLimit('search')
  @ApiOperation({
    summary:
      'Across all active offices: the next free slot of each matching type (at most 14 days), and the earliest of all',
  })
  @ApiOkResponse({ type: CrossOfficeSearchResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async searchAcrossOffices(
    @Query() query: CrossOfficeQueryDto,
  ): Promise<CrossOfficeSearchResponseDto> {
    const zone = query.timeZone ?? this.config.OFFICE_TIME_ZONE;
    const result = await this.slots.searchAcrossOffices({
      language: query.language,
      topic: query.topic,
      channel: query.channel,
      district: query.district,
      from: query.from === undefined ? undefined : searchBound(query.from, zone, 'start'),
      days: query.days ?? MAX_CROSS_OFFICE_DAYS,
    });
    return toCrossOfficeResponse(result, zone, query.displayLanguage ?? DEFAULT_LANGUAGE);
  }
}
