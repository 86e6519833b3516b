import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RosterRepository } from '../libs/roster/src/roster.repository.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * Slot searches read rosters through a per-process cache. Two API instances on one database, each
 * with its own cache: every kind of change made through one (or in SQL, through neither) must show in
 * the other's very next search. Each test first warms both caches on the day it then changes.
 */
describe('slot search cache: every change is seen at once by every API process', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: { Authorization: string };
  let typeId: string;
  let amiraId: string;
  let lesiaId: string;

  const post = (path: string, body: object) =>
    request(a.http).post(path).set(admin).send(body).expect(201);
  /** Local start times (Berlin) on one day, as the given process answers them. */
  const starts = async (app: TestApp, day: string, counsellorId: string): Promise<string[]> => {
    const response = await request(app.http)
      .get('/api/public/slots')
      .query({ consultationTypeId: typeId, from: day, to: day, counsellorId })
      .expect(200);
    return (response.body as { slots: { start: string }[] }).slots.map((slot) =>
      slot.start.slice(11, 16),
    );
  };
  /** Both processes answer the same (and the expected) start times. */
  const expectBoth = async (day: string, counsellorId: string, expected: string[]) => {
    expect(await starts(b, day, counsellorId)).toEqual(expected);
    expect(await starts(a, day, counsellorId)).toEqual(expected);
  };

  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp({ database: a.database });
    const now = new Date('2027-05-01T00:00:00Z').getTime();
    for (const app of [a, b]) app.clock.advance(now - app.clock.now().getTime());
    admin = { Authorization: `Bearer ${(await a.login('admin')).token}` };
    amiraId = (
      await post('/api/admin/counsellors', {
        displayName: 'Amira Haddad',
        languages: ['ar', 'de'],
        topics: ['residence'],
      })
    ).body.id;
    lesiaId = (
      await post('/api/admin/counsellors', {
        displayName: 'Lesia Petrenko',
        languages: ['uk', 'de'],
        topics: ['residence'],
      })
    ).body.id;
    typeId = (
      await post('/api/admin/consultation-types', {
        name: { de: 'Beratung', en: 'Consultation' },
        topic: 'residence',
        durationMinutes: 60,
        stepMinutes: 60,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 60,
        horizonDays: 120,
        channel: 'video',
        counsellorIds: [amiraId, lesiaId],
      })
    ).body.id;
    // Monday to Friday 09:00–12:00 for both.
    for (const id of [amiraId, lesiaId]) {
      for (const weekday of [1, 2, 3, 4, 5]) {
        await post(`/api/counsellors/${id}/rules`, { weekday, start: '09:00', end: '12:00' });
      }
    }
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('sees a new or deleted weekly rule', async () => {
    await expectBoth('2027-06-05', amiraId, []); // a Saturday
    const rule = await post(`/api/counsellors/${amiraId}/rules`, {
      weekday: 6,
      start: '10:00',
      end: '12:00',
    });
    await expectBoth('2027-06-05', amiraId, ['10:00', '11:00']);
    await request(a.http)
      .delete(`/api/counsellors/${amiraId}/rules/${rule.body.id}`)
      .set(admin)
      .expect(204);
    await expectBoth('2027-06-05', amiraId, []);
  });

  it('sees extra hours added and removed', async () => {
    await expectBoth('2027-06-13', amiraId, []); // a Sunday
    const extra = await post(`/api/counsellors/${amiraId}/extra-hours`, {
      date: '2027-06-13',
      start: '14:00',
      end: '16:00',
    });
    await expectBoth('2027-06-13', amiraId, ['14:00', '15:00']);
    await request(a.http)
      .delete(`/api/counsellors/${amiraId}/extra-hours/${extra.body.id}`)
      .set(admin)
      .expect(204);
    await expectBoth('2027-06-13', amiraId, []);
  });

  it('sees an absence added and removed', async () => {
    await expectBoth('2027-06-14', amiraId, ['09:00', '10:00', '11:00']);
    const absence = await post(`/api/counsellors/${amiraId}/absences`, {
      startDate: '2027-06-14',
      endDate: '2027-06-15',
    });
    await expectBoth('2027-06-14', amiraId, []);
    await expectBoth('2027-06-15', amiraId, []);
    await request(a.http)
      .delete(`/api/counsellors/${amiraId}/absences/${absence.body.id}`)
      .set(admin)
      .expect(204);
    await expectBoth('2027-06-14', amiraId, ['09:00', '10:00', '11:00']);
  });

  it('sees a public holiday opened and closed again', async () => {
    await expectBoth('2027-05-17', amiraId, []); // Whit Monday, a Berlin public holiday
    await request(a.http).put('/api/admin/holidays/2027-05-17/open').set(admin).expect(200);
    await expectBoth('2027-05-17', amiraId, ['09:00', '10:00', '11:00']);
    await request(a.http).delete('/api/admin/holidays/2027-05-17/open').set(admin).expect(200);
    await expectBoth('2027-05-17', amiraId, []);
  });

  it('sees a booking, its reassignment and its cancellation', async () => {
    await expectBoth('2027-06-22', amiraId, ['09:00', '10:00', '11:00']);
    await expectBoth('2027-06-22', lesiaId, ['09:00', '10:00', '11:00']);
    const booked = await request(a.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: typeId,
        start: '2027-06-22T10:00:00+02:00',
        counsellorId: amiraId,
        pseudonym: 'Mariam',
        language: 'de',
        contact: { channel: 'email', value: 'mariam@example.org' },
      })
      .expect(201);
    await expectBoth('2027-06-22', amiraId, ['09:00', '11:00']);
    await request(a.http)
      .post(`/api/admin/appointments/${booked.body.appointment.id}/reassign`)
      .set(admin)
      .send({ counsellorId: lesiaId })
      .expect(200);
    await expectBoth('2027-06-22', amiraId, ['09:00', '10:00', '11:00']);
    await expectBoth('2027-06-22', lesiaId, ['09:00', '11:00']);
    await request(a.http)
      .post('/api/public/manage/cancel')
      .set('X-Manage-Token', booked.body.manageToken as string)
      .expect(200);
    await expectBoth('2027-06-22', lesiaId, ['09:00', '10:00', '11:00']);
  });

  it('sees a consultation type change its duration and who serves it', async () => {
    await expectBoth('2027-06-23', lesiaId, ['09:00', '10:00', '11:00']);
    await request(a.http)
      .patch(`/api/admin/consultation-types/${typeId}`)
      .set(admin)
      .send({ durationMinutes: 90, stepMinutes: 90 })
      .expect(200);
    await expectBoth('2027-06-23', lesiaId, ['09:00', '10:30']);
    await request(a.http)
      .patch(`/api/admin/consultation-types/${typeId}`)
      .set(admin)
      .send({ counsellorIds: [amiraId] })
      .expect(200);
    await expectBoth('2027-06-23', lesiaId, []);
    await request(a.http)
      .patch(`/api/admin/consultation-types/${typeId}`)
      .set(admin)
      .send({ durationMinutes: 60, stepMinutes: 60, counsellorIds: [amiraId, lesiaId] })
      .expect(200);
    await expectBoth('2027-06-23', lesiaId, ['09:00', '10:00', '11:00']);
  });

  it("sees a counsellor's new time zone", async () => {
    await expectBoth('2027-06-24', lesiaId, ['09:00', '10:00', '11:00']);
    await request(a.http)
      .patch(`/api/admin/counsellors/${lesiaId}`)
      .set(admin)
      .send({ timeZone: 'Europe/Kyiv' })
      .expect(200);
    await expectBoth('2027-06-24', lesiaId, ['08:00', '09:00', '10:00']);
    await request(a.http)
      .patch(`/api/admin/counsellors/${lesiaId}`)
      .set(admin)
      .send({ timeZone: 'Europe/Berlin' })
      .expect(200);
    await expectBoth('2027-06-24', lesiaId, ['09:00', '10:00', '11:00']);
  });

  it('keeps its own bookings in its cache without a snapshot, and still sees every other change', async () => {
    const book = (start: string, n: number) =>
      request(a.http)
        .post('/api/public/appointments')
        .send({
          consultationTypeId: typeId,
          start,
          counsellorId: amiraId,
          pseudonym: 'Mariam',
          language: 'de',
          contact: { channel: 'email', value: `own-${n}@example.org` },
        })
        .expect(201);
    const snapshots = vi.spyOn(a.app.get(RosterRepository), 'rosterSnapshot');
    try {
      await expectBoth('2027-06-28', amiraId, ['09:00', '10:00', '11:00']);
      await book('2027-06-28T10:00:00+02:00', 1);
      snapshots.mockClear();
      // The cached roster plus the booking: the only change since, so no snapshot.
      expect(await starts(a, '2027-06-28', amiraId)).toEqual(['09:00', '11:00']);
      expect(snapshots).not.toHaveBeenCalled();
      expect(await starts(b, '2027-06-28', amiraId)).toEqual(['09:00', '11:00']);

      // Its own booking and an absence in SQL: two changes since, so the snapshot.
      await book('2027-06-28T11:00:00+02:00', 2);
      await a.dataSource.query(
        `INSERT INTO absence (counsellor_id, starts_at, ends_at)
         VALUES ($1, '2027-06-28T07:00:00Z', '2027-06-28T08:00:00Z')`,
        [amiraId],
      );
      snapshots.mockClear();
      await expectBoth('2027-06-28', amiraId, []);
      expect(snapshots).toHaveBeenCalledTimes(1);

      // Two bookings checked against the same version: neither tells the other apart.
      await expectBoth('2027-06-29', amiraId, ['09:00', '10:00', '11:00']);
      await Promise.all([
        book('2027-06-29T09:00:00+02:00', 3),
        book('2027-06-29T10:00:00+02:00', 4),
      ]);
      await expectBoth('2027-06-29', amiraId, ['11:00']);
    } finally {
      snapshots.mockRestore();
    }
  });

  it('sees changes made in SQL, past every API process', async () => {
    await expectBoth('2027-06-25', amiraId, ['09:00', '10:00', '11:00']);
    await a.dataSource.query(
      'UPDATE availability_rule SET end_minute = 660 WHERE counsellor_id = $1 AND weekday = 5',
      [amiraId],
    );
    await expectBoth('2027-06-25', amiraId, ['09:00', '10:00']);
    await a.dataSource.query(
      `INSERT INTO appointment (consultation_type_id, counsellor_id, starts_at, ends_at, office_id)
       SELECT $1, $2, '2027-06-25T07:00:00Z', '2027-06-25T08:00:00Z', office_id FROM counsellor WHERE id = $2`,
      [typeId, amiraId],
    );
    await expectBoth('2027-06-25', amiraId, ['10:00']);
    await a.dataSource.query(
      'UPDATE availability_rule SET end_minute = 720 WHERE counsellor_id = $1 AND weekday = 5',
      [amiraId],
    );
    await a.dataSource.query('DELETE FROM appointment WHERE counsellor_id = $1', [amiraId]);
    await expectBoth('2027-06-25', amiraId, ['09:00', '10:00', '11:00']);
  });
});
