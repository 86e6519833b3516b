import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { CountryCode } from 'libphonenumber-js';
import { invalidPhoneNumber, normalizeContact, type ContactChannel } from '@app/appointments';
import { ChangeFeed } from '@app/change-feed';
import { Clock, generateToken, hashToken, type KeyRing } from '@app/common';
import { AppConfig } from '@app/config';
import { CounsellorService, type CounsellorEntity } from '@app/roster';
import { officeOf, type StaffPrincipal } from '@app/staff';
import { LiveKitGateway, openE2eeKey, sealE2eeKey, type ParticipantRole } from '@app/video';
import { estimateWait, ticketLabel, type WaitEstimate } from './walk-in-core.js';
import type {
  WalkInHourEntity,
  WalkInSessionEntity,
  WalkInTicketEntity,
} from './walk-in.entities.js';
import { WalkInHoursService, type Occurrence } from './walk-in-hours.service.js';
import { TicketNotices } from './ticket-notices.js';
import { WalkInRepository } from './walk-in.repository.js';

export interface TakeNumberRequest {
  language: string;
  topic?: string;
  pseudonym: string;
  contact?: { channel: ContactChannel; value: string };
  /** An interpreter for this language joins the call (one of the languages on duty). */
  interpreterLanguage?: string;
}

/** Why no number was given, and where the client can go instead. */
export class WalkInRefusedException extends ConflictException {
  constructor(
    code: 'walk_in_closed' | 'walk_in_full' | 'walk_in_closing' | 'already_in_queue',
    message: string,
    next: Occurrence | null,
    officeSlug: string,
  ) {
    super({
      code,
      message,
      nextSession: next && {
        startsAt: next.startsAt.toISOString(),
        endsAt: next.endsAt.toISOString(),
      },
      // The office's booking page: free appointment times instead of a dead end.
      officeSlug,
    });
  }
}

export const ticketNotFound = (): NotFoundException =>
  new NotFoundException({ code: 'ticket_not_found', message: 'Ticket not found' });

/** The place and estimate of a waiting ticket, as the queue stands. */
export interface Standing {
  place: number;
  estimate: WaitEstimate | null;
}

/** What the client may do with a call: join the room, or wait for the phone to ring. */
export type CallJoin =
  | {
      kind: 'video';
      url: string;
      room: string;
      token: string;
      e2eeKey: string | null;
      audioOnly: boolean;
    }
  | { kind: 'phone' };

const ROOM_PREFIX = 'walk-in-';
/** A token for a walk-in call lasts this long: a consultation plus some. */
const CALL_TOKEN_TTL_SECONDS = 2 * 3600;
/** "You are nearly there" goes to the clients at these places. */
export const SOON_PLACES = 3;

/**
 * The queue of online walk-in hours: numbers taken, called, answered, finished. Every change is one
 * conditional UPDATE (nothing changes twice, whoever races) followed by a push to live views.
 */
@Injectable()
export class WalkInQueueService {
  private readonly logger = new Logger(WalkInQueueService.name);
  private readonly keys: KeyRing;

  constructor(
    private readonly repository: WalkInRepository,
    private readonly hours: WalkInHoursService,
    private readonly counsellors: CounsellorService,
    private readonly clock: Clock,
    private readonly feed: ChangeFeed,
    private readonly livekit: LiveKitGateway,
    private readonly notices: TicketNotices,
    config: AppConfig,
  ) {
    this.keys = config.keyRing;
  }

  // Clients

