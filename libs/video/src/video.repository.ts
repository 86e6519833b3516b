import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { LiveKitWebhookEventEntity, VideoSessionEntity } from './video.entities.js';

export type Role = 'client' | 'counsellor';

/** The only place that touches the video tables. */
@Injectable()
export class VideoRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(appointmentId: string): Promise<VideoSessionEntity | null> {
    return this.dataSource.getRepository(VideoSessionEntity).findOneBy({ appointmentId });
  }

  /**
   * The session with its sealed key, created on first use; concurrent first uses agree on one key,
   * and a session that webhooks created first gets its key now.
   */
  async ensure(appointmentId: string, e2eeKeySealed: string | null): Promise<VideoSessionEntity> {
    await this.dataSource.query(
      `INSERT INTO video_session (appointment_id, e2ee_key_sealed) VALUES ($1, $2)
       ON CONFLICT (appointment_id) DO UPDATE SET e2ee_key_sealed = COALESCE(video_session.e2ee_key_sealed, EXCLUDED.e2ee_key_sealed)`,
      [appointmentId, e2eeKeySealed],
    );
    return this.dataSource.getRepository(VideoSessionEntity).findOneByOrFail({ appointmentId });
  }

  async markWaiting(appointmentId: string, at: Date): Promise<void> {
    await this.dataSource
      .getRepository(VideoSessionEntity)
      .update({ appointmentId, clientWaitingSince: IsNull() }, { clientWaitingSince: at });
  }

  async admit(appointmentId: string, at: Date): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(VideoSessionEntity)
      .update({ appointmentId, clientAdmittedAt: IsNull() }, { clientAdmittedAt: at });
    return (result.affected ?? 0) > 0;
  }

  /** Records a webhook id; false when it was seen before. */
  async firstDelivery(id: string): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(LiveKitWebhookEventEntity)
      .values({ id })
      .orIgnore()
      .returning('id')
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  /** First join and last leave win, whatever order the webhooks arrive in. */
  async recordAttendance(
    appointmentId: string,
    role: Role,
    event: 'joined' | 'left',
    at: Date,
  ): Promise<void> {
    const column = `${role}_${event}_at`;
    const pick = event === 'joined' ? 'LEAST' : 'GREATEST';
    await this.dataSource.query(
      `INSERT INTO video_session (appointment_id, ${column}) VALUES ($1, $2)
       ON CONFLICT (appointment_id) DO UPDATE SET ${column} = ${pick}(COALESCE(video_session.${column}, $2), $2)`,
      [appointmentId, at],
    );
  }

  /** Live video/audio appointments whose join window has closed (looking back two weeks). */
  async dueForSettlement(now: Date, limit = 500): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT a.id FROM appointment a JOIN consultation_type t ON t.id = a.consultation_type_id
        WHERE a.status = 'confirmed' AND t.channel <> 'phone'
          AND a.ends_at + make_interval(mins => t.join_closes_minutes_after) <= $1
          AND a.ends_at > $1::timestamptz - interval '14 days'
        ORDER BY a.ends_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((row) => row.id);
  }

  waitingFor(appointmentIds: string[]): Promise<VideoSessionEntity[]> {
    if (appointmentIds.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(VideoSessionEntity)
      .createQueryBuilder('session')
      .where('session.appointmentId IN (:...ids)', { ids: appointmentIds })
      .andWhere('session.clientWaitingSince IS NOT NULL AND session.clientAdmittedAt IS NULL')
      .getMany();
  }
}
