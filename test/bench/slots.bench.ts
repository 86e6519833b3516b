/**
 * npm run bench:slots — the slot engine and the HTTP slot search on realistic rosters.
 * 200 counsellors, 28 days (across the March 2027 DST change and Easter), 30-minute slots,
 * part-time and split shifts, some absences, 30 % of each counsellor's slots booked.
 * Engine: median and p95 over 30 runs. HTTP: the built API on real PostgreSQL and Redis
 * (BENCH_DATABASE_URL, BENCH_REDIS_URL), median over 30 requests of the 28-day "any counsellor" search
 * (the first request of each after a change of the data, so without a warm cache), then sustained
 * one-week searches with 16 connections (autocannon) over three consultation types and the four weeks,
 * chosen at random, beside the no-op ceiling of the same stack (GET /api/public/ping) in the same run.
 * The per-address rate limit is lifted for the run (one client address makes every request).
 * Then across offices: 49 more offices (SQL) with 10 counsellors each, the default office down to
 * 10 active counsellors (500 in all, 101 types); the "earliest in my language, any office" search
 * over 14 days for a language every counsellor speaks: the engine alone (firstSlots over every
 * type, median over 30 runs) and over HTTP (GET /api/public/search, median over 30 requests, each
 * after a change of one counsellor's roster, as between two clients' searches on a busy day).
 * Interpreters: the same 28-day search intersected with 40 interpreters' rosters (made alike, from
 * their own random numbers so the other figures stay comparable, 30 % booked):
 * interpreter_engine_median_ms beside engine_median_ms of the same run (target: at most twice it).
 */
import { performance } from 'node:perf_hooks';
import type autocannon from 'autocannon';
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import pg from 'pg';
import {
  benchApi,
  DEFAULT_OFFICE,
  LIFTED_RATE_LIMITS,
  load,
  measureNoop,
  statusCount,
} from './bench-api.js';
import {
  DAY_MS,
  findSlots,
  findSlotsWithInterpreters,
  firstSlots,
  type SlotOffer,
  type CounsellorRoster,
  type SlotQuery,
  type Weekday,
  type WeeklyRule,
} from '@app/scheduling';

const COUNSELLORS = 200;
const INTERPRETERS = 40;
const DAYS = 28;
const ZONE = 'Europe/Berlin';
const FROM = DateTime.fromISO('2027-03-08', { zone: ZONE });
const TO = FROM.plus({ days: DAYS });
const RUNS = 30;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const OFFICES = 50;
const PER_OFFICE = 10;
const CROSS_DAYS = 14;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);

/** Deterministic pseudo-random numbers, so every run measures the same rosters. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20261125);
/** The interpreters' own numbers: drawing them leaves every other roster as it was. */
const interpreterRandom = prng(20261202);
const pickWith =
  (rand: () => number) =>
  <T>(items: readonly T[]): T =>
    items[Math.floor(rand() * items.length)];
const shuffleWith =
  (rand: () => number) =>
  <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  };
const pick = pickWith(random);

const REQUIREMENTS = {
  durationMinutes: 30,
  stepMinutes: 30,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minNoticeMinutes: 120,
  horizonDays: 365,
};
const holidays = new Holidays('DE', 'BE');
const closedDates = new Set(
  [2027].flatMap((year) =>
    holidays
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      .map((h) => h.date.slice(0, 10)),
  ),
);

function makeRosters(
  count = COUNSELLORS,
  idBlock = '8000',
  rand: () => number = random,
): CounsellorRoster[] {
  const random = rand;
  const pick = pickWith(rand);
  const shuffle = shuffleWith(rand);
  const rosters: CounsellorRoster[] = [];
  for (let i = 0; i < count; i++) {
    const weekdays = shuffle([1, 2, 3, 4, 5]).slice(0, 3 + Math.floor(random() * 3)) as Weekday[];
    const rules: WeeklyRule[] = [];
    const split = random() < 0.2;
    for (const weekday of weekdays) {
      const start = (7 + Math.floor(random() * 6)) * 60; // 07:00–12:30
      if (split) {
        rules.push({ weekday, startMinute: start, endMinute: start + 180 });
        rules.push({ weekday, startMinute: start + 240, endMinute: start + 420 });
      } else {
        rules.push({
          weekday,
          startMinute: start,
          endMinute: start + pick([240, 300, 360, 420, 480]),
        });
      }
    }
    const absences =
      random() < 0.1
        ? [
            (() => {
              const start = FROM.plus({ days: Math.floor(random() * 21) });
              return { start: start.toMillis(), end: start.plus({ days: 5 }).toMillis() };
            })(),
          ]
        : [];
    rosters.push({
      id: `00000000-0000-4000-${idBlock}-${String(i).padStart(12, '0')}`,
      timeZone: i % 10 === 9 ? 'Europe/Kyiv' : ZONE,
      rules,
      extraHours: [],
      absences,
      appointments: [],
    });
  }
  return rosters;
}

