import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  Sse,
  type MessageEvent,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { DateTime } from 'luxon';
import { firstValueFrom, map, type Observable } from 'rxjs';
import { AppointmentStaffService } from '@app/appointments';
import { Clock, ErrorResponseDto } from '@app/common';
import { OfficeService } from '@app/offices';
import { CounsellorService, fieldError, parseTimeOfDay } from '@app/roster';
import { ZoneCalendar } from '@app/scheduling';
import { officeOf, type StaffPrincipal } from '@app/staff';
import {
  ticketLabel,
  WalkInHoursService,
  WalkInInterpretersService,
  WalkInLive,
  WalkInQueueService,
  WalkInRepository,
  WalkInStatisticsRepository,
  type WalkInHourEntity,
} from '@app/walk-in';
import { CurrentStaff, Roles } from '../auth/auth.decorators.js';
import { instant } from '../appointments/booking-request.js';
import {
  CallJoinDto,
  NextCallDto,
  ConsoleDto,
  DutyHourDto,
  FollowUpDto,
  HandOverDto,
  InterpreterDutyDto,
  InterpreterWalkInDto,
  WalkInOutcomeDto,
  StatisticsQueryDto,
  toCalledTicket,
  toExceptionResponse,
  toHourFields,
  toHourResponse,
  toOccurrence,
  WalkInExceptionDto,
  WalkInExceptionResponseDto,
  WalkInHourDto,
  WalkInHourResponseDto,
  WalkInStatisticsDto,
  toWalkInStatisticsDto,
} from './walk-in.dto.js';

/** The counsellor on duty: sign on and off, the console, calls and their outcomes. */
@ApiTags('walk-in (staff)')
@ApiBearerAuth()
@Roles('counsellor', 'admin')
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'not_a_counsellor' })
@Controller('api/walk-in')
export class WalkInDutyController {
  constructor(
    private readonly hours: WalkInHoursService,
    private readonly queue: WalkInQueueService,
    private readonly live: WalkInLive,
    private readonly repository: WalkInRepository,
    private readonly counsellors: CounsellorService,
    private readonly appointments: AppointmentStaffService,
    private readonly interpreters: WalkInInterpretersService,
  ) {}

  @Get('interpreter/current')
  @Roles('interpreter')
  @ApiOperation({
    summary:
      'Interpreters: the walk-in sessions I am on duty for, and the walk-in call I am assigned to now',
  })
  @ApiOkResponse({ type: InterpreterWalkInDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'not_an_interpreter' })
  async interpreterCurrent(@CurrentStaff() staff: StaffPrincipal): Promise<InterpreterWalkInDto> {
    const { duties, call } = await this.interpreters.current(staff);
    return {
      duties: duties.map((d) => ({
        sessionId: d.sessionId,
        hourId: d.hourId,
        hourName: d.hour.name,
        startsAt: d.startsAt.toISOString(),
        endsAt: d.endsAt.toISOString(),
      })),
      call: call && {
        ticketId: call.ticket.id,
        label: ticketLabel(call.hour.prefix, call.ticket.number),
        status: call.ticket.status as 'called' | 'in_call',
        calledAt: (call.ticket.calledAt as Date).toISOString(),
        hourName: call.hour.name,
        channel: call.hour.channel,
        language: call.ticket.language,
        interpreterLanguage: call.ticket.interpreterLanguage ?? '',
        counsellorName: call.counsellorName,
      },
    };
  }

