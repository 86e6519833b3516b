import {
  Body,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  HttpException,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
  UnprocessableEntityException,
  type RawBodyRequest,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BookingService } from '@app/appointments';
import { ErrorResponseDto } from '@app/common';
import { AppConfig } from '@app/config';
import {
  MESSENGER_NAMES,
  MessengerService,
  WebhookRejected,
  type MessengerName,
  type MessengerTarget,
} from '@app/messengers';
import { SmsChannel } from '@app/notifications';
import { WalkInQueueService } from '@app/walk-in';
import { ManageLink, Public, RateLimit } from '../auth/auth.decorators.js';
import { manageToken } from '../appointments/manage-token.js';
import { TICKET_TOKEN_HEADER, ticketToken } from '../walk-in/walk-in-public.controller.js';
import {
  MessengerAvailabilityDto,
  MessengerBindingsDto,
  MessengerLinkDto,
  MessengerLinkRequestDto,
  SmsReplyDto,
} from './messengers.dto.js';

function messengerOf(name: string): MessengerName {
  if (!(MESSENGER_NAMES as readonly string[]).includes(name)) {
    throw new NotFoundException({ code: 'unknown_messenger', message: 'No such messenger' });
  }
  return name as MessengerName;
}

const notOffered = (): UnprocessableEntityException =>
  new UnprocessableEntityException({
    code: 'messenger_not_configured',
    message: 'This messenger is not offered by this server',
  });

/** Which messengers this server offers (the pages show a button for each). */
@ApiTags('public: messengers')
@Public()
@Controller('api/public/messengers')
export class MessengerAvailabilityController {
  constructor(private readonly messengers: MessengerService) {}

  @Get()
  @ApiOperation({ summary: 'The messengers clients can get their messages in' })
  @ApiOkResponse({ type: MessengerAvailabilityDto })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto })
  available(): MessengerAvailabilityDto {
    return { channels: this.messengers.enabled() };
  }
}

/** Opt-in from the manage page: a deep link with a one-time code, the chats bound, stopping one. */
@ApiTags('public: manage link')
@Public()
@RateLimit('manage')
@ManageLink()
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown token' })
@ApiTooManyRequestsResponse({ type: ErrorResponseDto })
@Controller('api/public/manage/messengers')
export class ManageMessengersController {
  constructor(
    private readonly messengers: MessengerService,
    private readonly booking: BookingService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The messenger chats that get this appointment’s messages' })
  @ApiOkResponse({ type: MessengerBindingsDto })
  async list(@Headers('x-manage-token') token: string | undefined): Promise<MessengerBindingsDto> {
    const appointment = await this.booking.byToken(manageToken(token));
    return bindingsDto(this.messengers, { appointmentId: appointment.id });
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'A link that opens the messenger’s chat with our bot, to get the messages there',
    description:
      'The link carries a one-time code (never the manage token), valid 30 minutes: the first message the bot receives with it binds that chat to this appointment.',
  })
  @ApiOkResponse({ type: MessengerLinkDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'messenger_not_configured, or the appointment is not active',
  })
  async link(
    @Headers('x-manage-token') token: string | undefined,
    @Body() body: MessengerLinkRequestDto,
  ): Promise<MessengerLinkDto> {
    const appointment = await this.booking.byToken(manageToken(token));
    if (!this.messengers.platform(body.channel)) throw notOffered();
    if (appointment.status !== 'confirmed') {
      throw new UnprocessableEntityException('This appointment is no longer active.');
    }
    const link = await this.messengers.createLink(
      body.channel,
      { appointmentId: appointment.id, officeId: appointment.officeId },
      appointment.clientLanguage,
    );
    return { url: link.url, expiresAt: link.expiresAt.toISOString() };
  }

  @Delete(':channel')
  @ApiOperation({ summary: 'Stop the messages in this messenger (the chat id is deleted)' })
  @ApiOkResponse({ type: MessengerBindingsDto })
  async unbind(
    @Headers('x-manage-token') token: string | undefined,
    @Param('channel') channel: string,
  ): Promise<MessengerBindingsDto> {
    const appointment = await this.booking.byToken(manageToken(token));
    await this.messengers.unbind({ appointmentId: appointment.id }, messengerOf(channel));
    return bindingsDto(this.messengers, { appointmentId: appointment.id });
  }
}

/** The same for a walk-in ticket, from its ticket page. */
@ApiTags('walk-in (public)')
@Public()
@RateLimit('manage')
@ApiHeader(TICKET_TOKEN_HEADER)
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown token' })
@ApiTooManyRequestsResponse({ type: ErrorResponseDto })
@Controller('api/public/walk-in/ticket/messengers')
export class TicketMessengersController {
  constructor(
    private readonly messengers: MessengerService,
    private readonly queue: WalkInQueueService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The messenger chats that get this ticket’s messages' })
  @ApiOkResponse({ type: MessengerBindingsDto })
  async list(@Headers('x-ticket-token') header: string | undefined): Promise<MessengerBindingsDto> {
    const ticket = await this.queue.byToken(ticketToken(header));
    return bindingsDto(this.messengers, { ticketId: ticket.id });
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'A link that opens the messenger’s chat with our bot, for "nearly your turn" and "your turn"',
  })
  @ApiOkResponse({ type: MessengerLinkDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'messenger_not_configured, or the ticket is not in the queue',
  })
  async link(
    @Headers('x-ticket-token') header: string | undefined,
    @Body() body: MessengerLinkRequestDto,
  ): Promise<MessengerLinkDto> {
    const ticket = await this.queue.byToken(ticketToken(header));
    if (!this.messengers.platform(body.channel)) throw notOffered();
    if (!['waiting', 'called'].includes(ticket.status)) {
      throw new UnprocessableEntityException({
        code: 'ticket_not_live',
        message: 'This ticket is not in the queue any more',
      });
    }
    const link = await this.messengers.createLink(
      body.channel,
      { ticketId: ticket.id, officeId: ticket.officeId },
      ticket.language,
    );
    return { url: link.url, expiresAt: link.expiresAt.toISOString() };
  }

