import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ContactChannel } from '@app/appointments';
import { CounsellorEntity } from '@app/roster';
import {
  WalkInDutyEntity,
  WalkInExceptionEntity,
  WalkInInterpreterDutyEntity,
  WalkInHourEntity,
  WalkInRuleEntity,
  WalkInSessionEntity,
  WalkInTicketEntity,
  WalkInTicketTokenEntity,
  type TicketStatus,
} from './walk-in.entities.js';

/** A ticket still in the queue or in a call: what live views show. */
export interface QueueEntry {
  id: string;
  number: number;
  status: 'waiting' | 'called' | 'in_call';
  language: string;
  topic: string | null;
  queuedAt: Date;
  takenAt: Date;
  calledAt: Date | null;
  counsellorId: string | null;
  assignedCounsellorId: string | null;
  followUpAppointmentId: string | null;
  /** The interpreter language asked for, and the interpreter the call took. */
  interpreterLanguage: string | null;
  interpreterId: string | null;
}

/** An interpreter on duty in a session, with the languages they interpret. */
export interface InterpreterOnDuty {
  sessionId: string;
  interpreterId: string;
  displayName: string;
  languages: string[];
  signedOnAt: Date;
}

/** An interpreter an office may put on duty: its own or of a pool it chose. */
export interface AvailableInterpreter {
  id: string;
  displayName: string;
  languages: string[];
  officeId: string;
}

/** A counsellor on duty in a session, with the languages they speak. */
export interface OnDuty {
  counsellorId: string;
  displayName: string;
  languages: string[];
  signedOnAt: Date;
}

export interface NewTicket {
  sessionId: string;
  officeId: string;
  language: string;
  topic: string | null;
  pseudonym: string;
  contactChannel: ContactChannel | null;
  contactValue: string | null;
  interpreterLanguage: string | null;
  tokenHash: string;
  at: Date;
}

export const LIVE_STATUSES = ['waiting', 'called', 'in_call'] as const;

/** How many recent calls the estimate learns from. */
const RECENT_CALLS = 30;

