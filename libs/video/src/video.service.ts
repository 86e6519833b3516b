import {
  ForbiddenException,
  Injectable,
  Logger,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { AppointmentStaffService, BookingService, type AppointmentEntity } from '@app/appointments';
import { Clock, type KeyRing } from '@app/common';
import type { StaffPrincipal } from '@app/staff';
import { LiveKitGateway } from './livekit.gateway.js';
import { VideoRepository, type Role } from './video.repository.js';

const MINUTE_MS = 60_000;
const ROOM = /^sprechstunde-([0-9a-f-]{36})$/;

export interface JoinWindow {
  opensAt: Date;
  closesAt: Date;
}

export type JoinAnswer =
  | { status: 'waiting'; window: JoinWindow }
  | {
      status: 'admitted';
      window: JoinWindow;
      url: string;
      room: string;
      token: string;
      e2eeKey: string | null;
    };

export interface WaitingClient {
  appointmentId: string;
  pseudonym: string;
  startsAt: Date;
  waitingSince: Date;
}

/** `<master key id>:<sealed>`, so that a rotation knows which key opens it. */
export function sealE2eeKey(keys: KeyRing, secret: Buffer): string {
  const { keyId, sealed } = keys.seal(secret);
  return `${keyId}:${sealed}`;
}

export function openE2eeKey(keys: KeyRing, value: string): Buffer {
  const separator = value.indexOf(':');
  // Keys sealed before key ids were stored carry none.
  if (separator < 0) return keys.openAny(value);
  return keys.open(value.slice(0, separator), value.slice(separator + 1));
}

/** After a master-key rotation: re-seals every E2EE key under the current master key. */
export async function resealE2eeKeys(dataSource: DataSource, keys: KeyRing): Promise<number> {
  const rows = await dataSource.query<{ appointmentId: string; sealed: string }[]>(
    `SELECT appointment_id AS "appointmentId", e2ee_key_sealed AS sealed FROM video_session
      WHERE e2ee_key_sealed IS NOT NULL AND split_part(e2ee_key_sealed, ':', 1) <> $1`,
    [keys.currentId],
  );
  for (const row of rows) {
    await dataSource.query(
      'UPDATE video_session SET e2ee_key_sealed = $3 WHERE appointment_id = $1 AND e2ee_key_sealed = $2',
      [row.appointmentId, row.sealed, sealE2eeKey(keys, openE2eeKey(keys, row.sealed))],
    );
  }
  return rows.length;
}

/**
 * Video sessions: tokens only inside the join window and only for live appointments, the waiting
 * room, the E2EE key, and attendance from LiveKit's signed webhooks.
 */
@Injectable()
export class VideoService {
  private readonly logger = new Logger(VideoService.name);
  private readonly keys: KeyRing;

  constructor(
    private readonly video: VideoRepository,
    private readonly livekit: LiveKitGateway,
    private readonly booking: BookingService,
    private readonly staff: AppointmentStaffService,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    if (!config.DATA_ENCRYPTION_KEY) throw new Error('DATA_ENCRYPTION_KEY is not set');
    this.keys = config.keyRing;
  }

  window(appointment: AppointmentEntity): JoinWindow {
    const type = appointment.consultationType;
    return {
      opensAt: new Date(
        appointment.startsAt.getTime() - (type?.joinOpensMinutesBefore ?? 15) * MINUTE_MS,
      ),
      closesAt: new Date(
        appointment.endsAt.getTime() + (type?.joinClosesMinutesAfter ?? 30) * MINUTE_MS,
      ),
    };
  }

  /** The client, with the manage token: "waiting" until admitted, then a LiveKit token. */
  async clientJoin(manageToken: string): Promise<JoinAnswer> {
    const appointment = await this.booking.byToken(manageToken);
    const window = this.assertJoinable(appointment);
    const session = await this.session(appointment);
    if (!session.clientAdmittedAt) {
      await this.video.markWaiting(appointment.id, this.clock.now());
      return { status: 'waiting', window };
    }
    return this.admitted(appointment, window, session.e2eeKeySealed, {
      identity: 'client',
      name: appointment.clientPseudonym ?? 'Client',
      admin: false,
      audioOnly: appointment.consultationType?.channel === 'audio',
    });
  }

  /** The assigned counsellor (identity "counsellor") or an admin (identity "admin"): room admin rights. */
  async staffJoin(principal: StaffPrincipal, appointmentId: string): Promise<JoinAnswer> {
    const appointment = await this.staff.visible(principal, appointmentId);
    const window = this.assertJoinable(appointment);
    const session = await this.session(appointment);
    const assigned = appointment.counsellor?.staffId === principal.staffId;
    return this.admitted(appointment, window, session.e2eeKeySealed, {
      identity: assigned ? 'counsellor' : 'admin',
      name: assigned
        ? (appointment.counsellor?.displayName ?? principal.displayName)
        : principal.displayName,
      admin: true,
      audioOnly: false,
    });
  }

  /** Clients waiting now in the principal's open rooms (all rooms for admins). */
  async waiting(principal: StaffPrincipal): Promise<WaitingClient[]> {
    const now = this.clock.now();
    const around = await this.staff.list(
      principal,
      new Date(now.getTime() - 86_400_000),
      new Date(now.getTime() + 86_400_000),
    );
    const open = around.filter((a) => a.status === 'confirmed' && this.isOpen(a, now));
    const sessions = await this.video.waitingFor(open.map((a) => a.id));
    const byId = new Map(open.map((a) => [a.id, a]));
    return sessions
      .map((session) => {
        const appointment = byId.get(session.appointmentId) as AppointmentEntity;
        return {
          appointmentId: appointment.id,
          pseudonym: appointment.clientPseudonym ?? '',
          startsAt: appointment.startsAt,
          waitingSince: session.clientWaitingSince as Date,
        };
      })
      .sort((a, b) => a.waitingSince.getTime() - b.waitingSince.getTime());
  }

  /** Lets the client in; admitting twice changes nothing. */
  async admit(principal: StaffPrincipal, appointmentId: string): Promise<void> {
    const appointment = await this.staff.visible(principal, appointmentId);
    this.assertJoinable(appointment);
    await this.session(appointment);
    await this.video.admit(appointment.id, this.clock.now());
  }

  /**
   * A LiveKit webhook: verified against the raw body (401 otherwise, nothing recorded), processed
   * once per event id, attendance kept as first join and last leave whatever the order.
   */
  async webhook(
    rawBody: string,
    authorization: string | undefined,
  ): Promise<'processed' | 'duplicate' | 'ignored'> {
    let event;
    try {
      event = await this.livekit.verifyWebhook(rawBody, authorization);
    } catch {
      throw new UnauthorizedException('Invalid webhook signature');
    }
    if (!event.id || !(await this.video.firstDelivery(event.id))) return 'duplicate';
    if (event.event !== 'participant_joined' && event.event !== 'participant_left')
      return 'ignored';
    const appointmentId = ROOM.exec(event.room?.name ?? '')?.[1];
    const identity = event.participant?.identity ?? '';
    const role: Role | undefined =
      identity === 'client' ? 'client' : identity === 'counsellor' ? 'counsellor' : undefined;
    if (!appointmentId || !role) return 'ignored';
    const at = new Date(Number(event.createdAt) * 1000);
    try {
      await this.video.recordAttendance(
        appointmentId,
        role,
        event.event === 'participant_joined' ? 'joined' : 'left',
        at,
      );
    } catch (error) {
      // A room name that looks like ours but belongs to no appointment: nothing to record.
      if ((error as { driverError?: { code?: string } }).driverError?.code === '23503')
        return 'ignored';
      throw error;
    }
    if (role === 'counsellor' && event.event === 'participant_joined') {
      const appointment = await this.booking.reload(appointmentId).catch(() => undefined);
      if (appointment?.consultationType?.autoAdmit && appointment.status === 'confirmed') {
        await this.video.admit(appointmentId, this.clock.now());
      }
    }
    return 'processed';
  }

  /**
   * After the window has closed: no client ever joined → no_show; both joined → completed.
   * An outcome the counsellor recorded stands (only live appointments are touched).
   */
  async settle(appointment: AppointmentEntity): Promise<'no_show' | 'completed' | null> {
    if (appointment.status !== 'confirmed' || appointment.consultationType?.channel === 'phone')
      return null;
    if (this.clock.now() < this.window(appointment).closesAt) return null;
    const session = await this.video.find(appointment.id);
    const outcome = !session?.clientJoinedAt
      ? 'no_show'
      : session.counsellorJoinedAt
        ? 'completed'
        : null;
    if (!outcome) return null;
    await this.staff.recordOutcomeAs({ type: 'system', id: null }, appointment, outcome);
    this.logger.log({ appointmentId: appointment.id, outcome }, 'outcome recorded from attendance');
    return outcome;
  }

  /** The sweep: settles every appointment whose window has closed. */
  async settleDue(): Promise<{ completed: number; noShow: number }> {
    const counts = { completed: 0, noShow: 0 };
    for (const id of await this.video.dueForSettlement(this.clock.now())) {
      try {
        const outcome = await this.settle(await this.booking.reload(id));
        if (outcome === 'completed') counts.completed++;
        if (outcome === 'no_show') counts.noShow++;
      } catch (error) {
        // Changed meanwhile (e.g. the counsellor recorded an outcome): the next sweep looks again.
        this.logger.warn({ appointmentId: id, err: error }, 'could not settle appointment');
      }
    }
    return counts;
  }

  private isOpen(appointment: AppointmentEntity, now: Date): boolean {
    const window = this.window(appointment);
    return now >= window.opensAt && now < window.closesAt;
  }

  private assertJoinable(appointment: AppointmentEntity): JoinWindow {
    if (appointment.status !== 'confirmed') {
      throw new ForbiddenException('This appointment is not active: there is no video call for it');
    }
    if (appointment.consultationType?.channel === 'phone') {
      throw new ForbiddenException('This consultation is by phone: there is no video call for it');
    }
    const window = this.window(appointment);
    const now = this.clock.now();
    if (now < window.opensAt) {
      throw new ForbiddenException({
        message: `The video call opens at ${window.opensAt.toISOString()}`,
        opensAt: window.opensAt.toISOString(),
      });
    }
    if (now >= window.closesAt)
      throw new ForbiddenException('The video call for this appointment has closed');
    return window;
  }

  private async session(appointment: AppointmentEntity) {
    const existing = await this.video.find(appointment.id);
    // A session may exist from webhooks alone (attendance) before anyone asked for a token.
    if (existing && (existing.e2eeKeySealed || !appointment.consultationType?.e2ee))
      return existing;
    const sealed = appointment.consultationType?.e2ee ? this.seal(randomBytes(32)) : null;
    return this.video.ensure(appointment.id, sealed);
  }

  private async admitted(
    appointment: AppointmentEntity,
    window: JoinWindow,
    e2eeKeySealed: string | null,
    who: { identity: string; name: string; admin: boolean; audioOnly: boolean },
  ): Promise<JoinAnswer> {
    if (!appointment.roomName) throw new NotFoundException('This appointment has no video room');
    // The token never outlives the window.
    const ttlSeconds = Math.max(
      1,
      Math.floor((window.closesAt.getTime() - this.clock.now().getTime()) / 1000),
    );
    const token = await this.livekit.mintToken({ room: appointment.roomName, ttlSeconds, ...who });
    return {
      status: 'admitted',
      window,
      url: this.livekit.url,
      room: appointment.roomName,
      token,
      e2eeKey: e2eeKeySealed ? this.open(e2eeKeySealed).toString('base64') : null,
    };
  }

  private seal(secret: Buffer): string {
    return sealE2eeKey(this.keys, secret);
  }

  private open(value: string): Buffer {
    return openE2eeKey(this.keys, value);
  }
}