  @Delete(':channel')
  @ApiOperation({ summary: 'Stop the messages in this messenger (the chat id is deleted)' })
  @ApiOkResponse({ type: MessengerBindingsDto })
  async unbind(
    @Headers('x-ticket-token') header: string | undefined,
    @Param('channel') channel: string,
  ): Promise<MessengerBindingsDto> {
    const ticket = await this.queue.byToken(ticketToken(header));
    await this.messengers.unbind({ ticketId: ticket.id }, messengerOf(channel));
    return bindingsDto(this.messengers, { ticketId: ticket.id });
  }
}

async function bindingsDto(
  messengers: MessengerService,
  target: MessengerTarget,
): Promise<MessengerBindingsDto> {
  const bindings = await messengers.bindingsOf(target);
  return {
    available: messengers.enabled(),
    bound: bindings.map((b) => b.channel),
  };
}

/**
 * The platforms' webhooks. Each call is authenticated the way its platform specifies (the adapter
 * checks it) before anything is read; a forged, unsigned or malformed call gets 401/400 and changes
 * nothing; a replayed one (an event id handled before) gets 200 and changes nothing. Rate-limited
 * per sending address (WEBHOOK_RATE_LIMIT_PER_MINUTE) instead of the clients' limits.
 */
@ApiTags('webhooks')
@Public()
@SkipThrottle({ default: true })
@RateLimit('webhook')
@ApiTooManyRequestsResponse({ type: ErrorResponseDto })
@Controller('api/webhooks')
export class MessengerWebhooksController {
  constructor(
    private readonly messengers: MessengerService,
    private readonly sms: SmsChannel,
    private readonly config: AppConfig,
  ) {}

  @Get('whatsapp')
  @ApiOperation({
    summary: 'WhatsApp’s subscription check: answers hub.challenge when hub.verify_token matches',
  })
  @ApiOkResponse({ content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  verify(@Query() query: Record<string, unknown>, @Res() response: Response): void {
    const challenge = this.messengers.platform('whatsapp')?.verifySubscription?.(query) ?? null;
    if (challenge === null) throw new ForbiddenException('Verification failed');
    response.type('text/plain').send(challenge);
  }

  @Post('sms')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'SMS replies from the gateway ({id, from, text}, signed with SMS_WEBHOOK_SECRET)',
    description:
      'X-Sms-Signature: sha256=<hex HMAC-SHA256 of the raw body>. "1" confirms, "2" cancels (under the manage page’s rules) or leaves the walk-in queue, "3" tells the counsellor the client is late; the answer goes back by SMS.',
  })
  @ApiOkResponse({ schema: { example: { handled: true } } })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async smsReply(
    @Req() request: RawBodyRequest<Request>,
    @Headers('x-sms-signature') signature: string | undefined,
    @Body() body: SmsReplyDto,
  ): Promise<{ handled: boolean }> {
    const secret = this.config.SMS_WEBHOOK_SECRET;
    if (!secret) throw new NotFoundException('SMS replies are not configured');
    const raw = request.rawBody ?? Buffer.alloc(0);
    const expected = Buffer.from(
      `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`,
    );
    const given = Buffer.from(signature ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new HttpException(
        { code: 'webhook_rejected', message: 'Missing or wrong signature' },
        HttpStatus.UNAUTHORIZED,
      );
    }
    const reply = await this.messengers.receiveSms(body.id, body.from, body.text);
    if (!reply) return { handled: false };
    await this.sms
      .send({
        key: `sms-reply.${body.id}`,
        to: reply.to,
        subject: '',
        text: reply.answer,
        html: '',
        short: reply.answer,
        direction: 'ltr',
        language: 'en',
        attachments: [],
      })
      .catch(() => undefined);
    return { handled: true };
  }

  @Post(':channel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Telegram, Viber and WhatsApp webhooks',
    description:
      'Telegram: X-Telegram-Bot-Api-Secret-Token; Viber: X-Viber-Content-Signature (HMAC-SHA256 of the body under the bot token); WhatsApp: X-Hub-Signature-256 (HMAC-SHA256 under the app secret).',
  })
  @ApiOkResponse({ schema: { example: { handled: 1, replayed: 0 } } })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed by the platform' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Not an event we can read' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Messenger not configured here' })
  async webhook(
    @Param('channel') channel: string,
    @Req() request: RawBodyRequest<Request>,
  ): Promise<{ handled: number; replayed: number }> {
    const name = messengerOf(channel);
    if (!this.messengers.platform(name)) throw new NotFoundException('Messenger not configured');
    try {
      return await this.messengers.receive(
        name,
        request.headers,
        request.rawBody ?? Buffer.alloc(0),
      );
    } catch (error) {
      if (error instanceof WebhookRejected) {
        throw new HttpException({ code: 'webhook_rejected', message: error.message }, error.status);
      }
      throw error;
    }
  }
}
