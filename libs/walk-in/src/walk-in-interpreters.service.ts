import {
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { ChangeFeed } from '@app/change-feed';
import { Clock } from '@app/common';
import { CounsellorService, type CounsellorEntity } from '@app/roster';
import { officeOf, type StaffPrincipal } from '@app/staff';
import type {
  WalkInHourEntity,
  WalkInSessionEntity,
  WalkInTicketEntity,
} from './walk-in.entities.js';
import { WalkInHoursService, type Occurrence } from './walk-in-hours.service.js';
import {
  sessionTopic,
  ticketNotFound,
  WalkInQueueService,
  type CallJoin,
} from './walk-in-queue.service.js';
import {
  WalkInRepository,
  type AvailableInterpreter,
  type InterpreterOnDuty,
} from './walk-in.repository.js';

/** The interpreters of a walk-in hour's session: who may be put on duty, and who is. */
export interface InterpreterDuty {
  session: Occurrence | null;
  interpreters: (AvailableInterpreter & { onDuty: boolean })[];
}

/** What an interpreter sees of walk-in hours: the sessions they are on duty for, and their call. */
export interface InterpreterWalkIn {
  duties: {
    sessionId: string;
    hourId: string;
    hour: WalkInHourEntity;
    startsAt: Date;
    endsAt: Date;
  }[];
  call: {
    ticket: WalkInTicketEntity;
    hour: WalkInHourEntity;
    counsellorName: string | null;
  } | null;
}

export const interpreterNotFound = (): NotFoundException =>
  new NotFoundException({ code: 'interpreter_not_found', message: 'Interpreter not found' });

/**
 * Interpreters in walk-in hours: an admin puts an interpreter (of the office or of a pool it
 * chose) on duty for the session open now, or else the next one; "call next" then takes a free
 * one for a ticket that asks for their language, and the interpreter joins that call's room.
 */
@Injectable()
export class WalkInInterpretersService {
  constructor(
    private readonly repository: WalkInRepository,
    private readonly hours: WalkInHoursService,
    private readonly queue: WalkInQueueService,
    private readonly counsellors: CounsellorService,
    private readonly clock: Clock,
    private readonly feed: ChangeFeed,
  ) {}

  // Admins

  /** The interpreters the office may use, and whether each is on duty in the hour's session. */
  async duty(principal: StaffPrincipal, hourId: string): Promise<InterpreterDuty> {
    const officeId = officeOf(principal);
    const hour = await this.hours.get(hourId, officeId);
    const occurrence = await this.dutyOccurrence(hour);
    const sessions = occurrence
      ? await this.repository.sessionsOf(hour.id, occurrence.startsAt, occurrence.endsAt)
      : [];
    const onDuty = sessions.length
      ? await this.repository.interpretersOnDuty(sessions.map((s) => s.id))
      : [];
    const available = await this.repository.availableInterpreters(officeId);
    return {
      session: occurrence,
      interpreters: available.map((interpreter) => ({
        ...interpreter,
        onDuty: onDuty.some((d) => d.interpreterId === interpreter.id),
      })),
    };
  }

  /** On duty for the session open now, else the next one (created on first use). */
  async putOnDuty(principal: StaffPrincipal, hourId: string, interpreterId: string): Promise<void> {
    const officeId = officeOf(principal);
    const hour = await this.hours.get(hourId, officeId);
    const interpreters = await this.repository.availableInterpreters(officeId);
    if (!interpreters.some((i) => i.id === interpreterId)) throw interpreterNotFound();
    const occurrence = await this.dutyOccurrence(hour);
    if (!occurrence)
      throw new ConflictException({
        code: 'walk_in_closed',
        message: 'This walk-in hour has no coming session',
      });
    const session = await this.hours.session(hour, occurrence);
    await this.repository.interpreterOn(session, interpreterId, this.clock.now());
    await this.feed.publish(sessionTopic(session.id));
  }

  /** Off duty: a call under way goes on, no new call takes them. */
  async takeOffDuty(
    principal: StaffPrincipal,
    hourId: string,
    interpreterId: string,
  ): Promise<void> {
    const officeId = officeOf(principal);
    const hour = await this.hours.get(hourId, officeId);
    const occurrence = await this.dutyOccurrence(hour);
    const sessions = occurrence
      ? await this.repository.sessionsOf(hour.id, occurrence.startsAt, occurrence.endsAt)
      : [];
    let off = false;
    for (const session of sessions) {
      if (await this.repository.interpreterOff(session.id, interpreterId, this.clock.now()))
        off = true;
      await this.feed.publish(sessionTopic(session.id));
    }
    if (!off) throw interpreterNotFound();
  }

  /**
   * The interpreters on duty in the hour's session open now, else the next one (pass it when
   * known: working it out again costs a plan).
   */
  async onDutyFor(hour: WalkInHourEntity, known?: Occurrence | null): Promise<InterpreterOnDuty[]> {
    const occurrence = known === undefined ? await this.dutyOccurrence(hour) : known;
    if (!occurrence) return [];
    const sessions = await this.repository.sessionsOf(
      hour.id,
      occurrence.startsAt,
      occurrence.endsAt,
    );
    return sessions.length ? this.repository.interpretersOnDuty(sessions.map((s) => s.id)) : [];
  }

  // Interpreters

  /** The interpreter's walk-in duties now and the call they are assigned to, if any. */
  async current(principal: StaffPrincipal): Promise<InterpreterWalkIn> {
    const interpreter = await this.ownInterpreter(principal);
    const sessions: WalkInSessionEntity[] = await this.repository.interpreterDutiesOf(
      interpreter.id,
    );
    const duties = await Promise.all(
      sessions.map(async (session) => ({
        sessionId: session.id,
        hourId: session.walkInHourId,
        hour: await this.queue.hourOfSession(session.id),
        startsAt: session.startsAt,
        endsAt: session.endsAt,
      })),
    );
    const ticket = await this.repository.liveCallOfInterpreter(interpreter.id);
    if (!ticket) return { duties, call: null };
    const counsellor = ticket.counsellorId
      ? await this.repository.counsellor(ticket.counsellorId)
      : null;
    return {
      duties,
      call: {
        ticket,
        hour: await this.queue.hourOfSession(ticket.sessionId),
        counsellorName: counsellor?.displayName ?? null,
      },
    };
  }

  /**
   * The interpreter's token for the call they are assigned to, while it is called or under way:
   * the same room and E2EE key as client and counsellor, camera and microphone only, no room admin.
   */
  async join(principal: StaffPrincipal, ticketId: string): Promise<CallJoin> {
    const interpreter = await this.ownInterpreter(principal);
    const ticket = await this.repository.ticket(ticketId);
    if (!ticket || ticket.interpreterId !== interpreter.id) throw ticketNotFound();
    if (ticket.status !== 'called' && ticket.status !== 'in_call')
      throw new ConflictException({
        code: 'not_your_call',
        message: 'This call is over or has not started',
      });
    const hour = await this.queue.hourOfSession(ticket.sessionId);
    if (hour.channel === 'phone') return { kind: 'phone' };
    return this.queue.callToken(ticket, hour, {
      identity: 'interpreter',
      name: interpreter.displayName,
      admin: false,
      role: 'interpreter',
      noScreenShare: true,
      language: ticket.interpreterLanguage,
    });
  }

  private async ownInterpreter(principal: StaffPrincipal): Promise<CounsellorEntity> {
    officeOf(principal);
    const interpreter = await this.counsellors.forStaff(principal.staffId);
    if (!interpreter || !interpreter.active || interpreter.kind !== 'interpreter')
      throw new ForbiddenException({
        code: 'not_an_interpreter',
        message: 'Only an interpreter has walk-in calls to interpret',
      });
    return interpreter;
  }

  private async dutyOccurrence(hour: WalkInHourEntity): Promise<Occurrence | null> {
    const { open, next } = await this.hours.now(hour);
    return open ?? next;
  }
}