function query(now: number): SlotQuery {
  return { from: FROM.toMillis(), to: TO.toMillis(), now, requirements: REQUIREMENTS, closedDates };
}

/** Books 30 % of each counsellor's free slots (30-minute slots on a 30-minute grid never overlap). */
function book(rosters: CounsellorRoster[], now: number, rand: () => number = random): number {
  const shuffle = shuffleWith(rand);
  let booked = 0;
  for (const roster of rosters) {
    const free = findSlots([roster], query(now));
    const chosen = shuffle(free).slice(0, Math.round(free.length * 0.3));
    (roster as { appointments: CounsellorRoster['appointments'] }).appointments = chosen
      .map((slot) => ({
        start: slot.start,
        end: slot.end,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
      }))
      .sort((a, b) => a.start - b.start);
    booked += chosen.length;
  }
  return booked;
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const round = (ms: number) => Math.round(ms * 100) / 100;

const extraTypeIds: string[] = [];

async function seedDatabase(url: string, rosters: CounsellorRoster[]): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const ids = rosters.map((r) => r.id);
    await client.query(
      `INSERT INTO counsellor (office_id, id, display_name, languages, topics, time_zone)
       SELECT ${DEFAULT_OFFICE}, id, 'Counsellor ' || n, ARRAY['de', 'en'], ARRAY['general'], zone
         FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS c(id, zone, n)`,
      [ids, rosters.map((r) => r.timeZone)],
    );
    const type = await client.query<{ id: string }>(
      `INSERT INTO consultation_type (office_id, name, topic, duration_minutes, step_minutes, min_notice_minutes, horizon_days)
       VALUES (${DEFAULT_OFFICE}, '{"de": "Beratung", "en": "Consultation"}', 'general', 30, 30, 120, 365) RETURNING id`,
    );
    const typeId = type.rows[0].id;
    await client.query(
      `INSERT INTO consultation_type_counsellor (consultation_type_id, counsellor_id, office_id) SELECT $1, unnest($2::uuid[]), ${DEFAULT_OFFICE}`,
      [typeId, ids],
    );
    // Two more types for the sustained searches: an hour for every other counsellor, and 45 minutes
    // on a quarter-hour grid with buffers for all.
    const others = await client.query<{ id: string }>(
      `INSERT INTO consultation_type (office_id, name, topic, duration_minutes, step_minutes, buffer_before_minutes,
                                      buffer_after_minutes, min_notice_minutes, horizon_days)
       VALUES (${DEFAULT_OFFICE}, '{"de": "Lange Beratung", "en": "Long consultation"}', 'general', 60, 60, 0, 0, 120, 365),
              (${DEFAULT_OFFICE}, '{"de": "Kurzberatung", "en": "Short consultation"}', 'general', 45, 15, 15, 15, 120, 365)
       RETURNING id`,
    );
    await client.query(
      `INSERT INTO consultation_type_counsellor (consultation_type_id, counsellor_id, office_id) SELECT $1, unnest($2::uuid[]), ${DEFAULT_OFFICE}`,
      [others.rows[0].id, ids.filter((_, i) => i % 2 === 0)],
    );
    await client.query(
      `INSERT INTO consultation_type_counsellor (consultation_type_id, counsellor_id, office_id) SELECT $1, unnest($2::uuid[]), ${DEFAULT_OFFICE}`,
      [others.rows[1].id, ids],
    );
    extraTypeIds.push(...others.rows.map((row) => row.id));
    const rules = rosters.flatMap((r) =>
      r.rules.map((rule) => [r.id, rule.weekday, rule.startMinute, rule.endMinute] as const),
    );
    await client.query(
      `INSERT INTO availability_rule (counsellor_id, weekday, start_minute, end_minute)
       SELECT * FROM unnest($1::uuid[], $2::smallint[], $3::smallint[], $4::smallint[])`,
      [
        rules.map((r) => r[0]),
        rules.map((r) => r[1]),
        rules.map((r) => r[2]),
        rules.map((r) => r[3]),
      ],
    );
    const absences = rosters.flatMap((r) =>
      r.absences.map((a) => [r.id, new Date(a.start), new Date(a.end)] as const),
    );
    await client.query(
      'INSERT INTO absence (counsellor_id, starts_at, ends_at) SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[])',
      [absences.map((a) => a[0]), absences.map((a) => a[1]), absences.map((a) => a[2])],
    );
    const appointments = rosters.flatMap((r) =>
      r.appointments.map((a) => [r.id, new Date(a.start), new Date(a.end)] as const),
    );
    await client.query(
      `INSERT INTO appointment (office_id, consultation_type_id, counsellor_id, starts_at, ends_at)
       SELECT ${DEFAULT_OFFICE}, $1, * FROM unnest($2::uuid[], $3::timestamptz[], $4::timestamptz[])`,
      [
        typeId,
        appointments.map((a) => a[0]),
        appointments.map((a) => a[1]),
        appointments.map((a) => a[2]),
      ],
    );
    await client.query('COMMIT');
    await client.query('ANALYZE');
    return typeId;
  } finally {
    await client.end();
  }
}

