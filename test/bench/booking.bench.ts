/**
 * npm run bench:booking — the booking endpoint under load, on the built API with real PostgreSQL
 * and Redis (BENCH_DATABASE_URL, BENCH_REDIS_URL), driven over HTTP by autocannon.
 * (a) 200 concurrent attempts on one slot: exactly one may win, none may fail with 5xx.
 * (b) 20 s of bookings, each on a different free slot.
 */
import autocannon from 'autocannon';
import { DateTime } from 'luxon';
import pg from 'pg';
import { benchApi } from './bench-api.js';

const COUNSELLORS = 40;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DURATION_S = 20;

async function seed(url: string): Promise<{ typeId: string; counsellorIds: string[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counsellors = await client.query<{ id: string }>(
      `INSERT INTO counsellor (display_name, languages, topics)
       SELECT 'Counsellor ' || n, ARRAY['de', 'ar'], ARRAY['general'] FROM generate_series(1, $1) AS n RETURNING id`,
      [COUNSELLORS],
    );
    const counsellorIds = counsellors.rows.map((row) => row.id);
    const type = await client.query<{ id: string }>(
      `INSERT INTO consultation_type (name, topic, duration_minutes, step_minutes, min_notice_minutes, horizon_days)
       VALUES ('{"de": "Beratung", "en": "Consultation"}', 'general', 30, 30, 0, 400) RETURNING id`,
    );
    const typeId = type.rows[0].id;
    await client.query('INSERT INTO consultation_type_counsellor SELECT $1, unnest($2::uuid[])', [
      typeId,
      counsellorIds,
    ]);
    // Around the clock, every day: plenty of distinct free slots for the sustained run.
    await client.query(
      `INSERT INTO availability_rule (counsellor_id, weekday, start_minute, end_minute)
       SELECT c, d, 0, 1440 FROM unnest($1::uuid[]) AS c, generate_series(1, 7) AS d`,
      [counsellorIds],
    );
    return { typeId, counsellorIds };
  } finally {
    await client.end();
  }
}

let clients = 0;
/** Each booking from its own client: one address may hold only a few upcoming appointments. */
function body(typeId: string, counsellorId: string, start: DateTime): string {
  return JSON.stringify({
    consultationTypeId: typeId,
    start: start.toISO({ suppressMilliseconds: true }),
    counsellorId,
    pseudonym: 'Bench',
    language: 'de',
    contact: { channel: 'email', value: `bench-${++clients}@example.org` },
  });
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result),
    );
  });
}

async function main(): Promise<void> {
  const bench = await benchApi({
    // The benchmark is one client address: lift the per-address limits.
    RATE_LIMIT_PER_MINUTE: '1000000',
    BOOKING_RATE_LIMIT_PER_MINUTE: '1000000',
    DATABASE_POOL_SIZE: '20',
    WORKER_IN_API: 'true',
  });
  try {
    const { typeId, counsellorIds } = await seed(bench.databaseUrl);
    const base = await bench.start();
    const target = `${base}/api/public/appointments`;
    const headers = { 'content-type': 'application/json' };
    const first = DateTime.now().setZone('Europe/Berlin').plus({ days: 2 }).startOf('day');

    // (a) The race: 200 connections, one request each, all for the same slot.
    const race = await run({
      url: target,
      method: 'POST',
      headers,
      body: body(typeId, counsellorIds[0], first.plus({ hours: 10 })),
      connections: 200,
      amount: 200,
      timeout: 30,
    });
    const statusCount = (prefix: string) =>
      Object.entries(
        (race as unknown as { statusCodeStats: Record<string, { count: number }> })
          .statusCodeStats ?? {},
      )
        .filter(([code]) => code.startsWith(prefix))
        .reduce((sum, [, stats]) => sum + stats.count, 0);
    const raceWinners = statusCount('201');
    const race409 = statusCount('409');
    const race5xx = statusCount('5') + race.errors + race.timeouts;
    console.log(
      `race: ${raceWinners} × 201, ${race409} × 409, ${race5xx} × 5xx/errors of 200 attempts`,
    );

    // (b) Sustained: every request a different free slot (counsellor by counsellor, half-hour by half-hour).
    let next = 0;
    const sustained = await run({
      url: target,
      connections: CONNECTIONS,
      duration: DURATION_S,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          headers,
          setupRequest: (request) => {
            const n = next++;
            const counsellor = counsellorIds[n % COUNSELLORS];
            const start = first.plus({ days: 1, minutes: 30 * Math.floor(n / COUNSELLORS) });
            return { ...request, body: body(typeId, counsellor, start) };
          },
        },
      ],
    });
    const created =
      (sustained as unknown as { statusCodeStats: Record<string, { count: number }> })
        .statusCodeStats?.['201']?.count ?? 0;
    const bookingsPerSecond = Math.round(created / DURATION_S);
    const p99 = sustained.latency.p99;
    console.log(
      `sustained: ${created} bookings in ${DURATION_S} s with ${CONNECTIONS} connections (${sustained.non2xx} non-2xx, ${sustained.errors} errors); ` +
        `latency p50 ${sustained.latency.p50} ms, p99 ${p99} ms`,
    );
    console.log(
      `RESULT race_winners=${raceWinners} race_5xx=${race5xx} bookings_per_s=${bookingsPerSecond} p99_ms=${p99}`,
    );
  } finally {
    await bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
