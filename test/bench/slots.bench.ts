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
  findSlots,
  type CounsellorRoster,
  type SlotQuery,
  type Weekday,
  type WeeklyRule,
} from '@app/scheduling';

const COUNSELLORS = 200;
const DAYS = 28;
const ZONE = 'Europe/Berlin';
const FROM = DateTime.fromISO('2027-03-08', { zone: ZONE });
const TO = FROM.plus({ days: DAYS });
const RUNS = 30;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
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
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const shuffle = <T>(items: T[]): T[] => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
};

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

function makeRosters(): CounsellorRoster[] {
  const rosters: CounsellorRoster[] = [];
  for (let i = 0; i < COUNSELLORS; i++) {
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
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
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
function book(rosters: CounsellorRoster[], now: number): number {
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

interface HttpResult {
  medianMs: number;
  noopRps: number;
  searchRps: number;
  searchP50: number;
  searchP99: number;
}

async function benchHttp(rosters: CounsellorRoster[], expectedSlots: number): Promise<HttpResult> {
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
    return {
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
  const http = await benchHttp(rosters, slots);
  const httpMedian = round(http.medianMs);
  console.log(
    `http: median ${httpMedian} ms over ${RUNS} requests (28-day "any counsellor" search after a roster change, PostgreSQL + Redis)`,
  );
  console.log(
    `sustained: ${http.searchRps} one-week searches/s with ${CONNECTIONS} connections (random type and week), p50 ${http.searchP50} ms, p99 ${http.searchP99} ms; ` +
      `no-op ceiling ${http.noopRps} req/s (${Math.round((1000 * http.searchRps) / http.noopRps) / 10} %)`,
  );
  console.log(
    `RESULT engine_median_ms=${engineMedian} engine_p95_ms=${engineP95} http_median_ms=${httpMedian} slots=${slots} search_rps=${http.searchRps} noop_rps=${http.noopRps}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
