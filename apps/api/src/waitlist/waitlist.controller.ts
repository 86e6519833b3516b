import { Controller, Get, Headers, HttpCode, HttpStatus, Post, Body, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { BookingService } from '@app/appointments';
import { ErrorResponseDto } from '@app/common';
import type { OfficeEntity } from '@app/offices';
import { officeOf, type StaffPrincipal } from '@app/staff';
import { entryNotFound, WaitlistService } from '@app/waitlist';
import { toClientAppointment } from '../appointments/appointment.dto.js';
import { CurrentStaff, Public, RateLimit, Roles } from '../auth/auth.decorators.js';
import { linkToken } from '../auth/link-token.js';
import {
  AcceptedOfferDto,
  JoinedWaitlistDto,
  JoinWaitlistDto,
  toCount,
  toEntryDto,
  toStaffEntry,
  WaitlistEntryDto,
  WaitlistOverviewDto,
  WaitlistQueryDto,
} from './waitlist.dto.js';

/** The X-Waitlist-Token header; a missing or malformed one gets the same 404 as a wrong one. */
const entryToken = (header: string | string[] | undefined): string =>
  linkToken(header, entryNotFound);

const ENTRY_TOKEN_HEADER = {
  name: 'X-Waitlist-Token',
  required: true,
  description: 'The token from the entry link or an offer message (its URL fragment)',
};

/** Joining the waitlist, and what the holder of an entry link can do. */
@ApiTags('waitlist (public)')
@Public()
@Controller('api/public/waitlist')
export class PublicWaitlistController {
  constructor(
    private readonly waitlist: WaitlistService,
    private readonly booking: BookingService,
  ) {}

  @Post()
  @RateLimit('booking')
  @ApiOperation({
    summary: 'Join the waitlist of a consultation type for a range of days',
    description:
      'When a time frees up in these days (and language), it is held for the first client waiting and offered through their contact channel.',
  })
  @ApiCreatedResponse({ type: JoinedWaitlistDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown consultation type' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'too_many_waitlist_entries' })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'interpreter_language_unavailable',
  })
  async join(@Body() body: JoinWaitlistDto): Promise<JoinedWaitlistDto> {
    const { entry, token } = await this.waitlist.join({
      consultationTypeId: body.consultationTypeId,
      language: body.language,
      interpreterLanguage: body.interpreterLanguage,
      from: body.from,
      to: body.to,
      pseudonym: body.pseudonym,
      clientLanguage: body.clientLanguage,
      contact: body.contact,
    });
    return { entryToken: token, entry: toEntryDto({ entry, offer: null }) };
  }

  @Get('entry')
  @RateLimit('manage')
  @ApiOperation({ summary: 'The entry: status, days, and the time held while one is offered' })
  @ApiHeader(ENTRY_TOKEN_HEADER)
  @ApiOkResponse({ type: WaitlistEntryDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Headers('x-waitlist-token') header: string | undefined): Promise<WaitlistEntryDto> {
    return toEntryDto(await this.waitlist.view(entryToken(header)));
  }

  @Post('entry/cancel')
  @HttpCode(HttpStatus.OK)
  @RateLimit('manage')
  @ApiOperation({ summary: 'Leave the waitlist (a time held is freed for the next client)' })
  @ApiHeader(ENTRY_TOKEN_HEADER)
  @ApiOkResponse({ type: WaitlistEntryDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'waitlist_entry_ended' })
  async cancel(@Headers('x-waitlist-token') header: string | undefined): Promise<WaitlistEntryDto> {
    return toEntryDto(await this.waitlist.cancel(entryToken(header)));
  }

  @Post('entry/accept')
  @HttpCode(HttpStatus.OK)
  @RateLimit('booking')
  @ApiOperation({
    summary: 'Take the time offered: it becomes a booking with a manage link and confirmation',
  })
  @ApiHeader(ENTRY_TOKEN_HEADER)
  @ApiOkResponse({ type: AcceptedOfferDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description:
      'waitlist_no_offer, waitlist_offer_lapsed, waitlist_entry_ended, or too many appointments of this contact',
  })
  async accept(@Headers('x-waitlist-token') header: string | undefined): Promise<AcceptedOfferDto> {
    const { view, booking } = await this.waitlist.accept(entryToken(header));
    const appointment = booking.appointment;
    return {
      entry: toEntryDto(view),
      appointment: toClientAppointment(
        appointment,
        view.entry.office as OfficeEntity,
        this.booking.canChange(appointment),
        this.booking.canMessage(appointment),
      ),
      manageToken: booking.manageToken,
    };
  }

  @Post('entry/decline')
  @HttpCode(HttpStatus.OK)
  @RateLimit('manage')
  @ApiOperation({
    summary: 'Decline the time offered: it goes to the next client; the entry waits on',
  })
  @ApiHeader(ENTRY_TOKEN_HEADER)
  @ApiOkResponse({ type: WaitlistEntryDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'waitlist_no_offer' })
  async decline(
    @Headers('x-waitlist-token') header: string | undefined,
  ): Promise<WaitlistEntryDto> {
    return toEntryDto(await this.waitlist.decline(entryToken(header)));
  }
}

/** Admins see the office's waitlist: demand nobody could meet yet, without any client data. */
@ApiTags('waitlist (admin)')
@ApiBearerAuth()
@Roles('admin')
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto })
@Controller('api/admin/waitlist')
export class WaitlistAdminController {
  constructor(private readonly waitlist: WaitlistService) {}

  @Get()
  @ApiOperation({ summary: "The office's waitlist entries and their counts by type and language" })
  @ApiOkResponse({ type: WaitlistOverviewDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async list(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() { days }: WaitlistQueryDto,
  ): Promise<WaitlistOverviewDto> {
    const { entries, counts } = await this.waitlist.ofOffice(officeOf(staff), days ?? 90);
    return { entries: entries.map(toStaffEntry), counts: counts.map(toCount) };
  }
}
