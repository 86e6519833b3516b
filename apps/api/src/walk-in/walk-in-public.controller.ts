import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { Clock, ErrorResponseDto, type KeyRing } from '@app/common';
import { AppConfig } from '@app/config';
import {
  interpreterLanguagesOf,
  ticketNotFound,
  ticketView,
  WalkInHoursService,
  WalkInInterpretersService,
  WalkInLive,
  WalkInQueueService,
  WalkInRepository,
  type WalkInHourEntity,
  type WalkInTicketEntity,
} from '@app/walk-in';
import { Public, RateLimit } from '../auth/auth.decorators.js';
import { linkToken } from '../auth/link-token.js';
import { streamEvents } from './event-stream.js';
import { issueStreamCredential, openStreamCredential } from './stream-credential.js';
import {
  CallJoinDto,
  PublicWalkInHourDto,
  StreamCredentialDto,
  StreamQueryDto,
  ticketFixedFields,
  TakeNumberDto,
  TakenTicketDto,
  TicketDto,
  toOccurrence,
  WalkInListQueryDto,
  toTicketDto,
} from './walk-in.dto.js';

/** The X-Ticket-Token header; a missing or malformed one gets the same 404 as a wrong one. */
export const ticketToken = (header: string | string[] | undefined): string =>
  linkToken(header, ticketNotFound);

export const TICKET_TOKEN_HEADER = {
  name: 'X-Ticket-Token',
  required: true,
  description: 'The ticket token from the ticket link (its URL fragment)',
};

/** Walk-in hours as clients find them, and taking a number. */
@ApiTags('walk-in (public)')
@Public()
@Controller('api/public/walk-in')
export class PublicWalkInController {
  constructor(
    private readonly hours: WalkInHoursService,
    private readonly queue: WalkInQueueService,
    private readonly repository: WalkInRepository,
    private readonly live: WalkInLive,
    private readonly clock: Clock,
    private readonly interpreters: WalkInInterpretersService,
  ) {}

  @Get()
  @RateLimit('search')
  @ApiOperation({
    summary: "Active offices' walk-in hours, open now or next (optionally of one office)",
  })
  @ApiOkResponse({ type: [PublicWalkInHourDto] })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async list(@Query() { office }: WalkInListQueryDto): Promise<PublicWalkInHourDto[]> {
    const hours = (await this.hours.listPublic()).filter(
      (hour) => office === undefined || hour.office?.slug === office,
    );
    return Promise.all(hours.map((hour) => this.publicHour(hour)));
  }