const SHORT = {
  ...REQUIREMENTS,
  durationMinutes: 45,
  stepMinutes: 15,
  bufferBeforeMinutes: 15,
  bufferAfterMinutes: 15,
};
const LONG = { ...REQUIREMENTS, durationMinutes: 60, stepMinutes: 60 };

/** The cross-office data: 10 counsellors of each office, and what each type requires of whom. */
interface CrossOffice {
  /** Per office (the default one first): its rosters; types as [requirements, every n-th counsellor]. */
  offices: { rosters: CounsellorRoster[]; types: [typeof REQUIREMENTS, number][] }[];
}

function makeCrossOffice(defaultRosters: CounsellorRoster[]): CrossOffice {
  const extra = makeRosters((OFFICES - 1) * PER_OFFICE, '9000');
  const offices: CrossOffice['offices'] = [
    // The default office's three types (see seedDatabase), its first 10 counsellors left active.
    {
      rosters: defaultRosters.slice(0, PER_OFFICE),
      types: [
        [REQUIREMENTS, 1],
        [LONG, 2],
        [SHORT, 1],
      ],
    },
  ];
  for (let office = 0; office < OFFICES - 1; office++) {
    offices.push({
      rosters: extra.slice(office * PER_OFFICE, (office + 1) * PER_OFFICE),
      types: [
        [REQUIREMENTS, 1],
        [LONG, 2],
      ],
    });
  }
  return { offices };
}

function crossOffers(data: CrossOffice): SlotOffer[] {
  return data.offices.flatMap((office, o) =>
    office.types.map(([requirements, every], t) => ({
      key: `${o}/${t}`,
      rosters: office.rosters.filter((_, i) => i % every === 0),
      requirements,
      closedDates,
    })),
  );
}

/** The earliest start and how many types have a free slot, as the engine finds them. */
function crossOfficeEngine(offers: SlotOffer[], now: number): { earliest: number; free: number } {
  const found = firstSlots(offers, {
    from: FROM.toMillis(),
    to: FROM.toMillis() + CROSS_DAYS * DAY_MS,
    now,
  });
  let earliest = Infinity;
  let free = 0;
  for (const slot of found.values()) {
    if (!slot) continue;
    free++;
    earliest = Math.min(earliest, slot.start);
  }
  return { earliest, free };
}

