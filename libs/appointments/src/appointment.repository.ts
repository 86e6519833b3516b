import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Not, type EntityManager } from 'typeorm';
import { preparedQuery, retryDeadlock } from '@app/common';
import type { AppointmentEventType } from '@app/queue';
import { AppointmentEntity } from './appointment.entity.js';
import {
  AuditEventEntity,
  IdempotencyKeyEntity,
  ManageTokenEntity,
} from './booking-records.entity.js';

export interface NewBooking {
  appointment: Omit<
    AppointmentEntity,
    | 'status'
    | 'holdExpiresAt'
    | 'clientResponse'
    | 'clientResponseAt'
    | 'version'
    | 'createdAt'
    | 'updatedAt'
    | 'cancelledBy'
    | 'accompanyingFamilyMembers'
    | 'cancellationReason'
    | 'personalDataErasedAt'
    | 'consultationType'
    | 'counsellor'
    | 'interpreter'
  >;
  tokenHash: string;
  idempotency?: { keyHash: string; requestHash: string };
  /** Ids, times and statuses only. */
  auditChanges: Record<string, unknown>;
  /** Who booked: the client online, or staff on the client's behalf (e.g. by phone). */
  actor: Actor;
  /** The client's contact may hold at most this many live future appointments, this one included. */
  contactLimit: { max: number; now: Date };
}

export interface Actor {
  type: 'client' | 'staff' | 'system';
  id: string | null;
}

const contactKey = (channel: string, value: string) => `contact:${channel}:${value}`;
const peopleKeys = (ids: (string | null | undefined)[]) =>
  [...new Set(ids.filter((id): id is string => !!id))].sort().map((id) => `person:${id}`);

/** Writes of one transaction: a change, its audit entry and its outbox event commit together. */
export class AppointmentTransaction {
  constructor(readonly manager: EntityManager) {}

  /**
   * Transaction-scoped advisory locks on `keys`, taken in their order in one statement. Callers
   * keep one order everywhere: an Idempotency-Key (its own statement, claimIdempotencyKey), then
   * at most one contact, then people by id; so two transactions never wait for each other in a
   * circle.
   */
  private async lock(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await preparedQuery(
      this.manager,
      `SELECT pg_advisory_xact_lock(hashtextextended(k, 0))
         FROM unnest($1::text[]) WITH ORDINALITY AS l(k, n) ORDER BY n`,
      [keys],
    );
  }

  /**
   * Serialises bookings of one contact address until commit, so that the limit of live
   * appointments per contact holds under concurrency (the count runs after the lock, in the next
   * statement, with a fresh snapshot).
   */
  lockContact(channel: string, value: string): Promise<void> {
    return this.lock([contactKey(channel, value)]);
  }

  /**
   * Serialises, until commit, the writes that take a counsellor's or an interpreter's time, in one
   * order for every transaction (sorted ids). Without it, racers for one counsellor and one
   * interpreter insert into the two exclusion constraints' indexes in turn and wait for each
   * other: PostgreSQL detects that only after deadlock_timeout (1 s) and kills one, and under a
   * crowd the victims pile up. With it they queue, and each sees the winner's committed row.
   */
  lockPeople(...ids: (string | null | undefined)[]): Promise<void> {
    return this.lock(peopleKeys(ids));
  }

