import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlotSearchStats, StatisticsRepository, type FactRow } from '@app/reports';
import { defaultOfficeId, insertOffice } from './support/offices.js';
import {
  insertAppointments,
  insertCounsellor,
  insertSearches,
  insertType,
  insertWalkIn,
} from './support/statistics-seed.js';
import { createTestApp, type TestApp } from './support/test-app.js';

type Json = Record<string, unknown>;
type Figures = {
  cases: { total: unknown; appointments: unknown; walkInTickets: unknown };
  outcomes: Record<string, unknown>;
  familyMembers: { total: unknown; casesWithFamily: unknown };
  byLanguage: { key: string; cases: unknown }[];
  byTopic: { key: string; cases: unknown }[];
  byChannel: { key: string; cases: unknown }[];
  interpreter: { used: unknown };
  leadTime: { medianDays: number | null; buckets: { key: string; cases: unknown }[] };
  slotSearches: null | {
    searches: unknown;
    foundWithin14Days: unknown;
    unmet: unknown;
    medianDaysToFirstSlot: number | null;
    unmetByLanguage: { key: string; searches: unknown }[];
  };
  walkIn: { tickets: unknown; served: unknown; waitMedianMinutes: number | null };
  months: { month: string; appointments: unknown; cases: unknown }[];
};
type Report = {
  scope: string;
  period: { from: string; to: string };
  filters: Json;
  suppression: { note: string };
  total: Figures;
  offices: { officeId: string; officeName: string; figures: Figures }[];
};

const byKey = (rows: { key: string; cases: unknown }[]) =>
  Object.fromEntries(rows.map((row) => [row.key, row.cases]));

/**
 * The statistics API over HTTP: the figures of a known dataset (after rounding to multiples of 5
 * and "<5"), who sees which figures, validation, and that the CSV holds exactly the JSON's numbers.
 *
 * Data (year 2026, office zones): default office (Berlin) — counsellor A: 12 completed (ar,
 * interpreter ar, 2 family members each, booked 3 days ahead), 3 no-shows (fa, 10 days), 7 cancelled
 * by the client and 2 by staff (ar, 7 days); counsellor B: 6 completed (fa, type "work" by phone,
 * 40 days); counsellor D: 7 completed (tr) from 22:30 on New Year's Eve Berlin time, 5 of them in 2026;
 * 4 walk-in tickets served by A (ar, 12 minutes' wait, 1 family member each); slot searches: 8
 * found after 2 days (ar), 6 unmet (ti). Office "nord": 9 completed (uk) and 3 unmet searches (ti);
 * the search across offices: 5 unmet (ti).
 */