/** Writes the 49 further offices with their counsellors, rosters, types and bookings; leaves 10 of the default office active. */
async function seedCrossOffice(url: string, data: CrossOffice): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `UPDATE counsellor SET active = false WHERE office_id = ${DEFAULT_OFFICE} AND NOT id = ANY($1::uuid[])`,
      [data.offices[0].rosters.map((r) => r.id)],
    );
    const offices = await client.query<{ id: string }>(
      `INSERT INTO office (slug, name, time_zone, holiday_region, country, languages, topics,
                           privacy_controller, privacy_contact, retention_days, district)
       SELECT 'bench-office-' || n, jsonb_build_object('de', 'Beratungsstelle ' || n), 'Europe/Berlin',
              'DE-BE', 'DE', ARRAY['de', 'en'], ARRAY['general'], 'Bench e. V.', 'dsb@bench.example',
              30, 'Bezirk ' || (n % 12)
         FROM generate_series(1, $1::int) AS n ORDER BY n RETURNING id`,
      [OFFICES - 1],
    );
    for (const [o, { id: officeId }] of offices.rows.entries()) {
      const office = data.offices[o + 1];
      const ids = office.rosters.map((r) => r.id);
      await client.query(
        `INSERT INTO counsellor (office_id, id, display_name, languages, topics, time_zone)
         SELECT $1, id, 'Counsellor ' || n, ARRAY['de', 'en'], ARRAY['general'], zone
           FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS c(id, zone, n)`,
        [officeId, ids, office.rosters.map((r) => r.timeZone)],
      );
      const types = await client.query<{ id: string }>(
        `INSERT INTO consultation_type (office_id, name, topic, duration_minutes, step_minutes, min_notice_minutes, horizon_days)
         VALUES ($1, '{"de": "Beratung", "en": "Consultation"}', 'general', 30, 30, 120, 365),
                ($1, '{"de": "Lange Beratung", "en": "Long consultation"}', 'general', 60, 60, 120, 365)
         RETURNING id`,
        [officeId],
      );
      for (const [t, { id: typeId }] of types.rows.entries()) {
        await client.query(
          'INSERT INTO consultation_type_counsellor (consultation_type_id, counsellor_id, office_id) SELECT $1, unnest($2::uuid[]), $3',
          [typeId, ids.filter((_, i) => i % office.types[t][1] === 0), officeId],
        );
      }
      const rules = office.rosters.flatMap((r) =>
        r.rules.map((rule) => [r.id, rule.weekday, rule.startMinute, rule.endMinute] as const),
      );
      await client.query(
        `INSERT INTO availability_rule (counsellor_id, weekday, start_minute, end_minute)
         SELECT * FROM unnest($1::uuid[], $2::smallint[], $3::smallint[], $4::smallint[])`,
        [
          rules.map((r) => r[0]),
          rules.map((r) => r[1]),
          rules.map((r) => r[2]),
          rules.map((r) => r[3]),
        ],
      );
      const absences = office.rosters.flatMap((r) =>
        r.absences.map((a) => [r.id, new Date(a.start), new Date(a.end)] as const),
      );
      await client.query(
        'INSERT INTO absence (counsellor_id, starts_at, ends_at) SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[])',
        [absences.map((a) => a[0]), absences.map((a) => a[1]), absences.map((a) => a[2])],
      );
      const appointments = office.rosters.flatMap((r) =>
        r.appointments.map((a) => [r.id, new Date(a.start), new Date(a.end)] as const),
      );
      await client.query(
        `INSERT INTO appointment (office_id, consultation_type_id, counsellor_id, starts_at, ends_at)
         SELECT $1, $2, * FROM unnest($3::uuid[], $4::timestamptz[], $5::timestamptz[])`,
        [
          officeId,
          types.rows[0].id,
          appointments.map((a) => a[0]),
          appointments.map((a) => a[1]),
          appointments.map((a) => a[2]),
        ],
      );
    }
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/** Median over RUNS cross-office searches over HTTP, each after a change of one counsellor's roster. */
async function crossOfficeHttp(
  base: string,
  databaseUrl: string,
  data: CrossOffice,
  expected: { earliest: number; free: number },
): Promise<number> {
  await seedCrossOffice(databaseUrl, data);
  const url = `${base}/api/public/search?language=de&from=${FROM.toISODate()}&days=${CROSS_DAYS}&timeZone=${ZONE}`;
  const ids = data.offices.flatMap((office) => office.rosters.map((r) => r.id));
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const times: number[] = [];
  try {
    for (let i = 0; i < RUNS + 3; i++) {
      await admin.query(
        'UPDATE availability_rule SET end_minute = end_minute WHERE counsellor_id = $1',
        [ids[i % ids.length]],
      );
      const started = performance.now();
      const response = await fetch(url);
      const body = (await response.json()) as {
        offices: { offers: { next: unknown }[] }[];
        earliest: { slot: { start: string } } | null;
      };
      const elapsed = performance.now() - started;
      if (!response.ok) throw new Error(`cross-office search answered ${response.status}`);
      const free = body.offices.flatMap((o) => o.offers).filter((offer) => offer.next).length;
      const earliest = body.earliest ? Date.parse(body.earliest.slot.start) : Infinity;
      if (
        body.offices.length !== OFFICES ||
        free !== expected.free ||
        earliest !== expected.earliest
      ) {
        throw new Error(
          `HTTP found ${body.offices.length} offices, ${free} free types, earliest ${earliest}; the engine ${expected.free}, ${expected.earliest}: the data differ`,
        );
      }
      if (i >= 3) times.push(elapsed);
    }
  } finally {
    await admin.end();
  }
  return percentile(times, 50);
}