  @Post('interpreter/tickets/:id/join')
  @Roles('interpreter')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Interpreters: the room token of the walk-in call I am assigned to (camera and microphone, no room admin)',
  })
  @ApiOkResponse({ type: CallJoinDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'not_an_interpreter' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'not_your_call' })
  interpreterJoin(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CallJoinDto> {
    return this.interpreters.join(staff, id);
  }

  @Get('duty')
  @ApiOperation({
    summary: "The office's walk-in hours: open now or next, who is on duty, and whether I am",
  })
  @ApiOkResponse({ type: [DutyHourDto] })
  async duty(@CurrentStaff() staff: StaffPrincipal): Promise<DutyHourDto[]> {
    const own = await this.counsellors.forStaff(staff.staffId);
    const hours = (await this.hours.list(officeOf(staff))).filter((hour) => hour.active);
    return Promise.all(hours.map((hour) => dutyOf(this.hours, this.repository, hour, own?.id)));
  }

  @Post('hours/:id/sign-on')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign on for the walk-in hour open now' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'walk_in_closed' })
  async signOn(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    await this.queue.signOn(staff, id);
  }

  @Post('hours/:id/sign-off')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign off (tickets waiting for you go back to everyone)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async signOff(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    await this.queue.signOff(staff, id);
  }

  @Get('console')
  @ApiOperation({
    summary:
      'The duty console: the queues of my walk-in hours in my languages (no contact data), and my current call',
  })
  @ApiOkResponse({ type: ConsoleDto })
  async console(@CurrentStaff() staff: StaffPrincipal): Promise<ConsoleDto> {
    return firstValueFrom(this.live.console(await this.queue.counsellorOf(staff)));
  }

  @Sse('console/events')
  @ApiOperation({
    summary: 'Server-sent events: the console (as GET console) now and on every change',
  })
  async consoleEvents(@CurrentStaff() staff: StaffPrincipal): Promise<Observable<MessageEvent>> {
    const counsellor = await this.queue.counsellorOf(staff);
    return this.live.console(counsellor).pipe(map((view) => ({ type: 'console', data: view })));
  }

  @Post('call-next')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Call the longest-waiting client I can serve (handed to me first); null when nobody waits',
  })
  @ApiOkResponse({ type: NextCallDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'call_in_progress' })
  async callNext(@CurrentStaff() staff: StaffPrincipal): Promise<NextCallDto> {
    const ticket = await this.queue.callNext(staff);
    if (!ticket) return { ticket: null };
    const hour = await this.queue.hourOfSession(ticket.sessionId);
    return { ticket: toCalledTicket(ticket, hour.prefix) };
  }

  @Post('tickets/:id/join')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'My call: the room token (room admin) or, for phone, the number to call',
  })
  @ApiOkResponse({ type: CallJoinDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'not_your_call' })
  join(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CallJoinDto> {
    return this.queue.staffJoin(staff, id);
  }

  @Post('tickets/:id/outcome')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Record how my call ended: served, missed or left' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'not_your_call' })
  async outcome(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: WalkInOutcomeDto,
  ): Promise<void> {
    await this.queue.finish(staff, id, body.outcome, body.accompanyingFamilyMembers ?? null);
  }

  @Post('tickets/:id/hand-over')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Hand my call to a colleague on duty: first in line for them' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'not_on_duty, own_counsellor' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'not_your_call' })
  async handOver(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: HandOverDto,
  ): Promise<void> {
    await this.queue.handOver(staff, id, body.counsellorId);
  }

  @Post('tickets/:id/follow-up')
  @ApiOperation({
    summary:
      'Book a follow-up appointment for the client of my call, through the normal booking path',
    description:
      "The client's ticket contact (or one given here) gets the usual confirmation with its manage link; the ticket page shows the appointment too.",
  })
  @ApiCreatedResponse({
    description: 'The appointment id',
    schema: { properties: { appointmentId: { type: 'string', format: 'uuid' } } },
  })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  async followUp(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: FollowUpDto,
  ): Promise<{ appointmentId: string }> {
    const ticket = await this.queue.ownCallOf(staff, id);
    const contact =
      body.contact ??
      (ticket.contactChannel && ticket.contactValue
        ? { channel: ticket.contactChannel, value: ticket.contactValue }
        : undefined);
    if (!contact)
      throw new BadRequestException({
        code: 'contact_required',
        message: 'The ticket has no contact: ask the client for one',
        details: [{ field: 'contact', messages: ['The ticket has no contact'] }],
      });
    const { appointment } = await this.appointments.book(staff, {
      consultationTypeId: body.consultationTypeId,
      start: instant(body.start),
      pseudonym: ticket.pseudonym ?? 'Walk-in',
      language: ticket.language,
      counsellorLanguage: ticket.language,
      contact,
    });
    await this.queue.linkFollowUp(ticket.id, appointment.id);
    return { appointmentId: appointment.id };
  }
}

