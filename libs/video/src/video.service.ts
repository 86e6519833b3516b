import {
  ConflictException,
  ForbiddenException,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import {
  from,
  Observable,
  switchMap,
  takeUntil,
  takeWhile,
  timer,
  type OperatorFunction,
} from 'rxjs';
import { ChangeFeed } from '@app/change-feed';
import { AppConfig } from '@app/config';
import {
  AppointmentStaffService,
  BookingService,
  appointmentNotFound,
  joinWindowOf,
  type AppointmentEntity,
  type JoinWindow,
} from '@app/appointments';
import { Clock, SIGN_LANGUAGES, type KeyRing } from '@app/common';
import type { StaffPrincipal } from '@app/staff';
import { LiveKitGateway, type ParticipantToken } from './livekit.gateway.js';
import { VideoGuestRepository } from './video-guest.repository.js';
import type { VideoGuestRole } from './video.entities.js';
import { VideoRepository, type Role } from './video.repository.js';
import { MINUTE_MS } from '@app/scheduling';

const ROOM = /^sprechstunde-([0-9a-f-]{36})$/;
/** A guest's identity in the room: unique per invitation. */
const GUEST_IDENTITY = /^guest-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
export const guestIdentity = (guestId: string): string => `guest-${guestId}`;
/** How long one event stream stays open; the page opens another one after that. */
const STREAM_MS = 20 * MINUTE_MS;

/** Change-feed topics: one appointment's waiting room, and "who is waiting" for staff. */
export const roomTopic = (appointmentId: string) => `video:${appointmentId}`;
export const WAITING_TOPIC = 'video:waiting';

/** Who a token is for: everything but the room and its lifetime. */
export type Participant = Omit<ParticipantToken, 'room' | 'ttlSeconds'>;

export const isSignLanguage = (language: string | null | undefined): boolean =>
  Boolean(language && SIGN_LANGUAGES.has(language));

export type JoinAnswer =
  | { status: 'waiting'; window: JoinWindow }
  /** Only on the event stream: the counsellor switched to a phone call meanwhile. */
  | { status: 'phone'; window: JoinWindow }
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
  /** Null when the client is not in the waiting room but asks to be phoned. */
  waitingSince: Date | null;
  /** The client asked to be phoned instead (their call failed); null otherwise. */
  phoneCallRequestedAt: Date | null;
  /** An invited guest waits (not the client): admit with the guest's own route. */
  guest: { id: string; name: string; role: VideoGuestRole } | null;
}

/** What the client's call page needs to know before joining. */
export interface ClientVideoStatus {
  /** This server has video (LiveKit), the type is a video or audio call and not switched to phone. */
  videoAvailable: boolean;
  /** The counsellor switched the appointment to a phone call. */
  byPhone: boolean;
  phoneCallRequested: boolean;
  /** The appointment has a phone number, so the counsellor can call. */
  phoneNumberKnown: boolean;
}

/** 503: no LiveKit server is configured (LIVEKIT_URL unset), so there are no video calls. */
export const videoNotConfigured = (): ServiceUnavailableException =>
  new ServiceUnavailableException({
    code: 'video_not_configured',
    message:
      'Video calls are not set up on this server; the counsellor can switch the appointment to a phone call',
  });

const switchedToPhone = (): ConflictException =>
  new ConflictException({
    code: 'switched_to_phone',
    message: 'This appointment was switched to a phone call: the counsellor will call you',
  });

