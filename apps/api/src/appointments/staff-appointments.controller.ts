import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { DateTime } from 'luxon';
import { AppointmentStaffService } from '@app/appointments';
import { ErrorResponseDto } from '@app/common';
import { fieldError } from '@app/roster';
import type { StaffPrincipal } from '@app/staff';
import { CurrentStaff, Roles } from '../auth/auth.decorators.js';
import {
  AuditEventDto,
  AuditQueryDto,
  OutcomeDto,
  ReassignDto,
  StaffAppointmentDto,
  StaffCancelDto,
  StaffListQueryDto,
  toStaffAppointment,
} from './appointment.dto.js';

const OFFICE_ZONE = 'Europe/Berlin';
const uuid = new ParseUUIDPipe();

@ApiTags('appointments (staff)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('api/appointments')
export class StaffAppointmentsController {
  constructor(private readonly appointments: AppointmentStaffService) {}

  @Get()
  @ApiOperation({
    summary: 'Appointments in a period: a counsellor sees their own, an admin everyone’s',
  })
  @ApiOkResponse({ type: [StaffAppointmentDto] })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async list(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: StaffListQueryDto,
  ): Promise<StaffAppointmentDto[]> {
    const from = DateTime.fromISO(query.from, { zone: OFFICE_ZONE });
    const to = DateTime.fromISO(query.to, { zone: OFFICE_ZONE }).plus({ days: 1 });
    if (!from.isValid) throw fieldError('from', 'from is not a valid date');
    if (!to.isValid || to <= from)
      throw fieldError('to', 'to must be a valid date on or after from');
    if (to.diff(from, 'days').days > 31)
      throw fieldError('to', 'The period may span at most 31 days');
    const list = await this.appointments.list(
      staff,
      from.toJSDate(),
      to.toJSDate(),
      query.counsellorId,
    );
    return list.map(toStaffAppointment);
  }

  @Get(':id')
  @ApiOkResponse({ type: StaffAppointmentDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Missing, or another counsellor’s' })
  async get(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
  ): Promise<StaffAppointmentDto> {
    return toStaffAppointment(await this.appointments.visible(staff, id));
  }

  @Post(':id/outcome')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Record the outcome: completed or no_show' })
  @ApiOkResponse({ type: StaffAppointmentDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'Not started yet, or not active',
  })
  async outcome(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
    @Body() body: OutcomeDto,
  ): Promise<StaffAppointmentDto> {
    return toStaffAppointment(await this.appointments.recordOutcome(staff, id, body.outcome));
  }
}

@ApiTags('admin: appointments')
@ApiBearerAuth()
@Roles('admin')
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto })
@Controller('api/admin')
export class AdminAppointmentsController {
  constructor(private readonly appointments: AppointmentStaffService) {}

  @Post('appointments/:id/reassign')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Give the appointment to another counsellor who is free then' })
  @ApiOkResponse({ type: StaffAppointmentDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async reassign(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
    @Body() body: ReassignDto,
  ): Promise<StaffAppointmentDto> {
    return toStaffAppointment(await this.appointments.reassign(staff, id, body.counsellorId));
  }

  @Post('appointments/:id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel with a reason' })
  @ApiOkResponse({ type: StaffAppointmentDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  async cancel(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
    @Body() body: StaffCancelDto,
  ): Promise<StaffAppointmentDto> {
    return toStaffAppointment(await this.appointments.cancel(staff, id, body.reason));
  }

  @Get('audit')
  @ApiOperation({ summary: 'The audit log, newest first (200 entries)' })
  @ApiOkResponse({ type: [AuditEventDto] })
  async audit(@Query() query: AuditQueryDto): Promise<AuditEventDto[]> {
    return (await this.appointments.auditTrail(query.appointmentId)).map((event) => ({
      id: event.id,
      occurredAt: event.occurredAt.toISOString(),
      actorType: event.actorType,
      actorId: event.actorId,
      action: event.action,
      appointmentId: event.appointmentId,
      changes: event.changes,
    }));
  }
}
