import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@app/common';
import { AppConfig } from '@app/config';

const BATCH = 500;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Deletes clients' personal data (pseudonym, contact, note, the staff's cancellation reason, manage
 * links, idempotency keys, the call's E2EE key) RETENTION_DAYS after the appointment ended. The appointment row stays, without anything
 * personal, for anonymous statistics (type, counsellor, times, outcome). Idempotent: erased rows
 * are marked and never selected again; each erasure is in the audit log.
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
      const [{ count }] = await this.dataSource.query<[{ count: number }]>(
        `WITH due AS (
           SELECT id FROM appointment
            WHERE ends_at < $1 AND personal_data_erased_at IS NULL
            ORDER BY ends_at LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED),
         erased AS (
           UPDATE appointment a
              SET client_pseudonym = NULL, contact_channel = NULL, contact_value = NULL,
                  client_note = NULL, cancellation_reason = NULL, personal_data_erased_at = $3
             FROM due WHERE a.id = due.id RETURNING a.id),
         tokens AS (DELETE FROM manage_token t USING erased WHERE t.appointment_id = erased.id),
         keys AS (DELETE FROM idempotency_key k USING erased WHERE k.appointment_id = erased.id),
         e2ee AS (UPDATE video_session v SET e2ee_key_sealed = NULL FROM erased WHERE v.appointment_id = erased.id),
         audit AS (
           INSERT INTO audit_event (actor_type, action, appointment_id, changes)
           SELECT 'system', 'appointment.personal-data-erased', id,
                  jsonb_build_object('retentionDays', $4::int) FROM erased)
         SELECT count(*)::int AS count FROM erased`,
        [cutoff, BATCH, this.clock.now(), this.config.RETENTION_DAYS],
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
}
