import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
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
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '@app/common';
import { CounsellorService } from '@app/roster';
import type { StaffPrincipal } from '@app/staff';
import { CurrentStaff, Roles } from '../auth/auth.decorators.js';
import {
  CounsellorListQueryDto,
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
  @ApiOperation({
    summary: 'List counsellors (or, with kind=interpreter, interpreters), active and inactive',
  })
  @ApiOkResponse({ type: [CounsellorResponseDto] })
  async list(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: CounsellorListQueryDto,
  ): Promise<CounsellorResponseDto[]> {
    return (await this.counsellors.list(staff, query.kind)).map(toCounsellorResponse);
  }

  @Post()
  @ApiOperation({
    summary:
      'Create a counsellor, or with kind=interpreter an interpreter (an interpreter pool holds interpreters only)',
  })
  @ApiCreatedResponse({ type: CounsellorResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'pool_holds_interpreters_only, staff_account_role_mismatch',
  })
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
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'kind_not_changeable, staff_account_role_mismatch',
  })
  async update(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateCounsellorDto,
  ): Promise<CounsellorResponseDto> {
    return toCounsellorResponse(await this.counsellors.update(staff, id, body));
  }
}
