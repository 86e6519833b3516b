import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetentionService } from '@app/appointments';
import { defaultOfficeId, insertOffice } from './support/offices.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * What is the office's own and not the instance's: its zone for staff days and for clients who
 * send none, its retention period, and its status for clients moving an appointment. A Berlin
 * default office (30 days) beside one in Santiago (UTC−3 in December, 7 days): a wrong zone or
 * period shows as a different day or a different erasure.
 */
describe("the office's own zone, retention and status", () => {
  let t: TestApp;
  let santiago: string;
  let santiagoAdmin: { Authorization: string };
  let berlinAdmin: { Authorization: string };
  let santiagoType: string;
  let berlinType: string;

  const setUp = async (auth: { Authorization: string }, name: string): Promise<string> => {
    const counsellor = await request(t.http)
      .post('/api/admin/counsellors')
      .set(auth)
      .send({ displayName: name, languages: ['es', 'de'], topics: ['work'] })
      .expect(201);
    for (let weekday = 1; weekday <= 7; weekday += 1) {
      await request(t.http)
        .post(`/api/counsellors/${counsellor.body.id}/rules`)
        .set(auth)
        .send({ weekday, start: '00:00', end: '24:00' })
        .expect(201);
    }
    const type = await request(t.http)
      .post('/api/admin/consultation-types')
      .set(auth)
      .send({
        name: { de: 'Arbeit', en: 'Work' },
        topic: 'work',
        durationMinutes: 30,
        stepMinutes: 30,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 0,
        horizonDays: 60,
        channel: 'video',
        counsellorIds: [counsellor.body.id],
      })
      .expect(201);
    return type.body.id;
  };
  let clients = 0;
  const book = async (consultationTypeId: string, start: string) => {
    clients += 1;
    const booked = await request(t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId,
        start,
        pseudonym: `Client ${clients}`,
        language: 'es',
        contact: { channel: 'email', value: `client${clients}@example.org` },
      })
      .expect(201);
    return booked.body as { appointment: { id: string }; manageToken: string };
  };
  const erased = async (id: string): Promise<boolean> =>
    (
      await t.dataSource.query<{ erased: boolean }[]>(
        'SELECT personal_data_erased_at IS NOT NULL AS erased FROM appointment WHERE id = $1',
        [id],
      )
    )[0].erased;

  beforeAll(async () => {
    t = await createTestApp({ env: { BOOKING_RATE_LIMIT_PER_MINUTE: '10000' } });
    t.clock.advance(new Date('2026-12-01T12:00:00Z').getTime() - t.clock.now().getTime());
    santiago = await insertOffice(t.dataSource, {
      slug: 'consejeria-santiago',
      timeZone: 'America/Santiago',
      holidayRegion: 'CL',
      country: 'CL',
      retentionDays: 7,
    });
    santiagoAdmin = {
      Authorization: `Bearer ${(await t.login('admin', undefined, santiago)).token}`,
    };
    berlinAdmin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    santiagoType = await setUp(santiagoAdmin, 'Camila Rojas');
    berlinType = await setUp(berlinAdmin, 'Amira Haddad');
  });
  afterAll(() => t?.close());

  it('tells staff their own office (and its zone) at login and after; a platform admin has none', async () => {
    const me = await request(t.http).get('/api/auth/me').set(santiagoAdmin).expect(200);
    expect(me.body.office).toEqual({
      id: santiago,
      slug: 'consejeria-santiago',
      name: { de: 'Büro consejeria-santiago', en: 'Office consejeria-santiago' },
      timeZone: 'America/Santiago',
    });
    const account = await t.login('counsellor', 'login@santiago.example', santiago);
    const login = await request(t.http)
      .post('/api/auth/login')
      .send({ email: account.email, password: account.password })
      .expect(200);
    expect(login.body.staff.office.timeZone).toBe('America/Santiago');
    const platform = await t.login('platform_admin');
    const none = await request(t.http)
      .get('/api/auth/me')
      .set({ Authorization: `Bearer ${platform.token}` })
      .expect(200);
    expect(none.body.office).toBeNull();
  });

  it("lists the staff's days in their office's zone", async () => {
    // 23:30 on 10 December in Santiago is 02:30 UTC on the 11th: the 11th in Berlin and in UTC.
    const late = await book(santiagoType, '2026-12-10T23:30:00-03:00');
    const ids = async (day: string) =>
      (
        (
          await request(t.http)
            .get('/api/appointments')
            .query({ from: day, to: day })
            .set(santiagoAdmin)
            .expect(200)
        ).body as { id: string }[]
      ).map((a) => a.id);
    expect(await ids('2026-12-10')).toEqual([late.appointment.id]);
    expect(await ids('2026-12-11')).toEqual([]);
  });

  it("answers a client who sends no zone in the type's office zone", async () => {
    const slots = async (consultationTypeId: string) =>
      (
        await request(t.http)
          .get('/api/public/slots')
          .query({ consultationTypeId, from: '2026-12-14', to: '2026-12-14' })
          .expect(200)
      ).body.slots as { start: string }[];
    const inSantiago = await slots(santiagoType);
    expect(inSantiago[0].start).toBe('2026-12-14T00:00:00-03:00');
    expect(inSantiago.every((slot) => slot.start.startsWith('2026-12-14'))).toBe(true);
    expect((await slots(berlinType))[0].start).toBe('2026-12-14T00:00:00+01:00');
  });

  it("erases personal data after each office's own retention period", async () => {
    const inSantiago = await book(santiagoType, '2026-12-03T10:00:00-03:00');
    const inBerlin = await book(berlinType, '2026-12-03T10:00:00+01:00');
    const retention = t.app.get(RetentionService);
    const at = (iso: string) => t.clock.advance(new Date(iso).getTime() - t.clock.now().getTime());
    at('2026-12-10T13:29:00Z'); // a minute short of 7 days after the Santiago end (13:30 UTC)
    await retention.purge();
    expect(await erased(inSantiago.appointment.id)).toBe(false);
    at('2026-12-10T13:31:00Z');
    await retention.purge();
    expect(await erased(inSantiago.appointment.id)).toBe(true);
    expect(await erased(inBerlin.appointment.id)).toBe(false);
    const audit = await t.dataSource.query(
      `SELECT changes, office_id FROM audit_event
        WHERE appointment_id = $1 AND action = 'appointment.personal-data-erased'`,
      [inSantiago.appointment.id],
    );
    expect(audit).toEqual([{ changes: { retentionDays: 7 }, office_id: santiago }]);
    at('2027-01-02T09:31:00Z'); // 30 days after the Berlin end (09:30 UTC)
    await retention.purge();
    expect(await erased(inBerlin.appointment.id)).toBe(true);
    const [{ changes }] = await t.dataSource.query(
      `SELECT changes FROM audit_event
        WHERE appointment_id = $1 AND action = 'appointment.personal-data-erased'`,
      [inBerlin.appointment.id],
    );
    expect(changes).toEqual({ retentionDays: 30 });
    expect(await defaultOfficeId(t.dataSource)).not.toBe(santiago);
  });

  it('lets the client of a suspended office cancel but not take a new time', async () => {
    t.clock.advance(new Date('2027-01-05T12:00:00Z').getTime() - t.clock.now().getTime());
    const booked = await book(santiagoType, '2027-01-20T10:00:00-03:00');
    const token = { 'X-Manage-Token': booked.manageToken };
    await t.dataSource.query("UPDATE office SET status = 'suspended' WHERE id = $1", [santiago]);
    try {
      const moved = await request(t.http)
        .post('/api/public/manage/reschedule')
        .set(token)
        .send({ start: '2027-01-21T10:00:00-03:00' })
        .expect(422);
      expect(moved.body.code).toBe('office_suspended');
      const options = await request(t.http)
        .get('/api/public/manage/slots')
        .query({ from: '2027-01-21', to: '2027-01-21' })
        .set(token)
        .expect(422);
      expect(options.body.code).toBe('office_suspended');
      await request(t.http).get('/api/public/manage').set(token).expect(200);
      await request(t.http).post('/api/public/manage/cancel').set(token).send({}).expect(200);
    } finally {
      await t.dataSource.query("UPDATE office SET status = 'active' WHERE id = $1", [santiago]);
    }
  });
});
