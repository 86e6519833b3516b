import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ContactChannel } from '@app/appointments';
import type { LocalizedText } from '@app/roster';

export type SurveySubject = 'appointment' | 'ticket';

/** A consultation as its survey message is made from, read fresh when it is sent. */
export interface SurveySubjectView {
  id: string;
  officeId: string;
  /** Took place: a completed appointment, a served ticket. */
  tookPlace: boolean;
  /** The client's data is erased: nobody to ask any more. */
  erased: boolean;
  language: string;
  contactChannel: ContactChannel | null;
  contactValue: string | null;
  /** The dimensions the invitation copies. */
  month: string;
  channel: string;
  topic: string | null;
  /** When the client's data goes (the office's retention period): the link dies by then. */
  retentionEndsAt: Date;
  officeName: LocalizedText;
  officeSlug: string;
}

/** How far back the planner looks for consultations that took place. */
export const SURVEY_LOOKBACK_DAYS = 3;

const APPOINTMENT = `
  SELECT a.id, a.office_id AS "officeId", a.status = 'completed' AS "tookPlace",
         a.personal_data_erased_at IS NOT NULL AS erased, a.client_language AS language,
         a.contact_channel AS "contactChannel", a.contact_value AS "contactValue",
         to_char(date_trunc('month', a.starts_at AT TIME ZONE o.time_zone), 'YYYY-MM-DD') AS month,
         CASE WHEN v.switched_to_phone_at IS NOT NULL THEN 'phone' ELSE t.channel::text END AS channel,
         t.topic, a.ends_at + make_interval(days => o.retention_days) AS "retentionEndsAt",
         o.name AS "officeName", o.slug AS "officeSlug"
    FROM appointment a
    JOIN office o ON o.id = a.office_id
    JOIN consultation_type t ON t.id = a.consultation_type_id
    LEFT JOIN video_session v ON v.appointment_id = a.id
   WHERE a.id = $1`;

const TICKET = `
  SELECT k.id, k.office_id AS "officeId", k.status = 'served' AS "tookPlace",
         k.personal_data_erased_at IS NOT NULL AS erased, k.language,
         k.contact_channel AS "contactChannel", k.contact_value AS "contactValue",
         to_char(date_trunc('month', k.taken_at AT TIME ZONE o.time_zone), 'YYYY-MM-DD') AS month,
         h.channel::text AS channel, k.topic,
         k.taken_at + make_interval(days => o.retention_days) AS "retentionEndsAt",
         o.name AS "officeName", o.slug AS "officeSlug"
    FROM walk_in_ticket k
    JOIN office o ON o.id = k.office_id
    JOIN walk_in_session s ON s.id = k.session_id
    JOIN walk_in_hour h ON h.id = s.walk_in_hour_id
   WHERE k.id = $1`;

/** The reads behind the feedback survey's messages. */
@Injectable()
export class SurveyNoticeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async subject(kind: SurveySubject, id: string): Promise<SurveySubjectView | null> {
    const [row] = await this.dataSource.query<SurveySubjectView[]>(
      kind === 'appointment' ? APPOINTMENT : TICKET,
      [id],
    );
    return row ? { ...row, retentionEndsAt: new Date(row.retentionEndsAt) } : null;
  }

  /**
   * Consultations that took place in the last SURVEY_LOOKBACK_DAYS (appointments that have ended,
   * served tickets), whose client's data is still there and whose survey has no log entry yet.
   */
  due(now: Date): Promise<{ subject: SurveySubject; id: string }[]> {
    return this.dataSource.query(
      // ix_appointment_unerased_end and ix_walk_in_ticket_erasure (both on unerased rows) bound
      // the scans to the last days.
      `SELECT 'appointment' AS subject, a.id FROM appointment a
        WHERE a.status = 'completed' AND a.personal_data_erased_at IS NULL
          AND a.ends_at <= $1 AND a.ends_at > $1::timestamptz - make_interval(days => $2)
          AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.key = 'survey.' || a.id)
       UNION ALL
       SELECT 'ticket' AS subject, k.id FROM walk_in_ticket k
        WHERE k.status = 'served' AND k.personal_data_erased_at IS NULL
          -- A ticket is served on the day it was taken: the erasure index's range, then the exact one.
          AND k.taken_at > $1::timestamptz - make_interval(days => $2 + 1)
          AND k.finished_at <= $1 AND k.finished_at > $1::timestamptz - make_interval(days => $2)
          AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.key = 'survey.' || k.id)`,
      [now, SURVEY_LOOKBACK_DAYS],
    );
  }
}
