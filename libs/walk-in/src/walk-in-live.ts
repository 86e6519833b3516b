import { Injectable, Logger } from '@nestjs/common';
import {
  combineLatest,
  concatMap,
  distinctUntilChanged,
  finalize,
  from,
  map,
  Observable,
  of,
  shareReplay,
  switchMap,
  takeWhile,
  type OperatorFunction,
} from 'rxjs';
import { ChangeFeed } from '@app/change-feed';
import { Clock } from '@app/common';
import type { CounsellorEntity, LocalizedText } from '@app/roster';
import { estimateFrom, handlingRange, ticketLabel, type WaitEstimate } from './walk-in-core.js';
import type {
  TicketStatus,
  WalkInHourEntity,
  WalkInSessionEntity,
  WalkInTicketEntity,
} from './walk-in.entities.js';
import { dutyTopic, sessionTopic } from './walk-in-queue.service.js';
import {
  WalkInRepository,
  type InterpreterOnDuty,
  type OnDuty,
  type QueueEntry,
} from './walk-in.repository.js';

/** One read of a session's queue, shared by every live view of it in this process. */
export interface SessionState {
  sessionId: string;
  hour: Pick<WalkInHourEntity, 'id' | 'name' | 'prefix' | 'channel' | 'defaultHandlingMinutes'>;
  startsAt: Date;
  endsAt: Date;
  queue: QueueEntry[];
  duty: OnDuty[];
  /** Interpreters on duty in the session. */
  interpreters: InterpreterOnDuty[];
  recent: number[];
  /** The live tickets by id: thousands of clients look theirs up on every change. */
  byId: Map<string, QueueEntry>;
  /** Place in the queue of each waiting ticket (1 = next). */
  places: Map<string, number>;
  /** Counsellors on duty who speak each language. */
  speakers: Map<string, number>;
  /** The handling time range of the estimates (minutes), worked out once per read. */
  handling: readonly [number, number];
}

/** What the client's ticket page shows. */
export interface TicketView {
  label: string;
  status: TicketStatus;
  /** While waiting: the place in the queue (1 = next) and the wait, as a range (null: unknown). */
  place: number | null;
  estimate: WaitEstimate | null;
  /** Counsellors on duty who speak the client's language. */
  counsellorsOnDuty: number;
  calledAt: string | null;
  canRejoin: boolean;
  followUpAppointmentId: string | null;
  sessionEndsAt: string;
  /** The interpreter language the client asked for; null: none. */
  interpreterLanguage: string | null;
  /** The call took an interpreter: they join the room too. */
  interpreterJoins: boolean;
}

/** What the duty console shows a counsellor: their sessions' queues, in their languages. */
export interface ConsoleView {
  sessions: {
    sessionId: string;
    hourId: string;
    hourName: LocalizedText;
    channel: string;
    startsAt: string;
    endsAt: string;
    onDuty: { counsellorId: string; displayName: string; languages: string[] }[];
    /** Interpreters on duty; busy while in a call of this session. */
    interpreters: {
      interpreterId: string;
      displayName: string;
      languages: string[];
      busy: boolean;
    }[];
    queue: {
      id: string;
      label: string;
      status: 'waiting' | 'called' | 'in_call';
      language: string;
      topic: string | null;
      takenAt: string;
      queuedAt: string;
      handedToMe: boolean;
      interpreterLanguage: string | null;
    }[];
    /** Waiting tickets in languages this counsellor does not speak (others will serve them). */
    othersWaiting: number;
  }[];
  /** The counsellor's current call, if any. */
  call: {
    ticketId: string;
    label: string;
    status: 'called' | 'in_call';
    calledAt: string;
    pseudonym: string | null;
    language: string;
    topic: string | null;
    /** The interpreter the call took: shown by name and language. */
    interpreter: { id: string; name: string; language: string } | null;
  } | null;
}

const LIVE: readonly TicketStatus[] = ['waiting', 'called', 'in_call'];

/** How long a session's hour and recent handling times are reused by live views. */
const CONTEXT_MS = 15_000;

interface SessionContext {
  session: WalkInSessionEntity;
  hour: WalkInHourEntity;
  recent: number[];
}

/**
 * Live views of the walk-in queue. Per session and process one read per change (the change feed
 * says "session X changed"; a Redis channel between processes), shared by every client and
 * console watching it: each client's place and estimate are then worked out in memory.
 */
@Injectable()
export class WalkInLive {
  private readonly logger = new Logger(WalkInLive.name);
  private readonly sessions = new Map<string, Observable<SessionState>>();
  /** What changes seldom (the session's times, its hour, the recent handling times), per session. */
  private readonly contexts = new Map<string, { at: number; context: Promise<SessionContext> }>();

  constructor(
    private readonly repository: WalkInRepository,
    private readonly feed: ChangeFeed,
    private readonly clock: Clock,
  ) {}

