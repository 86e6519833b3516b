import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DateTime } from 'luxon';
import { BookingService, PrivacyService, type ClientDataExport } from '@app/appointments';
import { ErrorResponseDto } from '@app/common';
import { AppConfig } from '@app/config';
import { renderClientCalendar } from '@app/notifications';
import { DocumentService } from '@app/documents';
import { Public, RateLimit } from '../auth/auth.decorators.js';
import { fieldError } from '@app/roster';
import {
  BookAppointmentDto,
  BookingResponseDto,
  ClientAppointmentDto,
  RescheduleDto,
  toClientAppointment,
} from './appointment.dto.js';
import { manageToken } from './manage-token.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;

const instant = (text: string) => DateTime.fromISO(text, { setZone: true }).toJSDate();

@ApiTags('public: booking')
@Public()
@ApiTooManyRequestsResponse({ type: ErrorResponseDto })
@Controller('api/public/appointments')
export class BookingController {
  constructor(private readonly booking: BookingService) {}

  @Post()
  @RateLimit('booking')
  @ApiOperation({
    summary: 'Book a slot',
    description:
      'Retrying with the same Idempotency-Key and body returns the same booking (with a fresh manage token), never a second one.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: '8–128 characters of A–Z, a–z, 0–9, - and _',
  })
  @ApiCreatedResponse({ type: BookingResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown consultation type' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'Taken meanwhile; nextFreeSlots lists alternatives',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'Not bookable: outside the roster, inside the notice period or past the horizon',
  })
  async book(
    @Body() body: BookAppointmentDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<BookingResponseDto> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw fieldError(
        'Idempotency-Key',
        'Idempotency-Key must be 8–128 characters of A–Z, a–z, 0–9, - and _',
      );
    }
    const result = await this.booking.book(
      {
        consultationTypeId: body.consultationTypeId,
        start: instant(body.start),
        counsellorId: body.counsellorId,
        counsellorLanguage: body.counsellorLanguage,
        pseudonym: body.pseudonym,
        language: body.language,
        timeZone: body.timeZone ?? 'Europe/Berlin',
        contact: { channel: body.contact.channel, value: body.contact.value },
        note: body.note,
        needsInterpreter: body.needsInterpreter,
      },
      idempotencyKey,
    );
    if (result.replayed) response.status(HttpStatus.OK);
    return {
      appointment: toClientAppointment(
        result.appointment,
        this.booking.canChange(result.appointment),
      ),
      manageToken: result.manageToken,
    };
  }
}

@ApiTags('public: manage link')
@Public()
@RateLimit('manage')
@ApiHeader({ name: 'X-Manage-Token', required: true, description: 'The token of the manage link' })
@ApiNotFoundResponse({
  type: ErrorResponseDto,
  description: 'Unknown token (the same answer as for a missing appointment)',
})
@ApiTooManyRequestsResponse({ type: ErrorResponseDto })
@Controller('api/public/manage')
export class ManageController {
  constructor(
    private readonly booking: BookingService,
    private readonly privacy: PrivacyService,
    private readonly documents: DocumentService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The appointment behind the manage link' })
  @ApiOkResponse({ type: ClientAppointmentDto })
  async view(@Headers('x-manage-token') token: string | undefined): Promise<ClientAppointmentDto> {
    const appointment = await this.booking.byToken(manageToken(token));
    return toClientAppointment(appointment, this.booking.canChange(appointment));
  }

  @Get('calendar.ics')
  @ApiOperation({
    summary: 'The appointment as a calendar file (iCalendar), to add it to a calendar',
    description:
      'The same event (UID, SEQUENCE) as the files in the mails. Its link points to the booking page, never to the manage link: calendars are synced to other services.',
  })
  @ApiOkResponse({ description: 'text/calendar, as a file' })
  async calendar(
    @Headers('x-manage-token') token: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const a = await this.booking.byToken(manageToken(token));
    response.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="appointment.ics"');
    response.setHeader('Cache-Control', 'no-store');
    return renderClientCalendar({
      kind: a.status === 'cancelled' ? 'cancelled' : 'confirmation',
      appointmentId: a.id,
      version: a.version,
      pseudonym: a.clientPseudonym ?? '',
      language: a.clientLanguage,
      timeZone: a.clientTimeZone,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      channel: a.consultationType?.channel ?? 'video',
      typeName: a.consultationType?.name ?? {},
      counsellorName: a.counsellor?.displayName ?? '',
      joinOpensMinutesBefore: a.consultationType?.joinOpensMinutesBefore ?? 15,
      link: this.config.publicUrl('/'),
      retentionDays: this.config.RETENTION_DAYS,
    });
  }

  @Post('reschedule')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Move to another slot: the new one is taken and the old freed at once, or nothing changes',
  })
  @ApiOkResponse({ type: ClientAppointmentDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'Past the cut-off, not active, or the new time is not bookable',
  })
  async reschedule(
    @Headers('x-manage-token') token: string | undefined,
    @Body() body: RescheduleDto,
  ): Promise<ClientAppointmentDto> {
    const moved = await this.booking.reschedule(
      manageToken(token),
      instant(body.start),
      body.counsellorId,
    );
    return toClientAppointment(moved, this.booking.canChange(moved));
  }

  @Post('cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel the appointment' })
  @ApiOkResponse({ type: ClientAppointmentDto })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'Past the cut-off, or not active',
  })
  async cancel(
    @Headers('x-manage-token') token: string | undefined,
  ): Promise<ClientAppointmentDto> {
    const cancelled = await this.booking.cancel(manageToken(token));
    return toClientAppointment(cancelled, false);
  }

  @Get('export')
  @ApiOperation({
    summary: 'Everything stored about the client of this appointment, as a JSON download',
    description:
      'The appointment with pseudonym, contact, note and preferences, when manage links were made, its history, the notifications sent and the video-call attendance.',
  })
  @ApiOkResponse({ description: 'application/json, as a file' })
  async export(
    @Headers('x-manage-token') token: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ClientDataExport & { documents: object[] }> {
    const data = await this.privacy.export(manageToken(token));
    const documents = (await this.documents.list(data.appointment.id)).map((d) => ({
      id: d.id,
      fileName: d.fileName,
      contentType: d.contentType,
      sizeBytes: d.sizeBytes,
      uploadedBy: d.uploadedBy,
      uploadedAt: d.createdAt.toISOString(),
    }));
    response.setHeader('Content-Disposition', 'attachment; filename="sprechstunde-my-data.json"');
    response.setHeader('Cache-Control', 'no-store');
    return { ...data, documents };
  }

  @Post('erase')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Erase the client’s data now',
    description:
      'A future appointment is cancelled first (whatever the online cut-off; the counsellor is told). Then pseudonym, contact, note, documents and all manage links are deleted: this link stops working. Anonymous statistics stay.',
  })
  @ApiOkResponse({ description: '{ "erased": true, "cancelled": boolean }' })
  async erase(
    @Headers('x-manage-token') token: string | undefined,
  ): Promise<{ erased: true; cancelled: boolean }> {
    const { appointmentId, cancelled } = await this.privacy.erase(manageToken(token));
    await this.documents.purgeErased(appointmentId);
    return { erased: true, cancelled };
  }
}
