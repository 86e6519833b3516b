import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { preparedQuery } from '@app/common';
import type { AppointmentStatus, ContactChannel } from '@app/appointments';
import type { AppointmentEventPayload, NotificationKind } from '@app/queue';
import type { Channel, LocalizedText } from '@app/roster';
import { NotificationEntity, type NotificationStatus } from './notification.entity.js';

/** What a message about one appointment needs, read fresh when it is sent. */
export interface AppointmentView {
  id: string;
  version: number;
  status: AppointmentStatus;
  startsAt: Date;
  endsAt: Date;
  pseudonym: string | null;
  language: string;
  timeZone: string;
  contactChannel: ContactChannel | null;
  contactValue: string | null;
  needsInterpreter: boolean;
  /** The booked interpreter's language, if one is booked (BCP 47). */
  interpreterLanguage: string | null;
  typeName: LocalizedText;
  /** The type's channel, or 'phone' once staff switched a video appointment to a phone call. */
  channel: Channel;
  joinOpensMinutesBefore: number;
  reminderOffsetsMinutes: number[];
  counsellorId: string;
  counsellorName: string;
  counsellorLanguages: string[];
  counsellorTimeZone: string;
  /** The linked staff account's address: counsellor notices go there. */
  counsellorEmail: string | null;
  /** The appointment's office, named in every client message (its own controller under GDPR). */
  officeName: LocalizedText;
  officeSlug: string;
  officeContactEmail: string | null;
  officeContactPhone: string | null;
  officeRetentionDays: number;
}

export interface AgendaCounsellor {
  id: string;
  /** Interpreters get their agenda too: the appointments they interpret in. */
  kind: 'counsellor' | 'interpreter';
  timeZone: string;
  languages: string[];
  email: string;
}

/** A confirmed appointment still ahead, with what its reminders are planned from. */
export interface UpcomingAppointment {
  id: string;
  version: number;
  startsAt: Date;
  reminderOffsetsMinutes: number[];
}

/** An appointment as its notices and reminders are planned from. */
export interface PlanningState extends UpcomingAppointment {
  status: AppointmentStatus;
}

/** An appointment event of the outbox, as the notices it causes are planned from. */
export interface RecentEvent {
  id: string;
  type: AppointmentEventPayload['type'];
  appointmentId: string;
  version: number;
  /** Created within the window asked for. */
  recent: boolean;
}

export interface ClaimedNotification {
  id: string;
  status: NotificationStatus;
  attempts: number;
  /** A manage token asked of the claim was written (the appointment is still confirmed). */
  manageTokenIssued?: boolean;
}

/** How many log entries of one kind are in one status. */
export interface KindStatusCount {
  kind: NotificationKind;
  status: NotificationStatus;
  count: number;
}

/** A conversation as its client's "new message" notice is made from, read fresh when it is sent. */
export interface ConversationNoticeView {
  conversationId: string;
  officeId: string;
  appointmentId: string | null;
  ticketId: string | null;
  /** A counsellor's message the client has not read yet. */
  unread: boolean;
  /** The client's data of its appointment or ticket is erased: nobody to tell any more. */
  erased: boolean;
  language: string;
  contactChannel: ContactChannel | null;
  contactValue: string | null;
  officeName: LocalizedText;
  officeSlug: string;
  /** The client's zone (the appointment's, else the office's): no notice in its night. */
  zone: string;
}

/** A counsellor's unread client messages, counted as of a digest's moment. */
export interface UnreadCounts {
  conversations: number;
  messages: number;
}

/** A counsellor due for their morning digest, and the office-local date it is for. */
export interface DueDigest {
  counsellorId: string;
  date: string;
}

/** The local time (office zone) as of which the morning digest counts, and from which it is sent. */
export const DIGEST_TIME = '07:30';

/**
 * How long after DIGEST_TIME a digest is still planned (the planner runs every few minutes; this
 * covers a worker that was down for a while). Later the day's digest is left out: the messages
 * still unread count in the next morning's. Outside these hours the planning query touches no
 * conversation at all.
 */
export const DIGEST_CATCH_UP_HOURS = 3;

/** Work that must commit with a successful claim (the survey's link): runs on the claim's transaction. */
export type ClaimHook = (manager: EntityManager) => Promise<void>;

