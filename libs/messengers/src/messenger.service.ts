import { Inject, Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { randomInt } from 'node:crypto';
import type { CountryCode } from 'libphonenumber-js';
import { BookingService, normalizeContact, type AppointmentEntity } from '@app/appointments';
import { ChangeFeed } from '@app/change-feed';
import { Clock, hashToken } from '@app/common';
import { AppConfig } from '@app/config';
import { localize } from '@app/roster';
import { ticketLabel, WalkInQueueService } from '@app/walk-in';
import {
  MessengerRepository,
  type AppointmentState,
  type Binding,
  type MessengerTarget,
} from './messenger.repository.js';
import {
  MESSENGER_LABELS,
  messengerLanguage,
  messengerTexts,
  type MessengerTexts,
} from './messenger-texts.js';
import {
  MESSENGER_PLATFORMS,
  type InboundEvent,
  type MessengerMessage,
  type MessengerName,
  type MessengerPlatform,
  type ReplyButton,
} from './platforms/platform.js';

/** How long an opt-in code works: long enough to install the app, short enough to be worthless when leaked. */
export const LINK_CODE_MINUTES = 30;
/** Live codes per appointment or ticket: older ones are dropped when a new one is made. */
const CODES_PER_TARGET = 5;
/** At most one automatic answer to free text per chat and pause: nothing to loop on. */
const AUTO_REPLY_PAUSE_MS = 10 * 60_000;
/** Handled event ids are kept this long: longer than any platform retries a webhook (WhatsApp: 7 days). */
export const INBOUND_KEEP_DAYS = 8;

/** SP + 16 base32 letters: 80 random bits, valid in every platform's deep link and easy to find in a text. */
const CODE = /\bSP([A-Z2-7]{16})\b/;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export type ReplyAction = 'confirm' | 'cancel' | 'late' | 'leave';
/** The keywords of SMS and typed replies: 1, 2, 3 (also in Arabic-Indic and Persian digits). */
const KEYWORDS: Record<string, ReplyAction> = { '1': 'confirm', '2': 'cancel', '3': 'late' };
/** action.binding[.version]: the version of the appointment the message was about. */
const BUTTON = /^(confirm|cancel|late|leave)\.([0-9a-f-]{36})(?:\.(\d{1,9}))?$/;
/** One automatic answer (to a stranger, a used-up code, free text by SMS) per chat and this pause. */
const ANSWER_PAUSE_MS = 10 * 60_000;

/**
 * The topic the staff consoles of an office watch: a client's answer or cancellation by messenger
 * changed one of its appointments (they read their list again).
 */
export function officeAppointmentsTopic(officeId: string): string {
  return `office-appointments:${officeId}`;
}

/**
 * A button's data: the action, the binding it acts on and, for an appointment, the version the
 * message was about (at most 53 characters; Telegram allows 64): a button under an older message
 * does not act on a moved appointment.
 */
export function buttonData(action: ReplyAction, bindingId: string, version?: number): string {
  return version === undefined ? `${action}.${bindingId}` : `${action}.${bindingId}.${version}`;
}

/** The reply buttons under a message about an appointment or ticket, in the client's language. */
export function replyButtons(
  target: 'appointment' | 'ticket',
  bindingId: string,
  language: string,
  version?: number,
): ReplyButton[] {
  const labels = messengerTexts(language).buttons;
  const actions: ReplyAction[] = target === 'ticket' ? ['leave'] : ['confirm', 'cancel', 'late'];
  return actions.map((action) => ({
    data: buttonData(action, bindingId, version),
    label: labels[action],
  }));
}

/** "1", "٢", "۳ " → the action; anything else → null. */
export function keywordAction(text: string): ReplyAction | null {
  const digits = text
    .trim()
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
  return KEYWORDS[digits] ?? null;
}

/** SP and 16 random letters of BASE32. */
function newCode(): string {
  return `SP${Array.from({ length: 16 }, () => BASE32[randomInt(BASE32.length)]).join('')}`;
}

/**
 * The messenger channels without the platforms' details: one-time opt-in codes, the chats bound to
 * appointments and walk-in tickets, and what a client's reply does (confirm, cancel under the
 * manage page's rules, "running late", leave the queue). Free text is never stored: it gets a
 * polite automatic answer pointing to the appointment page. Every inbound event is handled at most
 * once (its platform id is recorded first), so a replayed webhook changes nothing.
 */
@Injectable()
export class MessengerService {
  private readonly logger = new Logger(MessengerService.name);
  private readonly platforms: Map<MessengerName, MessengerPlatform>;

  constructor(
    private readonly repository: MessengerRepository,
    @Inject(MESSENGER_PLATFORMS) platforms: MessengerPlatform[],
    private readonly booking: BookingService,
    private readonly walkIn: WalkInQueueService,
    private readonly feed: ChangeFeed,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.platforms = new Map(platforms.map((platform) => [platform.name, platform]));
  }

  /** The messengers configured here, in a stable order: the pages offer these. */
  enabled(): MessengerName[] {
    return [...this.platforms.values()].filter((p) => p.enabled).map((p) => p.name);
  }

  platform(name: MessengerName): MessengerPlatform | undefined {
    const platform = this.platforms.get(name);
    return platform?.enabled ? platform : undefined;
  }

  /**
   * A deep link that opens the bot with a new one-time code for this appointment or ticket. The
   * code is stored hashed; at most CODES_PER_TARGET live ones per target (the oldest go).
   */
  async createLink(
    channel: MessengerName,
    target: MessengerTarget & { officeId: string },
    language: string,
  ): Promise<{ url: string; expiresAt: Date }> {
    const platform = this.platform(channel);
    if (!platform) throw new Error(`Messenger ${channel} is not configured`);
    const code = newCode();
    const expiresAt = new Date(this.clock.now().getTime() + LINK_CODE_MINUTES * 60_000);
    await this.repository.insertLink(
      hashToken(code),
      channel,
      {
        officeId: target.officeId,
        appointmentId: 'appointmentId' in target ? target.appointmentId : null,
        ticketId: 'ticketId' in target ? target.ticketId : null,
      },
      expiresAt,
      CODES_PER_TARGET,
    );
    return { url: platform.deepLink(code, language), expiresAt };
  }

  /** The chats bound to an appointment or ticket. */
  bindingsOf(target: MessengerTarget): Promise<Binding[]> {
    return this.repository.bindingsOf(target);
  }

  async bindingOf(target: MessengerTarget, channel: MessengerName): Promise<Binding | null> {
    return (await this.bindingsOf(target)).find((b) => b.channel === channel) ?? null;
  }

  /** Stops a messenger for an appointment or ticket (the client's choice on its page). */
  unbind(target: MessengerTarget, channel: MessengerName): Promise<boolean> {
    return this.repository.unbind(target, channel);
  }

  /**
   * Authenticates a webhook call (the platform adapter throws WebhookRejected otherwise) and handles
   * its events, each at most once.
   */
  async receive(
    channel: MessengerName,
    headers: Record<string, string | string[] | undefined>,
    rawBody: Buffer,
  ): Promise<{ handled: number; replayed: number }> {
    const platform = this.platform(channel);
    if (!platform) return { handled: 0, replayed: 0 };
    const events = platform.receive(headers, rawBody);
    let handled = 0;
    let replayed = 0;
    // Wall-clock time, not the business clock: platforms stamp events with it, and the replay
    // guard's records carry the database's own time.
    const oldest = Date.now() - (INBOUND_KEEP_DAYS - 1) * 86_400_000;
    for (const event of events) {
      // Older than the replay guard remembers (a captured call sent again): refused.
      const stale = event.sentAt !== undefined && event.sentAt.getTime() < oldest;
      if (stale || !(await this.repository.firstTime(channel, event.eventId))) {
        replayed += 1;
        continue;
      }
      handled += 1;
      try {
        await this.handle(platform, event);
      } catch (error) {
        // Not done: forgotten, so that the platform's retry of this call is handled.
        await this.repository.forget(channel, event.eventId);
        this.logger.warn(
          { channel, kind: event.kind, error: error instanceof Error ? error.name : 'error' },
          'messenger event not handled',
        );
        throw error;
      }
    }
    return { handled, replayed };
  }

  /**
   * A keyword reply by SMS from this number: acts on the client's next live appointment (or waiting
   * ticket) with that phone contact. Returns the answer to send back, or null for a replay or a
   * number we do not know.
   */
  async receiveSms(
    eventId: string,
    from: string,
    text: string,
  ): Promise<{ answer: string; to: string } | null> {
    if (!(await this.repository.firstTime('sms', eventId))) return null;
    // Contacts are stored in E.164; gateways send international or national numbers.
    const phone = normalizeContact('phone', from, this.config.OFFICE_COUNTRY as CountryCode);
    if (!phone) return null;
    const action = keywordAction(text);
    // Free text gets one answer per pause (two auto-responders must not talk forever).
    if (!action && !(await this.mayAnswer('sms', phone))) return null;
    // A ticket in a queue is today's business: its "nearly your turn" was the last message.
    const ticket = await this.repository.ticketByPhone(phone);
    if (ticket) {
      const t = messengerTexts(ticket.language);
      const answer =
        action === 'cancel' ? await this.actOnTicket('leave', ticket.id, t) : t.ticketHint;
      return { answer, to: phone };
    }
    const appointment = await this.repository.appointmentByPhone(phone, this.clock.now());
    if (!appointment) return null;
    const t = messengerTexts(appointment.language);
    const answer =
      action && action !== 'leave'
        ? await this.actOnAppointment(action, appointment.id, t)
        : fill(t.unknown, { link: await this.manageLink(appointment.id) });
    return { answer, to: phone };
  }

  /**
   * Tells the staff consoles of the offices of these appointments that they changed (booked,
   * moved, cancelled anywhere): they read their lists again. A domain-event listener.
   */
  async announceChanges(appointmentIds: string[]): Promise<void> {
    const offices = await this.repository.officesOf([...new Set(appointmentIds)]);
    await this.feed.publish(...offices.map(officeAppointmentsTopic));
  }

  /** Deletes handled event ids older than INBOUND_KEEP_DAYS and expired codes; returns how many. */
  purge(): Promise<number> {
    return this.repository.purge(INBOUND_KEEP_DAYS, this.clock.now());
  }

  /** The chat got a notification about this binding's appointment or ticket (keywords answer it). */
  noteNotified(bindingId: string): Promise<void> {
    return this.repository.noteNotified(bindingId, this.clock.now());
  }

  /** Whether an automatic answer may go to this chat now: one per ANSWER_PAUSE_MS. */
  private mayAnswer(channel: string, chatId: string): Promise<boolean> {
    const bucket = Math.floor(this.clock.now().getTime() / ANSWER_PAUSE_MS);
    return this.repository.firstTime(channel, `answer:${chatId}:${bucket}`);
  }

  private async handle(platform: MessengerPlatform, event: InboundEvent): Promise<void> {
    if (event.kind === 'button' && platform.acknowledge) {
      await platform.acknowledge(event).catch(() => undefined);
    }
    const code = event.kind === 'button' ? null : CODE.exec(event.text);
    if (code) return this.bind(platform, event, code[0]);
    const bindings = await this.repository.bindingsOfChat(platform.name, event.chatId);
    const fallback = messengerLanguage(bindings[0]?.language ?? event.locale);
    const pressed = event.kind === 'button' ? BUTTON.exec(event.text) : null;
    const binding = pressed
      ? bindings.find((b) => b.id === pressed[2])
      : await this.current(platform.name, event.chatId, bindings);
    if (!binding && (pressed || bindings.length === 0)) {
      // Not bound (any more): a pointer to the pages, once per pause.
      if (await this.mayAnswer(platform.name, event.chatId))
        await this.say(platform, event, fallback, messengerTexts(fallback).stranger);
      return;
    }
    if (pressed && binding) {
      const version = pressed[3] === undefined ? undefined : Number(pressed[3]);
      return this.act(platform, event, binding, pressed[1] as ReplyAction, version);
    }
    const action = keywordAction(event.text);
    if (action && binding) {
      return this.act(
        platform,
        event,
        binding,
        binding.ticketId && action === 'cancel' ? 'leave' : action,
      );
    }
    // Free text: never stored; one polite answer per pause, pointing to the appointment page.
    const target = binding ?? bindings[0];
    const now = this.clock.now();
    const since = new Date(now.getTime() - AUTO_REPLY_PAUSE_MS);
    if (!(await this.repository.claimAutoReply(target.id, now, since))) return;
    const t = messengerTexts(target.language);
    const text = target.appointmentId
      ? fill(t.unknown, { link: await this.manageLink(target.appointmentId) })
      : t.ticketHint;
    return this.say(platform, event, target.language, text);
  }

  /** Binds the chat to the code's appointment or ticket: once, while the code is valid. */
  private async bind(
    platform: MessengerPlatform,
    event: InboundEvent,
    code: string,
  ): Promise<void> {
    const link = await this.repository.consumeLink(
      hashToken(code),
      platform.name,
      this.clock.now(),
    );
    const fallback = messengerLanguage(event.locale);
    if (!link) {
      if (!(await this.mayAnswer(platform.name, event.chatId))) return;
      return this.say(
        platform,
        event,
        fallback,
        fill(messengerTexts(fallback).codeInvalid, { channel: MESSENGER_LABELS[platform.name] }),
      );
    }
    if (link.appointmentId) {
      const appointment = await this.repository.appointmentState(link.appointmentId);
      if (!appointment || appointment.status !== 'confirmed') {
        return this.say(platform, event, fallback, messengerTexts(fallback).notLive);
      }
      const language = messengerLanguage(appointment.language);
      await this.repository.upsertBinding(platform.name, event.chatId, link, language);
      return this.say(
        platform,
        event,
        language,
        fill(messengerTexts(language).bound, {
          office: localize(appointment.officeName, language),
          link: await this.manageLink(appointment.id),
        }),
      );
    }
    const ticket = link.ticketId ? await this.walkIn.ticketById(link.ticketId) : null;
    if (!ticket || ticket.personalDataErasedAt || !['waiting', 'called'].includes(ticket.status)) {
      return this.say(platform, event, fallback, messengerTexts(fallback).notLive);
    }
    const language = messengerLanguage(ticket.language);
    await this.repository.upsertBinding(platform.name, event.chatId, link, language);
    const hour = await this.walkIn.hourOfSession(ticket.sessionId);
    return this.say(
      platform,
      event,
      language,
      fill(messengerTexts(language).boundTicket, {
        label: ticketLabel(hour.prefix, ticket.number),
      }),
    );
  }

  /**
   * The binding a keyword acts on: of the chat's live appointments and tickets in a queue, the one
   * it heard of last (bound or notified), so that "2" under "nearly your turn" leaves the queue
   * and does not cancel next week's appointment; null when none is live.
   */
  private async current(
    channel: MessengerName,
    chatId: string,
    bindings: Binding[],
  ): Promise<Binding | null> {
    const id = await this.repository.latestLiveBinding(channel, chatId, this.clock.now());
    return bindings.find((b) => b.id === id) ?? null;
  }

  private async act(
    platform: MessengerPlatform,
    event: InboundEvent,
    binding: Binding,
    action: ReplyAction,
    version?: number,
  ): Promise<void> {
    const t = messengerTexts(binding.language);
    const answer = binding.appointmentId
      ? await this.actOnAppointment(
          action === 'leave' ? 'cancel' : action,
          binding.appointmentId,
          t,
          version,
        )
      : await this.actOnTicket(action, binding.ticketId as string, t);
    return this.say(platform, event, binding.language, answer);
  }

  /** What a reply does to an appointment; returns the answer in the client's language. */
  private async actOnAppointment(
    action: Exclude<ReplyAction, 'leave'>,
    appointmentId: string,
    t: MessengerTexts,
    version?: number,
  ): Promise<string> {
    const appointment = await this.repository.appointmentState(appointmentId);
    if (!appointment || appointment.status !== 'confirmed') return t.notLive;
    // A button under a message about an earlier time: nothing done, the page instead.
    if (version !== undefined && version !== appointment.version) {
      return fill(t.outdated, { link: await this.manageLink(appointmentId) });
    }
    if (action === 'cancel') {
      let cancelled: AppointmentEntity;
      try {
        const current = await this.booking.reload(appointmentId);
        if (!this.booking.canChange(current)) {
          return fill(t.tooLate, { link: await this.manageLink(appointmentId) });
        }
        cancelled = await this.booking.cancelByClient(appointmentId);
      } catch {
        // Changed meanwhile (cancelled by staff, moved past the cut-off): as the manage page says.
        return t.notLive;
      }
      await this.feed.publish(officeAppointmentsTopic(cancelled.officeId));
      return fill(t.cancelled, { when: this.when(appointment) });
    }
    const officeId = await this.repository.setClientResponse(
      appointmentId,
      action === 'confirm' ? 'confirmed' : 'late',
      this.clock.now(),
    );
    if (!officeId) return t.notLive;
    await this.feed.publish(officeAppointmentsTopic(officeId));
    return action === 'confirm' ? t.confirmed : t.late;
  }

  private async actOnTicket(
    action: ReplyAction,
    ticketId: string,
    t: MessengerTexts,
  ): Promise<string> {
    // A ticket has no "I will come": the queue itself says when; only leaving is an action.
    if (action !== 'leave') return t.ticketHint;
    const left = await this.walkIn.leaveById(ticketId);
    return left ? t.left : t.notLive;
  }

  private when(appointment: AppointmentState): string {
    return DateTime.fromJSDate(new Date(appointment.startsAt), { zone: appointment.timeZone })
      .setLocale(messengerLanguage(appointment.language))
      .toLocaleString({
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
      });
  }

  /** A fresh manage link (its own token, in the fragment); the start page when none can be made. */
  private async manageLink(appointmentId: string): Promise<string> {
    const token = await this.booking.issueManageToken(appointmentId);
    return token ? this.config.publicUrl(`/manage#token=${token}`) : this.config.publicUrl('/');
  }

  /** An answer in the chat: it follows the client's own message, so no template is needed. */
  private async say(
    platform: MessengerPlatform,
    event: InboundEvent,
    language: string,
    text: string,
  ): Promise<void> {
    const message: MessengerMessage = {
      key: `reply.${platform.name}.${event.eventId}`,
      chatId: event.chatId,
      text,
      language: messengerLanguage(language),
      direction: messengerTexts(language).direction,
      buttons: [],
    };
    await platform
      .send(message)
      .catch((error: unknown) =>
        this.logger.warn(
          { channel: platform.name, error: error instanceof Error ? error.name : 'error' },
          'messenger answer not sent',
        ),
      );
  }
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}
