import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Deletes a client's personal data from the selected appointments: pseudonym, contact, note, the
 * staff's cancellation reason, manage links, idempotency keys and the call's E2EE key. The
 * appointment row stays, without anything personal, for anonymous statistics (type, counsellor,
 * times, outcome). Each erasure is in the audit log. Erased rows are marked and never selected again.
 */
@Injectable()
export class RetentionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Up to `limit` appointments that ended before `cutoff`, oldest first; the number erased. */
  eraseEndedBefore(
    cutoff: Date,
    limit: number,
    at: Date,
    audit: Record<string, unknown>,
  ): Promise<number> {
    return this.erase(
      `SELECT id FROM appointment WHERE ends_at < $1 AND personal_data_erased_at IS NULL
        ORDER BY ends_at LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED`,
      [cutoff, limit],
      at,
      audit,
    );
  }

  /** One appointment; 0 when it was erased already. */
  eraseOne(appointmentId: string, at: Date, audit: Record<string, unknown>): Promise<number> {
    return this.erase(
      `SELECT id FROM appointment WHERE id = $1 AND personal_data_erased_at IS NULL FOR NO KEY UPDATE`,
      [appointmentId],
      at,
      audit,
    );
  }

  /** `$1` … are the selection's parameters; the selection must lock its rows and skip erased ones. */
  private async erase(
    selection: string,
    parameters: unknown[],
    at: Date,
    audit: Record<string, unknown>,
  ): Promise<number> {
    const n = parameters.length;
    const [{ count }] = await this.dataSource.query<[{ count: number }]>(
      `WITH due AS (${selection}),
       erased AS (
         UPDATE appointment a
            SET client_pseudonym = NULL, contact_channel = NULL, contact_value = NULL,
                client_note = NULL, cancellation_reason = NULL, personal_data_erased_at = $${n + 1}
           FROM due WHERE a.id = due.id RETURNING a.id, a.office_id),
       tokens AS (DELETE FROM manage_token t USING erased WHERE t.appointment_id = erased.id),
       keys AS (DELETE FROM idempotency_key k USING erased WHERE k.appointment_id = erased.id),
       e2ee AS (UPDATE video_session v SET e2ee_key_sealed = NULL FROM erased WHERE v.appointment_id = erased.id),
       audit AS (
         INSERT INTO audit_event (actor_type, action, appointment_id, changes, office_id)
         SELECT 'system', 'appointment.personal-data-erased', id, $${n + 2}::jsonb, office_id FROM erased)
       SELECT count(*)::int AS count FROM erased`,
      [...parameters, at, JSON.stringify(audit)],
    );
    return count;
  }
}
