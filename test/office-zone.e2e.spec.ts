import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * The office's zone comes from the office (which the migration gave OFFICE_TIME_ZONE), not from a
 * hard-coded Europe/Berlin: pages ask for it, new counsellors and clients who send no zone get it,
 * and the staff's day ranges are its days (those still from OFFICE_TIME_ZONE). Santiago (UTC−3 in
 * December) so that a wrong Berlin day is a different day.
 */
describe('OFFICE_TIME_ZONE', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let counsellorId: string;
  let typeId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { OFFICE_TIME_ZONE: 'America/Santiago' } });
    // The test's migration ran without the app's environment: give the default office the zone
    // the migration would have given it.
    await t.dataSource.query("UPDATE office SET time_zone = 'America/Santiago'");
    t.clock.advance(new Date('2026-12-01T12:00:00Z').getTime() - t.clock.now().getTime());
    admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    const created = await request(t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({ displayName: 'Camila Rojas', languages: ['es', 'de'], topics: ['work'] })
      .expect(201);
    counsellorId = created.body.id;
    expect(created.body.timeZone).toBe('America/Santiago');
    for (let weekday = 1; weekday <= 7; weekday += 1) {
      await request(t.http)
        .post(`/api/counsellors/${counsellorId}/rules`)
        .set(admin)
        .send({ weekday, start: '00:00', end: '24:00' })
        .expect(201);
    }
    const type = await request(t.http)
      .post('/api/admin/consultation-types')
      .set(admin)
      .send({
        name: { de: 'Arbeit', en: 'Work' },
        topic: 'work',
        durationMinutes: 30,
        stepMinutes: 30,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 0,
        horizonDays: 30,
        channel: 'video',
        counsellorIds: [counsellorId],
      })
      .expect(201);
    typeId = type.body.id;
  });
  afterAll(() => t?.close());

  it('tells the pages the office zone', async () => {
    const office = await request(t.http).get('/api/public/office').expect(200);
    expect(office.body).toEqual({ timeZone: 'America/Santiago' });
  });

  it("gives a client who sends no zone the office's, and lists by the office's days", async () => {
    // 23:30 in Santiago on 10 December is 02:30 UTC on the 11th: in Berlin already the 11th.
    const booked = await request(t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: typeId,
        start: '2026-12-10T23:30:00-03:00',
        pseudonym: 'Lucía',
        language: 'es',
        contact: { channel: 'email', value: 'lucia@example.org' },
      })
      .expect(201);
    const id = booked.body.appointment.id;
    const listed = (from: string, to: string) =>
      request(t.http)
        .get('/api/appointments')
        .query({ from, to })
        .set(admin)
        .expect(200)
        .then((response) => response.body.map((a: { id: string }) => a.id));
    expect(await listed('2026-12-10', '2026-12-10')).toContain(id);
    expect(await listed('2026-12-11', '2026-12-11')).not.toContain(id);
    const [row] = await t.dataSource.query(
      'SELECT client_time_zone AS zone FROM appointment WHERE id = $1',
      [id],
    );
    expect(row.zone).toBe('America/Santiago');
  });
});
