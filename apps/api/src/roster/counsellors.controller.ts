import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '@app/common';
import { CounsellorService } from '@app/roster';
import type { StaffPrincipal } from '@app/staff';
import { CurrentStaff, Roles } from '../auth/auth.decorators.js';
import {
  CounsellorResponseDto,
  CreateCounsellorDto,
  toCounsellorResponse,
  UpdateCounsellorDto,
} from './roster.dto.js';

@ApiTags('admin: counsellors')
@ApiBearerAuth()
@Roles('admin')
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto })
@Controller('api/admin/counsellors')
export class CounsellorsController {
  constructor(private readonly counsellors: CounsellorService) {}

  @Get()
  @ApiOperation({ summary: 'List counsellors, active and inactive' })
  @ApiOkResponse({ type: [CounsellorResponseDto] })
  async list(@CurrentStaff() staff: StaffPrincipal): Promise<CounsellorResponseDto[]> {
    return (await this.counsellors.list(staff)).map(toCounsellorResponse);
  }

  @Post()
  @ApiOperation({ summary: 'Create a counsellor' })
  @ApiCreatedResponse({ type: CounsellorResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async create(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: CreateCounsellorDto,
  ): Promise<CounsellorResponseDto> {
    return toCounsellorResponse(await this.counsellors.create(staff, body));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One counsellor' })
  @ApiOkResponse({ type: CounsellorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<CounsellorResponseDto> {
    return toCounsellorResponse(await this.counsellors.get(staff, id));
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Update or deactivate a counsellor (never deleted: appointments keep their counsellor)',
  })
  @ApiOkResponse({ type: CounsellorResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async update(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateCounsellorDto,
  ): Promise<CounsellorResponseDto> {
    return toCounsellorResponse(await this.counsellors.update(staff, id, body));
  }
}