  /**
   * A number for the client: refused (with the next session and the office's booking page) when the
   * hour is not open, the queue is full, or the wait would run past the end of the hour.
   */
  async takeNumber(
    hourId: string,
    request: TakeNumberRequest,
  ): Promise<{ ticket: WalkInTicketEntity; token: string; hour: WalkInHourEntity }> {
    const hour = await this.hours.getPublic(hourId);
    const office = hour.office as NonNullable<WalkInHourEntity['office']>;
    if (!hour.languages.includes(request.language))
      throw fieldError(
        'language',
        'This walk-in hour is not held in this language',
        'language_not_offered',
      );
    if (
      request.topic !== undefined &&
      hour.topics.length > 0 &&
      !hour.topics.includes(request.topic)
    )
      throw fieldError('topic', 'This walk-in hour does not cover this topic', 'topic_not_offered');
    let contactValue: string | null = null;
    if (request.contact) {
      contactValue = normalizeContact(
        request.contact.channel,
        request.contact.value,
        office.country as CountryCode,
      );
      if (contactValue === null) throw invalidPhoneNumber();
    }
    if (hour.channel === 'phone' && request.contact?.channel !== 'phone')
      throw fieldError(
        'contact',
        'A phone walk-in hour needs a phone number to call',
        'phone_contact_required',
      );

    const { open, next } = await this.hours.now(hour);
    if (!open)
      throw new WalkInRefusedException(
        'walk_in_closed',
        'This walk-in hour is closed now.',
        next,
        office.slug,
      );
    const session = await this.hours.session(hour, open);
    if (request.interpreterLanguage !== undefined) {
      const offered = interpreterLanguagesOf(
        hour,
        await this.repository.interpretersOnDuty([session.id]),
      );
      if (!offered.includes(request.interpreterLanguage))
        throw new UnprocessableEntityException({
          code: 'interpreter_language_unavailable',
          message: 'No interpreter for this language is on duty in this walk-in hour',
          details: [
            {
              field: 'interpreterLanguage',
              messages: ['No interpreter on duty for this language'],
            },
          ],
        });
    }
    const duty = await this.repository.onDuty([session.id]);
    const recent = await this.repository.recentHandlingMinutes(hour.id);
    const token = generateToken();
    const now = this.clock.now();
    const outcome = await this.repository.transaction(async (manager) => {
      const locked = (await this.repository.lockSession(
        manager,
        session.id,
      )) as WalkInSessionEntity;
      const counts = await this.repository.countWaiting(manager, session.id, contactValue);
      if (contactValue !== null && counts.sameContact > 0) return 'already_in_queue' as const;
      const refusal = closingReason(
        hour,
        locked,
        counts.waiting,
        duty,
        request.language,
        recent,
        now,
      );
      if (refusal) {
        await this.repository.turnAway(manager, locked, now);
        return refusal;
      }
      return this.repository.insertTicket(manager, {
        sessionId: session.id,
        officeId: hour.officeId,
        language: request.language,
        topic: request.topic ?? null,
        pseudonym: request.pseudonym,
        contactChannel: request.contact?.channel ?? null,
        contactValue,
        interpreterLanguage: request.interpreterLanguage ?? null,
        tokenHash: hashToken(token),
        at: now,
      });
    });
    if (outcome === 'already_in_queue')
      throw new WalkInRefusedException(
        'already_in_queue',
        'This contact already has a number in this walk-in hour.',
        null,
        office.slug,
      );
    if (outcome === 'walk_in_full' || outcome === 'walk_in_closing') {
      await this.publish(session.id);
      throw new WalkInRefusedException(
        outcome,
        outcome === 'walk_in_full'
          ? 'The queue is full. Please come to the next walk-in hour or book an appointment.'
          : 'The queue would run past the end of this walk-in hour. Please come to the next one or book an appointment.',
        next,
        office.slug,
      );
    }
    // A client who joins near the front is told at once (and may put the phone away).
    await this.afterQueueMoved(session.id);
    return { ticket: outcome, token, hour };
  }

  async byToken(token: string): Promise<WalkInTicketEntity> {
    const ticket = await this.repository.ticketByTokenHash(hashToken(token));
    if (!ticket) throw ticketNotFound();
    return ticket;
  }

  /**
   * A new link token for a ticket's message (each message its own; the raw token exists only in
   * the message). Null once the client's data is erased.
   */
  async issueTicketToken(ticketId: string): Promise<string | null> {
    const token = generateToken();
    return (await this.repository.insertToken(ticketId, hashToken(token))) ? token : null;
  }

  ticketById(id: string): Promise<WalkInTicketEntity | null> {
    return this.repository.ticket(id);
  }

  async leave(token: string): Promise<WalkInTicketEntity> {
    const left = await this.leaveById((await this.byToken(token)).id);
    if (!left) throw notInQueue();
    return left;
  }

  /** The client leaves the queue (by link or by a messenger reply); null when no longer in it. */
  async leaveById(ticketId: string): Promise<WalkInTicketEntity | null> {
    const left = await this.repository.transition(ticketId, ['waiting', 'called'], 'left', {
      finished_at: this.clock.now(),
    });
    if (left) await this.afterQueueMoved(left.sessionId);
    return left;
  }

