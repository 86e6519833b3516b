import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '@app/common';
import { officeOf, StaffService, type StaffPrincipal } from '@app/staff';
import { CurrentStaff, Roles } from '../auth/auth.decorators.js';
import { CreateStaffDto, StaffResponseDto, toStaffResponse, UpdateStaffDto } from './staff.dto.js';

@ApiTags('staff')
@ApiBearerAuth()
@Roles('admin')
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an admin' })
@Controller('api/admin/staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @ApiOperation({ summary: 'List staff accounts' })
  @ApiOkResponse({ type: [StaffResponseDto] })
  async list(@CurrentStaff() staff: StaffPrincipal): Promise<StaffResponseDto[]> {
    return (await this.staff.list(officeOf(staff))).map(toStaffResponse);
  }

  @Post()
  @ApiOperation({ summary: 'Create a staff account (admin or counsellor)' })
  @ApiCreatedResponse({ type: StaffResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Email already in use' })
  async create(
    @Body() body: CreateStaffDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<StaffResponseDto> {
    // A new account works in its creator's office.
    return toStaffResponse(await this.staff.create({ ...body, officeId: officeOf(staff) }));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change, deactivate or reset the password of a staff account' })
  @ApiOkResponse({ type: StaffResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async update(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateStaffDto,
  ): Promise<StaffResponseDto> {
    return toStaffResponse(await this.staff.update(officeOf(staff), id, body));
  }
}
