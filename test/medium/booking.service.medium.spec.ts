import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AppointmentsModule,
  BookingService,
  OutboxRelay,
  type BookingRequest,
} from '@app/appointments';
import { ConsultationTypeService, CounsellorService, systemPrincipal } from '@app/roster';
import { createMediumTest, type MediumTest } from '../support/medium.js';
import { defaultOfficeId } from '../support/offices.js';

/** BookingService with its real repositories and the roster's real slot search, no HTTP. */
describe('BookingService (medium)', () => {
  let t: MediumTest;
  let officeId: string;
  let booking: BookingService;
  let amira: string;
  let lesia: string;
  let typeId: string;
  let contacts = 0;

  const request = (start: string, extra: Partial<BookingRequest> = {}): BookingRequest => {
    contacts += 1;
    return {
      consultationTypeId: typeId,
      start: new Date(start),
      pseudonym: 'Mariam',
      language: 'ar',
      timeZone: 'Europe/Berlin',
      contact: { channel: 'email', value: `client${contacts}@example.org` },
      ...extra,
    };
  };

  beforeAll(async () => {
    t = await createMediumTest({
      imports: [AppointmentsModule],
      now: new Date('2026-05-25T08:00:00Z'),
    });
    officeId = await defaultOfficeId(t.dataSource);
    booking = t.get(BookingService);
    const counsellors = t.get(CounsellorService);
    const create = async (displayName: string) => {
      const counsellor = await counsellors.create(systemPrincipal(officeId), {
        displayName,
        languages: ['ar', 'de'],
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
      return counsellor.id;
    };
    amira = await create('Amira');
    lesia = await create('Lesia');
    const type = await t.get(ConsultationTypeService).create(officeId, {
      name: { de: 'Aufenthalt', en: 'Residence' },
      topic: 'residence',
      durationMinutes: 30,
      stepMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minNoticeMinutes: 60,
      horizonDays: 60,
      channel: 'video',
      counsellorIds: [amira, lesia],
    });
    typeId = type.id;
  });

  afterAll(() => t?.close());

  it('assigns "any counsellor" to the one least booked in the office week of the start', async () => {
    // Amira has two appointments in the week of 1 June, Lesia none; a booking in the week before
    // must not count.
    await booking.book(request('2026-05-29T08:00:00Z', { counsellorId: lesia }));
    await booking.book(request('2026-06-01T08:00:00Z', { counsellorId: amira }));
    await booking.book(request('2026-06-02T08:00:00Z', { counsellorId: amira }));
    const first = await booking.book(request('2026-06-03T08:00:00Z'));
    expect(first.appointment.counsellorId).toBe(lesia);
    const second = await booking.book(request('2026-06-03T09:00:00Z'));
    expect(second.appointment.counsellorId).toBe(lesia);
    // Now 2 : 2; Lesia takes one more elsewhere, so the next goes to Amira.
    await booking.book(request('2026-06-04T08:00:00Z', { counsellorId: lesia }));
    const third = await booking.book(request('2026-06-05T08:00:00Z'));
    expect(third.appointment.counsellorId).toBe(amira);
  });

  it('falls back to the other counsellor when the least loaded one is taken at that time', async () => {
    // Monday 8 June: Lesia is booked at 10:00, so "any" at 10:00 goes to Amira although Lesia has
    // fewer appointments that week.
    await booking.book(request('2026-06-08T08:00:00Z', { counsellorId: lesia }));
    await booking.book(request('2026-06-09T08:00:00Z', { counsellorId: amira }));
    await booking.book(request('2026-06-09T09:00:00Z', { counsellorId: amira }));
    const result = await booking.book(request('2026-06-08T08:00:00Z'));
    expect(result.appointment.counsellorId).toBe(amira);
  });

  it('replays a retried request with the same key: one appointment, a fresh token that also works', async () => {
    const body = request('2026-06-10T08:00:00Z');
    const first = await booking.book(body, 'medium-key-0001');
    const again = await booking.book(body, 'medium-key-0001');
    expect(again.replayed).toBe(true);
    expect(first.replayed).toBe(false);
    expect(again.appointment.id).toBe(first.appointment.id);
    expect(again.manageToken).not.toBe(first.manageToken);
    expect((await booking.byToken(first.manageToken)).id).toBe(first.appointment.id);
    expect((await booking.byToken(again.manageToken)).id).toBe(first.appointment.id);
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM appointment WHERE starts_at = $1`,
      ['2026-06-10T08:00:00Z'],
    );
    expect(count).toBe(1);
  });

  it('refuses the same key with a different request, and books nothing for it', async () => {
    const body = request('2026-06-11T08:00:00Z');
    await booking.book(body, 'medium-key-0002');
    await expect(
      booking.book({ ...body, start: new Date('2026-06-11T09:00:00Z') }, 'medium-key-0002'),
    ).rejects.toMatchObject({ status: 409 });
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM appointment WHERE starts_at = $1`,
      ['2026-06-11T09:00:00Z'],
    );
    expect(count).toBe(0);
  });

  it('gives concurrent retries of one key one appointment', async () => {
    const body = request('2026-06-12T08:00:00Z');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => booking.book(body, 'medium-key-0003')),
    );
    expect(new Set(results.map((r) => r.appointment.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
  });

  it('relays a booking that commits while a relay run is under way in that run, not on the schedule', async () => {
    const relay = t.get(OutboxRelay);
    await relay.relay();
    const outbox = (
      relay as unknown as { outbox: { claim: (...args: never[]) => Promise<unknown> } }
    ).outbox;
    const claim = outbox.claim.bind(outbox);
    let late: string | undefined;
    const spy = vi.spyOn(outbox, 'claim').mockImplementationOnce(async (...args) => {
      const claimed = await claim(...args);
      // Committed just after this claim; the booking's own kick of the relay joins the run.
      late = (await booking.book(request('2026-06-15T08:00:00Z'))).appointment.id;
      return claimed;
    });
    try {
      await relay.relay();
    } finally {
      spy.mockRestore();
    }
    const [event] = await t.dataSource.query<{ published: boolean }[]>(
      'SELECT published_at IS NOT NULL AS published FROM outbox_event WHERE appointment_id = $1',
      [late],
    );
    expect(event).toEqual({ published: true });
  });
});