  /** A missed client back in the queue, at its end, once; while the session still takes numbers. */
  async rejoin(token: string): Promise<WalkInTicketEntity> {
    const ticket = await this.byToken(token);
    if (ticket.status !== 'missed' || ticket.rejoined)
      throw new ConflictException({
        code: 'cannot_rejoin',
        message: 'This ticket cannot rejoin the queue',
      });
    const session = await this.repository.sessionById(ticket.sessionId);
    if (!session || session.endsAt <= this.clock.now())
      throw new ConflictException({
        code: 'walk_in_closed',
        message: 'This walk-in hour has ended',
      });
    const back = await this.repository.transition(
      ticket.id,
      ['missed'],
      'waiting',
      {
        queued_at: this.clock.now(),
        rejoined: true,
        counsellor_id: null,
        called_at: null,
        interpreter_id: null,
      },
      { notRejoined: true },
    );
    if (!back)
      throw new ConflictException({
        code: 'cannot_rejoin',
        message: 'This ticket cannot rejoin the queue',
      });
    await this.publish(ticket.sessionId);
    return back;
  }

  /** The called client answers: the room's token (admitted at once) or "the counsellor phones you". */
  async clientJoin(token: string): Promise<CallJoin> {
    const ticket = await this.byToken(token);
    if (ticket.status !== 'called' && ticket.status !== 'in_call')
      throw new ConflictException({
        code: 'not_called',
        message: 'This ticket has not been called',
      });
    const hour = await this.hourOfSession(ticket.sessionId);
    const answered = await this.repository.transition(ticket.id, ['called', 'in_call'], 'in_call', {
      answered_at: ticket.answeredAt ?? this.clock.now(),
    });
    if (!answered)
      throw new ConflictException({
        code: 'not_called',
        message: 'This ticket has not been called',
      });
    await this.publish(ticket.sessionId);
    if (hour.channel === 'phone') return { kind: 'phone' };
    return this.callToken(answered, hour, {
      identity: `client-${ticket.id}`,
      name: ticket.pseudonym ?? ticketLabel(hour.prefix, ticket.number),
      admin: false,
      role: 'client',
    });
  }

  // Counsellors on duty

  async signOn(principal: StaffPrincipal, hourId: string): Promise<WalkInSessionEntity> {
    const counsellor = await this.ownCounsellor(principal);
    const hour = await this.hours.get(hourId, officeOf(principal));
    const { open, next } = await this.hours.now(hour);
    if (!open)
      throw new ConflictException({
        code: 'walk_in_closed',
        message: 'This walk-in hour is not open now',
        nextSession: next && {
          startsAt: next.startsAt.toISOString(),
          endsAt: next.endsAt.toISOString(),
        },
      });
    const session = await this.hours.session(hour, open);
    await this.repository.signOn(session, counsellor.id, this.clock.now());
    await this.publish(session.id, dutyTopic(counsellor.id));
    return session;
  }

  async signOff(principal: StaffPrincipal, hourId: string): Promise<void> {
    const counsellor = await this.ownCounsellor(principal);
    await this.hours.get(hourId, officeOf(principal));
    const sessions = (await this.repository.dutiesOf(counsellor.id)).filter(
      (session) => session.walkInHourId === hourId,
    );
    for (const session of sessions) {
      await this.repository.signOff(session.id, counsellor.id, this.clock.now());
      await this.publish(session.id, dutyTopic(counsellor.id));
    }
  }

  /**
   * The longest-waiting ticket this counsellor can serve; null when there is none. One live call at
   * a time: the current one needs an outcome first.
   */
  async callNext(principal: StaffPrincipal): Promise<WalkInTicketEntity | null> {
    const counsellor = await this.ownCounsellor(principal);
    return this.callNextFor(counsellor);
  }