  /**
   * Inserts a new booking with its manage token, idempotency key, audit entry and outbox event in
   * one statement, after locking its contact (for the limit the statement checks) and its people;
   * null when the contact already holds `contactLimit.max` live future appointments.
   */
  async insertBooking(booking: NewBooking): Promise<AppointmentEntity | null> {
    const a = booking.appointment;
    await this.lock([
      contactKey(a.contactChannel ?? '', a.contactValue ?? ''),
      ...peopleKeys([a.counsellorId, a.interpreterId]),
    ]);
    const rows = await preparedQuery<{ version: number; createdAt: Date; updatedAt: Date }>(
      this.manager,
      `WITH appointment AS (
         INSERT INTO appointment (id, consultation_type_id, counsellor_id, starts_at, ends_at,
           buffer_before_minutes, buffer_after_minutes, client_pseudonym, client_language,
           requested_language, client_time_zone, contact_channel, contact_value, client_note,
           needs_interpreter, room_name, office_id, interpreter_id, interpreter_language)
         SELECT $1::uuid, $2::uuid, $3::uuid, $4::timestamptz, $5::timestamptz, $6::int, $7::int,
                $8::varchar, $9::varchar, $10::varchar, $11::varchar, $12::contact_channel,
                $13::varchar, $14::varchar, $15::boolean, $16::varchar, $25::uuid, $26::uuid,
                $27::varchar
          WHERE (SELECT count(*) FROM appointment
                  WHERE contact_value = $13::varchar AND contact_channel = $12::contact_channel
                    AND status = 'confirmed' AND ends_at > $21::timestamptz) < $22::int
         RETURNING id, version, created_at, updated_at),
       token AS (INSERT INTO manage_token (token_hash, appointment_id) SELECT $17, id FROM appointment),
       idempotency AS (
         INSERT INTO idempotency_key (key_hash, request_hash, appointment_id)
         SELECT $18::char(64), $19::char(64), id FROM appointment WHERE $18::char(64) IS NOT NULL),
       audit AS (
         INSERT INTO audit_event (actor_type, actor_id, action, appointment_id, changes, office_id)
         SELECT $23::varchar, $24::uuid, 'appointment.booked', id, $20::jsonb, $25::uuid FROM appointment),
       outbox AS (
         INSERT INTO outbox_event (type, appointment_id, payload)
         SELECT 'appointment.booked', id, jsonb_build_object('version', version) FROM appointment)
       SELECT version, created_at AS "createdAt", updated_at AS "updatedAt" FROM appointment`,
      [
        a.id,
        a.consultationTypeId,
        a.counsellorId,
        a.startsAt,
        a.endsAt,
        a.bufferBeforeMinutes,
        a.bufferAfterMinutes,
        a.clientPseudonym,
        a.clientLanguage,
        a.requestedLanguage,
        a.clientTimeZone,
        a.contactChannel,
        a.contactValue,
        a.clientNote,
        a.needsInterpreter,
        a.roomName,
        booking.tokenHash,
        booking.idempotency?.keyHash ?? null,
        booking.idempotency?.requestHash ?? null,
        JSON.stringify(booking.auditChanges),
        booking.contactLimit.now,
        booking.contactLimit.max,
        booking.actor.type,
        booking.actor.id,
        a.officeId,
        a.interpreterId,
        a.interpreterLanguage,
      ],
    );
    if (rows.length === 0) return null;
    return this.manager.create(AppointmentEntity, {
      ...a,
      status: 'confirmed',
      holdExpiresAt: null,
      version: rows[0].version,
      cancelledBy: null,
      cancellationReason: null,
      createdAt: rows[0].createdAt,
      updatedAt: rows[0].updatedAt,
    });
  }

  /**
   * Updates a live (confirmed) appointment at the version read and bumps it; null when it changed
   * meanwhile or is not live. A change of counsellor or interpreter names them, and they are locked
   * (lockPeople); a new time comes with its counsellor.
   */
  async updateAppointment(
    id: string,
    expectedVersion: number,
    changes: Partial<AppointmentEntity>,
  ): Promise<AppointmentEntity | null> {
    await this.lockPeople(changes.counsellorId, changes.interpreterId);
    const result = await this.manager
      .createQueryBuilder()
      .update(AppointmentEntity)
      .set({ ...changes, version: () => 'version + 1' })
      .where("id = :id AND version = :expectedVersion AND status = 'confirmed'", {
        id,
        expectedVersion,
      })
      .returning('*')
      .execute();
    if ((result.affected ?? 0) === 0) return null;
    return this.manager.getRepository(AppointmentEntity).findOneByOrFail({ id });
  }

