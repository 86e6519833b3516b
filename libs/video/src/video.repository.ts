import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import type { AppointmentTransaction } from '@app/appointments';
import { LiveKitWebhookEventEntity, VideoSessionEntity } from './video.entities.js';

/** Whose attendance is kept on the session; guests keep theirs on their invitation. */
export type Role = 'client' | 'counsellor' | 'interpreter';

/** The only place that touches the video tables. */
@Injectable()
export class VideoRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** E2EE keys sealed under another master key than `keyId` (or before key ids were stored). */
  keysSealedUnderOtherThan(keyId: string): Promise<{ appointmentId: string; sealed: string }[]> {
    return this.dataSource.query(
      `SELECT appointment_id AS "appointmentId", e2ee_key_sealed AS sealed FROM video_session
        WHERE e2ee_key_sealed IS NOT NULL AND split_part(e2ee_key_sealed, ':', 1) <> $1`,
      [keyId],
    );
  }

  /** Replaces a sealed key unless it changed meanwhile. */
  async replaceSealedKey(appointmentId: string, current: string, next: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE video_session SET e2ee_key_sealed = $3 WHERE appointment_id = $1 AND e2ee_key_sealed = $2',
      [appointmentId, current, next],
    );
  }

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

  /** True when the client was not waiting before. */
  async markWaiting(appointmentId: string, at: Date): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(VideoSessionEntity)
      .update({ appointmentId, clientWaitingSince: IsNull() }, { clientWaitingSince: at });
    return (result.affected ?? 0) > 0;
  }

  admit(appointmentId: string, at: Date): Promise<boolean> {
    return new VideoTransaction(this.dataSource.manager).admit(appointmentId, at);
  }

  /**
   * A webhook's dedupe record and its effects commit together: a failure in between must leave
   * no "seen" mark, or LiveKit's retry would be answered "duplicate" and the event lost.
   */
  transaction<T>(work: (tx: VideoTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new VideoTransaction(manager)));
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

  /** Sessions with a client waiting to be let in, or asking to be phoned (not yet switched). */
  waitingFor(appointmentIds: string[]): Promise<VideoSessionEntity[]> {
    if (appointmentIds.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(VideoSessionEntity)
      .createQueryBuilder('session')
      .where('session.appointmentId IN (:...ids)', { ids: appointmentIds })
      .andWhere('session.switchedToPhoneAt IS NULL')
      .andWhere(
        '((session.clientWaitingSince IS NOT NULL AND session.clientAdmittedAt IS NULL) OR session.phoneRequestedAt IS NOT NULL)',
      )
      .getMany();
  }

  /** True when the client had not asked before. */
  async requestPhoneCall(appointmentId: string, at: Date): Promise<boolean> {
    await this.dataSource.query(
      'INSERT INTO video_session (appointment_id) VALUES ($1) ON CONFLICT (appointment_id) DO NOTHING',
      [appointmentId],
    );
    const result = await this.dataSource
      .getRepository(VideoSessionEntity)
      .update({ appointmentId, phoneRequestedAt: IsNull() }, { phoneRequestedAt: at });
    return (result.affected ?? 0) > 0;
  }

  /** Video writes inside an appointment change: they commit or roll back with it. */
  within(tx: AppointmentTransaction): VideoTransaction {
    return new VideoTransaction(tx.manager);
  }
}

/** The writes a webhook makes, on one transaction's connection. */
export class VideoTransaction {
  constructor(private readonly manager: EntityManager) {}

  async admit(appointmentId: string, at: Date): Promise<boolean> {
    const result = await this.manager
      .getRepository(VideoSessionEntity)
      .update({ appointmentId, clientAdmittedAt: IsNull() }, { clientAdmittedAt: at });
    return (result.affected ?? 0) > 0;
  }

  /** The first switch to a phone call wins; true when this one made it. */
  async markSwitchedToPhone(appointmentId: string, at: Date): Promise<boolean> {
    const rows = await this.manager.query<unknown[]>(
      `INSERT INTO video_session (appointment_id, switched_to_phone_at) VALUES ($1, $2)
       ON CONFLICT (appointment_id) DO UPDATE SET switched_to_phone_at = $2
        WHERE video_session.switched_to_phone_at IS NULL
       RETURNING appointment_id`,
      [appointmentId, at],
    );
    return rows.length > 0;
  }

  /** Records a webhook id; false when it was seen before. */
  async firstDelivery(id: string): Promise<boolean> {
    const result = await this.manager
      .createQueryBuilder()
      .insert()
      .into(LiveKitWebhookEventEntity)
      .values({ id })
      .orIgnore()
      .returning('id')
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  /** A guest's first join and last leave; false when no such guest of that appointment exists. */
  async recordGuestAttendance(
    appointmentId: string,
    guestId: string,
    event: 'joined' | 'left',
    at: Date,
  ): Promise<boolean> {
    const column = `${event}_at`;
    const pick = event === 'joined' ? 'LEAST' : 'GREATEST';
    const rows = await this.manager.query<unknown[]>(
      `WITH updated AS (
         UPDATE video_guest SET ${column} = ${pick}(COALESCE(${column}, $3), $3)
          WHERE id = $1 AND appointment_id = $2 RETURNING id)
       SELECT id FROM updated`,
      [guestId, appointmentId, at],
    );
    return rows.length > 0;
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
    await this.manager.query(
      `INSERT INTO video_session (appointment_id, ${column}) VALUES ($1, $2)
       ON CONFLICT (appointment_id) DO UPDATE SET ${column} = ${pick}(COALESCE(video_session.${column}, $2), $2)`,
      [appointmentId, at],
    );
  }
}