  private async callNextFor(counsellor: CounsellorEntity): Promise<WalkInTicketEntity | null> {
    if (await this.repository.liveCallOf(counsellor.id)) throw callInProgress();
    let called: WalkInTicketEntity | null;
    for (let attempt = 1; ; attempt += 1) {
      try {
        called = await this.repository.callNext(
          counsellor.id,
          counsellor.languages,
          this.clock.now(),
          ROOM_PREFIX,
          sealE2eeKey(this.keys, randomBytes(32)),
        );
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== '23505') throw error;
        // An interpreter another call took since this statement's snapshot: read again (the
        // next read sees them busy). Any other unique violation is this counsellor's live call.
        if (uniqueConstraint(error) !== INTERPRETER_LIVE_CALL || attempt >= 5)
          throw callInProgress();
      }
    }
    if (called) {
      // Only a client who left a contact can be told by message; the others watch the page.
      if (called.contactChannel || (await this.repository.hasMessengerChat(called.id)))
        await this.notices.turn(called.id);
      await this.afterQueueMoved(called.sessionId);
    }
    return called;
  }

  /** The staff side of a call: the room's token with admin rights, or the number to phone. */
  async staffJoin(
    principal: StaffPrincipal,
    ticketId: string,
  ): Promise<CallJoin | { kind: 'phone'; phone: string | null }> {
    const counsellor = await this.ownCounsellor(principal);
    const ticket = await this.ownCall(counsellor, ticketId);
    const hour = await this.hourOfSession(ticket.sessionId);
    if (hour.channel === 'phone')
      return {
        kind: 'phone',
        phone: ticket.contactChannel === 'phone' ? ticket.contactValue : null,
      };
    return this.callToken(ticket, hour, {
      identity: `counsellor-${counsellor.id}`,
      name: counsellor.displayName,
      admin: true,
      role: 'counsellor',
    });
  }

  /**
   * The call's outcome: served, missed (nobody answered) or left. The counsellor is then free
   * for the next call.
   */
  async finish(
    principal: StaffPrincipal,
    ticketId: string,
    outcome: 'served' | 'missed' | 'left',
    familyMembers: number | null = null,
  ): Promise<WalkInTicketEntity> {
    const counsellor = await this.ownCounsellor(principal);
    const ticket = await this.ownCall(counsellor, ticketId);
    const done = await this.repository.transition(
      ticket.id,
      ['called', 'in_call'],
      outcome,
      // Family members counselled with the client: for the statistics, and only when served.
      {
        finished_at: this.clock.now(),
        accompanying_family_members: outcome === 'served' ? familyMembers : null,
      },
      { counsellorId: counsellor.id },
    );
    if (!done) throw notInQueue();
    await this.afterQueueMoved(ticket.sessionId);
    return done;
  }

  /** Back into the queue, first in line for a colleague on duty (e.g. who speaks the language). */
  async handOver(
    principal: StaffPrincipal,
    ticketId: string,
    colleagueId: string,
  ): Promise<WalkInTicketEntity> {
    const counsellor = await this.ownCounsellor(principal);
    const ticket = await this.ownCall(counsellor, ticketId);
    if (colleagueId === counsellor.id)
      throw fieldError(
        'counsellorId',
        'Hand over to a colleague, not to yourself',
        'own_counsellor',
      );
    const onDuty = await this.repository.onDuty([ticket.sessionId]);
    if (!onDuty.some((duty) => duty.counsellorId === colleagueId))
      throw fieldError(
        'counsellorId',
        'This colleague is not on duty in this walk-in hour',
        'not_on_duty',
      );
    const handed = await this.repository.transition(
      ticket.id,
      ['called', 'in_call'],
      'waiting',
      {
        assigned_counsellor_id: colleagueId,
        counsellor_id: null,
        called_at: null,
        answered_at: null,
        handovers: ticket.handovers + 1,
        interpreter_id: null,
      },
      { counsellorId: counsellor.id },
    );
    if (!handed) throw notInQueue();
    await this.publish(ticket.sessionId, dutyTopic(colleagueId));
    return handed;
  }

  /** Links a follow-up appointment (booked through the normal booking path) to the ticket. */
  async linkFollowUp(ticketId: string, appointmentId: string): Promise<void> {
    await this.repository.transaction((manager) =>
      manager.query('UPDATE walk_in_ticket SET follow_up_appointment_id = $2 WHERE id = $1', [
        ticketId,
        appointmentId,
      ]),
    );
    const ticket = await this.repository.ticket(ticketId);
    if (ticket) await this.publish(ticket.sessionId);
  }

  /** A ticket of the staff member's office (no contact data leaves through callers of this). */
  async ticketOfOffice(principal: StaffPrincipal, ticketId: string): Promise<WalkInTicketEntity> {
    const ticket = await this.repository.ticket(ticketId, officeOf(principal));
    if (!ticket) throw ticketNotFound();
    return ticket;
  }

  // The system

  /**
   * Calls nobody answered within the hour's grace: missed, and the counsellor's next client is
   * called. Run every few seconds by the worker (and safe to run anywhere, at once: each ticket
   * moves once).
   */
  async settleOverdueCalls(): Promise<number> {
    let settled = 0;
    for (const { id, counsellorId } of await this.repository.overdueCalls(this.clock.now())) {
      const missed = await this.repository.transition(id, ['called'], 'missed', {
        finished_at: this.clock.now(),
      });
      if (!missed) continue;
      settled += 1;
      await this.afterQueueMoved(missed.sessionId);
      // Their next client, if they are still on duty (nothing to call is no error here).
      const counsellor = await this.repository.counsellor(counsellorId);
      if (counsellor) await this.callNextFor(counsellor).catch(() => null);
    }
    return settled;
  }

  /** Waiting tickets of sessions that ended over two hours ago expire. */
  async expireStale(): Promise<number> {
    const sessions = await this.repository.expireStale(this.clock.now(), 2 * 3_600_000);
    for (const session of sessions) await this.publish(session);
    return sessions.length;
  }

  // Estimates

  /** The place and estimate of a waiting ticket, from the live queue and who is on duty. */
  standing(
    ticket: Pick<WalkInTicketEntity, 'id' | 'language'>,
    queue: readonly { id: string; status: string }[],
    duty: readonly { languages: string[] }[],
    hour: Pick<WalkInHourEntity, 'defaultHandlingMinutes'>,
    recent: readonly number[],
  ): Standing | null {
    const waiting = queue.filter((entry) => entry.status === 'waiting');
    const index = waiting.findIndex((entry) => entry.id === ticket.id);
    if (index < 0) return null;
    return {
      place: index + 1,
      estimate: estimateWait({
        ahead: index,
        servers: duty.filter((d) => d.languages.includes(ticket.language)).length,
        onDuty: duty.length,
        recentHandlingMinutes: recent,
        defaultHandlingMinutes: hour.defaultHandlingMinutes,
      }),
    };
  }

  // Helpers

  /** A token for the ticket's room (its E2EE key beside it), for one of the call's participants. */
  async callToken(
    ticket: WalkInTicketEntity,
    hour: WalkInHourEntity,
    who: {
      identity: string;
      name: string;
      admin: boolean;
      role: ParticipantRole;
      noScreenShare?: boolean;
      language?: string | null;
    },
  ): Promise<CallJoin> {
    if (!this.livekit.url || !ticket.roomName)
      throw new ServiceUnavailableException({
        code: 'video_not_configured',
        message: 'This server has no video calls',
      });
    const token = await this.livekit.mintToken({
      room: ticket.roomName,
      ttlSeconds: CALL_TOKEN_TTL_SECONDS,
      audioOnly: hour.channel === 'audio' && !who.admin,
      ...who,
    });
    return {
      kind: 'video',
      url: this.livekit.url,
      room: ticket.roomName,
      token,
      e2eeKey: ticket.e2eeKeySealed
        ? openE2eeKey(this.keys, ticket.e2eeKeySealed).toString('base64')
        : null,
      audioOnly: hour.channel === 'audio',
    };
  }

  /** The staff member's counsellor profile; 403 for staff who do not counsel. */
  counsellorOf(principal: StaffPrincipal): Promise<CounsellorEntity> {
    return this.ownCounsellor(principal);
  }

  /** The staff member's current call by id (404 in another office, 409 if not theirs). */
  async ownCallOf(principal: StaffPrincipal, ticketId: string): Promise<WalkInTicketEntity> {
    return this.ownCall(await this.ownCounsellor(principal), ticketId);
  }

  private async ownCounsellor(principal: StaffPrincipal): Promise<CounsellorEntity> {
    officeOf(principal);
    const counsellor = await this.counsellors.forStaff(principal.staffId);
    if (!counsellor || !counsellor.active || counsellor.kind !== 'counsellor')
      throw new ForbiddenException({
        code: 'not_a_counsellor',
        message: 'Only a counsellor can be on duty in a walk-in hour',
      });
    return counsellor;
  }

  private async ownCall(
    counsellor: CounsellorEntity,
    ticketId: string,
  ): Promise<WalkInTicketEntity> {
    const ticket = await this.repository.ticket(ticketId, counsellor.officeId);
    if (!ticket) throw ticketNotFound();
    if (
      ticket.counsellorId !== counsellor.id ||
      (ticket.status !== 'called' && ticket.status !== 'in_call')
    )
      throw new ConflictException({
        code: 'not_your_call',
        message: 'This ticket is not your current call',
      });
    return ticket;
  }

  async hourOfSession(sessionId: string): Promise<WalkInHourEntity> {
    const session = await this.repository.sessionById(sessionId);
    const hour = session && (await this.repository.hour(session.walkInHourId));
    if (!hour) throw ticketNotFound();
    return hour;
  }

  /** After a ticket left the queue's waiting part: the clients now near the front are told. */
  private async afterQueueMoved(sessionId: string): Promise<void> {
    await this.publish(sessionId);
    const near = await this.repository.nearTheFront(sessionId, SOON_PLACES);
    await this.notices.soon(near.map((entry) => entry.id));
  }

  private async publish(sessionId: string, ...more: string[]): Promise<void> {
    await this.feed.publish(sessionTopic(sessionId), ...more);
  }
}

