import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOfficeId, insertOffice } from './support/offices.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * Clients by office: each office page lists its own types only, a suspended office's types are
 * neither listed, searchable nor bookable (the same 404 as an unknown type), and one search answers
 * the next free time of every matching type of every active office.
 */
describe('public offer by office', () => {
  let t: TestApp;
  let berlinSlug: string;
  let berlinType: string;
  let youthType: string;
  let youthPhoneType: string;
  let pausedType: string;
  let pausedOffice: string;

  type Auth = { Authorization: string };
  const admin = async (officeId?: string): Promise<Auth> => ({
    Authorization: `Bearer ${(await t.login('admin', undefined, officeId)).token}`,
  });
  /** A counsellor working `hours` every day. */
  const counsellor = async (auth: Auth, languages: string[], hours: [string, string]) => {
    const created = await request(t.http)
      .post('/api/admin/counsellors')
      .set(auth)
      .send({ displayName: `C ${languages.join('')}`, languages, topics: ['residence', 'work'] })
      .expect(201);
    for (let weekday = 1; weekday <= 7; weekday += 1) {
      await request(t.http)
        .post(`/api/counsellors/${created.body.id}/rules`)
        .set(auth)
        .send({ weekday, start: hours[0], end: hours[1] })
        .expect(201);
    }
    return created.body.id as string;
  };
  const type = async (auth: Auth, counsellorIds: string[], topic: string, channel = 'video') =>
    (
      await request(t.http)
        .post('/api/admin/consultation-types')
        .set(auth)
        .send({
          name: { de: `Beratung ${topic}`, en: `Consultation ${topic}` },
          topic,
          durationMinutes: 60,
          stepMinutes: 60,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 0,
          horizonDays: 365,
          channel,
          counsellorIds,
        })
        .expect(201)
    ).body.id as string;
  const typeIds = async (query: Record<string, string> = {}) =>
    (
      (await request(t.http).get('/api/public/consultation-types').query(query).expect(200))
        .body as { id: string }[]
    ).map((item) => item.id);
  const slots = (consultationTypeId: string, query: Record<string, string> = {}) =>
    request(t.http)
      .get('/api/public/slots')
      .query({ consultationTypeId, from: '2027-03-01', to: '2027-03-03', ...query });
  const book = (consultationTypeId: string) =>
    request(t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId,
        start: '2027-03-02T10:00:00+01:00',
        pseudonym: 'Sahar',
        language: 'de',
        contact: { channel: 'email', value: 'sahar@example.org' },
      });
  const search = (query: Record<string, string | number> = {}) =>
    request(t.http)
      .get('/api/public/search')
      .query({ from: '2027-03-01', timeZone: 'Europe/Berlin', ...query });
  const withoutRequest = (body: Record<string, unknown>) => {
    const { requestId: _requestId, ...rest } = body;
    return rest;
  };

  beforeAll(async () => {
    t = await createTestApp({
      env: { BOOKING_RATE_LIMIT_PER_MINUTE: '10000', SLOT_SEARCH_RATE_LIMIT_PER_MINUTE: '10000' },
    });
    t.clock.advance(new Date('2027-02-01T08:00:00Z').getTime() - t.clock.now().getTime());
    const berlin = await defaultOfficeId(t.dataSource);
    [{ slug: berlinSlug }] = await t.dataSource.query<{ slug: string }[]>(
      'SELECT slug FROM office WHERE id = $1',
      [berlin],
    );
    const youth = await insertOffice(t.dataSource, { slug: 'jugend', languages: ['fa'] });
    pausedOffice = await insertOffice(t.dataSource, { slug: 'pausiert' });
    await t.dataSource.query("UPDATE office SET district = 'Mitte' WHERE id = $1", [youth]);
    const berlinAdmin = await admin();
    const youthAdmin = await admin(youth);
    const pausedAdmin = await admin(pausedOffice);
    // Berlin: German only, from 12:00; the youth office: Farsi from 09:00 (the earliest of all).
    berlinType = await type(
      berlinAdmin,
      [await counsellor(berlinAdmin, ['de'], ['12:00', '17:00'])],
      'residence',
    );
    const farsi = await counsellor(youthAdmin, ['fa', 'de'], ['09:00', '17:00']);
    youthType = await type(youthAdmin, [farsi], 'residence');
    youthPhoneType = await type(youthAdmin, [farsi], 'work', 'phone');
    pausedType = await type(
      pausedAdmin,
      [await counsellor(pausedAdmin, ['fa'], ['08:00', '17:00'])],
      'residence',
    );
  });
  afterAll(() => t?.close());

  it("lists an office's own types only; an unknown office is not found", async () => {
    expect(await typeIds({ office: berlinSlug })).toEqual([berlinType]);
    expect(await typeIds({ office: 'jugend' })).toEqual([youthType, youthPhoneType]);
    expect(await typeIds({ office: 'jugend', topic: 'work' })).toEqual([youthPhoneType]);
    expect(await typeIds()).toEqual([berlinType, youthType, youthPhoneType, pausedType]);
    const unknown = await request(t.http)
      .get('/api/public/consultation-types')
      .query({ office: 'nirgends' })
      .expect(404);
    expect(unknown.body.code).toBe('office_not_found');
  });

  it("searches a type's slots only on its own office's page", async () => {
    await slots(youthType, { office: 'jugend' }).expect(200);
    const elsewhere = await slots(youthType, { office: berlinSlug }).expect(404);
    expect(elsewhere.body.code).toBe('consultation_type_not_found');
  });

  it('answers the next free time of every matching type of every office, and the earliest of all', async () => {
    const all = await search({ days: 14 }).expect(200);
    expect(all.body.timeZone).toBe('Europe/Berlin');
    // The paused office opens at 08:00: first; Berlin at 12:00: last.
    expect(all.body.offices.map((o: { office: { slug: string } }) => o.office.slug)).toEqual([
      'pausiert',
      'jugend',
      berlinSlug,
    ]);
    expect(all.body.earliest).toMatchObject({
      office: { slug: 'pausiert' },
      consultationTypeId: pausedType,
      slot: { start: '2027-03-01T08:00:00+01:00', end: '2027-03-01T09:00:00+01:00' },
    });

    const farsiVideo = await search({
      language: 'fa',
      channel: 'video',
      topic: 'residence',
    }).expect(200);
    expect(farsiVideo.body.offices).toHaveLength(2);
    expect(farsiVideo.body.offices[1]).toEqual({
      office: { slug: 'jugend', name: 'Büro jugend', district: 'Mitte' },
      offers: [
        {
          consultationTypeId: youthType,
          name: 'Beratung residence',
          topic: { code: 'residence', name: expect.any(String) },
          channel: 'video',
          durationMinutes: 60,
          next: { start: '2027-03-01T09:00:00+01:00', end: '2027-03-01T10:00:00+01:00' },
        },
      ],
    });
    // The same first slot as the type's own slot search.
    const own = await slots(youthType, { timeZone: 'Europe/Berlin' }).expect(200);
    expect(own.body.slots[0]).toEqual(farsiVideo.body.offices[1].offers[0].next);

    const english = await search({
      language: 'fa',
      displayLanguage: 'en',
      district: 'Mitte',
    }).expect(200);
    expect(english.body.offices).toHaveLength(1);
    expect(english.body.offices[0].offers.map((o: { name: string }) => o.name)).toEqual([
      'Consultation residence',
      'Consultation work',
    ]);
    expect(english.body.earliest.consultationTypeId).toBe(youthType);

    const nobody = await search({ language: 'ar' }).expect(200);
    expect(nobody.body).toEqual({ timeZone: 'Europe/Berlin', offices: [], earliest: null });
  });

  it('answers a type with nothing free in the range with none, and refuses more than 14 days', async () => {
    // From 16:30 Berlin's next hour is the next day's noon, within one day.
    const late = await search({
      from: '2027-03-01T16:30:00+01:00',
      days: 1,
      language: 'de',
    }).expect(200);
    const berlin = late.body.offices.find(
      (o: { office: { slug: string } }) => o.office.slug === berlinSlug,
    );
    expect(berlin.offers[0].next).toEqual({
      start: '2027-03-02T12:00:00+01:00',
      end: '2027-03-02T13:00:00+01:00',
    });
    // 8 March is a public holiday in Berlin (every office here is in DE-BE): nothing free that day.
    const holiday = await search({ from: '2027-03-08', days: 1, language: 'de' }).expect(200);
    expect(holiday.body.offices.length).toBeGreaterThan(0);
    for (const office of holiday.body.offices as { offers: { next: unknown }[] }[]) {
      for (const offer of office.offers) expect(offer.next).toBeNull();
    }
    expect(holiday.body.earliest).toBeNull();
    const tooLong = await search({ days: 15 }).expect(400);
    expect(tooLong.body.code).toBe('validation_failed');
  });

  it("hides a suspended office's types at once: not listed, searched or booked (as unknown types)", async () => {
    // Cached first: the suspension must reach the cache.
    await slots(pausedType).expect(200);
    await search().expect(200);
    await t.dataSource.query("UPDATE office SET status = 'suspended' WHERE id = $1", [
      pausedOffice,
    ]);
    try {
      expect(await typeIds()).toEqual([berlinType, youthType, youthPhoneType]);
      await request(t.http)
        .get('/api/public/consultation-types')
        .query({ office: 'pausiert' })
        .expect(404);
      const unknown = await slots('00000000-0000-4000-8000-000000000000').expect(404);
      const suspended = await slots(pausedType).expect(404);
      expect(withoutRequest(suspended.body)).toEqual(withoutRequest(unknown.body));
      const booked = await book(pausedType).expect(404);
      expect(booked.body.code).toBe('consultation_type_not_found');
      const all = await search().expect(200);
      expect(
        all.body.offices.map((o: { office: { slug: string } }) => o.office.slug),
      ).not.toContain('pausiert');
      expect(all.body.earliest.office.slug).toBe('jugend');
    } finally {
      await t.dataSource.query("UPDATE office SET status = 'active' WHERE id = $1", [pausedOffice]);
    }
    await slots(pausedType).expect(200);
    await book(pausedType).expect(201);
  });
});
