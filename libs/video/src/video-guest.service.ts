import {
  BadGatewayException,
  ConflictException,
  ForbiddenException,
  GoneException,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { from, Observable, switchMap, takeUntil, takeWhile, timer } from 'rxjs';
import {
  AppointmentStaffService,
  BookingService,
  type AppointmentEntity,
  type JoinWindow,
} from '@app/appointments';
import { ChangeFeed } from '@app/change-feed';
import { Clock } from '@app/common';
import { AppConfig } from '@app/config';
import { MINUTE_MS } from '@app/scheduling';
import type { StaffPrincipal } from '@app/staff';
import { LiveKitGateway, type ParticipantRole } from './livekit.gateway.js';
import { VideoGuestRepository, type GuestActor } from './video-guest.repository.js';
import type { VideoGuestEntity, VideoGuestRole } from './video.entities.js';
import {
  guestIdentity,
  isSignLanguage,
  roomTopic,
  VideoService,
  WAITING_TOPIC,
  type JoinAnswer,
} from './video.service.js';

/** Live invitations per appointment: a call is no conference. */
const MAX_GUESTS = 3;
/**
 * A guest's LiveKit token lives at most this long (LiveKit renews it while they are connected):
 * a refused or revoked guest removed from the room cannot come back with an old token for long.
 */
const GUEST_TOKEN_SECONDS = 10 * 60;
const STREAM_MS = 20 * MINUTE_MS;
const guestTopic = (guestId: string) => `video-guest:${guestId}`;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export type GuestStatus = 'invited' | 'waiting' | 'admitted' | 'revoked' | 'refused' | 'expired';

export interface GuestView {
  id: string;
  name: string;
  role: VideoGuestRole;
  language: string | null;
  status: GuestStatus;
  expiresAt: Date;
  joinedAt: Date | null;
}

export interface GuestInvitation {
  guest: GuestView;
  /** The one-time link (shown once: only the token's hash is stored). */
  link: string;
}

/** One person in a call, as everyone in it is told (KBV: everyone present is introduced). */
export interface CallPerson {
  /** The LiveKit identity, so that a page can label each tile. */
  identity: string;
  role: ParticipantRole;
  name: string;
  /** For interpreters: the language they interpret. */
  language: string | null;
  /** A sign language: the client's page shows this person's video large. */
  signLanguage: boolean;
  /** For guests: interpreter or support person, and their invitation's state. */
  guestRole: VideoGuestRole | null;
  guestId: string | null;
  status: 'invited' | 'waiting' | 'admitted' | null;
  /** The person asking. */
  you: boolean;
}

export interface GuestCallInfo {
  guest: GuestView;
  startsAt: Date;
  window: JoinWindow;
  people: CallPerson[];
}

const coded = (code: string, message: string) => ({ code, message });
const guestNotFound = () =>
  new NotFoundException(coded('guest_not_found', 'No such guest for this appointment'));
const linkUnknown = () =>
  new NotFoundException(coded('guest_link_unknown', 'This guest link is not valid'));
const linkUsed = () =>
  new ConflictException(
    coded('guest_link_used', 'This guest link was already opened on another device'),
  );
const notClaimed = () =>
  new ForbiddenException(
    coded('guest_link_not_opened', 'Open the guest link on this device first'),
  );
const withdrawn = () =>
  new ForbiddenException(
    coded('guest_invite_withdrawn', 'This invitation was withdrawn: you cannot join this call'),
  );
const staffActor = (principal: StaffPrincipal): GuestActor => ({
  type: 'staff',
  id: principal.staffId,
});
const expired = () => new GoneException(coded('guest_link_expired', 'This guest link has expired'));

/**
 * Guests in a call: the counsellor invites an outside interpreter or a support person with a
 * one-time link; the guest waits until admitted; the client sees everyone in the call and may
 * refuse a guest, who is then removed from the room.
 */
@Injectable()
export class VideoGuestService {
  private readonly logger = new Logger(VideoGuestService.name);

  constructor(
    private readonly video: VideoService,
    private readonly guests: VideoGuestRepository,
    private readonly livekit: LiveKitGateway,
    private readonly booking: BookingService,
    private readonly staff: AppointmentStaffService,
    private readonly clock: Clock,
    private readonly feed: ChangeFeed,
    private readonly config: AppConfig,
  ) {}

  /** The assigned counsellor (or an admin) invites a guest until the window closes. */
  async invite(
    principal: StaffPrincipal,
    appointmentId: string,
    input: { name: string; role: VideoGuestRole; language?: string | null },
  ): Promise<GuestInvitation> {
    const appointment = await this.staff.visible(principal, appointmentId);
    const window = this.assertInvitable(appointment);
    this.video.assertVideoConfigured();
    const now = this.clock.now();
    const live = (await this.guests.listFor(appointment.id)).filter(
      (guest) => !guest.revokedAt && guest.expiresAt > now,
    );
    if (live.length >= MAX_GUESTS)
      throw new ConflictException(
        coded('too_many_guests', `At most ${MAX_GUESTS} guests can be invited to one call`),
      );
    const token = randomBytes(32).toString('base64url');
    const guest = await this.guests.create(
      {
        appointmentId: appointment.id,
        name: input.name,
        role: input.role,
        language: input.language ?? null,
        tokenHash: sha256(token),
        expiresAt: window.closesAt,
      },
      staffActor(principal),
    );
    await this.feed.publish(roomTopic(appointment.id));
    return { guest: this.view(guest, now), link: this.config.publicUrl(`/guest#token=${token}`) };
  }

  async list(principal: StaffPrincipal, appointmentId: string): Promise<GuestView[]> {
    const appointment = await this.staff.visible(principal, appointmentId);
    const now = this.clock.now();
    return (await this.guests.listFor(appointment.id)).map((guest) => this.view(guest, now));
  }

  /** The counsellor withdraws an invitation; a guest in the room is removed from it. */
  async revoke(principal: StaffPrincipal, appointmentId: string, guestId: string): Promise<void> {
    const appointment = await this.staff.visible(principal, appointmentId);
    await this.withdraw(appointment, guestId, staffActor(principal));
  }

  async admit(principal: StaffPrincipal, appointmentId: string, guestId: string): Promise<void> {
    const appointment = await this.staff.visible(principal, appointmentId);
    this.video.assertJoinable(appointment);
    this.video.assertVideoConfigured();
    const guest = await this.guests.byId(appointment.id, guestId);
    if (!guest) throw guestNotFound();
    this.assertUsable(guest);
    if (await this.guests.admit(guest.id, this.clock.now(), staffActor(principal)))
      await this.feed.publish(guestTopic(guest.id), WAITING_TOPIC, roomTopic(appointment.id));
  }

  /** Who is (to be) in the call, for the client with the manage token. */
  async peopleForClient(manageToken: string): Promise<CallPerson[]> {
    const appointment = await this.booking.byToken(manageToken);
    return this.people(appointment, { role: 'client' });
  }

  /** The client refuses a guest: the invitation is withdrawn and the guest removed from the room. */
  async refuse(manageToken: string, guestId: string): Promise<void> {
    const appointment = await this.booking.byToken(manageToken);
    if (appointment.status !== 'confirmed')
      throw new ForbiddenException('This appointment is not active');
    await this.withdraw(appointment, guestId, { type: 'client', id: null });
  }

  /** The first device that opens the link gets a key that binds the link to it. */
  async claim(token: string): Promise<{ deviceKey: string }> {
    const guest = await this.byToken(token);
    this.assertUsable(guest);
    const deviceKey = randomBytes(32).toString('base64url');
    if (!(await this.guests.bindDevice(guest.id, sha256(deviceKey)))) throw linkUsed();
    return { deviceKey };
  }

  async info(token: string, deviceKey: string): Promise<GuestCallInfo> {
    const guest = await this.authenticate(token, deviceKey);
    const appointment = await this.booking.reload(guest.appointmentId);
    return {
      guest: this.view(guest, this.clock.now()),
      startsAt: appointment.startsAt,
      window: this.video.window(appointment),
      people: await this.people(appointment, { role: 'guest', guestId: guest.id }),
    };
  }

  /** The guest: "waiting" until the counsellor admits them, then a short-lived LiveKit token. */
  async join(token: string, deviceKey: string): Promise<JoinAnswer> {
    const guest = await this.authenticate(token, deviceKey);
    const appointment = await this.booking.reload(guest.appointmentId);
    const window = this.video.assertJoinable(appointment);
    this.video.assertVideoConfigured();
    const session = await this.video.session(appointment);
    if (session.switchedToPhoneAt)
      throw new ConflictException(
        coded('switched_to_phone', 'This appointment was switched to a phone call'),
      );
    if (!guest.admittedAt) {
      if (await this.guests.markWaiting(guest.id, this.clock.now()))
        await this.feed.publish(WAITING_TOPIC, roomTopic(appointment.id));
      return { status: 'waiting', window };
    }
    return this.video.admitted(
      appointment,
      window,
      session.e2eeKeySealed,
      {
        identity: guestIdentity(guest.id),
        role: 'guest',
        guestRole: guest.role,
        name: guest.name,
        language: guest.language,
        admin: false,
        audioOnly: false,
        noScreenShare: true,
      },
      GUEST_TOKEN_SECONDS,
    );
  }

  /** The guest's join answers as they change (pushed), until admitted or for 20 minutes. */
  async updates(token: string, deviceKey: string): Promise<Observable<JoinAnswer>> {
    const guest = await this.authenticate(token, deviceKey);
    await this.join(token, deviceKey);
    return this.feed.watch(guestTopic(guest.id)).pipe(
      switchMap(() => from(this.join(token, deviceKey))),
      takeWhile((answer) => answer.status === 'waiting', true),
      takeUntil(timer(STREAM_MS)),
    );
  }

  private async withdraw(
    appointment: AppointmentEntity,
    guestId: string,
    actor: GuestActor,
  ): Promise<void> {
    const guest = await this.guests.byId(appointment.id, guestId);
    if (!guest) throw guestNotFound();
    await this.guests.revoke(guest.id, this.clock.now(), actor);
    await this.feed.publish(guestTopic(guest.id), WAITING_TOPIC, roomTopic(appointment.id));
    // Also when revoked before: a guest still in the room (e.g. after a failed removal) goes now.
    if (!appointment.roomName || !guest.admittedAt) return;
    try {
      await this.livekit.removeParticipant(appointment.roomName, guestIdentity(guest.id));
    } catch (error) {
      // The withdrawal stands (no new token); saying so lets the caller try the removal again.
      this.logger.warn({ appointmentId: appointment.id, err: error }, 'could not remove guest');
      throw new BadGatewayException(
        coded(
          'guest_removal_failed',
          'The invitation is withdrawn, but the guest could not be removed from the call yet: please try again',
        ),
      );
    }
  }

  private async people(
    appointment: AppointmentEntity,
    asking: { role: 'client' } | { role: 'guest'; guestId: string },
  ): Promise<CallPerson[]> {
    const now = this.clock.now();
    const person = (p: Partial<CallPerson> & Pick<CallPerson, 'identity' | 'role' | 'name'>) => ({
      language: null,
      signLanguage: false,
      guestRole: null,
      guestId: null,
      status: null,
      you: false,
      ...p,
    });
    const people: CallPerson[] = [
      person({
        identity: 'counsellor',
        role: 'counsellor',
        name: appointment.counsellor?.displayName ?? '',
      }),
    ];
    if (appointment.interpreterId) {
      const interpreter = await this.guests.interpreter(appointment.interpreterId);
      if (interpreter)
        people.push(
          person({
            identity: 'interpreter',
            role: 'interpreter',
            name: interpreter.displayName,
            language: appointment.interpreterLanguage,
            signLanguage: isSignLanguage(appointment.interpreterLanguage),
          }),
        );
    }
    people.push(
      person({
        identity: 'client',
        role: 'client',
        name: appointment.clientPseudonym ?? '',
        you: asking.role === 'client',
      }),
    );
    for (const guest of await this.guests.listFor(appointment.id)) {
      const status = this.view(guest, now).status;
      if (status !== 'invited' && status !== 'waiting' && status !== 'admitted') continue;
      people.push(
        person({
          identity: guestIdentity(guest.id),
          role: 'guest',
          name: guest.name,
          language: guest.language,
          signLanguage: guest.role === 'interpreter' && isSignLanguage(guest.language),
          guestRole: guest.role,
          guestId: guest.id,
          status,
          you: asking.role === 'guest' && asking.guestId === guest.id,
        }),
      );
    }
    return people;
  }

  private view(guest: VideoGuestEntity, now: Date): GuestView {
    const status: GuestStatus = guest.refusedAt
      ? 'refused'
      : guest.revokedAt
        ? 'revoked'
        : now >= guest.expiresAt
          ? 'expired'
          : guest.admittedAt
            ? 'admitted'
            : guest.waitingSince
              ? 'waiting'
              : 'invited';
    return {
      id: guest.id,
      name: guest.name,
      role: guest.role,
      language: guest.language,
      status,
      expiresAt: guest.expiresAt,
      joinedAt: guest.joinedAt,
    };
  }

  private async byToken(token: string): Promise<VideoGuestEntity> {
    const guest = await this.guests.byTokenHash(sha256(token));
    if (!guest) throw linkUnknown();
    return guest;
  }

  private async authenticate(token: string, deviceKey: string): Promise<VideoGuestEntity> {
    const guest = await this.byToken(token);
    if (!guest.deviceHash) throw notClaimed();
    if (guest.deviceHash !== sha256(deviceKey)) throw linkUsed();
    this.assertUsable(guest);
    return guest;
  }

  private assertUsable(guest: VideoGuestEntity): void {
    if (guest.revokedAt) throw withdrawn();
    if (this.clock.now() >= guest.expiresAt) throw expired();
  }

  /** Guests may be invited ahead of the window, never after it. */
  private assertInvitable(appointment: AppointmentEntity): JoinWindow {
    if (appointment.status !== 'confirmed')
      throw new ForbiddenException('This appointment is not active: there is no video call for it');
    if (appointment.consultationType?.channel === 'phone')
      throw new ForbiddenException('This consultation is by phone: there is no video call for it');
    const window = this.video.window(appointment);
    if (this.clock.now() >= window.closesAt)
      throw new ForbiddenException('The video call for this appointment has closed');
    return window;
  }
}