  /** The session's state now and after each change (shared; the last one replayed to newcomers). */
  session(sessionId: string): Observable<SessionState> {
    let state = this.sessions.get(sessionId);
    if (!state) {
      state = this.feed.watch(sessionTopic(sessionId)).pipe(
        readLatest(() => this.readState(sessionId), this.logger),
        finalize(() => this.sessions.delete(sessionId)),
        shareReplay({ bufferSize: 1, refCount: true }),
      );
      this.sessions.set(sessionId, state);
    }
    return state;
  }

  /** The ticket as its page shows it, on every change that moves it; ends once it left the queue. */
  ticket(ticket: WalkInTicketEntity): Observable<TicketView> {
    return this.session(ticket.sessionId).pipe(
      concatMap((state) => {
        const entry = state.byId.get(ticket.id);
        if (entry) return of(liveView(state, entry));
        // Out of the queue (served, left, missed …): its final state, read once, for this client.
        return from(this.repository.ticket(ticket.id)).pipe(
          map((row) => finalView(state, row ?? ticket, this.clock.now())),
        );
      }),
      distinctUntilChanged(sameView),
      takeWhile((view) => LIVE.includes(view.status), true),
    );
  }

  /** The duty console of a counsellor: follows their sign-ons and every change of those sessions. */
  console(counsellor: CounsellorEntity): Observable<ConsoleView> {
    return this.feed.watch(dutyTopic(counsellor.id)).pipe(
      readLatest(() => this.repository.dutiesOf(counsellor.id), this.logger),
      map((sessions) => sessions.map((s) => s.id)),
      distinctUntilChanged((a, b) => a.join() === b.join()),
      switchMap((ids) =>
        ids.length === 0 ? of([]) : combineLatest(ids.map((id) => this.session(id))),
      ),
      switchMap((states) =>
        from(this.repository.liveCallOf(counsellor.id)).pipe(
          map((call) => consoleView(states, counsellor, call)),
        ),
      ),
      distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
    );
  }

  /** A fresh read, for an answer right after a change (a shared state may predate it). */
  read(sessionId: string): Promise<SessionState> {
    return this.readState(sessionId);
  }

  /**
   * Read at most every CONTEXT_MS per session: a queue changes many times a minute, its hour and
   * the estimate's handling times need not be read again each time.
   */
  private context(sessionId: string): Promise<SessionContext> {
    const now = Date.now();
    const cached = this.contexts.get(sessionId);
    if (cached && now - cached.at < CONTEXT_MS) return cached.context;
    const context = (async () => {
      const session = await this.repository.sessionById(sessionId);
      const hour = session && (await this.repository.hour(session.walkInHourId));
      if (!session || !hour) throw new Error(`walk-in session ${sessionId} vanished`);
      return { session, hour, recent: await this.repository.recentHandlingMinutes(hour.id) };
    })();
    this.contexts.set(sessionId, { at: now, context });
    context.catch(() => this.contexts.delete(sessionId));
    if (this.contexts.size > 1000)
      this.contexts.delete(this.contexts.keys().next().value as string);
    return context;
  }

  private async readState(sessionId: string): Promise<SessionState> {
    const { session, hour, recent } = await this.context(sessionId);
    const [queue, duty, interpreters] = await Promise.all([
      this.repository.queue([sessionId]),
      this.repository.onDuty([sessionId]),
      this.repository.interpretersOnDuty([sessionId]),
    ]);
    const places = new Map<string, number>();
    for (const entry of queue)
      if (entry.status === 'waiting') places.set(entry.id, places.size + 1);
    const speakers = new Map<string, number>();
    for (const d of duty)
      for (const language of d.languages) speakers.set(language, (speakers.get(language) ?? 0) + 1);
    return {
      sessionId,
      hour,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      queue,
      duty,
      interpreters,
      recent,
      byId: new Map(queue.map((entry) => [entry.id, entry])),
      places,
      speakers,
      handling: handlingRange(recent, hour.defaultHandlingMinutes),
    };
  }
}

/** Field by field: compared for every watching client on every change, so no serialising. */
function sameView(a: TicketView, b: TicketView): boolean {
  return (
    a.status === b.status &&
    a.place === b.place &&
    a.estimate?.minMinutes === b.estimate?.minMinutes &&
    a.estimate?.maxMinutes === b.estimate?.maxMinutes &&
    a.counsellorsOnDuty === b.counsellorsOnDuty &&
    a.calledAt === b.calledAt &&
    a.canRejoin === b.canRejoin &&
    a.followUpAppointmentId === b.followUpAppointmentId &&
    a.sessionEndsAt === b.sessionEndsAt &&
    a.interpreterJoins === b.interpreterJoins &&
    a.interpreterLanguage === b.interpreterLanguage &&
    a.label === b.label
  );
}