/** What a successful claim writes besides the log entry. */
export type ClaimWith =
  /** Runs on the claim's transaction (the survey writes its link). */
  | { hook: ClaimHook }
  /**
   * A manage token for the appointment, if it is still confirmed, by the claim's own statement:
   * the client's link, without a round trip of its own.
   */
  | { manageToken: { appointmentId: string; tokenHash: string } };

export interface NewNotification {
  key: string;
  kind: NotificationKind;
  appointmentId: string | null;
  appointmentVersion: number | null;
  counsellorId: string | null;
  /** Given where neither an appointment nor a counsellor says it (a walk-in ticket's message). */
  officeId?: string;
  channel: string;
}

const VIEW = `
  SELECT a.id, a.version, a.status, a.starts_at AS "startsAt", a.ends_at AS "endsAt",
         a.client_pseudonym AS pseudonym, a.client_language AS language,
         a.client_time_zone AS "timeZone", a.contact_channel AS "contactChannel",
         a.contact_value AS "contactValue", a.needs_interpreter AS "needsInterpreter",
         a.interpreter_language AS "interpreterLanguage",
         t.name AS "typeName",
         CASE WHEN v.switched_to_phone_at IS NOT NULL THEN 'phone' ELSE t.channel END AS channel,
         t.join_opens_minutes_before AS "joinOpensMinutesBefore",
         t.reminder_offsets_minutes AS "reminderOffsetsMinutes",
         c.id AS "counsellorId", c.display_name AS "counsellorName",
         c.languages AS "counsellorLanguages", c.time_zone AS "counsellorTimeZone",
         s.email AS "counsellorEmail",
         o.name AS "officeName", o.slug AS "officeSlug", o.contact_email AS "officeContactEmail",
         o.contact_phone AS "officeContactPhone", o.retention_days AS "officeRetentionDays"
    FROM appointment a
    JOIN office o ON o.id = a.office_id
    JOIN consultation_type t ON t.id = a.consultation_type_id
    JOIN counsellor c ON c.id = a.counsellor_id
    LEFT JOIN staff_account s ON s.id = c.staff_id AND s.active
    LEFT JOIN video_session v ON v.appointment_id = a.id`;
const APPOINTMENT_BY_ID = `${VIEW} WHERE a.id = $1`;

/**
 * Claims the log entry of $1 for the sender $7 for $8 seconds (see claim); without RETURNING. The
 * office is the appointment's, or for an agenda the counsellor's.
 */
const CLAIM = `INSERT INTO notification (key, kind, appointment_id, appointment_version, counsellor_id, channel,
                                 attempts, status, claimed_by, claimed_until, office_id)
       VALUES ($1, $2, $3, $4, $5, $6, 1, 'sending', $7, now() + make_interval(secs => $8),
               coalesce($9::uuid, (SELECT office_id FROM appointment WHERE id = $3::uuid),
                        (SELECT office_id FROM counsellor WHERE id = $5::uuid)))
       ON CONFLICT (key) DO UPDATE
          SET attempts = notification.attempts + 1, status = 'sending', updated_at = now(),
              claimed_by = EXCLUDED.claimed_by, claimed_until = EXCLUDED.claimed_until
        WHERE notification.status IN ('pending', 'failed')
           OR (notification.status = 'sending'
               AND (notification.claimed_by = EXCLUDED.claimed_by OR notification.claimed_until < now()))`;

