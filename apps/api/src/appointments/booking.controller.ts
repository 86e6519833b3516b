import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { BookingService, type AppointmentEntity } from '@app/appointments';
import { PrivacyService, type ClientDataExport } from '@app/privacy';
import { ErrorResponseDto } from '@app/common';
import { AppConfig } from '@app/config';
import {
  CALENDAR_CONTENT_TYPE,
  officeContact,
  renderClientCalendar,
  senderAddress,
} from '@app/notifications';
import { officePath, officePrivacyPath, OfficeService, type OfficeEntity } from '@app/offices';
import { ManageLink, Public, RateLimit } from '../auth/auth.decorators.js';
import { SlotSearchResponseDto } from '../roster/roster.dto.js';
import { searchBound, toSlotSearchResponse } from '../roster/slot-search.js';
import {
  BookAppointmentDto,
  BookingResponseDto,
  ClientAppointmentDto,
  ClientInterpreterDto,
  ManageSlotQueryDto,
  RescheduleDto,
  toClientAppointment,
} from './appointment.dto.js';
import { bookingRequestOf, checkIdempotencyKey, instant } from './booking-request.js';
import { manageToken } from './manage-token.js';

/**
 * The appointment's office: joined when the appointment was read by its token, else read (a new
 * or moved appointment comes back without it).
 */
function officeOf(offices: OfficeService, a: AppointmentEntity): Promise<OfficeEntity> {
  return a.office ? Promise.resolve(a.office) : offices.getOrThrow(a.officeId);
}

@ApiTags('public: booking')
@Public()
@ApiTooManyRequestsResponse({ type: ErrorResponseDto })
@Controller('api/public/appointments')
export class BookingController {
  constructor(
    private readonly booking: BookingService,
    private readonly offices: OfficeService,
  ) {}

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
    checkIdempotencyKey(idempotencyKey);
    const result = await this.booking.book(bookingRequestOf(body), idempotencyKey);
    if (result.replayed) response.status(HttpStatus.OK);
    return {
      appointment: toClientAppointment(
        result.appointment,
        await officeOf(this.offices, result.appointment),
        this.booking.canChange(result.appointment),
        this.booking.canMessage(result.appointment),
      ),
      manageToken: result.manageToken,
    };
  }
}

@ApiTags('public: manage link')
@Public()
@RateLimit('manage')
@ManageLink()
@ApiNotFoundResponse({
  type: ErrorResponseDto,
  description: 'Unknown token (the same answer as for a missing appointment)',
})
@ApiTooManyRequestsResponse({ type: ErrorResponseDto })
@ApiExtraModels(ClientInterpreterDto)
@Controller('api/public/manage')
export class ManageController {
  constructor(
    private readonly booking: BookingService,
    private readonly privacy: PrivacyService,
    private readonly offices: OfficeService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The appointment behind the manage link' })
  @ApiOkResponse({ type: ClientAppointmentDto })
  async view(@Headers('x-manage-token') token: string | undefined): Promise<ClientAppointmentDto> {
    const appointment = await this.booking.byToken(manageToken(token));
    return toClientAppointment(
      appointment,
      await officeOf(this.offices, appointment),
      this.booking.canChange(appointment),
      this.booking.canMessage(appointment),
    );
  }

  @Get('calendar.ics')
  @ApiOperation({
    summary: 'The appointment as a calendar file (iCalendar), to add it to a calendar',
    description:
      'The same event (UID, SEQUENCE) as the files in the mails. Its link points to the booking page, never to the manage link: calendars are synced to other services.',
  })
  @ApiOkResponse({
    description: 'An iCalendar file (METHOD:PUBLISH), as a download',
    content: { 'text/calendar': { schema: { type: 'string' } } },
  })
  async calendar(
    @Headers('x-manage-token') token: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const a = await this.booking.byToken(manageToken(token));
    const office = await officeOf(this.offices, a);
    response.setHeader('Content-Type', CALENDAR_CONTENT_TYPE);
    response.setHeader('Content-Disposition', 'attachment; filename="appointment.ics"');
    response.setHeader('Cache-Control', 'no-store');
    return renderClientCalendar({
      cancelled: a.status === 'cancelled',
      appointmentId: a.id,
      version: a.version,
      language: a.clientLanguage,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      typeName: a.consultationType?.name ?? {},
      bookingPage: this.config.publicUrl(officePath(office.slug)),
      office: {
        name: office.name,
        contact: officeContact(office.contactEmail, office.contactPhone),
        privacyNotice: this.config.publicUrl(officePrivacyPath(office.slug)),
      },
      senderEmail: senderAddress(this.config.MAIL_FROM),
    });
  }

  @Get('slots')
  @RateLimit('search')
  @ApiOperation({
    summary: 'Free times to move this appointment to (at most 31 days), in the requested time zone',
    description:
      'Without a time zone, in the office’s. As the reschedule judges them: the appointment’s type, only counsellors who speak the conversation language asked for at booking, only times when an interpreter for the appointment’s interpreter language is free too (when it has one), and the appointment’s own time counted as free (a move may overlap it).',
  })
  @ApiOkResponse({ type: SlotSearchResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'Past the cut-off, or not active: it cannot be moved online',
  })
  async slots(
    @Headers('x-manage-token') token: string | undefined,
    @Query() query: ManageSlotQueryDto,
  ): Promise<SlotSearchResponseDto> {
    const zone =
      query.timeZone ??
      (await officeOf(this.offices, await this.booking.byToken(manageToken(token)))).timeZone;
    const result = await this.booking.rescheduleOptions(manageToken(token), {
      from: searchBound(query.from, zone, 'start'),
      to: searchBound(query.to, zone, 'end'),
      counsellorId: query.counsellorId,
      interpreterLanguage: query.interpreterLanguage,
    });
    return toSlotSearchResponse(result, zone);
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
    return toClientAppointment(
      moved,
      await officeOf(this.offices, moved),
      this.booking.canChange(moved),
      this.booking.canMessage(moved),
    );
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
    return toClientAppointment(
      cancelled,
      await officeOf(this.offices, cancelled),
      false,
      this.booking.canMessage(cancelled),
    );
  }

  @Get('export')
  @ApiOperation({
    summary: 'Everything stored about the client of this appointment, as a JSON download',
    description:
      'The office responsible for the data (controller, data-protection contact, retention period, privacy notice), the appointment with pseudonym, contact, note and preferences, when manage links were made, its history, the notifications sent and the video-call attendance.',
  })
  @ApiOkResponse({
    description: 'A JSON file, as a download',
    content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } },
  })
  async export(
    @Headers('x-manage-token') token: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ClientDataExport> {
    const data = await this.privacy.export(manageToken(token));
    response.setHeader('Content-Disposition', 'attachment; filename="sprechstunde-my-data.json"');
    response.setHeader('Cache-Control', 'no-store');
    return data;
  }

  @Post('erase')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Erase the client’s data now',
    description:
      'A future appointment is cancelled first (whatever the online cut-off; the counsellor is told). Then pseudonym, contact, note, documents and all manage links are deleted: this link stops working. Anonymous statistics stay.',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['erased', 'cancelled'],
      properties: {
        erased: { type: 'boolean', enum: [true] },
        cancelled: { type: 'boolean', description: 'A future appointment was cancelled first' },
      },
    },
  })
  async erase(
    @Headers('x-manage-token') token: string | undefined,
  ): Promise<{ erased: true; cancelled: boolean }> {
    const { cancelled } = await this.privacy.erase(manageToken(token));
    return { erased: true, cancelled };
  }
}
