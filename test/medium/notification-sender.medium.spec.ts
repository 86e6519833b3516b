import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BookingService, type BookingResult } from '@app/appointments';
import { NotificationSender, NotificationsModule, notificationKey } from '@app/notifications';
import { hashToken } from '@app/common';
import type { NotificationPayload } from '@app/queue';
import { ConsultationTypeService, CounsellorService, systemPrincipal } from '@app/roster';
import { createMediumTest, type MediumTest } from '../support/medium.js';
import { defaultOfficeId } from '../support/offices.js';
import { NotificationRepository } from '../../libs/notifications/src/notification.repository.js';

/**
 * NotificationSender's staleness and once-only rules, one by one, with its real repository on the
 * test database and the real mail channel writing .eml files (no SMTP_URL): what reached the mail
 * directory is what was sent.
 */
describe('NotificationSender (medium)', () => {
  let t: MediumTest;
  let officeId: string;
  let sender: NotificationSender;
  let booking: BookingService;
  let typeId: string;
  let counsellorId: string;
  let day = 0;
  let claimants = 0;

  const mails = (appointmentId: string): string[] =>
    readdirSync(join(t.config.DATA_DIR, 'mail')).filter((name) => name.includes(appointmentId));

  /** A fresh appointment of this test's own, on its own weekday morning (Mon–Fri, 1 June onwards). */
  const book = (): Promise<BookingResult> => {
    const start = new Date(Date.UTC(2026, 5, 1 + (day % 5) + 7 * Math.floor(day / 5), 8));
    day += 1;
    return booking.book({
      consultationTypeId: typeId,
      counsellorId,
      start,
      pseudonym: 'Olena',
      language: 'uk',
      timeZone: 'Europe/Berlin',
      contact: { channel: 'email', value: `client${day}@example.org` },
    });
  };

  const reminder = (appointmentId: string, version: number): NotificationPayload => ({
    kind: 'reminder',
    appointmentId,
    version,
    offsetMinutes: 60,
  });

  const attempt = (extra: { delivered?: boolean; claimant?: string } = {}) => {
    claimants += 1;
    return { lastAttempt: false, claimant: `job-${claimants}`, ...extra };
  };

  const setClock = (at: Date) => t.clock.advance(at.getTime() - t.clock.now().getTime());

  const logRow = async (key: string) => {
    const rows = await t.dataSource.query<{ status: string; attempts: number }[]>(
      'SELECT status, attempts FROM notification WHERE key = $1',
      [key],
    );
    return rows[0];
  };

  beforeAll(async () => {
    t = await createMediumTest({
      imports: [NotificationsModule],
      now: new Date('2026-05-25T08:00:00Z'),
    });
    officeId = await defaultOfficeId(t.dataSource);
    sender = t.get(NotificationSender);
    booking = t.get(BookingService);
    const counsellors = t.get(CounsellorService);
    const counsellor = await counsellors.create(systemPrincipal(officeId), {
      displayName: 'Amira',
      languages: ['uk', 'de'],
      topics: ['residence'],
      timeZone: 'Europe/Berlin',
    });
    counsellorId = counsellor.id;
    for (const weekday of [1, 2, 3, 4, 5]) {
      await counsellors.addRule(systemPrincipal(officeId), counsellorId, {
        weekday,
        startMinute: 9 * 60,
        endMinute: 17 * 60,
      });
    }
    const type = await t.get(ConsultationTypeService).create(officeId, {
      name: { de: 'Aufenthalt', en: 'Residence' },
      topic: 'residence',
      durationMinutes: 30,
      stepMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minNoticeMinutes: 60,
      horizonDays: 90,
      channel: 'video',
      counsellorIds: [counsellorId],
    });
    typeId = type.id;
  });

  beforeEach(() => {
    // Every test books at the same "now"; the one that moves the clock moves it for itself only.
    setClock(new Date('2026-05-25T08:00:00Z'));
  });

  afterAll(() => t?.close());

  it('sends a due reminder of a confirmed appointment once, as an email', async () => {
    const { appointment } = await book();
    const outcome = await sender.send(reminder(appointment.id, appointment.version), attempt());
    expect(outcome).toMatchObject({ outcome: 'sent', channel: 'email' });
    expect(mails(appointment.id)).toHaveLength(1);
  });

  it('skips the reminder of a cancelled appointment and sends nothing', async () => {
    const { appointment, manageToken } = await book();
    const cancelled = await booking.cancel(manageToken);
    // The reminder planned for the cancelled version itself: only the status can stop it.
    const outcome = await sender.send(reminder(appointment.id, cancelled.version), attempt());
    expect(outcome).toEqual({ outcome: 'skipped', reason: 'appointment is cancelled' });
    expect(mails(appointment.id)).toHaveLength(0);
    expect(await logRow(notificationKey(reminder(appointment.id, cancelled.version)))).toBe(
      undefined,
    );
  });

  it('skips a reminder planned before the appointment was moved (its version changed)', async () => {
    const { appointment, manageToken } = await book();
    const moved = await booking.reschedule(
      manageToken,
      new Date(appointment.startsAt.getTime() + 60 * 60_000),
    );
    expect(moved.version).toBeGreaterThan(appointment.version);
    const outcome = await sender.send(reminder(appointment.id, appointment.version), attempt());
    expect(outcome).toEqual({ outcome: 'skipped', reason: 'appointment changed since' });
    expect(mails(appointment.id)).toHaveLength(0);
    // The client's notice of the new time is not replanned per version: it still goes out.
    const notice = await sender.send(
      { kind: 'rescheduled', appointmentId: appointment.id, version: appointment.version },
      attempt(),
    );
    expect(notice).toMatchObject({ outcome: 'sent' });
  });

  it('skips a reminder that becomes due at or after the start of the appointment', async () => {
    const { appointment } = await book();
    const payload = reminder(appointment.id, appointment.version);
    setClock(appointment.startsAt);
    expect(await sender.send(payload, attempt())).toEqual({
      outcome: 'skipped',
      reason: 'appointment has started',
    });
    setClock(new Date(appointment.startsAt.getTime() - 1_000));
    expect(await sender.send(payload, attempt())).toMatchObject({ outcome: 'sent' });
    expect(mails(appointment.id)).toHaveLength(1);
  });

  it('answers a key that was already sent as a duplicate and sends nothing more', async () => {
    const { appointment } = await book();
    const payload = reminder(appointment.id, appointment.version);
    const first = await sender.send(payload, attempt());
    expect(first).toMatchObject({ outcome: 'sent' });
    const again = await sender.send(payload, attempt());
    expect(again).toEqual({
      outcome: 'duplicate',
      notificationId: (first as { notificationId: string }).notificationId,
    });
    expect(mails(appointment.id)).toHaveLength(1);
    expect(await logRow(notificationKey(payload))).toEqual({ status: 'sent', attempts: 1 });
  });

  it('writes a manage token with a claim only when the claim succeeds and the appointment is confirmed', async () => {
    const repository = t.get(NotificationRepository);
    const { appointment } = await book();
    const entry = {
      key: `token-test.${appointment.id}`,
      kind: 'confirmation' as const,
      appointmentId: appointment.id,
      appointmentVersion: appointment.version,
      counsellorId,
      channel: 'email',
    };
    const withToken = (seed: string) => ({
      manageToken: { appointmentId: appointment.id, tokenHash: hashToken(seed.repeat(43)) },
    });
    const tokens = async () =>
      (
        await t.dataSource.query<{ n: number }[]>(
          'SELECT count(*)::int AS n FROM manage_token WHERE appointment_id = $1',
          [appointment.id],
        )
      )[0].n;
    const before = await tokens();

    const first = await repository.claim(entry, 'job-a', 120, withToken('a'));
    expect(first).toMatchObject({ status: 'sending', manageTokenIssued: true });
    expect(await tokens()).toBe(before + 1);
    // Another job while the claim holds: busy, and no token.
    expect(await repository.claim(entry, 'job-b', 120, withToken('b'))).toEqual({
      id: first.id,
      status: 'busy',
    });
    expect(await tokens()).toBe(before + 1);
    // Cancelled meanwhile: the same job claims again, but gets no token.
    await t.dataSource.query("UPDATE appointment SET status = 'cancelled' WHERE id = $1", [
      appointment.id,
    ]);
    const again = await repository.claim(entry, 'job-a', 120, withToken('c'));
    expect(again).toMatchObject({ id: first.id, status: 'sending', manageTokenIssued: false });
    expect(await tokens()).toBe(before + 1);
  });

  it('answers busy while another job holds the claim, and sends once that job is done', async () => {
    const { appointment } = await book();
    const payload = reminder(appointment.id, appointment.version);
    const other = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO notification (key, kind, appointment_id, appointment_version, counsellor_id, channel,
                                 attempts, status, claimed_by, claimed_until, office_id)
       VALUES ($1, 'reminder', $2, $3, $4, 'email', 1, 'sending', 'another-job', now() + interval '2 minutes',
               (SELECT office_id FROM appointment WHERE id = $2))
       RETURNING id`,
      [notificationKey(payload), appointment.id, appointment.version, counsellorId],
    );
    const outcome = await sender.send(payload, attempt());
    expect(outcome).toEqual({ outcome: 'busy', notificationId: other[0].id });
    expect(mails(appointment.id)).toHaveLength(0);
    // The same job may take its own claim over (its retry after a crash).
    expect(await sender.send(payload, attempt({ claimant: 'another-job' }))).toMatchObject({
      outcome: 'sent',
    });
    expect(mails(appointment.id)).toHaveLength(1);
  });

  it('only records an attempt that was delivered but not recorded, even when stale by now', async () => {
    const { appointment, manageToken } = await book();
    const payload = reminder(appointment.id, appointment.version);
    const claimant = 'job-delivered';
    // The first attempt claimed the entry and handed the message over, then lost the database.
    await t.dataSource.query(
      `INSERT INTO notification (key, kind, appointment_id, appointment_version, counsellor_id, channel,
                                 attempts, status, claimed_by, claimed_until, office_id)
       VALUES ($1, 'reminder', $2, $3, $4, 'email', 1, 'sending', $5, now() + interval '2 minutes',
               (SELECT office_id FROM appointment WHERE id = $2))`,
      [notificationKey(payload), appointment.id, appointment.version, counsellorId, claimant],
    );
    await booking.cancel(manageToken);
    const outcome = await sender.send(payload, attempt({ claimant, delivered: true }));
    expect(outcome).toMatchObject({ outcome: 'sent', channel: 'email' });
    expect(mails(appointment.id)).toHaveLength(0);
    expect(await logRow(notificationKey(payload))).toEqual({ status: 'sent', attempts: 2 });
  });
});