interface HttpResult {
  medianMs: number;
  noopRps: number;
  searchRps: number;
  searchP50: number;
  searchP99: number;
  crossOfficeMs: number;
}

async function benchHttp(
  rosters: CounsellorRoster[],
  expectedSlots: number,
  cross: { data: CrossOffice; expected: { earliest: number; free: number } },
): Promise<HttpResult> {
  // One client address makes every request: the per-address rate limit is lifted for the run.
  const bench = await benchApi({ ...LIFTED_RATE_LIMITS, DATABASE_POOL_SIZE: '20' });
  try {
    const typeId = await seedDatabase(bench.databaseUrl, rosters);
    const base = await bench.start();
    const search = `${base}/api/public/slots?consultationTypeId=${typeId}&from=${FROM.toISODate()}&to=${TO.minus({ days: 1 }).toISODate()}&timeZone=${ZONE}`;
    // A roster change before each timed request: every one reads the rosters from the database.
    const admin = new pg.Client({ connectionString: bench.databaseUrl });
    await admin.connect();
    const times: number[] = [];
    try {
      for (let i = 0; i < RUNS + 3; i++) {
        await admin.query("UPDATE holiday_opening SET date = date WHERE date = '1900-01-01'");
        await admin.query('UPDATE counsellor SET updated_at = updated_at');
        const started = performance.now();
        const response = await fetch(search);
        const body = (await response.json()) as { slots: unknown[] };
        const elapsed = performance.now() - started;
        if (!response.ok) throw new Error(`slot search answered ${response.status}`);
        if (body.slots.length !== expectedSlots) {
          throw new Error(
            `HTTP returned ${body.slots.length} slots, the engine ${expectedSlots}: the data differ`,
          );
        }
        if (i >= 3) times.push(elapsed);
      }
    } finally {
      await admin.end();
    }
    const medianMs = percentile(times, 50);

    const noopRps = await measureNoop(base, CONNECTIONS, DURATION_S);
    const types = [typeId, ...extraTypeIds];
    const weeks = Array.from({ length: DAYS / 7 }, (_, i) => FROM.plus({ weeks: i }));
    const searchRequest: autocannon.Request = {
      method: 'GET',
      setupRequest: (request) => {
        const week = pick(weeks);
        return {
          ...request,
          path: `/api/public/slots?consultationTypeId=${pick(types)}&from=${week.toISODate()}&to=${week.plus({ days: 6 }).toISODate()}&timeZone=${ZONE}`,
        };
      },
    };
    // Warm-up (not counted): the first search of each type and week fills the cache.
    await load({ url: base, connections: CONNECTIONS, duration: 2, requests: [searchRequest] });
    const sustained = await load({
      url: base,
      connections: CONNECTIONS,
      duration: DURATION_S,
      requests: [searchRequest],
    });
    const ok = statusCount(sustained, '200');
    if (sustained.non2xx > 0 || sustained.errors > 0) {
      throw new Error(`slot searches: ${sustained.non2xx} non-2xx, ${sustained.errors} errors`);
    }
    const crossOfficeMs = await crossOfficeHttp(
      base,
      bench.databaseUrl,
      cross.data,
      cross.expected,
    );
    return {
      crossOfficeMs,
      medianMs,
      noopRps,
      searchRps: Math.round(ok / DURATION_S),
      searchP50: sustained.latency.p50,
      searchP99: sustained.latency.p99,
    };
  } finally {
    await bench.close();
  }
}