  @Get('hours/:id')
  @RateLimit('search')
  @ApiOperation({ summary: 'One walk-in hour (its direct link and QR code lead here)' })
  @ApiOkResponse({ type: PublicWalkInHourDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<PublicWalkInHourDto> {
    return this.publicHour(await this.hours.getPublic(id));
  }

  @Post('hours/:id/tickets')
  @RateLimit('booking')
  @ApiOperation({
    summary: 'Take a number',
    description:
      'Refused with 409 and the next session (plus the office slug for its booking page) when the hour is closed (walk_in_closed), the queue is full (walk_in_full), the wait would run past the end (walk_in_closing), or the contact already waits (already_in_queue). An interpreterLanguage that is not on duty now: 422 interpreter_language_unavailable.',
  })
  @ApiCreatedResponse({ type: TakenTicketDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'interpreter_language_unavailable',
  })
  async take(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: TakeNumberDto,
  ): Promise<TakenTicketDto> {
    const { ticket, token, hour } = await this.queue.takeNumber(id, {
      language: body.language,
      topic: body.topic,
      pseudonym: body.pseudonym.trim(),
      contact: body.contact,
      interpreterLanguage: body.interpreterLanguage,
    });
    return {
      ticketToken: token,
      ticket: await describeTicket(this.live, this.clock, ticket, hour),
    };
  }

  private async publicHour(hour: WalkInHourEntity): Promise<PublicWalkInHourDto> {
    const { open, next } = await this.hours.now(hour);
    let waiting = 0;
    if (open) {
      const sessions = await this.repository.sessionsOf(hour.id, open.startsAt, open.endsAt);
      const queue = sessions.length ? await this.repository.queue(sessions.map((s) => s.id)) : [];
      waiting = queue.filter((entry) => entry.status === 'waiting').length;
    }
    return {
      id: hour.id,
      officeSlug: hour.office?.slug ?? '',
      officeName: hour.office?.name ?? {},
      name: hour.name,
      description: hour.description,
      topics: hour.topics,
      languages: hour.languages,
      channel: hour.channel,
      open: toOccurrence(open),
      next: toOccurrence(next),
      waiting,
      interpreterLanguages: interpreterLanguagesOf(
        hour,
        await this.interpreters.onDutyFor(hour, open ?? next),
      ),
    };
  }
}

/** The ticket now, from a fresh read of its session (it may have just changed). */
async function describeTicket(
  live: WalkInLive,
  clock: Clock,
  ticket: WalkInTicketEntity,
  hour: WalkInHourEntity,
): Promise<TicketDto> {
  const state = await live.read(ticket.sessionId);
  return toTicketDto(ticketView(state, ticket, clock.now()), hour, ticket.language);
}

/** What the holder of a ticket link can do: see it, follow it live, leave, rejoin, answer the call. */
@ApiTags('walk-in (public)')
@Public()
@Controller('api/public/walk-in/ticket')
export class TicketController {
  private readonly keys: KeyRing;

  constructor(
    private readonly queue: WalkInQueueService,
    private readonly live: WalkInLive,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.keys = config.keyRing;
  }

  @Get()
  @RateLimit('manage')
  @ApiOperation({ summary: 'The ticket: place, estimate, status' })
  @ApiHeader(TICKET_TOKEN_HEADER)
  @ApiOkResponse({ type: TicketDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Headers('x-ticket-token') header: string | undefined): Promise<TicketDto> {
    const ticket = await this.queue.byToken(ticketToken(header));
    return this.describe(ticket);
  }

  @Post('leave')
  @HttpCode(HttpStatus.OK)
  @RateLimit('manage')
  @ApiOperation({ summary: 'Leave the queue' })
  @ApiHeader(TICKET_TOKEN_HEADER)
  @ApiOkResponse({ type: TicketDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ticket_not_live' })
  async leave(@Headers('x-ticket-token') header: string | undefined): Promise<TicketDto> {
    return this.describe(await this.queue.leave(ticketToken(header)));
  }

  @Post('rejoin')
  @HttpCode(HttpStatus.OK)
  @RateLimit('manage')
  @ApiOperation({ summary: 'After a missed call: back into the queue, at its end (once)' })
  @ApiHeader(TICKET_TOKEN_HEADER)
  @ApiOkResponse({ type: TicketDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'cannot_rejoin, walk_in_closed' })
  async rejoin(@Headers('x-ticket-token') header: string | undefined): Promise<TicketDto> {
    return this.describe(await this.queue.rejoin(ticketToken(header)));
  }

  @Post('join')
  @HttpCode(HttpStatus.OK)
  @RateLimit('manage')
  @ApiOperation({
    summary:
      "Answer the call: the counsellor's room (admitted at once), or for phone: wait for the call",
  })
  @ApiHeader(TICKET_TOKEN_HEADER)
  @ApiOkResponse({ type: CallJoinDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'not_called' })
  async join(@Headers('x-ticket-token') header: string | undefined): Promise<CallJoinDto> {
    return this.queue.clientJoin(ticketToken(header));
  }

  @Post('stream')
  @HttpCode(HttpStatus.OK)
  @RateLimit('manage')
  @ApiOperation({
    summary: 'A credential to open the ticket’s event stream (valid for two minutes)',
    description:
      'EventSource cannot send the token header; the token itself never goes into a URL.',
  })
  @ApiHeader(TICKET_TOKEN_HEADER)
  @ApiOkResponse({ type: StreamCredentialDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async stream(
    @Headers('x-ticket-token') header: string | undefined,
  ): Promise<StreamCredentialDto> {
    const ticket = await this.queue.byToken(ticketToken(header));
    const { credential, expiresAt } = issueStreamCredential(this.keys, ticket.id, this.clock.now());
    return { credential, expiresAt: expiresAt.toISOString() };
  }

  @Get('events')
  @SkipThrottle()
  @RateLimit('stream')
  @ApiOperation({
    summary:
      'Server-sent events: the ticket now and on every change of its place, estimate or status, until it leaves the queue',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ type: TicketDto, description: 'Events named "ticket", each a TicketDto' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'stream_credential_invalid' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async events(
    @Query() query: StreamQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    // Refusals (a bad credential, a vanished ticket) are thrown before the stream starts: JSON errors.
    const ticketId = openStreamCredential(this.keys, query.credential, this.clock.now());
    const ticket = await this.queue.ticketById(ticketId);
    if (!ticket)
      throw new NotFoundException({ code: 'ticket_not_found', message: 'Ticket not found' });
    const hour = await this.queue.hourOfSession(ticket.sessionId);
    // The fields that do not change are serialised once; each event joins them to its view:
    // {"label":…,"status":…} + {"hourId":…} → {"label":…,"status":…,"hourId":…}, a TicketDto.
    const fixed = JSON.stringify(ticketFixedFields(hour, ticket.language));
    streamEvents(request, response, this.live.ticket(ticket), (view) => ({
      type: 'ticket',
      data: `${JSON.stringify(view).slice(0, -1)},${fixed.slice(1)}`,
    }));
  }

  private async describe(ticket: WalkInTicketEntity): Promise<TicketDto> {
    const hour = await this.queue.hourOfSession(ticket.sessionId);
    return describeTicket(this.live, this.clock, ticket, hour);
  }
}
