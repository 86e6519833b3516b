import { Inject, Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { setTimeout as sleep } from 'node:timers/promises';
import { Clock, generateToken, hashToken } from '@app/common';
import { AppConfig } from '@app/config';
import { officePath, officePrivacyPath } from '@app/offices';
import {
  MessengerService,
  messengerTexts,
  replyButtons,
  type Binding,
  type MessengerName,
} from '@app/messengers';
import { SurveyRepository, linkExpiry } from '@app/survey';
import { WaitlistService } from '@app/waitlist';
import { SOON_PLACES, ticketView, WalkInLive, WalkInQueueService } from '@app/walk-in';
import type { NotificationKind, NotificationPayload } from '@app/queue';
import { officeContact, senderAddress, type OfficeNotice } from './calendar.js';
import { renderWaitlistOffer } from './waitlist-offer.js';
import { renderSurveyNotice, surveyLink, surveyMessageLine } from './survey-notice.js';
import { SurveyNoticeRepository } from './survey-notice.repository.js';
import { renderWalkInNotice, walkInMessageLine } from './walk-in-notice.js';
import { newMessageLine, renderNewMessageNotice } from './new-message-notice.js';
import { outsideNight } from './conversation-notices.js';
import { isMessengerKind, REPLIES_OF, renderMessengerNotice } from './messenger-message.js';
import { MessengerChannel } from './channels/messenger.channel.js';
import {
  NOTIFICATION_CHANNELS,
  PermanentDeliveryError,
  RetryLaterError,
  type DeliveryReceipt,
  type NotificationChannel,
  type OutgoingMessage,
} from './channels/channel.js';
import {
  NotificationRepository,
  type AppointmentView,
  type ClaimedNotification,
  type ClaimWith,
  type NewNotification,
} from './notification.repository.js';
import { InterpreterNoticeRepository } from './interpreter-notice.repository.js';
import { interpreterNoticeKey, interpreterStaleness } from './interpreter-notices.js';
import {
  clientMessageLine,
  renderAgenda,
  renderClientMessage,
  renderCounsellorNotice,
  renderInterpreterNotice,
  interpreterMailLanguage,
  renderMessagesDigest,
  type ClientKind,
  type CounsellorNoticeKind,
  type RenderedMessage,
} from './renderer.js';

export type SendOutcome =
  | { outcome: 'sent'; notificationId: string; channel: string }
  | { outcome: 'duplicate'; notificationId: string }
  /** Another job is sending the same notification right now: look again later. */
  | { outcome: 'busy'; notificationId: string }
  | { outcome: 'skipped'; reason: string }
  /** Due at night in the client's zone (a late job): to be sent at `until` instead, under its window. */
  | { outcome: 'deferred'; until: Date };

export interface SendAttempt {
  /** A failure now is final (status failed, visible to admins). */
  lastAttempt: boolean;
  /** Who sends: the job's id. The same job may take over its own claim after a crash. */
  claimant: string;
  /**
   * An earlier attempt of this job handed the message to its provider but could not record that
   * (see UnrecordedDeliveryError): this attempt only records it, it does not send again.
   */
  delivered?: boolean;
}

/**
 * The provider accepted the message, but the notification log could not be told so, even after
 * RECORD_RETRY_MS. The caller must remember the delivery outside the database (the job does, in
 * the queue) and retry the recording only.
 */
export class UnrecordedDeliveryError extends Error {
  constructor(
    readonly notificationId: string,
    cause: string,
  ) {
    super(`Delivered, but not recorded: ${cause}`);
    this.name = 'UnrecordedDeliveryError';
  }
}

/** Longer than any send may take (SMTP socket timeout 60 s, SMS 10 s): then a dead sender's claim lapses. */
const CLAIM_SECONDS = 120;

/**
 * Pauses between tries to record an accepted message (about 46 s in all: a database failover or
 * restart). Retrying the record instead of the send is what keeps an outage from sending twice; the
 * sum stays well below CLAIM_SECONDS, so no other job takes the message over meanwhile.
 */
const RECORD_RETRY_MS = [250, 500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000];

type AppointmentPayload = Exclude<
  NotificationPayload,
  | { kind: 'counsellor-agenda' | 'new-message' | 'counsellor-messages-digest' | 'survey' }
  | { ticketId: string }
  | { entryId: string }
  | { interpreterId: string }
>;
type InterpreterPayload = Extract<NotificationPayload, { interpreterId: string }>;
type NewMessagePayload = Extract<NotificationPayload, { kind: 'new-message' }>;
type DigestPayload = Extract<NotificationPayload, { kind: 'counsellor-messages-digest' }>;
type WalkInPayload = Extract<NotificationPayload, { ticketId: string }>;
type WaitlistPayload = Extract<NotificationPayload, { entryId: string }>;
type SurveyPayload = Extract<NotificationPayload, { kind: 'survey' }>;

const CLIENT_KINDS: readonly string[] = [
  'confirmation',
  'reminder',
  'rescheduled',
  'cancelled',
  'switched-to-phone',
  'waitlist-offer',
  'new-message',
  'survey',
];

/**
 * Who a notification of this kind goes to: client kinds to the client, the others to staff (the
 * counsellor, or for interpreter kinds the interpreter).
 */
export function recipientOf(kind: NotificationKind): 'client' | 'counsellor' {
  return CLIENT_KINDS.includes(kind) ? 'client' : 'counsellor';
}

const COUNSELLOR_NOTICE: Record<string, CounsellorNoticeKind> = {
  'counsellor-booked': 'booked',
  'counsellor-rescheduled': 'rescheduled',
  'counsellor-cancelled': 'cancelled',
};

/** The log key: one message per appointment, kind and version (and reminder offset). */
export function notificationKey(payload: NotificationPayload): string {
  // Once per consultation (appointment or ticket), whatever channel it goes by.
  if (payload.kind === 'survey') return `survey.${payload.subjectId}`;
  if (payload.kind === 'counsellor-agenda' || payload.kind === 'counsellor-messages-digest') {
    return `${payload.kind}.${payload.counsellorId}.${payload.date}`;
  }
  // Once per appointment version and interpreter.
  if ('interpreterId' in payload) return interpreterNoticeKey(payload);
  // Once per conversation and quiet window (and messenger chat).
  if (payload.kind === 'new-message')
    return `new-message.${payload.conversationId}.${payload.window}${payload.route ? `.${payload.route}` : ''}`;
  // Once per ticket: "nearly there" and "your turn" each at most once, whatever moves after.
  if ('ticketId' in payload)
    return `${payload.kind}.${payload.ticketId}${payload.route ? `.${payload.route}` : ''}`;
  // Once per entry and held time: a later offer (another time) is a new message.
  if ('entryId' in payload) return `${payload.kind}.${payload.entryId}.${payload.appointmentId}`;
  const offset = payload.kind === 'reminder' ? `.${payload.offsetMinutes ?? 0}` : '';
  const route = payload.route ? `.${payload.route}` : '';
  return `${payload.kind}.${payload.appointmentId}.v${payload.version}${offset}${route}`;
}

const EMAIL = /<?[^\s<>@"']+@[^\s<>@"']+>?/g;
const PHONE = /\+?\d[\d\s()./-]{6,}\d/g;

/**
 * The error shown to admins, logged and kept by the queue: codes and the provider's words with
 * addresses and numbers blanked (mail servers quote the recipient: "550 <olena@…> unknown").
 */
export function describeError(error: unknown): string {
  const e = (error ?? {}) as {
    responseCode?: unknown;
    code?: unknown;
    command?: unknown;
    message?: unknown;
  };
  const parts = [
    typeof e.responseCode === 'number' ? `SMTP ${e.responseCode}` : undefined,
    typeof e.command === 'string' ? `on ${e.command}` : undefined,
    typeof e.code === 'string' ? `(${e.code})` : undefined,
    typeof e.message === 'string' ? e.message : String(error),
  ].filter(Boolean);
  return parts.join(' ').replace(EMAIL, '[address]').replace(PHONE, '[number]').slice(0, 500);
}

/** SMTP 5xx answers and bad addresses will not improve with retries. */
export function isPermanent(error: unknown): boolean {
  if (error instanceof PermanentDeliveryError) return true;
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * Sends one notification at most once per key: it re-reads the appointment, skips what has become
 * stale (moved, cancelled, reminded too late), and consults the notification log before sending.
 */
@Injectable()
export class NotificationSender {
  private readonly logger = new Logger(NotificationSender.name);
  private readonly channels: Map<string, NotificationChannel>;

  constructor(
    private readonly repository: NotificationRepository,
    private readonly interpreterNotices: InterpreterNoticeRepository,
    private readonly walkIn: WalkInQueueService,
    private readonly live: WalkInLive,
    private readonly waitlist: WaitlistService,
    private readonly messengers: MessengerService,
    private readonly surveyNotices: SurveyNoticeRepository,
    private readonly surveys: SurveyRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Inject(NOTIFICATION_CHANNELS) channels: NotificationChannel[],
  ) {
    this.channels = new Map(channels.map((channel) => [channel.serves, channel]));
  }

  /**
   * The messenger chats a client message goes to as well, besides its email or SMS: one job each,
   * with its own log key (the route in it), so that each is sent once and retried on its own.
   */
  async routesOf(payload: NotificationPayload): Promise<MessengerName[]> {
    // The survey goes to one place only (one link, one answer): see sendSurvey.
    if (payload.kind === 'survey') return [];
    if (!isMessengerKind(payload.kind) || ('route' in payload && payload.route)) return [];
    const enabled = this.messengers.enabled();
    if (enabled.length === 0) return [];
    const target =
      payload.kind === 'new-message'
        ? await this.conversationSubject(payload.conversationId)
        : 'ticketId' in payload
          ? { ticketId: payload.ticketId }
          : 'appointmentId' in payload && !('entryId' in payload)
            ? { appointmentId: payload.appointmentId }
            : null;
    if (!target) return [];
    const bindings = await this.messengers.bindingsOf(target);
    return bindings.map((b) => b.channel).filter((channel) => enabled.includes(channel));
  }

  /**
   * Errors are rethrown (with addresses blanked) so that the queue retries; permanent ones as
   * PermanentDeliveryError so that it does not.
   */
  async send(payload: NotificationPayload, attempt: SendAttempt): Promise<SendOutcome> {
    if (payload.kind === 'counsellor-agenda') return this.sendAgenda(payload, attempt);
    if (payload.kind === 'survey') return this.sendSurvey(payload, attempt);
    if (payload.kind === 'new-message') return this.sendNewMessage(payload, attempt);
    if (payload.kind === 'counsellor-messages-digest') return this.sendDigest(payload, attempt);
    if ('ticketId' in payload) return this.sendWalkInNotice(payload, attempt);
    if ('entryId' in payload) return this.sendWaitlistOffer(payload, attempt);
    if ('interpreterId' in payload) return this.sendInterpreterNotice(payload, attempt);
    const appointment = await this.repository.appointment(payload.appointmentId);
    if (!appointment) return { outcome: 'skipped', reason: 'appointment not found' };
    const stale = this.staleness(payload, appointment);
    // A message that went out stays to be recorded, whatever has changed since.
    if (stale && !attempt.delivered) return { outcome: 'skipped', reason: stale };

    const toClient = recipientOf(payload.kind) === 'client';
    const binding = payload.route
      ? await this.messengers.bindingOf(
          { appointmentId: appointment.id },
          payload.route as MessengerName,
        )
      : null;
    if (payload.route && !binding) return { outcome: 'skipped', reason: 'chat not bound' };
    const contact = binding
      ? { channel: binding.channel, value: binding.chatId }
      : toClient
        ? { channel: appointment.contactChannel, value: appointment.contactValue }
        : { channel: 'email', value: appointment.counsellorEmail };
    if (!contact.channel || !contact.value) {
      return { outcome: 'skipped', reason: 'no contact address' };
    }
    const channel = this.channels.get(contact.channel);
    const entry: NewNotification = {
      key: notificationKey(payload),
      kind: payload.kind,
      appointmentId: appointment.id,
      appointmentVersion: payload.version,
      counsellorId: appointment.counsellorId,
      channel: channel?.name ?? contact.channel,
    };
    // The client's link: a manage token, written by the claim (not for a cancellation).
    const token = toClient && payload.kind !== 'cancelled' ? generateToken() : null;
    const outcome = await this.deliver(
      entry,
      channel,
      contact.value,
      attempt,
      async (claimed) => {
        if (!toClient) return this.counsellorNotice(COUNSELLOR_NOTICE[payload.kind], appointment);
        if (token && !claimed.manageTokenIssued)
          throw new PermanentDeliveryError('appointment vanished while sending');
        return this.clientMessage(payload.kind as ClientKind, appointment, binding, token);
      },
      token
        ? { manageToken: { appointmentId: appointment.id, tokenHash: hashToken(token) } }
        : undefined,
    );
    await this.notedInChat(binding, outcome);
    return outcome;
  }

  /** The appointment or ticket a conversation is about (its chats are bound to that). */
  private async conversationSubject(
    conversationId: string,
  ): Promise<{ appointmentId: string } | { ticketId: string } | null> {
    const conversation = await this.repository.conversationNotice(conversationId);
    if (!conversation || conversation.erased) return null;
    if (conversation.appointmentId) return { appointmentId: conversation.appointmentId };
    return conversation.ticketId ? { ticketId: conversation.ticketId } : null;
  }

  /**
   * "You have a new message from <office>", to the client's contact (or one bound chat): skipped
   * once the client has read what the counsellor wrote, or their data is gone, unless it went out
   * already and only the record is missing. The link carries a token of its own, in the fragment.
   */
  private async sendNewMessage(
    payload: NewMessagePayload,
    attempt: SendAttempt,
  ): Promise<SendOutcome> {
    const conversation = await this.repository.conversationNotice(payload.conversationId);
    if (!conversation) return { outcome: 'skipped', reason: 'conversation not found' };
    if (conversation.erased) return { outcome: 'skipped', reason: 'client data erased' };
    if (!conversation.unread && !attempt.delivered) {
      // Nothing went out: the next message need not wait a quiet period after this notice.
      if (!payload.route)
        await this.repository.releaseNotice(
          conversation.conversationId,
          payload.window,
          this.config.CONVERSATION_NOTICE_QUIET_MINUTES,
          notificationKey(payload),
        );
      return { outcome: 'skipped', reason: 'read meanwhile' };
    }
    // Planned outside the night, but a job can come due late (retries, a queue held up): the
    // night rule holds when it is sent, not only when it was planned.
    const now = this.clock.now();
    const morning = outsideNight(now, conversation.zone);
    if (!attempt.delivered && morning.getTime() > now.getTime())
      return { outcome: 'deferred', until: morning };
    const { appointmentId, ticketId } = conversation;
    const subject = appointmentId ? { appointmentId } : { ticketId: ticketId as string };
    const binding = payload.route
      ? await this.messengers.bindingOf(subject, payload.route as MessengerName)
      : null;
    if (payload.route && !binding) return { outcome: 'skipped', reason: 'chat not bound' };
    const contact = binding
      ? { channel: binding.channel, value: binding.chatId }
      : { channel: conversation.contactChannel, value: conversation.contactValue };
    if (!contact.channel || !contact.value)
      return { outcome: 'skipped', reason: 'no contact address' };
    const channel = this.channels.get(contact.channel);
    const entry: NewNotification = {
      key: notificationKey(payload),
      kind: payload.kind,
      appointmentId,
      appointmentVersion: null,
      counsellorId: null,
      officeId: conversation.officeId,
      channel: channel?.name ?? contact.channel,
    };
    const outcome = await this.deliver(entry, channel, contact.value, attempt, async () => {
      const link = await this.conversationLink(conversation.conversationId, payload.window, {
        appointmentId,
        ticketId,
      });
      if (!link) throw new PermanentDeliveryError('client data erased while sending');
      const input = {
        language: conversation.language,
        officeName: conversation.officeName,
        link,
        privacyNotice: this.config.publicUrl(officePrivacyPath(conversation.officeSlug)),
      };
      return binding
        ? renderMessengerNotice('new-message', newMessageLine(input), link, [])
        : renderNewMessageNotice(input);
    });
    await this.notedInChat(binding, outcome);
    return outcome;
  }

  /**
   * Where the client reads the conversation: the manage page (appointment) or the ticket page,
   * with a new token in the fragment (browsers never send it to a server or in a Referer), in
   * mail, SMS and chats alike, as every other client notice; null once the client's data is
   * erased. A conversation outlives its appointment (completed, cancelled), so its notices cannot
   * use BookingService's tokens (for confirmed appointments only): theirs are kept apart, and each
   * notice revokes those of the notices before it.
   */
  private async conversationLink(
    conversationId: string,
    window: number,
    subject: { appointmentId: string | null; ticketId: string | null },
  ): Promise<string | null> {
    if (subject.appointmentId) {
      const token = generateToken();
      const issued = await this.repository.issueNoticeToken(
        conversationId,
        subject.appointmentId,
        window,
        hashToken(token),
      );
      return issued ? this.config.publicUrl(`/manage#token=${token}`) : null;
    }
    const token = subject.ticketId ? await this.walkIn.issueTicketToken(subject.ticketId) : null;
    return token ? this.config.publicUrl(`/walk-in/ticket#token=${token}`) : null;
  }

  /**
   * The morning digest: how many conversations and client messages were unread at DIGEST_TIME and
   * still are; skipped when none (read meanwhile, or erased).
   */
  private async sendDigest(payload: DigestPayload, attempt: SendAttempt): Promise<SendOutcome> {
    const [counsellor] = await this.repository.agendaCounsellors(payload.counsellorId);
    if (!counsellor) return { outcome: 'skipped', reason: 'counsellor has no active account' };
    const counts = await this.repository.unreadCounts(counsellor.id, payload.date);
    if (counts.messages === 0 && !attempt.delivered)
      return { outcome: 'skipped', reason: 'nothing unread' };
    const channel = this.channels.get('email');
    return this.deliver(
      {
        key: notificationKey(payload),
        kind: payload.kind,
        appointmentId: null,
        appointmentVersion: null,
        counsellorId: counsellor.id,
        channel: channel?.name ?? 'email',
      },
      channel,
      counsellor.email,
      attempt,
      () =>
        Promise.resolve(
          renderMessagesDigest({
            languages: counsellor.languages,
            conversations: counts.conversations,
            messages: counts.messages,
            inboxUrl: this.config.publicUrl('/staff/messages'),
          }),
        ),
    );
  }

  /**
   * The feedback survey, once per consultation that took place: to the client's bound messenger
   * chat if there is one, else to their email or phone; never to both (one link, one answer). The
   * link's invitation is written on the transaction that claims the message (the decision to send
   * it), with the dimensions copied and nothing that leads back to the consultation; a link whose
   * message could not be sent is deleted again. Skipped once the client's data is erased, unless it
   * went out already and only the record is missing.
   */
  private async sendSurvey(payload: SurveyPayload, attempt: SendAttempt): Promise<SendOutcome> {
    const view = await this.surveyNotices.subject(payload.subject, payload.subjectId);
    if (!view) return { outcome: 'skipped', reason: `${payload.subject} not found` };
    if (!attempt.delivered) {
      if (view.erased) return { outcome: 'skipped', reason: 'client data erased' };
      if (!view.tookPlace) return { outcome: 'skipped', reason: 'consultation did not take place' };
    }
    const now = this.clock.now();
    const expiresAt = linkExpiry(now, view.retentionEndsAt);
    if (expiresAt <= now && !attempt.delivered)
      return { outcome: 'skipped', reason: 'retention period over' };
    const target =
      payload.subject === 'appointment' ? { appointmentId: view.id } : { ticketId: view.id };
    const enabled = this.messengers.enabled();
    const binding =
      enabled.length === 0
        ? null
        : ((await this.messengers.bindingsOf(target)).find((b) => enabled.includes(b.channel)) ??
          null);
    const contact = binding
      ? { channel: binding.channel, value: binding.chatId }
      : { channel: view.contactChannel, value: view.contactValue };
    if (!contact.channel || !contact.value)
      return { outcome: 'skipped', reason: 'no contact address' };
    const channel = this.channels.get(contact.channel);
    const entry: NewNotification = {
      key: notificationKey(payload),
      kind: payload.kind,
      appointmentId: payload.subject === 'appointment' ? view.id : null,
      appointmentVersion: null,
      counsellorId: null,
      officeId: view.officeId,
      channel: channel?.name ?? contact.channel,
    };
    const token = generateToken();
    const tokenHash = hashToken(token);
    const publicUrl = (path: string) => this.config.publicUrl(path);
    const input = {
      language: view.language,
      officeName: view.officeName,
      link: surveyLink(publicUrl, view.language, token),
      answerLink: (helpful: number) => surveyLink(publicUrl, view.language, token, helpful),
      privacyNotice: this.config.publicUrl(officePrivacyPath(view.officeSlug)),
    };
    try {
      return await this.deliver(
        entry,
        channel,
        contact.value,
        attempt,
        () =>
          Promise.resolve(
            binding
              ? renderMessengerNotice('survey', surveyMessageLine(input), input.link, [])
              : renderSurveyNotice(input),
          ),
        {
          hook: (manager) =>
            this.surveys.createInvitation(manager, {
              tokenHash,
              officeId: view.officeId,
              month: view.month,
              channel: view.channel,
              language: view.language,
              topic: view.topic,
              expiresAt,
            }),
        },
      );
    } catch (error) {
      // Not sent: nobody has the link. (Sent but unrecorded: the link is out and stays.)
      if (!(error instanceof UnrecordedDeliveryError))
        await this.surveys.dropInvitation(tokenHash).catch(() => undefined);
      throw error;
    }
  }

  /** A chat's latest message names what its typed keywords act on. */
  private async notedInChat(binding: Binding | null, outcome: SendOutcome): Promise<void> {
    if (binding && outcome.outcome === 'sent')
      await this.messengers.noteNotified(binding.id).catch(() => undefined);
  }

  /**
   * Whether the message no longer fits the appointment. Reminders and counsellor notices are planned
   * anew with every change, so an older version's are stale. Client notices (confirmation, new
   * time) are not: they show the appointment as it is now, and a staff change that notifies nobody
   * (a reassignment) must not swallow the client's only confirmation.
   */
  private staleness(payload: AppointmentPayload, appointment: AppointmentView): string | null {
    const replanned = payload.kind === 'reminder' || !CLIENT_KINDS.includes(payload.kind);
    if (replanned && appointment.version !== payload.version) return 'appointment changed since';
    const cancellation = payload.kind === 'cancelled' || payload.kind === 'counsellor-cancelled';
    if (cancellation !== (appointment.status === 'cancelled')) {
      return `appointment is ${appointment.status}`;
    }
    if (!cancellation && appointment.status !== 'confirmed') {
      return `appointment is ${appointment.status}`;
    }
    if (payload.kind === 'reminder' && appointment.startsAt <= this.clock.now()) {
      return 'appointment has started';
    }
    return null;
  }

  private async deliver(
    entry: NewNotification,
    channel: NotificationChannel | undefined,
    to: string,
    attempt: SendAttempt,
    render: (claimed: ClaimedNotification) => Promise<RenderedMessage>,
    /** Written with the claim, when this attempt is to send (not only to record). */
    claimWith?: ClaimWith,
  ): Promise<SendOutcome> {
    const claimed = await this.repository.claim(
      entry,
      attempt.claimant,
      CLAIM_SECONDS,
      attempt.delivered ? undefined : claimWith,
    );
    if (claimed.status === 'sent') return { outcome: 'duplicate', notificationId: claimed.id };
    if (claimed.status === 'busy') return { outcome: 'busy', notificationId: claimed.id };
    const channelName = channel?.name ?? entry.channel;
    if (attempt.delivered) {
      await this.recordSent(claimed.id);
      this.logger.log(
        { notificationId: claimed.id, kind: entry.kind, channel: channelName },
        'notification sent earlier, recorded now',
      );
      return { outcome: 'sent', notificationId: claimed.id, channel: channelName };
    }
    let receipt: DeliveryReceipt;
    try {
      if (!channel) throw new PermanentDeliveryError(`No channel reaches "${entry.channel}"`);
      // Neither sent nor busy (returned above): the claim succeeded.
      const message: OutgoingMessage = {
        ...(await render(claimed as ClaimedNotification)),
        to,
        key: entry.key,
      };
      receipt = await channel.send(message);
    } catch (error) {
      // A rate limit is waited out without using up an attempt: not final even on the last one.
      const final =
        (attempt.lastAttempt && !(error instanceof RetryLaterError)) || isPermanent(error);
      const description = describeError(error);
      // Recording the error may fail as well (database gone): the retry reclaims the entry anyway.
      await this.repository
        .recordError(claimed.id, description, final)
        .catch((recordError: unknown) =>
          this.logger.warn(
            { notificationId: claimed.id, error: describeError(recordError) },
            'notification error not recorded',
          ),
        );
      this.logger.warn(
        { notificationId: claimed.id, kind: entry.kind, final, error: description },
        'notification not sent',
      );
      // A rate limit keeps the pause the provider asked for.
      throw isPermanent(error)
        ? new PermanentDeliveryError(description)
        : error instanceof RetryLaterError
          ? new RetryLaterError(description, error.retryAfterMs)
          : new Error(description);
    }
    // From here on the message is out: never send it again, only record that it went.
    await this.recordSent(claimed.id);
    this.logger.log(
      {
        notificationId: claimed.id,
        kind: entry.kind,
        channel: channelName,
        // A messenger's message id can contain the recipient's number (WhatsApp's wamid).
        providerId: channel instanceof MessengerChannel ? undefined : receipt.providerId,
      },
      'notification sent',
    );
    return { outcome: 'sent', notificationId: claimed.id, channel: channelName };
  }

  /** Marks an accepted message sent, retrying with backoff while the database is unreachable. */
  private async recordSent(notificationId: string): Promise<void> {
    for (let retry = 0; ; retry += 1) {
      try {
        await this.repository.markSent(notificationId, this.clock.now());
        return;
      } catch (error) {
        if (retry >= RECORD_RETRY_MS.length) {
          throw new UnrecordedDeliveryError(notificationId, describeError(error));
        }
        this.logger.warn(
          { notificationId, retry: retry + 1, error: describeError(error) },
          'notification sent but not recorded yet: retrying the record, not the send',
        );
        await sleep(RECORD_RETRY_MS[retry]);
      }
    }
  }

  /** `token`: the manage token of the link (none for a cancellation: the booking page instead). */
  private clientMessage(
    kind: ClientKind,
    a: AppointmentView,
    binding: Binding | null,
    token: string | null,
  ): RenderedMessage {
    const bookingPage = this.config.publicUrl(officePath(a.officeSlug));
    // The token travels in the fragment: browsers never send it to a server or in a Referer.
    const link = token ? this.config.publicUrl(`/manage#token=${token}`) : bookingPage;
    const input = {
      kind,
      appointmentId: a.id,
      version: a.version,
      pseudonym: a.pseudonym ?? '',
      language: a.language,
      timeZone: a.timeZone,
      startsAt: new Date(a.startsAt),
      endsAt: new Date(a.endsAt),
      channel: a.channel,
      typeName: a.typeName,
      counsellorName: a.counsellorName,
      joinOpensMinutesBefore: a.joinOpensMinutesBefore,
      link,
      phone: a.contactChannel === 'phone' ? a.contactValue : null,
      bookingPage,
      office: this.officeNotice(a),
      senderEmail: senderAddress(this.config.MAIL_FROM),
      retentionDays: a.officeRetentionDays,
    };
    if (!binding) {
      const message = renderClientMessage(input);
      // An SMS names the keywords when the gateway passes replies on.
      if (a.contactChannel === 'phone' && this.config.SMS_WEBHOOK_SECRET && REPLIES_OF[kind])
        message.short = `${message.short}\n${messengerTexts(message.language).appointmentHint}`;
      return message;
    }
    const line = clientMessageLine(input);
    return renderMessengerNotice(
      kind,
      line,
      link,
      REPLIES_OF[kind] ? replyButtons('appointment', binding.id, line.language, a.version) : [],
    );
  }

  /**
   * "Nearly your turn" (while the ticket still waits near the front) or "your turn" (while it is
   * called), to the contact the client gave; skipped once that no longer holds, unless it went out
   * already and only the record is missing.
   */
  private async sendWalkInNotice(
    payload: WalkInPayload,
    attempt: SendAttempt,
  ): Promise<SendOutcome> {
    const ticket = await this.walkIn.ticketById(payload.ticketId);
    if (!ticket || ticket.personalDataErasedAt)
      return { outcome: 'skipped', reason: 'ticket not found' };
    const binding = payload.route
      ? await this.messengers.bindingOf({ ticketId: ticket.id }, payload.route as MessengerName)
      : null;
    if (payload.route && !binding) return { outcome: 'skipped', reason: 'chat not bound' };
    const contact = binding
      ? { channel: binding.channel, value: binding.chatId }
      : { channel: ticket.contactChannel, value: ticket.contactValue };
    if (!contact.channel || !contact.value)
      return { outcome: 'skipped', reason: 'no contact address' };
    const state = await this.live.read(ticket.sessionId);
    const view = ticketView(state, ticket, this.clock.now());
    const due =
      payload.kind === 'walk-in-turn'
        ? view.status === 'called'
        : view.status === 'waiting' && view.place !== null && view.place <= SOON_PLACES;
    if (!due && !attempt.delivered)
      return { outcome: 'skipped', reason: `ticket is ${view.status}` };
    const hour = await this.walkIn.hourOfSession(ticket.sessionId);
    const office = hour.office as NonNullable<typeof hour.office>;
    const channel = this.channels.get(contact.channel);
    const entry: NewNotification = {
      key: notificationKey(payload),
      kind: payload.kind,
      appointmentId: null,
      appointmentVersion: null,
      counsellorId: null,
      officeId: ticket.officeId,
      channel: channel?.name ?? contact.channel,
    };
    const outcome = await this.deliver(entry, channel, contact.value, attempt, async () => {
      // The token travels in the fragment: browsers never send it to a server or in a Referer.
      const token = await this.walkIn.issueTicketToken(ticket.id);
      if (!token) throw new PermanentDeliveryError('ticket erased while sending');
      const input = {
        kind: payload.kind,
        language: ticket.language,
        label: view.label,
        place: view.place,
        estimate: view.estimate,
        hourName: hour.name,
        officeName: office.name,
        link: this.config.publicUrl(`/walk-in/ticket#token=${token}`),
        privacyNotice: this.config.publicUrl(officePrivacyPath(office.slug)),
      };
      if (!binding) {
        const message = renderWalkInNotice(input);
        if (
          contact.channel === 'phone' &&
          this.config.SMS_WEBHOOK_SECRET &&
          REPLIES_OF[payload.kind]
        )
          message.short = `${message.short}\n${messengerTexts(message.language).ticketHint}`;
        return message;
      }
      const line = walkInMessageLine(input);
      return renderMessengerNotice(
        payload.kind,
        line,
        input.link,
        REPLIES_OF[payload.kind] ? replyButtons('ticket', binding.id, line.language) : [],
      );
    });
    await this.notedInChat(binding, outcome);
    return outcome;
  }

  /**
   * "A time is held for you", to the waitlisted client's contact, while that time is still offered
   * to them; skipped once answered or lapsed, unless it went out already and only the record is
   * missing.
   */
  private async sendWaitlistOffer(
    payload: WaitlistPayload,
    attempt: SendAttempt,
  ): Promise<SendOutcome> {
    const entry = await this.waitlist.entryById(payload.entryId);
    if (!entry) return { outcome: 'skipped', reason: 'waitlist entry not found' };
    if (!entry.contactChannel || !entry.contactValue)
      return { outcome: 'skipped', reason: 'no contact address' };
    const held = entry.offeredAppointment;
    const due =
      entry.status === 'offered' &&
      entry.offeredAppointmentId === payload.appointmentId &&
      held !== undefined &&
      held !== null &&
      entry.offerExpiresAt !== null &&
      entry.offerExpiresAt > this.clock.now();
    if (!due && !attempt.delivered)
      return { outcome: 'skipped', reason: `waitlist entry is ${entry.status}` };
    const office = entry.office as NonNullable<typeof entry.office>;
    const type = entry.consultationType as NonNullable<typeof entry.consultationType>;
    const channel = this.channels.get(entry.contactChannel);
    const record: NewNotification = {
      key: notificationKey(payload),
      kind: payload.kind,
      appointmentId: null,
      appointmentVersion: null,
      counsellorId: null,
      officeId: entry.officeId,
      channel: channel?.name ?? entry.contactChannel,
    };
    return this.deliver(record, channel, entry.contactValue, attempt, async () => {
      if (!held || !entry.offerExpiresAt)
        throw new PermanentDeliveryError('offer answered while sending');
      // The token travels in the fragment: browsers never send it to a server or in a Referer.
      const token = await this.waitlist.issueToken(entry.id);
      if (!token) throw new PermanentDeliveryError('waitlist entry erased while sending');
      return renderWaitlistOffer({
        language: entry.clientLanguage,
        typeName: type.name,
        officeName: office.name,
        timeZone: office.timeZone,
        startsAt: held.startsAt,
        endsAt: held.endsAt,
        expiresAt: entry.offerExpiresAt,
        link: this.config.publicUrl(`/waitlist/offer#token=${token}`),
        privacyNotice: this.config.publicUrl(officePrivacyPath(office.slug)),
      });
    });
  }

  private officeNotice(a: AppointmentView): OfficeNotice {
    return {
      name: a.officeName,
      contact: officeContact(a.officeContactEmail, a.officeContactPhone),
      privacyNotice: this.config.publicUrl(officePrivacyPath(a.officeSlug)),
    };
  }

  private counsellorNotice(
    kind: CounsellorNoticeKind,
    a: AppointmentView,
  ): Promise<RenderedMessage> {
    return Promise.resolve(
      renderCounsellorNotice({
        kind,
        languages: a.counsellorLanguages,
        timeZone: a.counsellorTimeZone,
        appointment: {
          startsAt: new Date(a.startsAt),
          endsAt: new Date(a.endsAt),
          typeName: a.typeName,
          language: a.language,
          needsInterpreter: a.needsInterpreter,
        },
        consoleUrl: this.config.publicUrl('/staff'),
      }),
    );
  }

  /**
   * "You interpret in …", "… moved", "you are no longer needed", by email to the interpreter's
   * staff account: time, type, counsellor, office and language, never anything of the client.
   */
  private async sendInterpreterNotice(
    payload: InterpreterPayload,
    attempt: SendAttempt,
  ): Promise<SendOutcome> {
    const view = await this.interpreterNotices.view(payload.appointmentId);
    if (!view) return { outcome: 'skipped', reason: 'appointment not found' };
    const stale = interpreterStaleness(payload, view);
    if (stale && !attempt.delivered) return { outcome: 'skipped', reason: stale };
    const interpreter = await this.interpreterNotices.recipient(payload.interpreterId);
    if (!interpreter?.email) return { outcome: 'skipped', reason: 'no contact address' };
    const channel = this.channels.get('email');
    const entry: NewNotification = {
      key: notificationKey(payload),
      kind: payload.kind,
      appointmentId: view.id,
      appointmentVersion: payload.version,
      // The log's staff column names the interpreter: who was told is what planning reads back.
      counsellorId: interpreter.id,
      channel: channel?.name ?? 'email',
    };
    const kinds = {
      'interpreter-booked': 'booked',
      'interpreter-rescheduled': 'rescheduled',
      'interpreter-cancelled': 'cancelled',
    } as const;
    return this.deliver(entry, channel, interpreter.email, attempt, () =>
      Promise.resolve(
        renderInterpreterNotice({
          kind: kinds[payload.kind],
          languages: interpreter.languages,
          timeZone: interpreter.timeZone,
          startsAt: new Date(view.startsAt),
          endsAt: new Date(view.endsAt),
          typeName: view.typeName,
          counsellorName: view.counsellorName,
          officeName: view.officeName,
          language: view.interpreterLanguage ?? '',
          consoleUrl: this.config.publicUrl('/interpreter'),
        }),
      ),
    );
  }

  private async sendAgenda(
    payload: Extract<NotificationPayload, { kind: 'counsellor-agenda' }>,
    attempt: SendAttempt,
  ): Promise<SendOutcome> {
    const [counsellor] = await this.repository.agendaCounsellors(payload.counsellorId);
    if (!counsellor) return { outcome: 'skipped', reason: 'counsellor has no active account' };
    const day = DateTime.fromISO(payload.date, { zone: counsellor.timeZone });
    if (!day.isValid) return { outcome: 'skipped', reason: 'invalid date' };
    const channel = this.channels.get('email');
    return this.deliver(
      {
        key: notificationKey(payload),
        kind: payload.kind,
        appointmentId: null,
        appointmentVersion: null,
        counsellorId: counsellor.id,
        channel: channel?.name ?? 'email',
      },
      channel,
      counsellor.email,
      attempt,
      async () => {
        const appointments = await this.repository.agendaOf(
          counsellor.id,
          day.startOf('day').toJSDate(),
          day.plus({ days: 1 }).startOf('day').toJSDate(),
        );
        const interpreter = counsellor.kind === 'interpreter';
        return renderAgenda({
          // Interpreters' mail is German unless they read English only (see interpreterMailLanguage).
          languages: interpreter
            ? [interpreterMailLanguage(counsellor.languages)]
            : counsellor.languages,
          timeZone: counsellor.timeZone,
          date: payload.date,
          // An interpreter's lines name the language they interpret.
          appointments: appointments.map((a) => ({
            startsAt: new Date(a.startsAt),
            endsAt: new Date(a.endsAt),
            typeName: a.typeName,
            language: interpreter ? (a.interpreterLanguage ?? a.language) : a.language,
            needsInterpreter: interpreter ? false : a.needsInterpreter,
          })),
          consoleUrl: this.config.publicUrl(interpreter ? '/interpreter' : '/staff'),
        });
      },
    );
  }
}