describe('reports: statistics', () => {
  let t: TestApp;
  let home: string;
  let nord: string;
  let platform: { Authorization: string };
  let admin: { Authorization: string };
  let nordAdmin: { Authorization: string };
  let counsellorA: { Authorization: string };
  let interpreter: { Authorization: string };
  let idA: string;
  let idB: string;
  let idC: string;

  const get = (auth: { Authorization: string }, query: Record<string, string>, path = '') =>
    request(t.http).get(`/api/reports/statistics${path}`).set(auth).query(query);
  const YEAR = { from: '2026-01', to: '2026-12' };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.advance(new Date('2026-12-01T12:00:00Z').getTime() - t.clock.now().getTime());
    home = await defaultOfficeId(t.dataSource);
    nord = await insertOffice(t.dataSource, {
      slug: 'beratung-nord',
      name: { de: 'Beratung Nord' },
    });
    platform = { Authorization: `Bearer ${(await t.login('platform_admin')).token}` };
    admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    nordAdmin = { Authorization: `Bearer ${(await t.login('admin', undefined, nord)).token}` };
    const loginA = await t.login('counsellor');
    counsellorA = { Authorization: `Bearer ${loginA.token}` };
    interpreter = { Authorization: `Bearer ${(await t.login('interpreter')).token}` };

    const ds = t.dataSource;
    idA = await insertCounsellor(ds, home, 'A', loginA.id);
    idB = await insertCounsellor(ds, home, 'B');
    const idD = await insertCounsellor(ds, home, 'D');
    idC = await insertCounsellor(ds, nord, 'C');
    const residence = await insertType(ds, home, 'residence');
    const work = await insertType(ds, home, 'work', 'phone');
    const nordType = await insertType(ds, nord, 'residence');
    const base = { officeId: home, counsellorId: idA, typeId: residence };
    await insertAppointments(ds, {
      ...base,
      count: 12,
      start: '2026-03-02T08:00:00Z',
      language: 'ar',
      interpreterLanguage: 'ar',
      familyMembers: 2,
      leadDays: 3,
    });
    await insertAppointments(ds, {
      ...base,
      count: 3,
      start: '2026-03-10T08:00:00Z',
      status: 'no_show',
      language: 'fa',
      leadDays: 10,
    });
    await insertAppointments(ds, {
      ...base,
      count: 7,
      start: '2026-04-01T08:00:00Z',
      status: 'cancelled',
      cancelledBy: 'client',
      language: 'ar',
    });
    await insertAppointments(ds, {
      ...base,
      count: 2,
      start: '2026-04-02T08:00:00Z',
      status: 'cancelled',
      cancelledBy: 'staff',
      language: 'ar',
    });
    await insertAppointments(ds, {
      officeId: home,
      counsellorId: idB,
      typeId: work,
      count: 6,
      start: '2026-05-04T08:00:00Z',
      language: 'fa',
      leadDays: 40,
    });
    // 22:30, 23:30 Berlin time are still 2025; 00:30 … 04:30 are 2026 (UTC would count 4).
    await insertAppointments(ds, {
      officeId: home,
      counsellorId: idD,
      typeId: residence,
      count: 7,
      start: '2025-12-31T21:30:00Z',
      language: 'tr',
    });
    await insertAppointments(ds, {
      officeId: nord,
      counsellorId: idC,
      typeId: nordType,
      count: 9,
      start: '2026-07-01T08:00:00Z',
      language: 'uk',
    });
    await insertWalkIn(ds, home, idA, {
      day: '2026-06-01',
      served: 4,
      language: 'ar',
      waitMinutes: 12,
      topic: 'residence',
    });
    const search = { day: '2026-02-10', topic: 'residence' };
    await insertSearches(ds, {
      ...search,
      officeId: home,
      count: 8,
      language: 'ar',
      found: true,
      daysToFirstSlot: 2,
    });
    await insertSearches(ds, { ...search, officeId: home, count: 6, language: 'ti', found: false });
    await insertSearches(ds, { ...search, officeId: nord, count: 3, language: 'ti', found: false });
    await insertSearches(ds, { ...search, officeId: null, count: 5, language: 'ti', found: false });
  });
  afterAll(() => t?.close());

  it('gives the platform admin every office side by side, and totals rounded on their own', async () => {
    const { body } = (await get(platform, YEAR).expect(200)) as { body: Report };
    expect(body.scope).toBe('platform');
    expect(body.period).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(body.suppression.note).toMatch(/may therefore differ/);
    // 35 + 9 appointments, 4 tickets: 48 cases.
    expect(body.total.cases).toEqual({ total: 50, appointments: 45, walkInTickets: '<5' });
    expect(body.offices.map((o) => [o.officeName, o.figures.cases.total])).toEqual([
      ['Beratung Nord', 10],
      [expect.any(String), 40],
    ]);
    // The search across offices counts in the total only: 6 + 3 + 5 unmet.
    expect(body.total.slotSearches).toMatchObject({ searches: 20, unmet: 15 });
    expect(body.total.slotSearches?.unmetByLanguage).toEqual([{ key: 'ti', searches: 15 }]);
    const one = (await get(platform, { ...YEAR, officeId: nord }).expect(200)).body as Report;
    expect(one.offices).toEqual([]);
    expect(one.total.cases.total).toBe(10);
    expect(byKey(one.total.byLanguage)).toEqual({ uk: 10 });
  });

  it('gives an office admin their office, counted in its zone, with outcomes, languages and lead times', async () => {
    const { body } = (await get(admin, YEAR).expect(200)) as { body: Report };
    expect(body.scope).toBe('office');
    expect(body.offices).toEqual([]);
    const f = body.total;
    expect(f.cases).toEqual({ total: 40, appointments: 35, walkInTickets: '<5' });
    expect(f.outcomes).toEqual({
      completed: 25, // 12 + 6 + 5
      noShow: '<5',
      cancelledByClient: 5,
      cancelledByStaff: '<5',
      cancelledBySystem: 0,
      open: 0,
    });
    expect(f.familyMembers).toEqual({ total: 30, casesWithFamily: 15 }); // 24 + 4; 12 + 4
    // ar: 12 + 7 + 2 + 4 tickets; fa: 3 + 6; tr: 5 of 7 in Berlin's 2026.
    expect(byKey(f.byLanguage)).toEqual({ ar: 25, fa: 10, tr: 5 });
    expect(f.interpreter.used).toBe(10);
    expect(byKey(f.byChannel)).toEqual({ video: 35, phone: 5 });
    expect(byKey(f.byTopic)).toEqual({ residence: 35, work: 5 });
    expect(f.leadTime.medianDays).toBe(7);
    expect(byKey(f.leadTime.buckets)).toEqual({
      '0-1': 0,
      '2-3': 10,
      '4-7': 15,
      '8-14': '<5',
      '15-30': 0,
      '31+': 5,
    });
    expect(f.slotSearches).toMatchObject({
      searches: 15,
      foundWithin14Days: 10,
      unmet: 5,
      medianDaysToFirstSlot: 2,
    });
    expect(f.walkIn).toMatchObject({ tickets: '<5', served: '<5', waitMedianMinutes: null });
    expect(f.months).toHaveLength(12);
    expect(f.months.find((m) => m.month === '2026-03')?.appointments).toBe(15);
    expect(f.months.find((m) => m.month === '2026-01')?.appointments).toBe(5);
  });

  it('narrows by language, topic, channel and counsellor', async () => {
    const cases = async (query: Record<string, string>) =>
      ((await get(admin, { ...YEAR, ...query }).expect(200)).body as Report).total.cases.total;
    expect(await cases({ language: 'fa' })).toBe(10);
    expect(await cases({ channel: 'phone' })).toBe(5);
    expect(await cases({ topic: 'work' })).toBe(5);
    expect(await cases({ counsellorId: idB })).toBe(5);
    expect(await cases({ language: 'tr', from: '2026-01-01', to: '2026-01-01' })).toBe(5);
    expect(await cases({ language: 'zu' })).toBe(0);
  });

  it('lets an office admin see no other office or its counsellors', async () => {
    const other = await get(admin, { ...YEAR, officeId: nord }).expect(403);
    expect(other.body.code).toBe('office_not_allowed');
    const foreign = await get(admin, { ...YEAR, counsellorId: idC }).expect(404);
    expect(foreign.body.code).toBe('counsellor_not_found');
    const nordView = (await get(nordAdmin, YEAR).expect(200)).body as Report;
    expect(nordView.total.cases.total).toBe(10);
  });

  it('shows a counsellor only their own cases, and no slot searches', async () => {
    const { body } = (await get(counsellorA, YEAR).expect(200)) as { body: Report };
    expect(body.scope).toBe('counsellor');
    expect(body.filters.counsellorId).toBe(idA);
    // 24 appointments and 4 tickets of their own; not B's or D's.
    expect(body.total.cases).toEqual({ total: 30, appointments: 25, walkInTickets: '<5' });
    expect(body.total.slotSearches).toBeNull();
    expect(body.offices).toEqual([]);
    const theirs = await get(counsellorA, { ...YEAR, counsellorId: idB }).expect(403);
    expect(theirs.body.code).toBe('not_own_counsellor');
    await get(counsellorA, { ...YEAR, officeId: nord }).expect(403);
    const own = await get(counsellorA, { ...YEAR, counsellorId: idA }).expect(200);
    expect((own.body as Report).total.cases.total).toBe(30);
  });

  it('refuses interpreters and anonymous callers on every route', async () => {
    for (const path of ['', '.csv', '.pdf']) {
      await get(interpreter, YEAR, path).expect(403);
      await request(t.http).get(`/api/reports/statistics${path}`).query(YEAR).expect(401);
    }
  });

  it.each([
    [{}, 'from'],
    [{ from: '2026-13', to: '2026-12' }, 'from'],
    [{ from: '2026-01', to: '2026-02-30x' }, 'to'],
    [{ from: '2026-05', to: '2026-04' }, 'to'],
    [{ from: '2024-01', to: '2026-02' }, 'to'],
    [{ ...YEAR, officeId: 'nord' }, 'officeId'],
    [{ ...YEAR, counsellorId: '123' }, 'counsellorId'],
    [{ ...YEAR, language: 'klingon' }, 'language'],
    [{ ...YEAR, channel: 'fax' }, 'channel'],
    [{ ...YEAR, topic: 'Robert; DROP TABLE' }, 'topic'],
    [{ ...YEAR, bogus: '1' }, 'bogus'],
  ])('answers 400 for %o (field %s)', async (query, field) => {
    for (const path of ['', '.csv']) {
      const response = await get(platform, query as Record<string, string>, path).expect(400);
      expect(JSON.stringify(response.body.details ?? response.body)).toContain(field);
    }
  });

  it('exports as CSV exactly the numbers of the JSON', async () => {
    for (const [auth, query] of [
      [platform, YEAR],
      [admin, { ...YEAR, language: 'ar' }],
      [counsellorA, YEAR],
    ] as const) {
      const json = (await get(auth, query).expect(200)).body as Report;
      const csv = await get(auth, query, '.csv')
        .expect(200)
        .expect('Content-Type', /text\/csv/)
        .expect(
          'Content-Disposition',
          /attachment; filename="statistics-2026-01-01-2026-12-31\.csv"/,
        );
      const lines = csv.text.trimEnd().split('\r\n');
      expect(lines[0]).toBe('scope,office_id,office_name,section,key,label,value');
      const rows = lines.slice(1).map(parseCsvLine);
      // Every leaf of the JSON's figures once, with the same value.
      const leaves = [
        ...leavesOf(json.total).map((leaf) => ['total', '', ...leaf]),
        ...json.offices.flatMap((office) =>
          leavesOf(office.figures).map((leaf) => ['office', office.officeId, ...leaf]),
        ),
      ];
      expect(
        rows.map(([scope, officeId, , section, key, , value]) => [
          scope,
          officeId,
          section,
          key,
          value,
        ]),
      ).toEqual(leaves);
    }
  });

  it('renders the same report as a printable PDF', async () => {
    const response = await get(platform, YEAR, '.pdf')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200)
      .expect('Content-Type', 'application/pdf');
    const pdf = response.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5_000);
  });

  it('keeps the accompanying family members with an outcome, 0–20', async () => {
    const [row] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO appointment (office_id, counsellor_id, consultation_type_id, starts_at, ends_at, client_language)
       SELECT $1, $2, consultation_type_id, '2026-11-30T08:00:00Z', '2026-11-30T08:30:00Z', 'ar'
         FROM appointment WHERE counsellor_id = $2 LIMIT 1 RETURNING id`,
      [home, idA],
    );
    for (const bad of [21, -1, 2.5, 'two']) {
      await request(t.http)
        .post(`/api/appointments/${row.id}/outcome`)
        .set(admin)
        .send({ outcome: 'completed', accompanyingFamilyMembers: bad })
        .expect(400);
    }
    const done = await request(t.http)
      .post(`/api/appointments/${row.id}/outcome`)
      .set(counsellorA)
      .send({ outcome: 'completed', accompanyingFamilyMembers: 3 })
      .expect(200);
    expect(done.body).toMatchObject({ status: 'completed', accompanyingFamilyMembers: 3 });
    const [stored] = await t.dataSource.query<{ n: number }[]>(
      'SELECT accompanying_family_members AS n FROM appointment WHERE id = $1',
      [row.id],
    );
    expect(stored.n).toBe(3);
  });

  it('records a public slot search anonymously, and counts it', async () => {
    // A bookable type in a fresh office, through the admin API.
    const office = await insertOffice(t.dataSource, { slug: 'beratung-sued' });
    const auth = { Authorization: `Bearer ${(await t.login('admin', undefined, office)).token}` };
    const counsellor = await request(t.http)
      .post('/api/admin/counsellors')
      .set(auth)
      .send({ displayName: 'E', languages: ['de', 'ar'], topics: ['work'] })
      .expect(201);
    await request(t.http)
      .post(`/api/counsellors/${counsellor.body.id}/rules`)
      .set(auth)
      .send({ weekday: 4, start: '09:00', end: '12:00' })
      .expect(201);
    const type = await request(t.http)
      .post('/api/admin/consultation-types')
      .set(auth)
      .send({
        name: { de: 'Arbeit' },
        topic: 'work',
        durationMinutes: 30,
        stepMinutes: 30,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 0,
        horizonDays: 60,
        channel: 'phone',
        counsellorIds: [counsellor.body.id],
      })
      .expect(201);
    // Now: Tuesday 1 December 2026, 13:00 Berlin; the first free slot is Thursday 09:00.
    await request(t.http)
      .get('/api/public/slots')
      .query({
        consultationTypeId: type.body.id,
        from: '2026-12-01',
        to: '2026-12-28',
        language: 'ar',
      })
      .expect(200);
    // Paging on to a later week is no new search.
    await request(t.http)
      .get('/api/public/slots')
      .query({ consultationTypeId: type.body.id, from: '2026-12-08', to: '2026-12-14' })
      .expect(200);
    const report = (await get(auth, { from: '2026-12', to: '2026-12' }).expect(200)).body as Report;
    expect(report.total.slotSearches).toMatchObject({ searches: '<5', unmet: 0 });
    const rows = await t.dataSource.query(
      'SELECT searched_on::text AS day, topic, channel::text AS channel, language, found_within_14_days AS found, days_to_first_slot AS days FROM slot_search_stat WHERE office_id = $1',
      [office],
    );
    expect(rows).toEqual([
      { day: '2026-12-01', topic: 'work', channel: 'phone', language: 'ar', found: true, days: 1 },
    ]);

    // The booking page asks a week at a time: an empty first look at two days says nothing of 14
    // days by itself; the next free time after it is looked up (Thursday: found after 1 day).
    const empty = await request(t.http)
      .get('/api/public/slots')
      .query({ consultationTypeId: type.body.id, from: '2026-12-01', to: '2026-12-02' })
      .expect(200);
    expect(empty.body.slots).toEqual([]);
    // Nobody counsels in Tigrinya: nothing within 14 days, unmet demand.
    await request(t.http)
      .get('/api/public/slots')
      .query({
        consultationTypeId: type.body.id,
        from: '2026-12-01',
        to: '2026-12-07',
        language: 'ti',
      })
      .expect(200);
    await expect
      .poll(async () => {
        await t.app.get(SlotSearchStats).flush();
        return t.dataSource.query(
          `SELECT language, found_within_14_days AS found, days_to_first_slot AS days
             FROM slot_search_stat WHERE office_id = $1 ORDER BY language NULLS FIRST`,
          [office],
        );
      })
      .toEqual([
        { language: null, found: true, days: 1 },
        { language: 'ar', found: true, days: 1 },
        { language: 'ti', found: false, days: null },
      ]);
    const columns = await t.dataSource.query<{ column_name: string }[]>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'slot_search_stat' ORDER BY 1`,
    );
    // Nothing that could point at a client: no address, no time of day, no session.
    expect(columns.map((c) => c.column_name)).toEqual([
      'channel',
      'days_to_first_slot',
      'found_within_14_days',
      'id',
      'interpreter_language',
      'language',
      'office_id',
      'searched_on',
      'topic',
    ]);
  });
});

