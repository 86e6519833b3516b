import { createHash } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppointmentStaffService, BookingService } from '@app/appointments';
import { ConsultationTypeService, CounsellorService, systemPrincipal } from '@app/roster';
import { StaffModule, StaffService, type StaffPrincipal } from '@app/staff';
import { VideoModule, VideoService } from '@app/video';
import { createMediumTest, type MediumTest } from '../support/medium.js';
import { defaultOfficeId } from '../support/offices.js';
import { TEST_LIVEKIT } from '../support/test-app.js';

const MINUTE_MS = 60_000;

/**
 * VideoService.settle / settleDue with the real appointment, video and audit tables: attendance
 * arrives as LiveKit-signed webhooks (the real gateway verifies them, so nothing is overridden) and
 * the test clock stands where each rule is decided. Each test books its own appointment on its own
 * day and sets the clock itself, so it passes alone.
 */
describe('VideoService settlement (medium)', () => {
  let t: MediumTest;
  let officeId: string;
  let video: VideoService;
  let booking: BookingService;
  let admin: StaffPrincipal;
  let videoTypeId: string;
  let phoneTypeId: string;
  let events = 0;

  /** Sets the test clock to an instant (it may move back: each test lives on its own day). */
  const at = (instant: Date | string): void =>
    t.clock.advance(new Date(instant).getTime() - t.clock.now().getTime());

  /** Books a 30-minute appointment at `start`, the clock a day before it. */
  const book = async (
    start: string,
    options: { typeId?: string; phone?: boolean } = {},
  ): Promise<{ id: string; endsAt: Date; closesAt: Date }> => {
    at(new Date(new Date(start).getTime() - 24 * 60 * MINUTE_MS));
    const { appointment } = await booking.book({
      consultationTypeId: options.typeId ?? videoTypeId,
      start: new Date(start),
      pseudonym: 'Mariam',
      language: 'de',
      timeZone: 'Europe/Berlin',
      contact: options.phone
        ? { channel: 'phone', value: '+4917612345678' }
        : { channel: 'email', value: `client-${start}@example.org` },
    });
    // The types keep the default window: it closes 30 minutes after the end.
    return {
      id: appointment.id,
      endsAt: appointment.endsAt,
      closesAt: new Date(appointment.endsAt.getTime() + 30 * MINUTE_MS),
    };
  };

  /** A participant joining the appointment's room, delivered as LiveKit would (signed). */
  const joined = async (appointmentId: string, identity: 'client' | 'counsellor', when: Date) => {
    events += 1;
    const body = JSON.stringify({
      id: `EV_${events}`,
      event: 'participant_joined',
      createdAt: String(Math.floor(when.getTime() / 1000)),
      room: { name: `sprechstunde-${appointmentId}` },
      participant: { identity },
    });
    const token = new AccessToken(TEST_LIVEKIT.apiKey, TEST_LIVEKIT.apiSecret);
    token.sha256 = createHash('sha256').update(body).digest('base64');
    expect(await video.webhook(body, await token.toJwt())).toBe('processed');
  };

  const status = async (id: string) => (await booking.reload(id)).status;

  beforeAll(async () => {
    t = await createMediumTest({
      imports: [StaffModule, VideoModule],
      now: new Date('2026-06-01T06:00:00Z'),
    });
    officeId = await defaultOfficeId(t.dataSource);
    video = t.get(VideoService);
    booking = t.get(BookingService);
    const account = await t.get(StaffService).create({
      email: 'admin@example.org',
      displayName: 'Admin',
      role: 'admin',
      password: 'a long enough password',
      officeId,
    });
    admin = {
      staffId: account.id,
      sessionId: 'medium-test',
      role: 'admin',
      email: account.email,
      displayName: account.displayName,
      officeId,
    };
    const counsellors = t.get(CounsellorService);
    const counsellor = await counsellors.create(systemPrincipal(officeId), {
      displayName: 'Amira',
      languages: ['de'],
      topics: ['residence'],
      timeZone: 'Europe/Berlin',
    });
    for (const weekday of [1, 2, 3, 4, 5]) {
      await counsellors.addRule(systemPrincipal(officeId), counsellor.id, {
        weekday,
        startMinute: 9 * 60,
        endMinute: 17 * 60,
      });
    }
    const types = t.get(ConsultationTypeService);
    const type = (channel: 'video' | 'phone') =>
      types.create(officeId, {
        name: { de: 'Aufenthalt', en: 'Residence' },
        topic: 'residence',
        durationMinutes: 30,
        stepMinutes: 30,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 60,
        horizonDays: 90,
        channel,
        counsellorIds: [counsellor.id],
      });
    videoTypeId = (await type('video')).id;
    phoneTypeId = (await type('phone')).id;
  });

  afterAll(() => t?.close());

  it('marks no_show once the window has closed and no client ever joined, even if the counsellor did', async () => {
    const alone = await book('2026-06-08T08:00:00Z');
    const nobody = await book('2026-06-08T09:00:00Z');
    await joined(alone.id, 'counsellor', new Date('2026-06-08T08:01:00Z'));
    at(nobody.closesAt);
    await video.settleDue();
    expect(await status(alone.id)).toBe('no_show');
    expect(await status(nobody.id)).toBe('no_show');
  });

  it('marks completed when both joined', async () => {
    const appointment = await book('2026-06-09T08:00:00Z');
    await joined(appointment.id, 'counsellor', new Date('2026-06-09T07:58:00Z'));
    await joined(appointment.id, 'client', new Date('2026-06-09T08:02:00Z'));
    at(appointment.closesAt);
    await video.settleDue();
    expect(await status(appointment.id)).toBe('completed');
  });

  it('decides nothing when the client joined but the counsellor never did', async () => {
    const appointment = await book('2026-06-10T08:00:00Z');
    await joined(appointment.id, 'client', new Date('2026-06-10T08:02:00Z'));
    at(appointment.closesAt);
    expect(await video.settle(await booking.reload(appointment.id))).toBeNull();
    await video.settleDue();
    expect(await status(appointment.id)).toBe('confirmed');
  });

  it('settles nothing before the window has closed, and settles at the instant it closes', async () => {
    const empty = await book('2026-06-11T08:00:00Z');
    const both = await book('2026-06-11T09:00:00Z');
    await joined(both.id, 'counsellor', new Date('2026-06-11T09:00:00Z'));
    await joined(both.id, 'client', new Date('2026-06-11T09:01:00Z'));
    // After the end, still inside the 30 minutes the call may be joined.
    at(new Date(both.closesAt.getTime() - 1));
    expect(await video.settle(await booking.reload(both.id))).toBeNull();
    at(new Date(empty.closesAt.getTime() - 1));
    expect(await video.settle(await booking.reload(empty.id))).toBeNull();
    await video.settleDue();
    expect(await status(empty.id)).toBe('confirmed');
    expect(await status(both.id)).toBe('confirmed');

    at(empty.closesAt);
    await video.settleDue();
    expect(await status(empty.id)).toBe('no_show');
    expect(await status(both.id)).toBe('confirmed');
    at(both.closesAt);
    await video.settleDue();
    expect(await status(both.id)).toBe('completed');
  });

  it('keeps an outcome the counsellor recorded', async () => {
    // The client never came into the room (they talked another way); the counsellor says completed.
    const appointment = await book('2026-06-12T08:00:00Z');
    at('2026-06-12T08:35:00Z');
    await t.get(AppointmentStaffService).recordOutcome(admin, appointment.id, 'completed');
    at(appointment.closesAt);
    const current = await booking.reload(appointment.id);
    expect(await video.settle(current)).toBeNull();
    await video.settleDue();
    expect(await status(appointment.id)).toBe('completed');
  });

  it('does not mark no_show an appointment switched to a phone call, nor a phone consultation', async () => {
    const switched = await book('2026-06-15T08:00:00Z', { phone: true });
    const byPhone = await book('2026-06-15T09:00:00Z', { typeId: phoneTypeId, phone: true });
    at('2026-06-15T07:50:00Z');
    expect(await video.switchToPhone(admin, switched.id)).toEqual({ phone: '+4917612345678' });
    at(byPhone.closesAt);
    expect(await video.settle(await booking.reload(switched.id))).toBeNull();
    expect(await video.settle(await booking.reload(byPhone.id))).toBeNull();
    await video.settleDue();
    expect(await status(switched.id)).toBe('confirmed');
    expect(await status(byPhone.id)).toBe('confirmed');
  });
});
