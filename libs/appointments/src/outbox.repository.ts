import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppointmentEventPayload } from '@app/queue';

export interface ClaimedEvent {
  id: string;
  type: AppointmentEventPayload['type'];
  appointmentId: string;
  payload: { version: number };
}

/** The transactional outbox, as the relay reads it: claim a batch, mark it published. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims up to `limit` unpublished events for `claimSeconds` in one statement, so that relays in
   * several processes share the work; oldest first.
   */
  async claim(limit: number, claimSeconds: number): Promise<ClaimedEvent[]> {
    const [claimed] = await this.dataSource.query<[ClaimedEvent[], number]>(
      `UPDATE outbox_event SET claimed_until = now() + make_interval(secs => $2)
        WHERE id IN (SELECT id FROM outbox_event
                      WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                      ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
    RETURNING id, type, appointment_id AS "appointmentId", payload`,
      [limit, claimSeconds],
    );
    return claimed.sort((a, b) => Number(a.id) - Number(b.id));
  }

  async markPublished(ids: string[]): Promise<void> {
    await this.dataSource.query(
      'UPDATE outbox_event SET published_at = now() WHERE id = ANY($1::bigint[])',
      [ids],
    );
  }
}