  /**
   * Holds a time for a waitlisted client: a row that blocks the time like a booking (the exclusion
   * constraint refuses it when taken) but has no token, audit entry or event, as nothing is booked.
   */
  async insertHold(hold: NewBooking['appointment'], expiresAt: Date): Promise<void> {
    await this.lockPeople(hold.counsellorId, hold.interpreterId);
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(AppointmentEntity)
      .values({ ...hold, status: 'held', holdExpiresAt: expiresAt })
      .execute();
  }

  /** The held time becomes a booking, if it is still held and its hold has not run out at `now`. */
  async confirmHold(id: string, now: Date): Promise<AppointmentEntity | null> {
    const result = await this.manager
      .createQueryBuilder()
      .update(AppointmentEntity)
      .set({ status: 'confirmed', holdExpiresAt: null, version: () => 'version + 1' })
      .where("id = :id AND status = 'held' AND hold_expires_at > :now", { id, now })
      .execute();
    if ((result.affected ?? 0) === 0) return null;
    return this.manager.getRepository(AppointmentEntity).findOneByOrFail({ id });
  }

  /** Live future appointments of a contact address (what the per-contact limit counts). */
  async countLive(channel: string, value: string, now: Date): Promise<number> {
    const [row] = await this.manager.query<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM appointment
        WHERE contact_value = $2 AND contact_channel = $1::contact_channel
          AND status = 'confirmed' AND ends_at > $3`,
      [channel, value, now],
    );
    return row.n;
  }

  async insertToken(appointmentId: string, tokenHash: string): Promise<void> {
    await this.manager.getRepository(ManageTokenEntity).insert({ appointmentId, tokenHash });
  }

  /**
   * Serialises requests with the same Idempotency-Key (transaction-scoped advisory lock) and tells
   * whether an earlier one already committed: then this one replays instead of booking again.
   */
  async claimIdempotencyKey(keyHash: string): Promise<boolean> {
    await this.lock([keyHash]);
    const rows = await preparedQuery(
      this.manager,
      'SELECT 1 FROM idempotency_key WHERE key_hash = $1',
      [keyHash],
    );
    return rows.length === 0;
  }

  async audit(
    actor: Actor,
    action: string,
    appointmentId: string,
    changes: Record<string, unknown>,
  ): Promise<void> {
    // Plain INSERTs: these run on every booking, and need nothing back. The entry is of the
    // appointment's office (a missing appointment fails on the NOT NULL, loudly).
    await this.manager.query(
      'INSERT INTO audit_event (actor_type, actor_id, action, appointment_id, changes, office_id) VALUES ($1, $2, $3, $4, $5, (SELECT office_id FROM appointment WHERE id = $4))',
      [actor.type, actor.id, action, appointmentId, JSON.stringify(changes)],
    );
  }

  async emit(
    type: AppointmentEventType,
    appointment: Pick<AppointmentEntity, 'id' | 'version'>,
  ): Promise<void> {
    await this.manager.query(
      'INSERT INTO outbox_event (type, appointment_id, payload) VALUES ($1, $2, $3)',
      [type, appointment.id, JSON.stringify({ version: appointment.version })],
    );
  }
}

export interface AppointmentListFilter {
  from: Date;
  to: Date;
  counsellorId?: string;
  /** Only this office's appointments (what staff lists ask for). */
  officeId?: string;
}

/** The only place that touches appointment tables. */
@Injectable()
export class AppointmentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `work` in one transaction, run again if it was a deadlock's victim (see retryDeadlock). */
  transaction<T>(work: (tx: AppointmentTransaction) => Promise<T>): Promise<T> {
    return retryDeadlock(() =>
      this.dataSource.transaction((manager) => work(new AppointmentTransaction(manager))),
    );
  }

  /** An appointment; a held time is no appointment yet (see findHeld). */
  findById(id: string): Promise<AppointmentEntity | null> {
    return this.dataSource.getRepository(AppointmentEntity).findOne({
      where: { id, status: Not('held') },
      relations: { consultationType: true, counsellor: true, interpreter: true },
    });
  }

  findHeld(id: string): Promise<AppointmentEntity | null> {
    return this.dataSource.getRepository(AppointmentEntity).findOne({
      where: { id, status: 'held' },
      relations: { consultationType: true, counsellor: true, interpreter: true },
    });
  }

  /** Frees a held time (a booking is never touched). */
  async deleteHold(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM appointment WHERE id = $1 AND status = 'held'`, [id]);
  }

  /** Frees every held time whose hold ran out at `at`; the ids freed. */
  async deleteLapsedHolds(at: Date): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH freed AS (
         DELETE FROM appointment WHERE status = 'held' AND hold_expires_at <= $1 RETURNING id)
       SELECT id FROM freed`,
      [at],
    );
    return rows.map((row) => row.id);
  }

  /** One query: the token's appointment with its type, counsellor and office. */
  findByTokenHash(tokenHash: string): Promise<AppointmentEntity | null> {
    return this.dataSource
      .getRepository(AppointmentEntity)
      .createQueryBuilder('appointment')
      .innerJoin(ManageTokenEntity, 'token', 'token.appointment_id = appointment.id')
      .leftJoinAndSelect('appointment.consultationType', 'type')
      .leftJoinAndSelect('appointment.counsellor', 'counsellor')
      .leftJoinAndSelect('appointment.interpreter', 'interpreter')
      .innerJoinAndSelect('appointment.office', 'office')
      .where('token.token_hash = :tokenHash', { tokenHash })
      .getOne();
  }

  async insertTokenIfExists(appointmentId: string, tokenHash: string): Promise<boolean> {
    const rows = await preparedQuery(
      this.dataSource.manager,
      `INSERT INTO manage_token (token_hash, appointment_id)
       SELECT $2, id FROM appointment WHERE id = $1 AND status = 'confirmed' RETURNING token_hash`,
      [appointmentId, tokenHash],
    );
    return rows.length > 0;
  }

  findIdempotencyKey(keyHash: string): Promise<IdempotencyKeyEntity | null> {
    return this.dataSource.getRepository(IdempotencyKeyEntity).findOneBy({ keyHash });
  }

  list(filter: AppointmentListFilter): Promise<AppointmentEntity[]> {
    const query = this.dataSource
      .getRepository(AppointmentEntity)
      .createQueryBuilder('appointment')
      .innerJoinAndSelect('appointment.consultationType', 'type')
      .innerJoinAndSelect('appointment.counsellor', 'counsellor')
      .leftJoinAndSelect('appointment.interpreter', 'interpreter')
      .where('appointment.startsAt >= :from AND appointment.startsAt < :to', filter)
      // Times held for waitlisted clients are no appointments (yet).
      .andWhere("appointment.status <> 'held'")
      .orderBy('appointment.startsAt', 'ASC');
    if (filter.counsellorId) query.andWhere('appointment.counsellorId = :counsellorId', filter);
    if (filter.officeId) query.andWhere('appointment.officeId = :officeId', filter);
    return query.getMany();
  }

  /**
   * Appointments per counsellor in [from, to), cancelled ones not counted: for fair assignment. With
   * role 'interpreter', per interpreter: the appointments they interpret.
   */
  async loadByCounsellor(
    counsellorIds: string[],
    from: Date,
    to: Date,
    role: 'counsellor' | 'interpreter' = 'counsellor',
  ): Promise<Map<string, number>> {
    const column = role === 'interpreter' ? 'interpreter_id' : 'counsellor_id';
    const rows = await this.dataSource.query<{ person_id: string; n: string }[]>(
      `SELECT ${column} AS person_id, count(*) AS n FROM appointment
        WHERE ${column} = ANY($1::uuid[]) AND status <> 'cancelled' AND starts_at >= $2 AND starts_at < $3
        GROUP BY ${column}`,
      [counsellorIds, from, to],
    );
    return new Map(rows.map((row) => [row.person_id, Number(row.n)]));
  }

  /** One office's audit entries (of one appointment, if named), newest first. */
  auditTrail(officeId: string, appointmentId?: string, limit = 200): Promise<AuditEventEntity[]> {
    return this.dataSource.getRepository(AuditEventEntity).find({
      where: { officeId, ...(appointmentId !== undefined && { appointmentId }) },
      order: { id: 'DESC' },
      take: limit,
    });
  }
}
