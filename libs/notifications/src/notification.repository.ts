import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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
}

/** How many log entries of one kind are in one status. */
export interface KindStatusCount {
  kind: NotificationKind;
  status: NotificationStatus;
  count: number;
}

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

/** The notification log, and the reads that messages are made from. */
@Injectable()
export class NotificationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async appointment(id: string): Promise<AppointmentView | null> {
    const [row] = await this.dataSource.query<AppointmentView[]>(`${VIEW} WHERE a.id = $1`, [id]);
    return row ?? null;
  }

  /** A counsellor's live appointments that start in [from, to), in order. */
  agendaOf(counsellorId: string, from: Date, to: Date): Promise<AppointmentView[]> {
    return this.dataSource.query<AppointmentView[]>(
      `${VIEW} WHERE a.counsellor_id = $1 AND a.status = 'confirmed'
                 AND a.starts_at >= $2 AND a.starts_at < $3 ORDER BY a.starts_at`,
      [counsellorId, from, to],
    );
  }

  /** Active counsellors with an active staff account to mail (or just the one asked for). */
  agendaCounsellors(id?: string): Promise<AgendaCounsellor[]> {
    return this.dataSource.query<AgendaCounsellor[]>(
      `SELECT c.id, c.time_zone AS "timeZone", c.languages, s.email
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
  ): Promise<ClaimedNotification | { id: string; status: 'sent' | 'busy' }> {
    const [claimed] = await this.dataSource.query<ClaimedNotification[]>(
      // The office is the appointment's, or for an agenda the counsellor's.
      `INSERT INTO notification (key, kind, appointment_id, appointment_version, counsellor_id, channel,
                                 attempts, status, claimed_by, claimed_until, office_id)
       VALUES ($1, $2, $3, $4, $5, $6, 1, 'sending', $7, now() + make_interval(secs => $8),
               coalesce($9::uuid, (SELECT office_id FROM appointment WHERE id = $3::uuid),
                        (SELECT office_id FROM counsellor WHERE id = $5::uuid)))
       ON CONFLICT (key) DO UPDATE
          SET attempts = notification.attempts + 1, status = 'sending', updated_at = now(),
              claimed_by = EXCLUDED.claimed_by, claimed_until = EXCLUDED.claimed_until
        WHERE notification.status IN ('pending', 'failed')
           OR (notification.status = 'sending'
               AND (notification.claimed_by = EXCLUDED.claimed_by OR notification.claimed_until < now()))
       RETURNING id, status, attempts`,
      [
        entry.key,
        entry.kind,
        entry.appointmentId,
        entry.appointmentVersion,
        entry.counsellorId,
        entry.channel,
        claimant,
        leaseSeconds,
        entry.officeId ?? null,
      ],
    );
    if (claimed) return claimed;
    const [current] = await this.dataSource.query<{ id: string; status: string }[]>(
      'SELECT id, status FROM notification WHERE key = $1',
      [entry.key],
    );
    return { id: current.id, status: current.status === 'sent' ? 'sent' : 'busy' };
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
    await this.dataSource.query(
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
