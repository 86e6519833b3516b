import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { VideoGuestEntity, type VideoGuestRole } from './video.entities.js';

/** The only place that touches `video_guest` (and reads the booked interpreter's roster row). */
@Injectable()
export class VideoGuestRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(VideoGuestEntity);
  }

  create(guest: {
    appointmentId: string;
    name: string;
    role: VideoGuestRole;
    language: string | null;
    tokenHash: string;
    expiresAt: Date;
  }): Promise<VideoGuestEntity> {
    return this.repo.save(this.repo.create(guest));
  }

  byTokenHash(tokenHash: string): Promise<VideoGuestEntity | null> {
    return this.repo.findOneBy({ tokenHash });
  }

  byId(appointmentId: string, id: string): Promise<VideoGuestEntity | null> {
    return this.repo.findOneBy({ appointmentId, id });
  }

  /** Every guest of the appointment, oldest invitation first. */
  listFor(appointmentId: string): Promise<VideoGuestEntity[]> {
    return this.repo.find({ where: { appointmentId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Binds the link to the first device; false when another device had it already. */
  async bindDevice(id: string, deviceHash: string): Promise<boolean> {
    const result = await this.repo.update({ id, deviceHash: IsNull() }, { deviceHash });
    return (result.affected ?? 0) > 0;
  }

  async markWaiting(id: string, at: Date): Promise<boolean> {
    const result = await this.repo.update(
      { id, waitingSince: IsNull(), revokedAt: IsNull() },
      { waitingSince: at },
    );
    return (result.affected ?? 0) > 0;
  }

  async admit(id: string, at: Date): Promise<boolean> {
    const result = await this.repo.update(
      { id, admittedAt: IsNull(), revokedAt: IsNull() },
      { admittedAt: at },
    );
    return (result.affected ?? 0) > 0;
  }

  /** Revokes once; a refusal by the client is kept as such. True when this call revoked it. */
  async revoke(id: string, at: Date, refusedByClient: boolean): Promise<boolean> {
    const result = await this.repo.update(
      { id, revokedAt: IsNull() },
      refusedByClient ? { revokedAt: at, refusedAt: at } : { revokedAt: at },
    );
    return (result.affected ?? 0) > 0;
  }

  /** Guests waiting to be let in, not revoked, whose link has not run out. */
  waitingFor(appointmentIds: string[], now: Date): Promise<VideoGuestEntity[]> {
    if (appointmentIds.length === 0) return Promise.resolve([]);
    return this.repo
      .createQueryBuilder('guest')
      .where('guest.appointmentId IN (:...ids)', { ids: appointmentIds })
      .andWhere('guest.waitingSince IS NOT NULL AND guest.admittedAt IS NULL')
      .andWhere('guest.revokedAt IS NULL AND guest.expiresAt > :now', { now })
      .getMany();
  }

  /** The booked interpreter's name and staff account (a roster row of kind interpreter). */
  async interpreter(
    interpreterId: string,
  ): Promise<{ staffId: string | null; displayName: string } | null> {
    const rows = await this.dataSource.query<{ staffId: string | null; displayName: string }[]>(
      `SELECT staff_id AS "staffId", display_name AS "displayName" FROM counsellor
        WHERE id = $1 AND kind = 'interpreter'`,
      [interpreterId],
    );
    return rows[0] ?? null;
  }
}