/** Admins define walk-in hours, see who is on duty and the statistics. */
@ApiTags('walk-in (admin)')
@ApiBearerAuth()
@Roles('admin')
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto })
@Controller('api/admin/walk-in-hours')
export class WalkInAdminController {
  constructor(
    private readonly hours: WalkInHoursService,
    private readonly repository: WalkInRepository,
    private readonly statistics: WalkInStatisticsRepository,
    private readonly offices: OfficeService,
    private readonly clock: Clock,
    private readonly interpreters: WalkInInterpretersService,
  ) {}

  @Get(':id/interpreters')
  @ApiOperation({
    summary:
      "Interpreters for the hour's session open now (else the next): the office's own and its pools', and who is on duty",
  })
  @ApiOkResponse({ type: InterpreterDutyDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async interpreterDuty(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<InterpreterDutyDto> {
    const { session, interpreters } = await this.interpreters.duty(staff, id);
    return { session: toOccurrence(session), interpreters };
  }

  @Put(':id/interpreters/:interpreterId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      'Put an interpreter on duty for the session open now (else the next): tickets may then ask for their languages',
  })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: 'walk_in_hour_not_found, interpreter_not_found',
  })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'walk_in_closed' })
  async putInterpreterOnDuty(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('interpreterId', ParseUUIDPipe) interpreterId: string,
  ): Promise<void> {
    await this.interpreters.putOnDuty(staff, id, interpreterId);
  }

  @Delete(':id/interpreters/:interpreterId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Take an interpreter off duty (a call under way goes on)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async takeInterpreterOffDuty(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('interpreterId', ParseUUIDPipe) interpreterId: string,
  ): Promise<void> {
    await this.interpreters.takeOffDuty(staff, id, interpreterId);
  }

  @Get()
  @ApiOperation({ summary: "The office's walk-in hours with who is on duty now" })
  @ApiOkResponse({ type: [DutyHourDto] })
  async list(@CurrentStaff() staff: StaffPrincipal): Promise<DutyHourDto[]> {
    const hours = await this.hours.list(officeOf(staff));
    return Promise.all(hours.map((hour) => dutyOf(this.hours, this.repository, hour, undefined)));
  }

  @Post()
  @ApiOperation({
    summary: 'Define a walk-in hour: weekly windows in the office zone, languages, topics, rules',
  })
  @ApiCreatedResponse({ type: WalkInHourResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async create(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: WalkInHourDto,
  ): Promise<WalkInHourResponseDto> {
    const hour = await this.hours.create(officeOf(staff), checkedFields(body));
    return this.response(hour);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One walk-in hour with its weekly windows and coming exceptions' })
  @ApiOkResponse({ type: WalkInHourResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<WalkInHourResponseDto> {
    return this.response(await this.hours.get(id, officeOf(staff)));
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a walk-in hour’s fields and weekly windows' })
  @ApiOkResponse({ type: WalkInHourResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async update(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: WalkInHourDto,
  ): Promise<WalkInHourResponseDto> {
    return this.response(await this.hours.update(id, officeOf(staff), checkedFields(body)));
  }

  @Post(':id/exceptions')
  @ApiOperation({
    summary: 'Extra hours on a date (with start and end) or the date cancelled (without)',
  })
  @ApiCreatedResponse({ type: WalkInExceptionResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async addException(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: WalkInExceptionDto,
  ): Promise<WalkInExceptionResponseDto> {
    if ((body.start === undefined) !== (body.end === undefined))
      throw fieldError('end', 'Give start and end (extra hours), or neither (cancelled)');
    const startMinute = body.start === undefined ? null : parseTimeOfDay(body.start);
    const endMinute = body.end === undefined ? null : parseTimeOfDay(body.end);
    if (startMinute !== null && endMinute !== null && startMinute >= endMinute)
      throw fieldError('end', 'end must be after start');
    return toExceptionResponse(
      await this.hours.addException(id, officeOf(staff), {
        date: body.date,
        startMinute,
        endMinute,
      }),
    );
  }

  @Delete(':id/exceptions/:exceptionId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove an exception' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async removeException(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('exceptionId', ParseUUIDPipe) exceptionId: string,
  ): Promise<void> {
    await this.hours.removeException(id, officeOf(staff), exceptionId);
  }

  @Get(':id/statistics')
  @ApiOperation({
    summary:
      'Anonymous counts of the sessions between two days (office zone): tickets, outcomes, waits, handling, turned away',
  })
  @ApiOkResponse({ type: WalkInStatisticsDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async statisticsOf(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: StatisticsQueryDto,
  ): Promise<WalkInStatisticsDto> {
    const hour = await this.hours.get(id, officeOf(staff));
    if (query.to < query.from) throw fieldError('to', 'to must be on or after from');
    if (DateTime.fromISO(query.to).diff(DateTime.fromISO(query.from), 'days').days > 366)
      throw fieldError('to', 'At most a year at once');
    const office = await this.offices.getOrThrow(hour.officeId);
    const calendar = ZoneCalendar.for(office.timeZone);
    return toWalkInStatisticsDto(
      await this.statistics.of(
        hour.id,
        new Date(calendar.dayBounds(query.from).start),
        new Date(calendar.dayBounds(query.to).end),
      ),
    );
  }

  private async response(hour: WalkInHourEntity): Promise<WalkInHourResponseDto> {
    const office = await this.offices.getOrThrow(hour.officeId);
    const today = DateTime.fromJSDate(this.clock.now(), {
      zone: office.timeZone,
    }).toISODate() as string;
    const [rules, exceptions] = await Promise.all([
      this.hours.rules(hour.id),
      this.hours.exceptions(hour.id, today),
    ]);
    return toHourResponse(hour, rules, exceptions);
  }
}

function checkedFields(body: WalkInHourDto) {
  const fields = toHourFields(body);
  fields.rules.forEach((rule, i) => {
    if (rule.startMinute >= rule.endMinute)
      throw fieldError(`rules.${i}.end`, 'end must be after start');
    if (rule.validFrom && rule.validUntil && rule.validFrom > rule.validUntil)
      throw fieldError(`rules.${i}.validUntil`, 'validUntil must be on or after validFrom');
  });
  return fields;
}

async function dutyOf(
  hours: WalkInHoursService,
  repository: WalkInRepository,
  hour: WalkInHourEntity,
  counsellorId: string | undefined,
): Promise<DutyHourDto> {
  const { open, next } = await hours.now(hour);
  const sessions = open ? await repository.sessionsOf(hour.id, open.startsAt, open.endsAt) : [];
  const onDuty = sessions.length ? await repository.onDuty(sessions.map((s) => s.id)) : [];
  return {
    id: hour.id,
    name: hour.name,
    languages: hour.languages,
    channel: hour.channel,
    open: toOccurrence(open),
    next: toOccurrence(next),
    signedOn: counsellorId !== undefined && onDuty.some((d) => d.counsellorId === counsellorId),
    onDuty: onDuty.map((d) => ({
      counsellorId: d.counsellorId,
      displayName: d.displayName,
      languages: d.languages,
    })),
  };
}
