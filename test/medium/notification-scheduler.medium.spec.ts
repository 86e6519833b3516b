import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BookingService, type BookingResult } from '@app/appointments';
import { NotificationScheduler, NotificationsModule, reminderJobId } from '@app/notifications';
import { QueueName, type AppointmentEventPayload } from '@app/queue';
import { ConsultationTypeService, CounsellorService, systemPrincipal } from '@app/roster';
import { createMediumTest, type MediumTest } from '../support/medium.js';
import { defaultOfficeId } from '../support/offices.js';

/**
 * NotificationScheduler plans a whole batch of events (as the outbox relay delivers them) from one
 * read: each event's notices, and the reminders of each appointment's latest version only.
 */
describe('NotificationScheduler (medium)', () => {
  let t: MediumTest;
  let officeId: string;
  let scheduler: NotificationScheduler;
  let booking: BookingService;
  let queue: Queue;
  let typeId: string;
  let counsellorId: string;
  let day = 0;
  let events = 0;

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

  const event = (
    type: AppointmentEventPayload['type'],
    appointmentId: string,
    version: number,
  ): AppointmentEventPayload => ({ eventId: String(++events), type, appointmentId, version });

  const jobIds = async (): Promise<string[]> =>
    (await queue.getJobs(['waiting', 'delayed'])).map((job) => job.id ?? '').sort();

  beforeAll(async () => {
    t = await createMediumTest({
      imports: [NotificationsModule],
      now: new Date('2026-05-25T08:00:00Z'),
    });
    officeId = await defaultOfficeId(t.dataSource);
    scheduler = t.get(NotificationScheduler);
    booking = t.get(BookingService);
    queue = t.get<Queue>(getQueueToken(QueueName.Notifications));
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
      reminderOffsetsMinutes: [1440, 60],
      counsellorIds: [counsellorId],
    });
    typeId = type.id;
  });

  beforeEach(() => queue.obliterate({ force: true }));

  afterAll(() => t?.close());

  it('plans a batch: notices per event, reminders for each appointment’s latest version only', async () => {
    const first = await book();
    const second = await book();
    const moved = await booking.reschedule(
      second.manageToken,
      new Date(second.appointment.startsAt.getTime() + 7 * 24 * 3600_000),
    );
    const a = first.appointment.id;
    const b = second.appointment.id;

    await scheduler.handle([
      event('appointment.booked', a, 1),
      event('appointment.booked', b, 1),
      event('appointment.rescheduled', b, moved.version),
      event('appointment.booked', '00000000-0000-4000-8000-000000000000', 1),
    ]);

    expect(await jobIds()).toEqual(
      [
        `confirmation.${a}.v1`,
        `counsellor-booked.${a}.v1`,
        reminderJobId(a, 1, 1440),
        reminderJobId(a, 1, 60),
        `confirmation.${b}.v1`,
        `counsellor-booked.${b}.v1`,
        `rescheduled.${b}.v${moved.version}`,
        `counsellor-rescheduled.${b}.v${moved.version}`,
        reminderJobId(b, moved.version, 1440),
        reminderJobId(b, moved.version, 60),
      ].sort(),
    );
  });

  it('removes the previous version’s reminders when a later batch carries the change', async () => {
    const { appointment, manageToken } = await book();
    await scheduler.handle([event('appointment.booked', appointment.id, 1)]);
    expect(await jobIds()).toContain(reminderJobId(appointment.id, 1, 60));

    const cancelled = await booking.cancel(manageToken);
    await scheduler.handle([event('appointment.cancelled', appointment.id, cancelled.version)]);
    const ids = await jobIds();
    expect(ids.filter((id) => id.startsWith('reminder.'))).toEqual([]);
    expect(ids).toContain(`cancelled.${appointment.id}.v${cancelled.version}`);
  });
});