function closingReason(
  hour: WalkInHourEntity,
  session: WalkInSessionEntity,
  waiting: number,
  duty: readonly { languages: string[] }[],
  language: string,
  recent: readonly number[],
  now: Date,
): 'walk_in_full' | 'walk_in_closing' | null {
  if (waiting >= hour.maxQueue) return 'walk_in_full';
  const closesAt = session.endsAt.getTime() - hour.closeMarginMinutes * 60_000;
  if (now.getTime() >= closesAt) return 'walk_in_closing';
  const estimate = estimateWait({
    ahead: waiting,
    servers: duty.filter((d) => d.languages.includes(language)).length,
    onDuty: duty.length,
    recentHandlingMinutes: recent,
    defaultHandlingMinutes: hour.defaultHandlingMinutes,
  });
  // Without anyone on duty in the language there is no estimate: the client may still wait (a
  // colleague may sign on); the end of the hour is the limit then.
  const start = Math.max(now.getTime(), session.startsAt.getTime());
  const expected = estimate && ((estimate.minMinutes + estimate.maxMinutes) / 2) * 60_000;
  if (expected !== null && start + expected > closesAt) return 'walk_in_closing';
  return null;
}

/**
 * The interpreter languages a client may ask for in a session: those of the interpreters on duty,
 * less the hour's own languages (the conversation's language needs no interpreter), sorted. Phone
 * hours have none: the counsellor phones the client, nobody else can join.
 */