async function main(): Promise<void> {
  const rosters = makeRosters();
  // The booking state is computed with "now" well before the range, as the API will see it.
  const now = DateTime.fromISO('2026-11-25T00:00:00Z').toMillis();
  const booked = book(rosters, now);
  for (let i = 0; i < 5; i++) findSlots(rosters, query(now));
  const times: number[] = [];
  let slots = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    slots = findSlots(rosters, query(now)).length;
    times.push(performance.now() - started);
  }
  const engineMedian = round(percentile(times, 50));
  const engineP95 = round(percentile(times, 95));
  console.log(
    `rosters: ${COUNSELLORS} counsellors, ${DAYS} days from ${FROM.toISODate()}, ${booked} appointments booked (30 %)`,
  );
  console.log(
    `engine: median ${engineMedian} ms, p95 ${engineP95} ms over ${RUNS} runs; ${slots} distinct slots`,
  );
  const interpreters = makeRosters(INTERPRETERS, '8100', interpreterRandom);
  const interpretersBooked = book(interpreters, now, interpreterRandom);
  for (let i = 0; i < 5; i++) findSlotsWithInterpreters(rosters, interpreters, query(now));
  const interpreterTimes: number[] = [];
  let interpreterSlots = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    interpreterSlots = findSlotsWithInterpreters(rosters, interpreters, query(now)).length;
    interpreterTimes.push(performance.now() - started);
  }
  const interpreterMedian = round(percentile(interpreterTimes, 50));
  console.log(
    `interpreter engine: median ${interpreterMedian} ms, p95 ${round(percentile(interpreterTimes, 95))} ms over ${RUNS} runs ` +
      `(${COUNSELLORS} counsellors x ${INTERPRETERS} interpreters, ${interpretersBooked} interpreter appointments booked); ` +
      `${interpreterSlots} intersected slots; ${round(interpreterMedian / engineMedian)} x the plain engine (target <= 2)`,
  );
  const cross = makeCrossOffice(rosters);
  const extra = cross.offices.slice(1).flatMap((office) => office.rosters);
  book(extra, now);
  const offers = crossOffers(cross);
  for (let i = 0; i < 5; i++) crossOfficeEngine(offers, now);
  const crossTimes: number[] = [];
  let expected = { earliest: 0, free: 0 };
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    expected = crossOfficeEngine(offers, now);
    crossTimes.push(performance.now() - started);
  }
  const crossEngine = round(percentile(crossTimes, 50));
  console.log(
    `cross-office engine: median ${crossEngine} ms over ${RUNS} runs (${OFFICES} offices x ${PER_OFFICE} counsellors, ${offers.length} types, ${CROSS_DAYS} days; ${expected.free} with a free slot)`,
  );
  const http = await benchHttp(rosters, slots, { data: cross, expected });
  const httpMedian = round(http.medianMs);
  console.log(
    `http: median ${httpMedian} ms over ${RUNS} requests (28-day "any counsellor" search after a roster change, PostgreSQL + Redis)`,
  );
  console.log(
    `sustained: ${http.searchRps} one-week searches/s with ${CONNECTIONS} connections (random type and week), p50 ${http.searchP50} ms, p99 ${http.searchP99} ms; ` +
      `no-op ceiling ${http.noopRps} req/s (${Math.round((1000 * http.searchRps) / http.noopRps) / 10} %)`,
  );
  console.log(
    `cross-office http: median ${round(http.crossOfficeMs)} ms over ${RUNS} requests (GET /api/public/search, one roster changed before each)`,
  );
  console.log(
    `RESULT engine_median_ms=${engineMedian} engine_p95_ms=${engineP95} http_median_ms=${httpMedian} slots=${slots} search_rps=${http.searchRps} noop_rps=${http.noopRps} cross_office_engine_median_ms=${crossEngine} cross_office_http_median_ms=${round(http.crossOfficeMs)} interpreter_engine_median_ms=${interpreterMedian} interpreter_slots=${interpreterSlots}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
