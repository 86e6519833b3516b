import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  Sse,
  type MessageEvent,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DateTime } from 'luxon';
import { map, takeUntil, timer, type Observable } from 'rxjs';
import { AppointmentStaffService } from '@app/appointments';
import { ChangeFeed } from '@app/change-feed';
import { officeAppointmentsTopic } from '@app/messengers';
import { ErrorResponseDto } from '@app/common';
import { fieldError } from '@app/roster';
import { ZoneCalendar } from '@app/scheduling';
import { OfficeService } from '@app/offices';
import { officeOf, type StaffPrincipal } from '@app/staff';
import { CurrentStaff, RateLimit, Roles } from '../auth/auth.decorators.js';

/** A console's stream ends after this; the page opens a new one (a dead tab does not hold one forever). */
const STREAM_MS = 20 * 60_000;
import {
  AuditEventDto,
  AuditQueryDto,
  BookAppointmentDto,
  OutcomeDto,
  ReassignDto,
  RescheduleDto,
  StaffAppointmentDto,
  StaffCancelDto,
  StaffInterpreterDto,
  StaffListQueryDto,
  toStaffAppointment,
} from './appointment.dto.js';
import { bookingRequestOf, checkIdempotencyKey, instant } from './booking-request.js';

const uuid = new ParseUUIDPipe();
/** Two months of agenda: any week or month a counsellor pages to, bounded for the database. */
const MAX_PERIOD_DAYS = 62;

const periodTooLong = (): BadRequestException => {
  const message = `The period may span at most ${MAX_PERIOD_DAYS} days`;
  return new BadRequestException({
    code: 'period_too_long',
    message,
    details: [{ field: 'to', messages: [message] }],
  });
};

@ApiTags('appointments (staff)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiExtraModels(StaffInterpreterDto)
@Controller('api/appointments')
export class StaffAppointmentsController {
  constructor(
    private readonly appointments: AppointmentStaffService,
    private readonly offices: OfficeService,
    private readonly feed: ChangeFeed,
  ) {}

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
    // Both are valid days (the DTO says so); the period counts calendar days, inclusive.
    const days =
      DateTime.fromISO(query.to, { zone: 'utc' }).diff(
        DateTime.fromISO(query.from, { zone: 'utc' }),
        'days',
      ).days + 1;
    if (days < 1) throw fieldError('to', 'to must be a valid date on or after from');
    if (days > MAX_PERIOD_DAYS) throw periodTooLong();
    // Days of the office's zone, from the first instant of `from` to the last of `to`.
    const office = await this.offices.getOrThrow(officeOf(staff));
    const calendar = ZoneCalendar.for(office.timeZone);
    const list = await this.appointments.list(
      staff,
      new Date(calendar.dayBounds(query.from).start),
      new Date(calendar.dayBounds(query.to).end),
      query.counsellorId,
    );
    return list.map(toStaffAppointment);
  }

  @Sse('events')
  @RateLimit('stream')
  @ApiOperation({
    summary:
      'Server-sent events: "changed" whenever a client answered or cancelled by messenger or SMS (read the list again); at most 20 minutes',
  })
  events(@CurrentStaff() staff: StaffPrincipal): Observable<MessageEvent> {
    return this.feed.watch(officeAppointmentsTopic(officeOf(staff))).pipe(
      map(() => ({ type: 'changed', data: {} })),
      takeUntil(timer(STREAM_MS)),
    );
  }

  @Post()
  @ApiOperation({
    summary: 'Book for a client (e.g. who called the office)',
    description:
      'The same body, checks and guarantees as the public booking; the client gets the same confirmation with a manage link of their own by their channel, the audit log names the staff member. A counsellor books only for themself (counsellorId omitted or their own; another answers 403 not_own_counsellor), an admin for any counsellor or the fairest free one. Retrying with the same Idempotency-Key and body returns the same booking (200).',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: '8–128 characters of A–Z, a–z, 0–9, - and _',
  })
  @ApiCreatedResponse({ type: StaffAppointmentDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'A counsellor booking for another' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown consultation type' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'Taken meanwhile (nextFreeSlots), or the contact holds too many appointments',
  })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Not bookable' })
  async book(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: BookAppointmentDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StaffAppointmentDto> {
    const result = await this.appointments.book(
      staff,
      bookingRequestOf(body),
      checkIdempotencyKey(idempotencyKey),
    );
    if (result.replayed) response.status(HttpStatus.OK);
    return toStaffAppointment(result.appointment);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One appointment (counsellors: only their own)' })
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
    return toStaffAppointment(
      await this.appointments.recordOutcome(
        staff,
        id,
        body.outcome,
        body.accompanyingFamilyMembers ?? null,
      ),
    );
  }

  @Post(':id/reschedule')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Move to another bookable time on the client’s behalf',
    description:
      'The client’s own rescheduling path, without the online cut-off; the client is told by their channel. Counsellors keep the appointment in their own calendar.',
  })
  @ApiOkResponse({ type: StaffAppointmentDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  async reschedule(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
    @Body() body: RescheduleDto,
  ): Promise<StaffAppointmentDto> {
    return toStaffAppointment(
      await this.appointments.reschedule(staff, id, instant(body.start), body.counsellorId),
    );
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel on the client’s behalf, with a reason' })
  @ApiOkResponse({ type: StaffAppointmentDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  async cancel(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
    @Body() body: StaffCancelDto,
  ): Promise<StaffAppointmentDto> {
    return toStaffAppointment(await this.appointments.cancel(staff, id, body.reason));
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
  async audit(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: AuditQueryDto,
  ): Promise<AuditEventDto[]> {
    return (await this.appointments.auditTrail(staff, query.appointmentId)).map((event) => ({
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
