import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOfficeId, insertOffice } from './support/offices.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * Two offices on one instance: the default one (Berlin: zone Europe/Berlin, holidays DE-BE, German
 * numbers) and a Viennese one (Europe/Vienna, AT, Austrian numbers). Records its staff create are
 * its own, bookings take the office of their type, holidays are the office's region's, and clients
 * find active offices only.
 */
describe('offices', () => {
  let t: TestApp;
  let berlin: string;
  let vienna: string;
  let berlinAdmin: { Authorization: string };
  let viennaAdmin: { Authorization: string };
  let berlinCounsellor: string;
  let viennaCounsellor: string;
  let viennaType: string;

  const counsellor = async (auth: { Authorization: string }, displayName: string) => {
    const created = await request(t.http)
      .post('/api/admin/counsellors')
      .set(auth)
      .send({ displayName, languages: ['de', 'fa'], topics: ['residence'] })
      .expect(201);
    for (let weekday = 1; weekday <= 7; weekday += 1) {
      await request(t.http)
        .post(`/api/counsellors/${created.body.id}/rules`)
        .set(auth)
        .send({ weekday, start: '09:00', end: '17:00' })
        .expect(201);
    }
    return created.body as { id: string; timeZone: string };
  };
  const typeBody = (counsellorIds: string[]) => ({
    name: { de: 'Beratung', en: 'Consultation' },
    topic: 'residence',
    durationMinutes: 60,
    stepMinutes: 60,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minNoticeMinutes: 0,
    horizonDays: 365,
    channel: 'video',
    counsellorIds,
  });
  const officeOf = async (table: string, id: string): Promise<string> =>
    (
      await t.dataSource.query<{ office_id: string }[]>(
        `SELECT office_id FROM ${table} WHERE id = $1`,
        [id],
      )
    )[0].office_id;
  const slotDays = async (typeId: string, from: string, to: string): Promise<string[]> => {
    const response = await request(t.http)
      .get('/api/public/slots')
      .query({ consultationTypeId: typeId, from, to, timeZone: 'Europe/Vienna' })
      .expect(200);
    return [
      ...new Set((response.body.slots as { start: string }[]).map((s) => s.start.slice(0, 10))),
    ];
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { BOOKING_RATE_LIMIT_PER_MINUTE: '10000' } });
    t.clock.advance(new Date('2027-02-01T08:00:00Z').getTime() - t.clock.now().getTime());
    berlin = await defaultOfficeId(t.dataSource);
    vienna = await insertOffice(t.dataSource, {
      slug: 'beratung-wien',
      name: { de: 'Beratungsstelle Wien', en: 'Counselling Vienna' },
      timeZone: 'Europe/Vienna',
      holidayRegion: 'AT',
      country: 'AT',
      languages: ['de', 'fa'],
      topics: ['residence'],
    });
    berlinAdmin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    viennaAdmin = {
      Authorization: `Bearer ${(await t.login('admin', undefined, vienna)).token}`,
    };
    berlinCounsellor = (await counsellor(berlinAdmin, 'Amira Haddad')).id;
    const viennese = await counsellor(viennaAdmin, 'Parisa Ahmadi');
    viennaCounsellor = viennese.id;
    expect(viennese.timeZone).toBe('Europe/Vienna');
    viennaType = (
      await request(t.http)
        .post('/api/admin/consultation-types')
        .set(viennaAdmin)
        .send(typeBody([viennaCounsellor]))
        .expect(201)
    ).body.id;
  });
  afterAll(() => t?.close());

  it("puts what an office's staff create into their own office", async () => {
    expect(await officeOf('counsellor', berlinCounsellor)).toBe(berlin);
    expect(await officeOf('counsellor', viennaCounsellor)).toBe(vienna);
    expect(await officeOf('consultation_type', viennaType)).toBe(vienna);
    const staff = await request(t.http)
      .post('/api/admin/staff')
      .set(viennaAdmin)
      .send({
        email: 'neu@wien.example',
        displayName: 'Neu',
        role: 'counsellor',
        password: 'a long enough password',
      })
      .expect(201);
    expect(await officeOf('staff_account', staff.body.id)).toBe(vienna);
  });

  it("refuses another office's counsellors and types by id, as unknown ones", async () => {
    const mixed = await request(t.http)
      .post('/api/admin/consultation-types')
      .set(viennaAdmin)
      .send(typeBody([viennaCounsellor, berlinCounsellor]))
      .expect(400);
    expect(mixed.body.code).toBe('unknown_counsellor_ids');
    const linked = await request(t.http)
      .put(`/api/admin/counsellors/${berlinCounsellor}/consultation-types`)
      .set(berlinAdmin)
      .send({ consultationTypeIds: [viennaType] })
      .expect(400);
    expect(linked.body.code).toBe('unknown_consultation_type_ids');
    // A staff account of another office cannot become one of this office's counsellors.
    const berliner = await t.login('counsellor');
    const profile = await request(t.http)
      .post('/api/admin/counsellors')
      .set(viennaAdmin)
      .send({
        displayName: 'Falsch',
        languages: ['de'],
        topics: ['residence'],
        staffId: berliner.id,
      })
      .expect(400);
    expect(profile.body, JSON.stringify(profile.body)).toMatchObject({
      code: 'staff_account_not_found',
    });
  });

  it("books in the type's office: its zone for a client without one, its country for national numbers", async () => {
    const booked = await request(t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: viennaType,
        start: '2027-03-09T10:00:00+01:00',
        pseudonym: 'Sahar',
        language: 'fa',
        contact: { channel: 'phone', value: '0664 1234567' },
      })
      .expect(201);
    const id: string = booked.body.appointment.id;
    const [row] = await t.dataSource.query<
      { office_id: string; client_time_zone: string; contact_value: string }[]
    >('SELECT office_id, client_time_zone, contact_value FROM appointment WHERE id = $1', [id]);
    expect(row).toEqual({
      office_id: vienna,
      client_time_zone: 'Europe/Vienna',
      contact_value: '+436641234567',
    });
    const audit = await t.dataSource.query<{ office_id: string }[]>(
      'SELECT office_id FROM audit_event WHERE appointment_id = $1',
      [id],
    );
    expect(audit).toEqual([{ office_id: vienna }]);
  });

  it("closes on the office region's holidays, and opens them per office", async () => {
    // 8 March is a public holiday in Berlin, not in Austria; 8 December the other way round.
    expect(await slotDays(viennaType, '2027-03-08', '2027-03-08')).toEqual(['2027-03-08']);
    expect(await slotDays(viennaType, '2027-12-08', '2027-12-08')).toEqual([]);
    const holidays = async (auth: { Authorization: string }) =>
      (await request(t.http).get('/api/admin/holidays').query({ year: 2027 }).set(auth).expect(200))
        .body as { date: string; open: boolean }[];
    const viennese = await holidays(viennaAdmin);
    expect(viennese.map((h) => h.date)).toContain('2027-12-08');
    expect(viennese.map((h) => h.date)).not.toContain('2027-03-08');
    expect((await holidays(berlinAdmin)).map((h) => h.date)).toContain('2027-03-08');

    // New Year is a holiday in both: Vienna opening it leaves Berlin closed.
    await request(t.http).put('/api/admin/holidays/2027-12-08/open').set(viennaAdmin).expect(200);
    expect(await slotDays(viennaType, '2027-12-08', '2027-12-08')).toEqual(['2027-12-08']);
    await request(t.http).put('/api/admin/holidays/2027-01-01/open').set(viennaAdmin).expect(200);
    expect((await holidays(viennaAdmin)).find((h) => h.date === '2027-01-01')?.open).toBe(true);
    expect((await holidays(berlinAdmin)).find((h) => h.date === '2027-01-01')?.open).toBe(false);
  });

  it('keeps telling the single-office pages the default office zone', async () => {
    const office = await request(t.http).get('/api/public/office').expect(200);
    expect(office.body).toEqual({ timeZone: 'Europe/Berlin' });
  });

  describe('public directory', () => {
    beforeAll(async () => {
      await insertOffice(t.dataSource, { slug: 'ruhend', status: 'suspended' });
      await t.dataSource.query(
        `UPDATE office SET description = $2, district = 'Leopoldstadt', contact_email = 'info@wien.example'
          WHERE id = $1`,
        [vienna, JSON.stringify({ de: 'Beratung zu Aufenthalt', en: 'Advice on residence' })],
      );
    });

    it('lists active offices only, in the requested language', async () => {
      const listed = await request(t.http)
        .get('/api/public/offices')
        .query({ language: 'en' })
        .expect(200);
      const slugs = (listed.body as { slug: string }[]).map((office) => office.slug);
      expect(slugs).toContain('beratung-wien');
      expect(slugs).toContain('beratungsstelle');
      expect(slugs).not.toContain('ruhend');
      expect(listed.body.find((o: { slug: string }) => o.slug === 'beratung-wien')).toEqual({
        slug: 'beratung-wien',
        signLanguageVideoUrl: null,
        name: 'Counselling Vienna',
        description: 'Advice on residence',
        district: 'Leopoldstadt',
        address: null,
        languages: ['de', 'fa'],
        topics: ['residence'],
        timeZone: 'Europe/Vienna',
        contact: { email: 'info@wien.example', phone: null },
        privacy: {
          controller: 'Träger beratung-wien',
          contact: 'datenschutz@beratung-wien.example',
          retentionDays: 30,
        },
      });
    });

    it('shows one active office by slug; unknown and suspended slugs get the same 404', async () => {
      const one = await request(t.http).get('/api/public/offices/beratung-wien').expect(200);
      expect(one.body).toMatchObject({ slug: 'beratung-wien', name: 'Beratungsstelle Wien' });
      const suspended = await request(t.http).get('/api/public/offices/ruhend').expect(404);
      const unknown = await request(t.http).get('/api/public/offices/gibt-es-nicht').expect(404);
      const withoutRequest = ({ requestId: _, ...rest }: Record<string, unknown>) => rest;
      expect(withoutRequest(suspended.body)).toEqual(withoutRequest(unknown.body));
      expect(unknown.body).toMatchObject({ statusCode: 404, code: 'office_not_found' });
    });
  });
});