function liveView(state: SessionState, entry: QueueEntry): TicketView {
  const place = state.places.get(entry.id) ?? null;
  const servers = entry.assignedCounsellorId ? 1 : (state.speakers.get(entry.language) ?? 0);
  return {
    label: ticketLabel(state.hour.prefix, entry.number),
    status: entry.status,
    place,
    estimate:
      place === null
        ? null
        : estimateFrom({ ahead: place - 1, servers, onDuty: state.duty.length }, state.handling),
    counsellorsOnDuty: state.speakers.get(entry.language) ?? 0,
    calledAt: entry.calledAt?.toISOString() ?? null,
    canRejoin: false,
    followUpAppointmentId: entry.followUpAppointmentId,
    sessionEndsAt: state.endsAt.toISOString(),
    interpreterLanguage: entry.interpreterLanguage,
    interpreterJoins: entry.status !== 'waiting' && entry.interpreterId !== null,
  };
}

function finalView(state: SessionState, ticket: WalkInTicketEntity, now: Date): TicketView {
  return {
    label: ticketLabel(state.hour.prefix, ticket.number),
    status: ticket.status,
    place: null,
    estimate: null,
    counsellorsOnDuty: state.speakers.get(ticket.language) ?? 0,
    calledAt: ticket.calledAt?.toISOString() ?? null,
    canRejoin: ticket.status === 'missed' && !ticket.rejoined && state.endsAt > now,
    followUpAppointmentId: ticket.followUpAppointmentId,
    sessionEndsAt: state.endsAt.toISOString(),
    interpreterLanguage: ticket.interpreterLanguage,
    interpreterJoins: false,
  };
}

/** The ticket as its page shows it, from a fresh read (the first answer, before any stream). */
export function ticketView(state: SessionState, ticket: WalkInTicketEntity, now: Date): TicketView {
  const entry = state.byId.get(ticket.id);
  return entry ? liveView(state, entry) : finalView(state, ticket, now);
}

function consoleView(
  states: readonly SessionState[],
  counsellor: CounsellorEntity,
  call: WalkInTicketEntity | null,
): ConsoleView {
  const callState = call && states.find((s) => s.sessionId === call.sessionId);
  return {
    sessions: states.map((state) => {
      const mine = state.queue.filter(
        (e) =>
          e.assignedCounsellorId === counsellor.id ||
          (e.assignedCounsellorId === null && counsellor.languages.includes(e.language)),
      );
      return {
        sessionId: state.sessionId,
        hourId: state.hour.id,
        hourName: state.hour.name,
        channel: state.hour.channel,
        startsAt: state.startsAt.toISOString(),
        endsAt: state.endsAt.toISOString(),
        onDuty: state.duty.map((d) => ({
          counsellorId: d.counsellorId,
          displayName: d.displayName,
          languages: d.languages,
        })),
        interpreters: state.interpreters.map((d) => ({
          interpreterId: d.interpreterId,
          displayName: d.displayName,
          languages: d.languages,
          busy: state.queue.some(
            (e) => e.status !== 'waiting' && e.interpreterId === d.interpreterId,
          ),
        })),
        queue: mine.map((e) => ({
          id: e.id,
          label: ticketLabel(state.hour.prefix, e.number),
          status: e.status,
          language: e.language,
          topic: e.topic,
          takenAt: e.takenAt.toISOString(),
          queuedAt: e.queuedAt.toISOString(),
          handedToMe: e.assignedCounsellorId === counsellor.id,
          interpreterLanguage: e.interpreterLanguage,
        })),
        othersWaiting:
          state.queue.filter((e) => e.status === 'waiting').length -
          mine.filter((e) => e.status === 'waiting').length,
      };
    }),
    call:
      call && (call.status === 'called' || call.status === 'in_call')
        ? {
            ticketId: call.id,
            label: ticketLabel(callState?.hour.prefix ?? '', call.number),
            status: call.status,
            calledAt: (call.calledAt as Date).toISOString(),
            pseudonym: call.pseudonym,
            language: call.language,
            topic: call.topic,
            interpreter:
              call.interpreterId && call.interpreterLanguage
                ? {
                    id: call.interpreterId,
                    name: call.interpreter?.displayName ?? '',
                    language: call.interpreterLanguage,
                  }
                : null,
          }
        : null,
  };
}

/**
 * Runs `read` for each notification, at most one at a time: notifications during a read are
 * folded into one more read after it (never a queue of reads, never a lost change). A failed read
 * is logged and skipped; the change feed's safety interval brings the next one.
 */
export function readLatest<T>(read: () => Promise<T>, logger: Logger): OperatorFunction<void, T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      let running = false;
      let again = false;
      let closed = false;
      const run = (): void => {
        running = true;
        again = false;
        read()
          .then(
            (value) => {
              if (!closed) subscriber.next(value);
            },
            (error: unknown) => logger.warn({ err: error }, 'live view read failed'),
          )
          .finally(() => {
            running = false;
            if (again && !closed) run();
          });
      };
      const subscription = source.subscribe({
        next: () => {
          if (running) again = true;
          else run();
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => {
        closed = true;
        subscription.unsubscribe();
      };
    });
}
