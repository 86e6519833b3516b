import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Deletes a client's personal data from the selected appointments: pseudonym, contact, note, the
 * staff's cancellation reason, manage links, idempotency keys, the messenger chats bound to it
 * (chat ids, WhatsApp numbers) with their opt-in codes, and the call's E2EE key. The
 * appointment row stays, without anything personal, for anonymous statistics (type, counsellor,
 * times, outcome). Each erasure is in the audit log. Erased rows are marked and never selected again.
 */
@Injectable()
export class RetentionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Up to `limit` appointments whose office's retention period (office.retention_days, each office
   * its own controller) has passed since they ended, oldest first; the number erased. The audit
   * entry names the period that applied.
   */
  erasePastRetention(now: Date, limit: number): Promise<number> {
    return this.erase(
      `SELECT a.id, jsonb_build_object('retentionDays', o.retention_days) AS audit
         FROM appointment a JOIN office o ON o.id = a.office_id
        WHERE a.personal_data_erased_at IS NULL
          AND a.ends_at < $1::timestamptz - make_interval(days => o.retention_days)
        ORDER BY a.ends_at LIMIT $2 FOR NO KEY UPDATE OF a SKIP LOCKED`,
      [now, limit],
      now,
    );
  }

  /** One appointment; 0 when it was erased already. */
  eraseOne(appointmentId: string, at: Date, audit: Record<string, unknown>): Promise<number> {
    return this.erase(
      `SELECT id, $2::jsonb AS audit FROM appointment
        WHERE id = $1 AND personal_data_erased_at IS NULL FOR NO KEY UPDATE`,
      [appointmentId, JSON.stringify(audit)],
      at,
    );
  }

  /**
   * `$1` … are the selection's parameters; the selection yields `id` and the `audit` entry's
   * changes, and must lock its rows and skip erased ones.
   */
  private async erase(selection: string, parameters: unknown[], at: Date): Promise<number> {
    const n = parameters.length;
    const [{ count }] = await this.dataSource.query<[{ count: number }]>(
      `WITH due AS (${selection}),
       erased AS (
         UPDATE appointment a
            SET client_pseudonym = NULL, contact_channel = NULL, contact_value = NULL,
                client_note = NULL, cancellation_reason = NULL, personal_data_erased_at = $${n + 1}
           FROM due WHERE a.id = due.id RETURNING a.id, a.office_id, due.audit),
       tokens AS (DELETE FROM manage_token t USING erased WHERE t.appointment_id = erased.id),
       keys AS (DELETE FROM idempotency_key k USING erased WHERE k.appointment_id = erased.id),
       chats AS (DELETE FROM messenger_binding b USING erased WHERE b.appointment_id = erased.id),
       codes AS (DELETE FROM messenger_link l USING erased WHERE l.appointment_id = erased.id),
       guests AS (DELETE FROM video_guest g USING erased WHERE g.appointment_id = erased.id),
       e2ee AS (UPDATE video_session v SET e2ee_key_sealed = NULL FROM erased WHERE v.appointment_id = erased.id),
       audit AS (
         INSERT INTO audit_event (actor_type, action, appointment_id, changes, office_id)
         SELECT 'system', 'appointment.personal-data-erased', id, audit, office_id FROM erased)
       SELECT count(*)::int AS count FROM erased`,
      [...parameters, at],
    );
    return count;
  }
}