const noPhoneNumber = (): ConflictException =>
  new ConflictException({
    code: 'no_phone_number',
    message: 'This appointment has no phone number to call: the client gave only an email address',
  });

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
    private readonly guests: VideoGuestRepository,
    private readonly livekit: LiveKitGateway,
    private readonly booking: BookingService,
    private readonly staff: AppointmentStaffService,
    private readonly clock: Clock,
    private readonly feed: ChangeFeed,
    config: AppConfig,
  ) {
    if (!config.DATA_ENCRYPTION_KEY) throw new Error('DATA_ENCRYPTION_KEY is not set');
    this.keys = config.keyRing;
  }

  window(appointment: AppointmentEntity): JoinWindow {
    return joinWindowOf(appointment);
  }

  /** The client, with the manage token: "waiting" until admitted, then a LiveKit token. */
  async clientJoin(manageToken: string): Promise<JoinAnswer> {
    const appointment = await this.booking.byToken(manageToken);
    const window = this.assertJoinable(appointment);
    const session = await this.session(appointment);
    if (session.switchedToPhoneAt) throw switchedToPhone();
    this.assertVideoConfigured();
    if (!session.clientAdmittedAt) {
      if (await this.video.markWaiting(appointment.id, this.clock.now()))
        await this.feed.publish(WAITING_TOPIC);
      return { status: 'waiting', window };
    }
    return this.admitted(appointment, window, session.e2eeKeySealed, {
      identity: 'client',
      role: 'client',
      name: appointment.clientPseudonym ?? 'Client',
      admin: false,
      audioOnly: appointment.consultationType?.channel === 'audio',
    });
  }

  /**
   * The client's join answers as they change: the first at once, then one per change of the
   * waiting room (pushed, not polled), until admitted or for at most 20 minutes. The first answer
   * is computed before the stream starts, so an unknown token or a closed window fails as JSON.
   */
  async clientUpdates(manageToken: string): Promise<Observable<JoinAnswer>> {
    const appointment = await this.booking.byToken(manageToken);
    await this.clientJoin(manageToken);
    const window = this.window(appointment);
    return this.feed.watch(roomTopic(appointment.id)).pipe(
      latest(() =>
        this.clientJoin(manageToken).catch((error: unknown) => {
          if (isCode(error, 'switched_to_phone')) return { status: 'phone', window } as const;
          throw error;
        }),
      ),
      takeWhile((answer) => answer.status === 'waiting', true),
      takeUntil(timer(STREAM_MS)),
    );
  }

  /** The assigned counsellor (identity "counsellor") or an admin (identity "admin"): room admin rights. */
  async staffJoin(principal: StaffPrincipal, appointmentId: string): Promise<JoinAnswer> {
    const appointment = await this.staff.visible(principal, appointmentId);
    const window = this.assertJoinable(appointment);
    this.assertVideoConfigured();
    const session = await this.session(appointment);
    if (session.switchedToPhoneAt) throw switchedToPhone();
    const assigned = appointment.counsellor?.staffId === principal.staffId;
    return this.admitted(appointment, window, session.e2eeKeySealed, {
      identity: assigned ? 'counsellor' : 'admin',
      role: 'counsellor',
      name: assigned
        ? (appointment.counsellor?.displayName ?? principal.displayName)
        : principal.displayName,
      admin: true,
      audioOnly: false,
    });
  }

  /**
   * The interpreter booked for the appointment, and only they (their pool may be another office):
   * identity "interpreter", camera and microphone, no screen, no room admin, the E2EE key. Any
   * other staff member gets the 404 of an unknown appointment.
   */
  async interpreterJoin(principal: StaffPrincipal, appointmentId: string): Promise<JoinAnswer> {
    const appointment = await this.booking.reload(appointmentId).catch(() => null);
    const interpreter = appointment?.interpreterId
      ? await this.guests.interpreter(appointment.interpreterId)
      : null;
    if (!appointment || !interpreter || interpreter.staffId !== principal.staffId)
      throw appointmentNotFound();
    const window = this.assertJoinable(appointment);
    this.assertVideoConfigured();
    const session = await this.session(appointment);
    if (session.switchedToPhoneAt) throw switchedToPhone();
    return this.admitted(appointment, window, session.e2eeKeySealed, {
      identity: 'interpreter',
      role: 'interpreter',
      name: interpreter.displayName,
      language: appointment.interpreterLanguage,
      admin: false,
      audioOnly: false,
      noScreenShare: true,
    });
  }

  /** Clients (and invited guests) waiting now in the principal's open rooms (all rooms for admins). */
  async waiting(principal: StaffPrincipal): Promise<WaitingClient[]> {
    const now = this.clock.now();
    const around = await this.staff.list(
      principal,
      new Date(now.getTime() - 86_400_000),
      new Date(now.getTime() + 86_400_000),
    );
    const open = around.filter((a) => a.status === 'confirmed' && this.isOpen(a, now));
    const ids = open.map((a) => a.id);
    const [sessions, guests] = await Promise.all([
      this.video.waitingFor(ids),
      this.guests.waitingFor(ids, now),
    ]);
    const byId = new Map(open.map((a) => [a.id, a]));
    const clients: WaitingClient[] = sessions.map((session) => {
      const appointment = byId.get(session.appointmentId) as AppointmentEntity;
      const inRoom = session.clientWaitingSince && !session.clientAdmittedAt;
      return {
        appointmentId: appointment.id,
        pseudonym: appointment.clientPseudonym ?? '',
        startsAt: appointment.startsAt,
        waitingSince: inRoom ? session.clientWaitingSince : null,
        phoneCallRequestedAt: session.phoneRequestedAt,
        guest: null,
      };
    });
    const waitingGuests: WaitingClient[] = guests.map((guest) => {
      const appointment = byId.get(guest.appointmentId) as AppointmentEntity;
      return {
        appointmentId: appointment.id,
        pseudonym: appointment.clientPseudonym ?? '',
        startsAt: appointment.startsAt,
        waitingSince: guest.waitingSince,
        phoneCallRequestedAt: null,
        guest: { id: guest.id, name: guest.name, role: guest.role },
      };
    });
    return [...clients, ...waitingGuests].sort((a, b) => since(a) - since(b));
  }

  /** Who is waiting, as it changes: at once, then on every change in any waiting room. */
  waitingUpdates(principal: StaffPrincipal): Observable<WaitingClient[]> {
    return this.feed.watch(WAITING_TOPIC).pipe(
      latest(() => this.waiting(principal)),
      takeUntil(timer(STREAM_MS)),
    );
  }

  /** Lets the client in; admitting twice changes nothing. */
  async admit(principal: StaffPrincipal, appointmentId: string): Promise<void> {
    const appointment = await this.staff.visible(principal, appointmentId);
    this.assertJoinable(appointment);
    this.assertVideoConfigured();
    await this.session(appointment);
    if (await this.video.admit(appointment.id, this.clock.now()))
      await this.announceAdmission(appointment.id);
  }

  /** Whether the client can have a video call, or is (to be) phoned instead. */
  async clientStatus(manageToken: string): Promise<ClientVideoStatus> {
    const appointment = await this.booking.byToken(manageToken);
    const session = await this.video.find(appointment.id);
    const byPhone = Boolean(session?.switchedToPhoneAt);
    return {
      videoAvailable:
        this.videoConfigured && appointment.consultationType?.channel !== 'phone' && !byPhone,
      byPhone,
      phoneCallRequested: Boolean(session?.phoneRequestedAt),
      phoneNumberKnown: appointment.contactChannel === 'phone' && Boolean(appointment.contactValue),
    };
  }

  /** The client asks to be phoned instead (their call failed); the counsellor sees it as waiting. */
  async requestPhoneCall(manageToken: string): Promise<void> {
    const appointment = await this.booking.byToken(manageToken);
    this.assertLive(appointment);
    if (this.clock.now() >= this.window(appointment).closesAt)
      throw new ForbiddenException('The call for this appointment has closed');
    if (!this.phoneOf(appointment)) throw noPhoneNumber();
    if (await this.video.requestPhoneCall(appointment.id, this.clock.now()))
      await this.feed.publish(WAITING_TOPIC);
  }

  /**
   * The counsellor switches the appointment to a phone call in one step (no video, e.g. none is
   * set up or the client's call fails): answers the number to call. The first switch is an
   * appointment change (audited with who switched it; the client is told by their channel, in their
   * language, that and when they will be called); a repeated switch changes nothing. The client's
   * call page and event stream say so; attendance no longer decides the outcome.
   */
  async switchToPhone(
    principal: StaffPrincipal,
    appointmentId: string,
  ): Promise<{ phone: string }> {
    const appointment = await this.staff.visible(principal, appointmentId);
    this.assertLive(appointment);
    const phone = this.phoneOf(appointment);
    if (!phone) throw noPhoneNumber();
    const now = this.clock.now();
    await this.staff.switchToPhone(principal, appointment.id, (tx) =>
      this.video.within(tx).markSwitchedToPhone(appointment.id, now),
    );
    await this.feed.publish(roomTopic(appointment.id), WAITING_TOPIC);
    return { phone };
  }

  private phoneOf(appointment: AppointmentEntity): string | null {
    return appointment.contactChannel === 'phone' ? appointment.contactValue : null;
  }

  get videoConfigured(): boolean {
    return Boolean(this.livekit.url);
  }

  assertVideoConfigured(): void {
    if (!this.videoConfigured) throw videoNotConfigured();
  }

  private assertLive(appointment: AppointmentEntity): void {
    if (appointment.status !== 'confirmed')
      throw new ForbiddenException('This appointment is not active');
  }

  /** Tells the client's stream and the staff's waiting lists, in every API process. */
  private announceAdmission(appointmentId: string): Promise<void> {
    return this.feed.publish(roomTopic(appointmentId), WAITING_TOPIC);
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
    const eventId = event.id;
    if (!eventId) return 'duplicate';
    const appointmentId = ROOM.exec(event.room?.name ?? '')?.[1];
    const identity = event.participant?.identity ?? '';
    // Only these identities count; "admin" and anything else is recorded nowhere.
    const role: Role | undefined =
      identity === 'client' || identity === 'counsellor' || identity === 'interpreter'
        ? identity
        : undefined;
    const guestId = GUEST_IDENTITY.exec(identity)?.[1];
    const kind: 'joined' | 'left' | undefined =
      event.event === 'participant_joined'
        ? 'joined'
        : event.event === 'participant_left'
          ? 'left'
          : undefined;
    const relevant =
      appointmentId && (role || guestId) && kind
        ? { appointmentId, role, guestId, kind }
        : undefined;
    // Read before the transaction, which then only writes.
    const autoAdmit =
      relevant?.role === 'counsellor' && relevant.kind === 'joined'
        ? await this.booking
            .reload(relevant.appointmentId)
            .then((a) => a.status === 'confirmed' && a.consultationType?.autoAdmit === true)
            .catch(() => false)
        : false;
    const at = new Date(Number(event.createdAt) * 1000);
    try {
      let admitted = false;
      const result = await this.video.transaction<'processed' | 'duplicate' | 'ignored'>(
        async (tx) => {
          if (!(await tx.firstDelivery(eventId))) return 'duplicate';
          if (!relevant) return 'ignored';
          if (relevant.guestId) {
            const known = await tx.recordGuestAttendance(
              relevant.appointmentId,
              relevant.guestId,
              relevant.kind,
              at,
            );
            return known ? 'processed' : 'ignored';
          }
          if (!relevant.role) return 'ignored';
          await tx.recordAttendance(relevant.appointmentId, relevant.role, relevant.kind, at);
          if (autoAdmit) admitted = await tx.admit(relevant.appointmentId, this.clock.now());
          return 'processed';
        },
      );
      // After the commit, so that the re-reads see it.
      if (admitted && relevant) await this.announceAdmission(relevant.appointmentId);
      return result;
    } catch (error) {
      // A room name that looks like ours but belongs to no appointment: nothing to record.
      if ((error as { driverError?: { code?: string } }).driverError?.code === '23503')
        return 'ignored';
      throw error;
    }
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
    // Phoned instead: the room's attendance says nothing; the counsellor records the outcome.
    if (session?.switchedToPhoneAt) return null;
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

  /** The open join window of a live video appointment; 403 otherwise (opensAt when too early). */
  assertJoinable(appointment: AppointmentEntity): JoinWindow {
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

  async session(appointment: AppointmentEntity) {
    const existing = await this.video.find(appointment.id);
    // A session may exist from webhooks alone (attendance) before anyone asked for a token.
    if (existing && (existing.e2eeKeySealed || !appointment.consultationType?.e2ee))
      return existing;
    const sealed = appointment.consultationType?.e2ee ? this.seal(randomBytes(32)) : null;
    return this.video.ensure(appointment.id, sealed);
  }

  /** A token for one participant; `maxSeconds` shortens it further (guests). */
  async admitted(
    appointment: AppointmentEntity,
    window: JoinWindow,
    e2eeKeySealed: string | null,
    who: Participant,
    maxSeconds = Infinity,
  ): Promise<JoinAnswer> {
    if (!appointment.roomName) throw new NotFoundException('This appointment has no video room');
    // The token never outlives the window.
    const ttlSeconds = Math.max(
      1,
      Math.min(
        maxSeconds,
        Math.floor((window.closesAt.getTime() - this.clock.now().getTime()) / 1000),
      ),
    );
    const token = await this.livekit.mintToken({ room: appointment.roomName, ttlSeconds, ...who });
    return {
      status: 'admitted',
      window,
      url: this.livekit.url ?? '',
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

/**
 * Re-reads on every trigger and emits the latest answer; a trigger during a read starts a new
 * read (the answer of the older one is dropped), so the last change is never missed.
 */
function latest<T>(read: () => Promise<T>): OperatorFunction<void, T> {
  return switchMap(() => from(read()));
}

function since(client: WaitingClient): number {
  return (client.waitingSince ?? client.phoneCallRequestedAt ?? new Date(0)).getTime();
}

function isCode(error: unknown, code: string): boolean {
  if (!(error instanceof ConflictException)) return false;
  const response = error.getResponse();
  return typeof response === 'object' && (response as { code?: unknown }).code === code;
}