/** The notification log, and the reads that messages are made from. */
@Injectable()
export class NotificationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async appointment(id: string): Promise<AppointmentView | null> {
    const [row] = await preparedQuery<AppointmentView>(this.dataSource.manager, APPOINTMENT_BY_ID, [
      id,
    ]);
    return row ?? null;
  }

  /**
   * A counsellor's (or an interpreter's) live appointments that start in [from, to), in order.
   * A roster person is either one or the other, so one id matches one of the two columns.
   */
  agendaOf(counsellorId: string, from: Date, to: Date): Promise<AppointmentView[]> {
    return this.dataSource.query<AppointmentView[]>(
      `${VIEW} WHERE (a.counsellor_id = $1 OR a.interpreter_id = $1) AND a.status = 'confirmed'
                 AND a.starts_at >= $2 AND a.starts_at < $3 ORDER BY a.starts_at`,
      [counsellorId, from, to],
    );
  }

  /** Active counsellors with an active staff account to mail (or just the one asked for). */
  agendaCounsellors(id?: string): Promise<AgendaCounsellor[]> {
    return this.dataSource.query<AgendaCounsellor[]>(
      `SELECT c.id, c.kind, c.time_zone AS "timeZone", c.languages, s.email
         FROM counsellor c JOIN staff_account s ON s.id = c.staff_id AND s.active
        WHERE c.active AND ($1::uuid IS NULL OR c.id = $1) ORDER BY c.id`,
      [id ?? null],
    );
  }

  /** The planning state of each of these appointments that exists, in no particular order. */
  planningStates(ids: string[]): Promise<PlanningState[]> {
    return this.dataSource.query<PlanningState[]>(
      `SELECT a.id, a.version, a.status, a.starts_at AS "startsAt",
              t.reminder_offsets_minutes AS "reminderOffsetsMinutes"
         FROM appointment a JOIN consultation_type t ON t.id = a.consultation_type_id
        WHERE a.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Confirmed appointments starting after `now`, in id order after `afterId` (keyset pages). */
  upcoming(now: Date, afterId: string | null, limit: number): Promise<UpcomingAppointment[]> {
    return this.dataSource.query<UpcomingAppointment[]>(
      `SELECT a.id, a.version, a.starts_at AS "startsAt",
              t.reminder_offsets_minutes AS "reminderOffsetsMinutes"
         FROM appointment a JOIN consultation_type t ON t.id = a.consultation_type_id
        WHERE a.status = 'confirmed' AND a.starts_at > $1 AND ($2::uuid IS NULL OR a.id > $2)
        ORDER BY a.id LIMIT $3`,
      [now, afterId, limit],
    );
  }

  /**
   * Outbox events newest first, below `beforeId` (keyset pages over the primary key, so a run costs
   * what the window holds, not the whole table), each marked whether the database stamped it within
   * the last `windowSeconds`: the database's clock, since it is the one that wrote `created_at`.
   */
  recentEvents(
    windowSeconds: number,
    beforeId: string | null,
    limit: number,
  ): Promise<RecentEvent[]> {
    return this.dataSource.query<RecentEvent[]>(
      `SELECT id::text AS id, type, appointment_id AS "appointmentId",
              (payload->>'version')::int AS version,
              created_at >= now() - make_interval(secs => $2) AS recent
         FROM outbox_event WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $3`,
      [beforeId, windowSeconds, limit],
    );
  }

  /** The conversation of a "new message" notice, with its appointment's or ticket's client. */
  async conversationNotice(id: string): Promise<ConversationNoticeView | null> {
    const [row] = await this.dataSource.query<ConversationNoticeView[]>(
      `SELECT c.id AS "conversationId", c.office_id AS "officeId", c.appointment_id AS "appointmentId",
              c.walk_in_ticket_id AS "ticketId",
              coalesce(c.last_counsellor_message_at > coalesce(c.client_read_at, '-infinity'), false) AS unread,
              CASE WHEN c.appointment_id IS NOT NULL THEN a.personal_data_erased_at IS NOT NULL
                   ELSE t.personal_data_erased_at IS NOT NULL END AS erased,
              CASE WHEN c.appointment_id IS NOT NULL THEN a.client_language ELSE t.language END AS language,
              CASE WHEN c.appointment_id IS NOT NULL THEN a.contact_channel ELSE t.contact_channel END
                AS "contactChannel",
              CASE WHEN c.appointment_id IS NOT NULL THEN a.contact_value ELSE t.contact_value END
                AS "contactValue",
              o.name AS "officeName", o.slug AS "officeSlug",
              coalesce(a.client_time_zone, o.time_zone) AS zone
         FROM conversation c
         JOIN office o ON o.id = c.office_id
         LEFT JOIN appointment a ON a.id = c.appointment_id
         LEFT JOIN walk_in_ticket t ON t.id = c.walk_in_ticket_id
        WHERE c.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /**
   * The zone the client lives in, for keeping notices out of their night: the appointment's
   * client zone, else (a walk-in ticket has none) the office's.
   */
  async clientZone(officeId: string, appointmentId: string | null): Promise<string | null> {
    const [row] = await this.dataSource.query<{ zone: string }[]>(
      `SELECT coalesce((SELECT client_time_zone FROM appointment WHERE id = $2 AND office_id = $1),
                       o.time_zone) AS zone
         FROM office o WHERE o.id = $1`,
      [officeId, appointmentId],
    );
    return row?.zone ?? null;
  }

  /** When the conversation's latest client notice goes (or went) out; null before the first. */
  async noticeAt(conversationId: string): Promise<Date | null> {
    const [row] = await this.dataSource.query<{ at: Date }[]>(
      'SELECT notice_at AS at FROM conversation_notice WHERE conversation_id = $1',
      [conversationId],
    );
    return row ? new Date(row.at) : null;
  }

  /**
   * Claims `at` for the conversation's next client notice, if the latest is still `previous` (null:
   * there was none): a compare-and-set, so that of two plans made at once only one wins, and the
   * other plans again from what won.
   */
  async claimNoticeAt(conversationId: string, previous: Date | null, at: Date): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      previous
        ? `UPDATE conversation_notice SET notice_at = $3
            WHERE conversation_id = $1 AND notice_at = $2 RETURNING 1`
        : `INSERT INTO conversation_notice (conversation_id, notice_at)
           SELECT $1, $3 WHERE $2::timestamptz IS NULL
           ON CONFLICT (conversation_id) DO NOTHING RETURNING 1`,
      [conversationId, previous, at],
    );
    return rows.length > 0;
  }

  /**
   * A notice due at night waits for the morning: the conversation's latest notice moves there
   * (never back), so that a message meanwhile counts it as the pending one.
   */
  async deferNotice(conversationId: string, until: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO conversation_notice (conversation_id, notice_at)
       SELECT id, $2 FROM conversation WHERE id = $1
       ON CONFLICT (conversation_id) DO UPDATE SET notice_at = $2
        WHERE conversation_notice.notice_at < $2`,
      [conversationId, until],
    );
  }

  /**
   * The notice of this quiet window (log key `key`) was skipped (the client read first): if it is
   * still the conversation's latest and did not go out by another job, it no longer holds the next
   * message back.
   */
  async releaseNotice(
    conversationId: string,
    window: number,
    quietMinutes: number,
    key: string,
  ): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM conversation_notice
        WHERE conversation_id = $1
          AND floor(extract(epoch FROM notice_at) * 1000 / ($3::bigint * 60000)) = $2
          AND NOT EXISTS (SELECT 1 FROM notification WHERE key = $4 AND status = 'sent')`,
      [conversationId, window, quietMinutes, key],
    );
  }

  /**
   * The conversations' client notices planned for after `since` whose conversation still has a
   * counsellor message the client has not read: what the queue should hold a job for (or has sent).
   */
  plannedNotices(since: Date): Promise<{ conversationId: string; noticeAt: Date }[]> {
    return this.dataSource.query(
      `SELECT n.conversation_id AS "conversationId", n.notice_at AS "noticeAt"
         FROM conversation_notice n JOIN conversation c ON c.id = n.conversation_id
        WHERE n.notice_at > $1
          AND c.last_counsellor_message_at > coalesce(c.client_read_at, '-infinity')`,
      [since],
    );
  }

  /**
   * A manage token for the notice of this quiet window, while the client's data is there (whatever
   * the appointment's status: a conversation outlives it by days), stored only as its hash; the
   * tokens of earlier notices are revoked at the same time. An appointment thus has, beside its
   * booking's and reminders' tokens, only the live tokens of its latest notice (one per chat).
   */
  async issueNoticeToken(
    conversationId: string,
    appointmentId: string,
    window: number,
    tokenHash: string,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const minted = await manager.query<unknown[]>(
        `INSERT INTO manage_token (token_hash, appointment_id)
         SELECT $2, id FROM appointment WHERE id = $1 AND personal_data_erased_at IS NULL
         RETURNING token_hash`,
        [appointmentId, tokenHash],
      );
      if (minted.length === 0) return false;
      await manager.query(
        'INSERT INTO conversation_notice_token (token_hash, conversation_id, quiet_window) VALUES ($1, $2, $3)',
        [tokenHash, conversationId, window],
      );
      // The token rows go with their manage tokens (ON DELETE CASCADE).
      await manager.query(
        `DELETE FROM manage_token WHERE token_hash IN (
           SELECT token_hash FROM conversation_notice_token
            WHERE conversation_id = $1 AND quiet_window < $2)`,
        [conversationId, window],
      );
      return true;
    });
  }

  /**
   * Counsellors (active, with an active account to mail) whose office's local time has reached
   * DIGEST_TIME today and who had unread client messages at that moment, with that local date.
   * The counsellor of a conversation is its appointment's, or its ticket's caller (else the
   * colleague it was handed to); erased clients' conversations count no more. Only offices whose
   * DIGEST_TIME passed less than DIGEST_CATCH_UP_HOURS ago are looked at: the rest of the day
   * (every run but a few dozen) the conversations are not read at all, and then only those of
   * such offices (by ix_conversation_office).
   */
  dueDigests(now: Date): Promise<DueDigest[]> {
    return this.dataSource.query<DueDigest[]>(
      `WITH office_moment AS (
         SELECT o.id, ($1::timestamptz AT TIME ZONE o.time_zone)::date AS day,
                (($1::timestamptz AT TIME ZONE o.time_zone)::date + $2::time) AT TIME ZONE o.time_zone
                  AS moment
           FROM office o)
       SELECT DISTINCT co.id AS "counsellorId", to_char(om.day, 'YYYY-MM-DD') AS date
         FROM office_moment om
         JOIN conversation c ON c.office_id = om.id
         AND om.moment <= $1 AND om.moment > $1::timestamptz - make_interval(hours => $3)
         LEFT JOIN appointment a ON a.id = c.appointment_id AND a.personal_data_erased_at IS NULL
         LEFT JOIN walk_in_ticket t ON t.id = c.walk_in_ticket_id AND t.personal_data_erased_at IS NULL
         JOIN counsellor co ON co.active
          AND co.id = coalesce(a.counsellor_id, t.counsellor_id, t.assigned_counsellor_id)
         JOIN staff_account s ON s.id = co.staff_id AND s.active
        WHERE c.last_client_message_at > coalesce(c.counsellor_read_at, '-infinity')
          AND EXISTS (SELECT 1 FROM conversation_message m
                       WHERE m.conversation_id = c.id AND m.author = 'client'
                         AND m.created_at > coalesce(c.counsellor_read_at, '-infinity')
                         AND m.created_at <= om.moment)
        ORDER BY co.id`,
      [now, DIGEST_TIME, DIGEST_CATCH_UP_HOURS],
    );
  }

  /**
   * A counsellor's client messages that were unread at DIGEST_TIME of this office-local date and
   * still are, and in how many conversations.
   */
  async unreadCounts(counsellorId: string, date: string): Promise<UnreadCounts> {
    const [row] = await this.dataSource.query<UnreadCounts[]>(
      `SELECT count(DISTINCT c.id)::int AS conversations, count(m.id)::int AS messages
         FROM conversation c
         JOIN office o ON o.id = c.office_id
         LEFT JOIN appointment a ON a.id = c.appointment_id AND a.personal_data_erased_at IS NULL
         LEFT JOIN walk_in_ticket t ON t.id = c.walk_in_ticket_id AND t.personal_data_erased_at IS NULL
         JOIN conversation_message m ON m.conversation_id = c.id AND m.author = 'client'
          AND m.created_at > coalesce(c.counsellor_read_at, '-infinity')
          AND m.created_at <= ($2::date + $3::time) AT TIME ZONE o.time_zone
        WHERE coalesce(a.counsellor_id, t.counsellor_id, t.assigned_counsellor_id) = $1`,
      [counsellorId, date, DIGEST_TIME],
    );
    return row ?? { conversations: 0, messages: 0 };
  }

  async existingKeys(keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.dataSource.query<{ key: string }[]>(
      'SELECT key FROM notification WHERE key = ANY($1::varchar[])',
      [keys],
    );
    return new Set(rows.map((row) => row.key));
  }

  /**
   * Claims the log entry for this key (created on first use) for one sender: the claim holds for
   * `leaseSeconds`, or until released. Answers `sent` when a send already succeeded, `busy` when
   * another job holds an unexpired claim; the same job (a retry, or a worker restarted after a
   * crash) may always claim again. Every successful claim counts an attempt.
   */
  async claim(
    entry: NewNotification,
    claimant: string,
    leaseSeconds: number,
    /** What the claim writes besides, when it succeeds. */
    claimWith?: ClaimWith,
  ): Promise<ClaimedNotification | { id: string; status: 'sent' | 'busy' }> {
    const claimed =
      claimWith && 'hook' in claimWith
        ? await this.dataSource.transaction(async (manager) => {
            const row = await this.claimOn(manager, entry, claimant, leaseSeconds);
            if (row) await claimWith.hook(manager);
            return row;
          })
        : await this.claimOn(
            this.dataSource.manager,
            entry,
            claimant,
            leaseSeconds,
            claimWith?.manageToken,
          );
    if (claimed) return claimed;
    const [current] = await this.dataSource.query<{ id: string; status: string }[]>(
      'SELECT id, status FROM notification WHERE key = $1',
      [entry.key],
    );
    return { id: current.id, status: current.status === 'sent' ? 'sent' : 'busy' };
  }

  private async claimOn(
    manager: EntityManager,
    entry: NewNotification,
    claimant: string,
    leaseSeconds: number,
    manageToken?: { appointmentId: string; tokenHash: string },
  ): Promise<ClaimedNotification | undefined> {
    const parameters = [
      entry.key,
      entry.kind,
      entry.appointmentId,
      entry.appointmentVersion,
      entry.counsellorId,
      entry.channel,
      claimant,
      leaseSeconds,
      entry.officeId ?? null,
    ];
    if (!manageToken) {
      const [claimed] = await preparedQuery<ClaimedNotification>(
        manager,
        `${CLAIM} RETURNING id, status, attempts`,
        parameters,
      );
      return claimed;
    }
    // The token only with a claim that succeeded (the CTE reads its row).
    const [claimed] = await preparedQuery<ClaimedNotification>(
      manager,
      `WITH claimed AS (${CLAIM} RETURNING id, status, attempts),
            token AS (
              INSERT INTO manage_token (token_hash, appointment_id)
              SELECT $11, id FROM appointment
               WHERE id = $10::uuid AND status = 'confirmed' AND EXISTS (SELECT FROM claimed)
              RETURNING token_hash)
       SELECT id, status, attempts, EXISTS (SELECT FROM token) AS "manageTokenIssued" FROM claimed`,
      [...parameters, manageToken.appointmentId, manageToken.tokenHash],
    );
    return claimed;
  }

  /** One office's log entries per kind and status, of those created since `since` (all without it). */
  countByKindAndStatus(officeId: string, since?: Date): Promise<KindStatusCount[]> {
    return this.dataSource.query<KindStatusCount[]>(
      `SELECT kind, status, count(*)::int AS count FROM notification
        WHERE office_id = $1 AND ($2::timestamptz IS NULL OR created_at >= $2) GROUP BY kind, status`,
      [officeId, since ?? null],
    );
  }

  /** One office's failed notifications, the most recently failed first, before `before` (keyset pages). */
  failed(officeId: string, limit: number, before?: Date): Promise<NotificationEntity[]> {
    const query = this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where("n.status = 'failed'")
      .andWhere('n.office_id = :officeId', { officeId })
      .orderBy('n.updated_at', 'DESC')
      .limit(limit);
    if (before) query.andWhere('n.updated_at < :before', { before });
    return query.getMany();
  }

  async markSent(id: string, at: Date): Promise<void> {
    await preparedQuery(
      this.dataSource.manager,
      `UPDATE notification SET status = 'sent', sent_at = $2, last_error = NULL, updated_at = now(),
              claimed_by = NULL, claimed_until = NULL
        WHERE id = $1`,
      [id, at],
    );
  }

  /**
   * Records an attempt's error and releases the claim; `final` marks the notification failed (no
   * more attempts), otherwise it waits for the retry.
   */
  async recordError(id: string, error: string, final: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification SET last_error = $2, updated_at = now(), claimed_by = NULL, claimed_until = NULL,
              status = CASE WHEN $3 THEN 'failed' ELSE 'pending' END::notification_status
        WHERE id = $1 AND status <> 'sent'`,
      [id, error.slice(0, 500), final],
    );
  }
}