@Injectable()
export class WalkInRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // Walk-in hours

  hoursOf(officeId: string): Promise<WalkInHourEntity[]> {
    return this.dataSource.getRepository(WalkInHourEntity).find({
      where: { officeId },
      order: { createdAt: 'ASC' },
    });
  }

  activeHours(): Promise<WalkInHourEntity[]> {
    return this.dataSource
      .getRepository(WalkInHourEntity)
      .createQueryBuilder('h')
      .innerJoinAndSelect('h.office', 'o')
      .where('h.active AND o.status = :status', { status: 'active' })
      .orderBy('h.created_at')
      .getMany();
  }

  hour(id: string, officeId?: string): Promise<WalkInHourEntity | null> {
    return this.dataSource.getRepository(WalkInHourEntity).findOne({
      where: officeId === undefined ? { id } : { id, officeId },
      relations: { office: true },
    });
  }

  rules(hourId: string): Promise<WalkInRuleEntity[]> {
    return this.dataSource.getRepository(WalkInRuleEntity).find({
      where: { walkInHourId: hourId },
      order: { weekday: 'ASC', startMinute: 'ASC' },
    });
  }

  exceptions(hourId: string, fromDate?: string): Promise<WalkInExceptionEntity[]> {
    const query = this.dataSource
      .getRepository(WalkInExceptionEntity)
      .createQueryBuilder('e')
      .where('e.walk_in_hour_id = :hourId', { hourId })
      .orderBy('e.date')
      .addOrderBy('e.start_minute');
    if (fromDate !== undefined) query.andWhere('e.date >= :fromDate', { fromDate });
    return query.getMany();
  }

  // Sessions

  /** The session of one occurrence, created on first use; its end follows the plan. */
  async session(
    hour: WalkInHourEntity,
    startsAt: Date,
    endsAt: Date,
  ): Promise<WalkInSessionEntity> {
    const [row] = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO walk_in_session (walk_in_hour_id, office_id, starts_at, ends_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (walk_in_hour_id, starts_at) DO UPDATE SET ends_at = EXCLUDED.ends_at
       RETURNING id`,
      [hour.id, hour.officeId, startsAt, endsAt],
    );
    return (await this.sessionById(row.id)) as WalkInSessionEntity;
  }

  sessionById(id: string): Promise<WalkInSessionEntity | null> {
    return this.dataSource.getRepository(WalkInSessionEntity).findOneBy({ id });
  }

  sessionsOf(hourId: string, from: Date, to: Date): Promise<WalkInSessionEntity[]> {
    return this.dataSource
      .getRepository(WalkInSessionEntity)
      .createQueryBuilder('s')
      .where('s.walk_in_hour_id = :hourId AND s.starts_at < :to AND s.ends_at > :from', {
        hourId,
        from,
        to,
      })
      .orderBy('s.starts_at')
      .getMany();
  }

  counsellor(id: string): Promise<CounsellorEntity | null> {
    return this.dataSource.getRepository(CounsellorEntity).findOneBy({ id, active: true });
  }

  // Duty

  async signOn(session: WalkInSessionEntity, counsellorId: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO walk_in_duty (session_id, office_id, counsellor_id, signed_on_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (session_id, counsellor_id) WHERE signed_off_at IS NULL DO NOTHING`,
      [session.id, session.officeId, counsellorId, at],
    );
  }

  /** Off duty; tickets handed to them that still wait go back to everyone, in their old place. */
  async signOff(sessionId: string, counsellorId: string, at: Date): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `WITH off AS (
         UPDATE walk_in_duty SET signed_off_at = $3
          WHERE session_id = $1 AND counsellor_id = $2 AND signed_off_at IS NULL RETURNING id),
       released AS (
         UPDATE walk_in_ticket SET assigned_counsellor_id = NULL, version = version + 1
          WHERE session_id = $1 AND assigned_counsellor_id = $2 AND status = 'waiting'
            AND EXISTS (SELECT 1 FROM off))
       SELECT id FROM off`,
      [sessionId, counsellorId, at],
    );
    return rows.length > 0;
  }

  onDuty(sessionIds: readonly string[]): Promise<(OnDuty & { sessionId: string })[]> {
    return this.dataSource.query(
      `SELECT d.session_id AS "sessionId", d.counsellor_id AS "counsellorId",
              c.display_name AS "displayName", c.languages, d.signed_on_at AS "signedOnAt"
         FROM walk_in_duty d JOIN counsellor c ON c.id = d.counsellor_id
        WHERE d.session_id = ANY($1) AND d.signed_off_at IS NULL
        ORDER BY d.signed_on_at`,
      [sessionIds],
    );
  }

  /** The sessions a counsellor is signed on for now. */
  async dutiesOf(counsellorId: string): Promise<WalkInSessionEntity[]> {
    return this.dataSource
      .getRepository(WalkInSessionEntity)
      .createQueryBuilder('s')
      .innerJoin(WalkInDutyEntity, 'd', 'd.session_id = s.id')
      .where('d.counsellor_id = :counsellorId AND d.signed_off_at IS NULL', { counsellorId })
      .orderBy('s.starts_at')
      .getMany();
  }

  // Interpreters on duty

  /** Active interpreters the office may use: its own and those of the active pools it chose. */
  availableInterpreters(officeId: string): Promise<AvailableInterpreter[]> {
    return this.dataSource.query(
      `SELECT c.id, c.display_name AS "displayName", c.languages, c.office_id AS "officeId"
         FROM counsellor c JOIN office o ON o.id = c.office_id
        WHERE c.kind = 'interpreter' AND c.active AND o.status = 'active'
          AND (c.office_id = $1
               OR c.office_id IN (SELECT p.pool_id FROM office_interpreter_pool p WHERE p.office_id = $1))
        ORDER BY c.display_name, c.id`,
      [officeId],
    );
  }

  async interpreterOn(
    session: WalkInSessionEntity,
    interpreterId: string,
    at: Date,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO walk_in_interpreter_duty (session_id, office_id, interpreter_id, signed_on_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (session_id, interpreter_id) WHERE signed_off_at IS NULL DO NOTHING`,
      [session.id, session.officeId, interpreterId, at],
    );
  }

  /** Off duty (a call under way goes on; no new call takes them). */
  async interpreterOff(sessionId: string, interpreterId: string, at: Date): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `UPDATE walk_in_interpreter_duty SET signed_off_at = $3
        WHERE session_id = $1 AND interpreter_id = $2 AND signed_off_at IS NULL RETURNING id`,
      [sessionId, interpreterId, at],
    );
    return rows.length > 0;
  }

  interpretersOnDuty(sessionIds: readonly string[]): Promise<InterpreterOnDuty[]> {
    return this.dataSource.query(
      `SELECT d.session_id AS "sessionId", d.interpreter_id AS "interpreterId",
              c.display_name AS "displayName", c.languages, d.signed_on_at AS "signedOnAt"
         FROM walk_in_interpreter_duty d JOIN counsellor c ON c.id = d.interpreter_id
        WHERE d.session_id = ANY($1) AND d.signed_off_at IS NULL AND c.active
        ORDER BY d.signed_on_at, d.interpreter_id`,
      [sessionIds],
    );
  }

  /** The sessions an interpreter is on duty for now. */
  interpreterDutiesOf(interpreterId: string): Promise<WalkInSessionEntity[]> {
    return this.dataSource
      .getRepository(WalkInSessionEntity)
      .createQueryBuilder('s')
      .innerJoin(WalkInInterpreterDutyEntity, 'd', 'd.session_id = s.id')
      .where('d.interpreter_id = :interpreterId AND d.signed_off_at IS NULL', { interpreterId })
      .orderBy('s.starts_at')
      .getMany();
  }

  /** The interpreter's ticket that is called or in the call, if any. */
  liveCallOfInterpreter(interpreterId: string): Promise<WalkInTicketEntity | null> {
    return this.dataSource
      .getRepository(WalkInTicketEntity)
      .createQueryBuilder('t')
      .where(`t.interpreter_id = :interpreterId AND t.status IN ('called', 'in_call')`, {
        interpreterId,
      })
      .getOne();
  }

  // Tickets

  /** The live tickets of sessions, oldest in the queue first. */
  queue(sessionIds: readonly string[]): Promise<(QueueEntry & { sessionId: string })[]> {
    return this.dataSource.query(
      `SELECT id, session_id AS "sessionId", number, status, language, topic,
              queued_at AS "queuedAt", taken_at AS "takenAt", called_at AS "calledAt",
              counsellor_id AS "counsellorId", assigned_counsellor_id AS "assignedCounsellorId",
              follow_up_appointment_id AS "followUpAppointmentId",
              interpreter_language AS "interpreterLanguage", interpreter_id AS "interpreterId"
         FROM walk_in_ticket
        WHERE session_id = ANY($1) AND status IN ('waiting', 'called', 'in_call')
        ORDER BY queued_at, number`,
      [sessionIds],
    );
  }

  /** Minutes from call to outcome of the hour's last served tickets. */
  async recentHandlingMinutes(hourId: string): Promise<number[]> {
    const rows = await this.dataSource.query<{ minutes: number }[]>(
      `SELECT EXTRACT(EPOCH FROM t.finished_at - t.called_at) / 60 AS minutes
         FROM walk_in_ticket t JOIN walk_in_session s ON s.id = t.session_id
        WHERE s.walk_in_hour_id = $1 AND t.status = 'served' AND t.called_at IS NOT NULL
        ORDER BY t.finished_at DESC LIMIT ${RECENT_CALLS}`,
      [hourId],
    );
    return rows.map((row) => Number(row.minutes));
  }

  /** Locks the session for numbering: takers of one session queue up here, briefly. */
  lockSession(manager: EntityManager, sessionId: string): Promise<WalkInSessionEntity | null> {
    return manager
      .getRepository(WalkInSessionEntity)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.id = :sessionId', { sessionId })
      .getOne();
  }

  async countWaiting(
    manager: EntityManager,
    sessionId: string,
    contactValue: string | null,
  ): Promise<{ waiting: number; sameContact: number }> {
    const [row] = await manager.query<{ waiting: number; same_contact: number }[]>(
      `SELECT count(*) FILTER (WHERE status = 'waiting')::int AS waiting,
              count(*) FILTER (WHERE contact_value = $2::text)::int AS same_contact
         FROM walk_in_ticket
        WHERE session_id = $1 AND status IN ('waiting', 'called', 'in_call')`,
      [sessionId, contactValue],
    );
    return { waiting: row.waiting, sameContact: row.same_contact };
  }

  async turnAway(manager: EntityManager, session: WalkInSessionEntity, at: Date): Promise<void> {
    await manager.query(
      `UPDATE walk_in_session SET turned_away = turned_away + 1,
              closed_early_at = CASE WHEN $2 < ends_at THEN coalesce(closed_early_at, $2) ELSE closed_early_at END
        WHERE id = $1`,
      [session.id, at],
    );
  }

  async insertTicket(manager: EntityManager, ticket: NewTicket): Promise<WalkInTicketEntity> {
    // The number and the ticket in one statement (the session row is locked by the caller).
    const [row] = await manager.query<{ id: string }[]>(
      `WITH n AS (
         UPDATE walk_in_session SET last_number = last_number + 1 WHERE id = $1 RETURNING last_number),
       ticket AS (
         INSERT INTO walk_in_ticket (session_id, office_id, number, topic, language, queued_at, taken_at,
                                     pseudonym, contact_channel, contact_value, interpreter_language)
         SELECT $1, $2, n.last_number, $3, $4, $5, $5, $6, $7, $8, $10 FROM n RETURNING id),
       token AS (INSERT INTO walk_in_ticket_token (token_hash, ticket_id) SELECT $9, id FROM ticket)
       SELECT id FROM ticket`,
      [
        ticket.sessionId,
        ticket.officeId,
        ticket.topic,
        ticket.language,
        ticket.at,
        ticket.pseudonym,
        ticket.contactChannel,
        ticket.contactValue,
        ticket.tokenHash,
        ticket.interpreterLanguage,
      ],
    );
    return (await manager
      .getRepository(WalkInTicketEntity)
      .findOneBy({ id: row.id })) as WalkInTicketEntity;
  }

  ticketByTokenHash(tokenHash: string): Promise<WalkInTicketEntity | null> {
    return this.dataSource
      .getRepository(WalkInTicketEntity)
      .createQueryBuilder('t')
      .innerJoin(WalkInTicketTokenEntity, 'k', 'k.ticket_id = t.id')
      .where('k.token_hash = :tokenHash', { tokenHash })
      .getOne();
  }

  /** Another link to a ticket whose client data is still there (false once erased). */
  async insertToken(ticketId: string, tokenHash: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `INSERT INTO walk_in_ticket_token (token_hash, ticket_id)
       SELECT $2, id FROM walk_in_ticket WHERE id = $1 AND personal_data_erased_at IS NULL
       RETURNING ticket_id`,
      [ticketId, tokenHash],
    );
    return rows.length > 0;
  }

  ticket(id: string, officeId?: string): Promise<WalkInTicketEntity | null> {
    return this.dataSource
      .getRepository(WalkInTicketEntity)
      .findOneBy(officeId === undefined ? { id } : { id, officeId });
  }

  /**
   * Calls the longest-waiting ticket this counsellor can serve, in one statement: tickets handed to
   * them first, then the queue's order, among the sessions they are on duty for and in their
   * languages. SKIP LOCKED lets simultaneous callers pass each other's candidate, and the unique
   * index on a counsellor's live call refuses a second call of the same counsellor. NO KEY: a
   * row's id is not changed, and a plain FOR UPDATE would also skip a ticket whose token, notice
   * or messenger link is being inserted at that moment (the foreign key's check holds a key-share
   * lock on the ticket), calling nobody while it waits.
   *
   * Interpreters: a ticket that asks for an interpreter language is a candidate only while an
   * interpreter on duty in its session for that language is free (in no live walk-in call); the
   * call takes the one whose last call ended longest ago. The free interpreters' duty rows are
   * locked (SKIP LOCKED: a simultaneous caller sees them as taken and passes such tickets), and
   * the unique index on an interpreter's live call refuses what a stale snapshot still saw free.
   * Such a ticket keeps its place: it does not hold up the tickets behind it, and it is called
   * first as soon as an interpreter for it is free.
   */
  async callNext(
    counsellorId: string,
    languages: readonly string[],
    at: Date,
    roomPrefix: string,
    sealedKey: string,
  ): Promise<WalkInTicketEntity | null> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH mine AS (
         SELECT session_id FROM walk_in_duty WHERE counsellor_id = $1 AND signed_off_at IS NULL),
       free AS (
         SELECT d.session_id, d.interpreter_id, c.languages,
                (SELECT max(p.finished_at) FROM walk_in_ticket p
                  WHERE p.interpreter_id = d.interpreter_id) AS last_call
           FROM walk_in_interpreter_duty d JOIN counsellor c ON c.id = d.interpreter_id
          WHERE d.signed_off_at IS NULL AND c.active AND d.session_id IN (SELECT session_id FROM mine)
            AND NOT EXISTS (SELECT 1 FROM walk_in_ticket b
                             WHERE b.interpreter_id = d.interpreter_id
                               AND b.status IN ('called', 'in_call'))
          FOR NO KEY UPDATE OF d SKIP LOCKED),
       next AS (
         SELECT t.id,
                (SELECT f.interpreter_id FROM free f
                  WHERE f.session_id = t.session_id AND t.interpreter_language = ANY(f.languages)
                  ORDER BY f.last_call NULLS FIRST, f.interpreter_id LIMIT 1) AS interpreter_id
           FROM walk_in_ticket t
          WHERE t.status = 'waiting'
            AND t.session_id IN (SELECT session_id FROM mine)
            AND (t.assigned_counsellor_id = $1
                 OR (t.assigned_counsellor_id IS NULL AND t.language = ANY($2)))
            AND (t.interpreter_language IS NULL
                 OR EXISTS (SELECT 1 FROM free f
                             WHERE f.session_id = t.session_id
                               AND t.interpreter_language = ANY(f.languages)))
          ORDER BY (t.assigned_counsellor_id IS NOT NULL) DESC, t.queued_at, t.number
          LIMIT 1
          FOR NO KEY UPDATE OF t SKIP LOCKED),
       called AS (
         UPDATE walk_in_ticket t
            SET status = 'called', counsellor_id = $1, called_at = $3, answered_at = NULL,
                assigned_counsellor_id = NULL, version = t.version + 1,
                interpreter_id = next.interpreter_id,
                room_name = coalesce(t.room_name, $4 || t.id::text),
                e2ee_key_sealed = coalesce(t.e2ee_key_sealed, $5)
           FROM next WHERE t.id = next.id
         RETURNING t.id)
       SELECT id FROM called`,
      [counsellorId, languages, at, roomPrefix, sealedKey],
    );
    return rows.length === 0
      ? null
      : this.dataSource
          .getRepository(WalkInTicketEntity)
          .findOne({ where: { id: rows[0].id }, relations: { interpreter: true } });
  }

  /** The counsellor's ticket that is called or in the call, if any. */
  liveCallOf(counsellorId: string): Promise<WalkInTicketEntity | null> {
    return this.dataSource
      .getRepository(WalkInTicketEntity)
      .createQueryBuilder('t')
      .leftJoinAndSelect('t.interpreter', 'i')
      .where(`t.counsellor_id = :counsellorId AND t.status IN ('called', 'in_call')`, {
        counsellorId,
      })
      .getOne();
  }

  /**
   * Moves a ticket from one of `from` to `to`, with the changes; null when it was not in one of
   * them any more (someone else changed it first), or the guard does not hold: the call is still
   * this counsellor's, the ticket has not rejoined before.
   */
  async transition(
    id: string,
    from: readonly TicketStatus[],
    to: TicketStatus,
    changes: Record<string, unknown> = {},
    guard: { counsellorId?: string; notRejoined?: boolean } = {},
  ): Promise<WalkInTicketEntity | null> {
    const columns = Object.keys(changes);
    const sets = columns.map((column, i) => `${column} = $${i + 6}`);
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH moved AS (
         UPDATE walk_in_ticket SET status = $3, version = version + 1${sets.map((s) => `, ${s}`).join('')}
          WHERE id = $1 AND status = ANY($2::walk_in_ticket_status[])
            AND ($4::uuid IS NULL OR counsellor_id = $4) AND (NOT $5 OR NOT rejoined)
         RETURNING id)
       SELECT id FROM moved`,
      [
        id,
        from,
        to,
        guard.counsellorId ?? null,
        guard.notRejoined ?? false,
        ...columns.map((column) => changes[column]),
      ],
    );
    return rows.length === 0 ? null : this.ticket(id);
  }

  /** Called tickets whose client did not answer in time: their ids, oldest first. */
  async overdueCalls(at: Date): Promise<{ id: string; counsellorId: string }[]> {
    return this.dataSource.query(
      `SELECT t.id, t.counsellor_id AS "counsellorId"
         FROM walk_in_ticket t
         JOIN walk_in_session s ON s.id = t.session_id
         JOIN walk_in_hour h ON h.id = s.walk_in_hour_id
        WHERE t.status = 'called' AND t.called_at < $1::timestamptz - make_interval(mins => h.grace_minutes)
        ORDER BY t.called_at LIMIT 500`,
      [at],
    );
  }

  /** Waiting tickets of sessions that ended long ago: nobody will call them any more. */
  async expireStale(at: Date, afterMs: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ session_id: string }[]>(
      `WITH expired AS (
         UPDATE walk_in_ticket t SET status = 'expired', finished_at = $1, version = t.version + 1
           FROM walk_in_session s
          WHERE s.id = t.session_id AND t.status IN ('waiting', 'called')
            AND s.ends_at < $1::timestamptz - make_interval(secs => $2::double precision / 1000)
         RETURNING t.session_id)
       SELECT session_id FROM expired`,
      [at, afterMs],
    );
    return [...new Set(rows.map((row) => row.session_id))];
  }

  /** Whether a messenger chat gets this ticket's messages (a client may give no other contact). */
  async hasMessengerChat(ticketId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM messenger_binding WHERE ticket_id = $1 LIMIT 1`,
      [ticketId],
    );
    return rows.length > 0;
  }

  /** The first waiting tickets of a session with a contact channel or a messenger chat: they may be told they are near. */
  nearTheFront(sessionId: string, places: number): Promise<{ id: string; place: number }[]> {
    return this.dataSource.query(
      `SELECT id, place FROM (
         SELECT id, contact_channel, row_number() OVER (ORDER BY queued_at, number)::int AS place
           FROM walk_in_ticket WHERE session_id = $1 AND status = 'waiting') q
        WHERE place <= $2 AND (contact_channel IS NOT NULL
           OR EXISTS (SELECT 1 FROM messenger_binding b WHERE b.ticket_id = q.id))`,
      [sessionId, places],
    );
  }

  /** Erases the personal data of tickets taken before `cutoff` (per the office's retention). */
  async erasePastRetention(at: Date): Promise<number> {
    const [{ count }] = await this.dataSource.query<[{ count: number }]>(
      `WITH due AS (
         SELECT t.id FROM walk_in_ticket t JOIN office o ON o.id = t.office_id
          WHERE t.personal_data_erased_at IS NULL
            AND t.status NOT IN ('waiting', 'called', 'in_call')
            AND t.taken_at < $1::timestamptz - make_interval(days => o.retention_days)
          LIMIT 1000 FOR NO KEY UPDATE OF t SKIP LOCKED),
       erased AS (
         UPDATE walk_in_ticket t SET pseudonym = NULL, contact_channel = NULL, contact_value = NULL,
                e2ee_key_sealed = NULL, interpreter_id = NULL, personal_data_erased_at = $1
           FROM due WHERE t.id = due.id RETURNING t.id),
       tokens AS (DELETE FROM walk_in_ticket_token k USING erased WHERE k.ticket_id = erased.id),
       chats AS (DELETE FROM messenger_binding b USING erased WHERE b.ticket_id = erased.id),
       codes AS (DELETE FROM messenger_link l USING erased WHERE l.ticket_id = erased.id)
       SELECT count(*)::int AS count FROM erased`,
      [at],
    );
    return count;
  }
}
