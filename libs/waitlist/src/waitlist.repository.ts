import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ContactChannel } from '@app/appointments';
import { WaitlistEntryEntity, WaitlistTokenEntity } from './waitlist.entities.js';

export interface NewEntry {
  officeId: string;
  consultationTypeId: string;
  language: string | null;
  interpreterLanguage: string | null;
  fromDate: string;
  toDate: string;
  pseudonym: string;
  clientLanguage: string;
  contactChannel: ContactChannel;
  contactValue: string;
  now: Date;
}

/** Anonymous counts of one office's entries: the statistics of unmet demand. */
export interface WaitlistCount {
  consultationTypeId: string;
  language: string | null;
  status: string;
  entries: number;
}

/** The only place that touches the waitlist tables. */
@Injectable()
export class WaitlistRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get entries() {
    return this.dataSource.getRepository(WaitlistEntryEntity);
  }

  /**
   * Inserts an entry with its first token, unless the contact already holds `maxPerContact` live
   * entries: the contact is locked until commit, so that the limit holds under concurrency. Null
   * when the limit was reached.
   */
  insert(
    entry: NewEntry,
    tokenHash: string,
    maxPerContact: number,
  ): Promise<WaitlistEntryEntity | null> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `waitlist-contact:${entry.contactChannel}:${entry.contactValue}`,
      ]);
      const [{ live }] = await manager.query<[{ live: number }]>(
        `SELECT count(*)::int AS live FROM waitlist_entry
          WHERE contact_value = $1 AND contact_channel = $2 AND status IN ('waiting', 'offered')`,
        [entry.contactValue, entry.contactChannel],
      );
      if (live >= maxPerContact) return null;
      const created = manager.create(WaitlistEntryEntity, {
        officeId: entry.officeId,
        consultationTypeId: entry.consultationTypeId,
        language: entry.language,
        interpreterLanguage: entry.interpreterLanguage,
        fromDate: entry.fromDate,
        toDate: entry.toDate,
        pseudonym: entry.pseudonym,
        clientLanguage: entry.clientLanguage,
        contactChannel: entry.contactChannel,
        contactValue: entry.contactValue,
        status: 'waiting',
        queuedAt: entry.now,
        createdAt: entry.now,
      });
      const saved = await manager.save(created);
      await manager.getRepository(WaitlistTokenEntity).insert({ tokenHash, entryId: saved.id });
      return saved;
    });
  }

  /** The entry behind a token hash, with its type and office. */
  findByTokenHash(tokenHash: string): Promise<WaitlistEntryEntity | null> {
    return this.entries
      .createQueryBuilder('entry')
      .innerJoin(WaitlistTokenEntity, 'token', 'token.entry_id = entry.id')
      .innerJoinAndSelect('entry.consultationType', 'type')
      .innerJoinAndSelect('entry.office', 'office')
      .leftJoinAndSelect('entry.offeredAppointment', 'offer')
      .where('token.token_hash = :tokenHash', { tokenHash })
      .getOne();
  }

  findById(id: string): Promise<WaitlistEntryEntity | null> {
    return this.entries.findOne({
      where: { id },
      relations: { consultationType: true, office: true, offeredAppointment: true },
    });
  }

  /** Another link to an entry whose client data is still there (false once erased). */
  async insertToken(entryId: string, tokenHash: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `INSERT INTO waitlist_token (token_hash, entry_id)
       SELECT $2, id FROM waitlist_entry WHERE id = $1 AND personal_data_erased_at IS NULL
       RETURNING token_hash`,
      [entryId, tokenHash],
    );
    return rows.length > 0;
  }

  /** The waiting entries, first come first, with their type and office (for its zone). */
  waiting(limit: number): Promise<WaitlistEntryEntity[]> {
    return this.entries.find({
      where: { status: 'waiting' },
      relations: { consultationType: true, office: true },
      order: { queuedAt: 'ASC', id: 'ASC' },
      take: limit,
    });
  }

  /**
   * The entry is offered the held time, if it still waits (another matcher may have been first:
   * then the caller frees the time again).
   */
  async claimOffer(entryId: string, appointmentId: string, expiresAt: Date): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `WITH claimed AS (
         UPDATE waitlist_entry SET status = 'offered', offered_appointment_id = $2,
                offer_expires_at = $3, offers = offers + 1
          WHERE id = $1 AND status = 'waiting' RETURNING id)
       SELECT id FROM claimed`,
      [entryId, appointmentId, expiresAt],
    );
    return rows.length > 0;
  }

  /**
   * Ends the offers nobody answered by `at`: the entry is expired (or booked, should its time have
   * been taken and the entry not been told). The held times are freed by the caller.
   */
  async lapseOffers(at: Date): Promise<number> {
    const [{ count }] = await this.dataSource.query<[{ count: number }]>(
      `WITH lapsed AS (
         UPDATE waitlist_entry e
            SET status = CASE WHEN a.status = 'confirmed' THEN 'booked'::waitlist_entry_status
                              ELSE 'expired'::waitlist_entry_status END,
                finished_at = $1
           FROM waitlist_entry o LEFT JOIN appointment a ON a.id = o.offered_appointment_id
          WHERE e.id = o.id AND o.status = 'offered' AND o.offer_expires_at <= $1
          RETURNING e.id)
       SELECT count(*)::int AS count FROM lapsed`,
      [at],
    );
    return count;
  }

  /** Ends the waiting entries whose last day (in their office's zone) has passed. */
  async expirePast(at: Date): Promise<number> {
    const [{ count }] = await this.dataSource.query<[{ count: number }]>(
      `WITH expired AS (
         UPDATE waitlist_entry e SET status = 'expired', finished_at = $1
           FROM office o
          WHERE o.id = e.office_id AND e.status = 'waiting'
            AND e.to_date < ($1::timestamptz AT TIME ZONE o.time_zone)::date
          RETURNING e.id)
       SELECT count(*)::int AS count FROM expired`,
      [at],
    );
    return count;
  }

  /** Inside the booking's transaction: the offered entry took its time. Throws when it changed. */
  async markBooked(manager: EntityManager, entryId: string, at: Date): Promise<void> {
    const rows = await manager.query<unknown[]>(
      `WITH booked AS (
         UPDATE waitlist_entry SET status = 'booked', finished_at = $2
          WHERE id = $1 AND status = 'offered' RETURNING id)
       SELECT id FROM booked`,
      [entryId, at],
    );
    if (rows.length === 0) throw new Error('waitlist entry changed while booking its offer');
  }

  /**
   * The client declined the offer: back in line behind everyone, never offered that start again.
   * The held time to free (null when the entry was no longer offered).
   */
  async returnToLine(entryId: string, declinedStart: Date, at: Date): Promise<string | null> {
    const rows = await this.dataSource.query<{ appointment_id: string | null }[]>(
      `WITH old AS (
         SELECT id, offered_appointment_id FROM waitlist_entry
          WHERE id = $1 AND status = 'offered' FOR UPDATE),
       back AS (
         UPDATE waitlist_entry e SET status = 'waiting', queued_at = $3, declined_start = $2,
                offered_appointment_id = NULL, offer_expires_at = NULL
           FROM old WHERE e.id = old.id RETURNING old.offered_appointment_id AS appointment_id)
       SELECT appointment_id FROM back`,
      [entryId, declinedStart, at],
    );
    return rows[0]?.appointment_id ?? null;
  }

  /** The client left the line; the held time to free, if one was offered. Null: not live. */
  async cancel(entryId: string, at: Date): Promise<{ heldAppointmentId: string | null } | null> {
    const rows = await this.dataSource.query<{ appointment_id: string | null; status: string }[]>(
      `WITH old AS (
         SELECT id, status, offered_appointment_id FROM waitlist_entry
          WHERE id = $1 AND status IN ('waiting', 'offered') FOR UPDATE),
       cancelled AS (
         UPDATE waitlist_entry e SET status = 'cancelled', finished_at = $2,
                offered_appointment_id = NULL, offer_expires_at = NULL
           FROM old WHERE e.id = old.id
         RETURNING old.status, old.offered_appointment_id AS appointment_id)
       SELECT status, appointment_id FROM cancelled`,
      [entryId, at],
    );
    if (rows.length === 0) return null;
    return { heldAppointmentId: rows[0].status === 'offered' ? rows[0].appointment_id : null };
  }

  /** One office's entries created in [from, to), newest first (no personal data is read). */
  listOfOffice(officeId: string, from: Date, to: Date): Promise<WaitlistEntryEntity[]> {
    return this.entries
      .createQueryBuilder('entry')
      .select([
        'entry.id',
        'entry.consultationTypeId',
        'entry.language',
        'entry.fromDate',
        'entry.toDate',
        'entry.status',
        'entry.createdAt',
        'entry.offers',
        'entry.finishedAt',
      ])
      .where('entry.officeId = :officeId', { officeId })
      .andWhere('entry.createdAt >= :from AND entry.createdAt < :to', { from, to })
      .orderBy('entry.createdAt', 'DESC')
      .take(500)
      .getMany();
  }

  /** Entries per type, language and status of one office created in [from, to). */
  counts(officeId: string, from: Date, to: Date): Promise<WaitlistCount[]> {
    return this.dataSource.query<WaitlistCount[]>(
      `SELECT consultation_type_id AS "consultationTypeId", language, status::text AS status,
              count(*)::int AS entries
         FROM waitlist_entry
        WHERE office_id = $1 AND created_at >= $2 AND created_at < $3
        GROUP BY consultation_type_id, language, status
        ORDER BY consultation_type_id, language NULLS FIRST, status`,
      [officeId, from, to],
    );
  }

  /**
   * Erases the personal data of entries that ended before their office's retention (counted from
   * their end), and their links; the anonymous rest stays for the statistics.
   */
  async erasePastRetention(at: Date): Promise<number> {
    const [{ count }] = await this.dataSource.query<[{ count: number }]>(
      `WITH due AS (
         SELECT e.id FROM waitlist_entry e JOIN office o ON o.id = e.office_id
          WHERE e.personal_data_erased_at IS NULL AND e.finished_at IS NOT NULL
            AND e.finished_at < $1::timestamptz - make_interval(days => o.retention_days)
          LIMIT 1000 FOR NO KEY UPDATE OF e SKIP LOCKED),
       erased AS (
         UPDATE waitlist_entry e SET pseudonym = NULL, contact_channel = NULL, contact_value = NULL,
                personal_data_erased_at = $1
           FROM due WHERE e.id = due.id RETURNING e.id),
       tokens AS (DELETE FROM waitlist_token k USING erased WHERE k.entry_id = erased.id)
       SELECT count(*)::int AS count FROM erased`,
      [at],
    );
    return count;
  }
}
