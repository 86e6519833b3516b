import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { VideoGuestEntity, type VideoGuestRole } from './video.entities.js';

/** Who changed a guest's invitation, for its audit entry. */
export interface GuestActor {
  type: 'staff' | 'client';
  id: string | null;
}

/**
 * Writes one change of a guest and its audit entry in one statement: invited, admitted,
 * withdrawn by staff, refused by the client. The entry names the guest's id, role and language,
 * never their name (the guest row has it, and retention erases it with the appointment's data).
 */
const AUDITED = `INSERT INTO audit_event (actor_type, actor_id, action, appointment_id, changes, office_id)
  SELECT $1, $2, $3, changed.appointment_id,
         jsonb_build_object('guestId', changed.id, 'role', changed.role, 'language', changed.language),
         (SELECT office_id FROM appointment WHERE id = changed.appointment_id)
    FROM changed
  RETURNING 1`;

/** The only place that touches `video_guest` (and reads the booked interpreter's roster row). */
@Injectable()
export class VideoGuestRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(VideoGuestEntity);
  }

  create(
    guest: {
      appointmentId: string;
      name: string;
      role: VideoGuestRole;
      language: string | null;
      tokenHash: string;
      expiresAt: Date;
    },
    actor: GuestActor,
  ): Promise<VideoGuestEntity> {
    return this.dataSource.transaction(async (manager) => {
      const created = await manager.save(manager.create(VideoGuestEntity, guest));
      await manager.query(`WITH changed AS (SELECT * FROM video_guest WHERE id = $4) ${AUDITED}`, [
        actor.type,
        actor.id,
        'video.guest_invited',
        created.id,
      ]);
      return created;
    });
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

  /** Admits once; true (and audited) when this call admitted the guest. */
  async admit(id: string, at: Date, actor: GuestActor): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `WITH changed AS (
         UPDATE video_guest SET admitted_at = $5
          WHERE id = $4 AND admitted_at IS NULL AND revoked_at IS NULL
         RETURNING *
       ) ${AUDITED}`,
      [actor.type, actor.id, 'video.guest_admitted', id, at],
    );
    return rows.length > 0;
  }

  /**
   * Revokes once: a withdrawal by staff, or a refusal by the client (kept as such). True (and
   * audited) when this call revoked it.
   */
  async revoke(id: string, at: Date, actor: GuestActor): Promise<boolean> {
    const refused = actor.type === 'client';
    const rows = await this.dataSource.query<unknown[]>(
      `WITH changed AS (
         UPDATE video_guest SET revoked_at = $5, refused_at = CASE WHEN $6 THEN $5::timestamptz END
          WHERE id = $4 AND revoked_at IS NULL
         RETURNING *
       ) ${AUDITED}`,
      [
        actor.type,
        actor.id,
        refused ? 'video.guest_refused' : 'video.guest_withdrawn',
        id,
        at,
        refused,
      ],
    );
    return rows.length > 0;
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