export function interpreterLanguagesOf(
  hour: Pick<WalkInHourEntity, 'languages' | 'channel'>,
  onDuty: readonly { languages: string[] }[],
): string[] {
  if (hour.channel === 'phone') return [];
  const languages = new Set(onDuty.flatMap((duty) => duty.languages));
  for (const language of hour.languages) languages.delete(language);
  return [...languages].sort();
}

const INTERPRETER_LIVE_CALL = 'ux_walk_in_ticket_interpreter_live_call';

function uniqueConstraint(error: unknown): string | undefined {
  const e = error as { constraint?: string; driverError?: { constraint?: string } };
  return e.constraint ?? e.driverError?.constraint;
}

function fieldError(field: string, message: string, code: string): BadRequestException {
  return new BadRequestException({ code, message, details: [{ field, messages: [message] }] });
}

const notInQueue = (): ConflictException =>
  new ConflictException({
    code: 'ticket_not_live',
    message: 'This ticket is no longer in the queue',
  });

const callInProgress = (): ConflictException =>
  new ConflictException({
    code: 'call_in_progress',
    message: 'Record the outcome of your current call before calling the next client',
  });

/** Live views of a session (clients' tickets, the duty console) re-read when it changes. */
export const sessionTopic = (sessionId: string): string => `walk-in:${sessionId}`;
/** A counsellor's duties changed (signed on or off, a ticket handed to them). */
export const dutyTopic = (counsellorId: string): string => `walk-in-duty:${counsellorId}`;