/** [section, key, value] of every published number of one office's figures, in the JSON's order. */
function leavesOf(figures: Figures): [string, string, string][] {
  const out: [string, string, string][] = [];
  const cell = (value: unknown) =>
    value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      for (const item of value as Json[]) {
        const key = String(item.key ?? item.month);
        for (const [field, v] of Object.entries(item))
          if (!['key', 'month', 'label'].includes(field))
            out.push([`${path}.${field}`, key, cell(v)]);
      }
      return;
    }
    for (const [field, v] of Object.entries(value as Json)) {
      if (v !== null && typeof v === 'object') walk(v, path ? `${path}.${field}` : field);
      else if (!(path === '' && v === null)) out.push([path, field, cell(v)]);
    }
  };
  walk(figures, '');
  return out;
}

function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i += 1;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i += 1;
          break;
        } else value += line[i++];
      }
      cells.push(value);
      i += 1;
    } else {
      const end = line.indexOf(',', i);
      const stop = end === -1 ? line.length : end;
      cells.push(line.slice(i, stop));
      i = stop + 1;
    }
  }
  return cells;
}

describe('reports: the monthly facts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('count exactly what the rows count, through bookings, changes, outcomes and deletions', async () => {
    const ds = t.dataSource;
    const office = await defaultOfficeId(ds);
    const other = await insertOffice(ds, { slug: 'facts-zwei', timeZone: 'America/Santiago' });
    const a = await insertCounsellor(ds, office, 'A');
    const b = await insertCounsellor(ds, other, 'B');
    const typeA = await insertType(ds, office, 'residence');
    const typeB = await insertType(ds, other, 'work', 'phone');
    await insertAppointments(ds, {
      officeId: office,
      counsellorId: a,
      typeId: typeA,
      count: 40,
      start: '2026-01-31T20:00:00Z',
      language: 'ar',
      familyMembers: 1,
      leadDays: 75,
    });
    await insertAppointments(ds, {
      officeId: other,
      counsellorId: b,
      typeId: typeB,
      count: 30,
      start: '2026-02-28T22:00:00Z',
      status: 'cancelled',
      cancelledBy: 'system',
      language: 'fa',
      interpreterLanguage: 'fa',
    });
    await insertWalkIn(ds, office, a, {
      day: '2026-03-31',
      served: 12,
      language: 'ti',
      waitMinutes: 150,
      topic: 'work',
    });
    await insertSearches(ds, {
      officeId: null,
      day: '2026-02-01',
      count: 9,
      found: true,
      daysToFirstSlot: 40,
    });
    await insertSearches(ds, {
      officeId: other,
      day: '2026-02-01',
      count: 4,
      found: false,
      language: 'fa',
    });
    // Changes: outcomes, a move into another month, a cancellation, a deletion, a held time.
    await ds.query(
      `UPDATE appointment SET status = 'no_show' WHERE id IN (SELECT id FROM appointment WHERE counsellor_id = $1 ORDER BY starts_at LIMIT 7)`,
      [a],
    );
    // Outcomes from concurrent transactions on several connections: they add to different shards
    // of the same counters (the shard is the connection's), which together must stay exact.
    const missed = await ds.query<{ id: string }[]>(
      `SELECT id FROM appointment WHERE counsellor_id = $1 AND status = 'completed' ORDER BY starts_at DESC LIMIT 12`,
      [a],
    );
    expect(missed).toHaveLength(12);
    await Promise.all(
      missed.map(({ id }) =>
        ds.transaction(async (manager) => {
          await manager.query(`UPDATE appointment SET status = 'no_show' WHERE id = $1`, [id]);
          await manager.query('SELECT pg_sleep(0.02)');
        }),
      ),
    );
    await ds.query(
      `UPDATE appointment SET starts_at = starts_at + interval '30 days', ends_at = ends_at + interval '30 days' WHERE id IN (SELECT id FROM appointment WHERE counsellor_id = $1 ORDER BY starts_at DESC LIMIT 3)`,
      [a],
    );
    await ds.query(
      `UPDATE appointment SET accompanying_family_members = 4 WHERE id IN (SELECT id FROM appointment WHERE counsellor_id = $1 ORDER BY starts_at LIMIT 2)`,
      [a],
    );
    await ds.query(
      `DELETE FROM appointment WHERE id IN (SELECT id FROM appointment WHERE counsellor_id = $1 ORDER BY starts_at DESC LIMIT 5)`,
      [b],
    );
    await ds.query(
      `UPDATE walk_in_ticket SET status = 'missed', accompanying_family_members = NULL WHERE number <= 3`,
    );
    await ds.query(
      `INSERT INTO appointment (office_id, counsellor_id, consultation_type_id, starts_at, ends_at, status, hold_expires_at)
       VALUES ($1, $2, $3, '2026-06-01T08:00:00Z', '2026-06-01T08:30:00Z', 'held', '2026-06-01T07:00:00Z')`,
      [office, a, typeA],
    );
    const repository = t.app.get(StatisticsRepository);
    // Rows of one cell add up (a period split into whole months and days gives a row of each).
    const sorted = (rows: FactRow[]) => {
      const cells = new Map<string, Record<string, unknown>>();
      for (const row of rows) {
        const id = [row.source, row.officeId, row.dimension, row.key].join('|');
        const cell = cells.get(id) ?? {
          ...row,
          ...Object.fromEntries(
            Object.entries(row)
              .filter(([, v]) => typeof v === 'number')
              .map(([k]) => [k, 0]),
          ),
        };
        for (const [k, v] of Object.entries(row))
          if (typeof v === 'number') cell[k] = (cell[k] as number) + v;
        cells.set(id, cell);
      }
      return [...cells.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, cell]) => cell);
    };
    for (const filter of [
      {},
      { from: '2026-01-15', to: '2026-03-10' },
      { from: '2026-02-01', to: '2026-03-30' },
      { from: '2026-01-31', to: '2026-02-28' },
      { officeId: other },
      { language: 'ar' },
      { topic: 'work' },
      { channel: 'phone' },
      { language: 'fa', officeId: other },
    ]) {
      const selection = {
        from: '2026-01-01',
        to: '2026-12-31',
        officeId: null,
        counsellorId: null,
        language: null,
        topic: null,
        channel: null,
        ...filter,
      };
      const monthly = await repository.facts(selection, true);
      const fromRows = await repository.facts(selection, true, 'rows');
      expect(monthly.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(sorted(monthly), JSON.stringify(filter)).toEqual(sorted(fromRows));
    }
    if (t.database.kind !== 'embedded') {
      // The concurrent transactions wrote to more than one shard (the embedded database has one
      // connection, hence one shard).
      const shards = await ds.query<{ n: number }[]>(
        'SELECT count(DISTINCT shard)::int AS n FROM statistics_appointment_month',
      );
      expect(shards[0].n).toBeGreaterThan(1);
    }
    // And statistics_rebuild() (which writes one row per counter) finds nothing to change.
    const counters = () =>
      ds.query(
        `SELECT office_id, month, language, topic, channel, interpreter_language, m.key AS measure,
                sum(m.value::int)::int AS n
           FROM statistics_appointment_month f,
                jsonb_each_text(to_jsonb(f) - ARRAY['office_id', 'month', 'language', 'topic', 'channel', 'interpreter_language', 'shard']) m
          GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(m.value::int) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7`,
      );
    const before = await counters();
    expect(before.length).toBeGreaterThan(0);
    await ds.query('SELECT statistics_rebuild()');
    expect(await counters()).toEqual(before);
  });
});
