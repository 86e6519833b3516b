import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { AppConfig } from '@app/config';

const BATCH = 500;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Deletes a client's personal data from the chosen appointments: pseudonym, contact, note, the
 * staff's cancellation reason, manage links, idempotency keys and the call's E2EE key. The
 * appointment row stays, without anything personal, for anonymous statistics (type, counsellor,
 * times, outcome). Each erasure is in the audit log. `$1` … are the selection's parameters; the
 * selection must lock its rows (`FOR NO KEY UPDATE`) and skip erased ones.
 */
async function erase(
  manager: EntityManager,
  selection: string,
  parameters: unknown[],
  at: Date,
  audit: Record<string, unknown>,
): Promise<number> {
  const n = parameters.length;
  const [{ count }] = await manager.query<[{ count: number }]>(
    `WITH due AS (${selection}),
     erased AS (
       UPDATE appointment a
          SET client_pseudonym = NULL, contact_channel = NULL, contact_value = NULL,
              client_note = NULL, cancellation_reason = NULL, personal_data_erased_at = $${n + 1}
         FROM due WHERE a.id = due.id RETURNING a.id),
     tokens AS (DELETE FROM manage_token t USING erased WHERE t.appointment_id = erased.id),
     keys AS (DELETE FROM idempotency_key k USING erased WHERE k.appointment_id = erased.id),
     e2ee AS (UPDATE video_session v SET e2ee_key_sealed = NULL FROM erased WHERE v.appointment_id = erased.id),
     audit AS (
       INSERT INTO audit_event (actor_type, action, appointment_id, changes)
       SELECT 'system', 'appointment.personal-data-erased', id, $${n + 2}::jsonb FROM erased)
     SELECT count(*)::int AS count FROM erased`,
    [...parameters, at, JSON.stringify(audit)],
  );
  return count;
}

/**
 * Clients' personal data goes RETENTION_DAYS after the appointment ended (an hourly job), or at
 * once when the client asks for erasure. Idempotent: erased rows are marked and never selected
 * again.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async purge(): Promise<{ erased: number; cutoff: string }> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.RETENTION_DAYS * DAY_MS);
    let erased = 0;
    for (;;) {
      const count = await erase(
        this.dataSource.manager,
        `SELECT id FROM appointment WHERE ends_at < $1 AND personal_data_erased_at IS NULL
          ORDER BY ends_at LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED`,
        [cutoff, BATCH],
        this.clock.now(),
        { retentionDays: this.config.RETENTION_DAYS },
      );
      erased += count;
      if (count < BATCH) break;
    }
    this.logger.log(
      { erased, cutoff: cutoff.toISOString(), retentionDays: this.config.RETENTION_DAYS },
      'personal data past retention erased',
    );
    return { erased, cutoff: cutoff.toISOString() };
  }

  /** Erases one appointment's personal data now (the client's request); false if it was already. */
  async eraseNow(appointmentId: string): Promise<boolean> {
    const count = await erase(
      this.dataSource.manager,
      `SELECT id FROM appointment WHERE id = $1 AND personal_data_erased_at IS NULL FOR NO KEY UPDATE`,
      [appointmentId],
      this.clock.now(),
      { clientRequest: true },
    );
    this.logger.log({ appointmentId, erased: count > 0 }, 'personal data erased on request');
    return count > 0;
  }
}
