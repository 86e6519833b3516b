/**
 * npm run bench:booking — the booking endpoint under load, on the built API with real PostgreSQL
 * and Redis (BENCH_DATABASE_URL, BENCH_REDIS_URL), driven over HTTP by autocannon.
 * (a) 200 concurrent attempts on one slot: exactly one may win, none may fail with 5xx.
 * The API and the worker (the job processors: confirmations, notices) run as two processes, as
 * production runs them.
 * (b) 20 s of bookings, each on a different free slot, beside the no-op ceiling of the same stack
 *     (GET /api/public/ping, same connections, same run); then how long the worker takes to have
 *     mailed every confirmation once the load stopped (mail_lag_s).
 * (c) Faults: bookings from 16 clients for 12 s, each retried with its Idempotency-Key until it gets
 *     an answer; the API process is killed (SIGKILL) once after 4 s and started again. Every booking a
 *     client was told about must be in the database (fault_lost), and no request may have produced two
 *     appointments (fault_duplicates).
 * (c) (b) again with the job processors in the API process, as the embedded quick start runs.
 * (d) (b) again with no job processors at all: what a booking costs without its mail.
 * The per-address rate limits are lifted for the run (one client address makes every request).
 */
import { DateTime } from 'luxon';
import pg from 'pg';
import {
  type BenchApi,
  benchApi,
  DEFAULT_OFFICE,
  LIFTED_RATE_LIMITS,
  load,
  measureNoop,
  statusCount,
} from './bench-api.js';

const COUNSELLORS = 40;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DURATION_S = 20;

async function seed(url: string): Promise<{ typeId: string; counsellorIds: string[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counsellors = await client.query<{ id: string }>(
      `INSERT INTO counsellor (office_id, display_name, languages, topics)
       SELECT ${DEFAULT_OFFICE}, 'Counsellor ' || n, ARRAY['de', 'ar'], ARRAY['general'] FROM generate_series(1, $1) AS n RETURNING id`,
      [COUNSELLORS],
    );
    const counsellorIds = counsellors.rows.map((row) => row.id);
    const type = await client.query<{ id: string }>(
      `INSERT INTO consultation_type (office_id, name, topic, duration_minutes, step_minutes, min_notice_minutes, horizon_days)
       VALUES (${DEFAULT_OFFICE}, '{"de": "Beratung", "en": "Consultation"}', 'general', 30, 30, 0, 400) RETURNING id`,
    );
    const typeId = type.rows[0].id;
    await client.query(
      `INSERT INTO consultation_type_counsellor (consultation_type_id, counsellor_id, office_id)
       SELECT $1, unnest($2::uuid[]), ${DEFAULT_OFFICE}`,
      [typeId, counsellorIds],
    );
    // Around the clock, every day: plenty of distinct free slots for the sustained run.
    await client.query(
      `INSERT INTO availability_rule (counsellor_id, weekday, start_minute, end_minute)
       SELECT c, d, 0, 1440 FROM unnest($1::uuid[]) AS c, generate_series(1, 7) AS d`,
      [counsellorIds],
    );
    await seedHistory(client, typeId, counsellorIds);
    return { typeId, counsellorIds };
  } finally {
    await client.end();
  }
}

/**
 * The office as it is after a year in use, not on its first day: two appointments per counsellor
 * and working day over the past year (their personal data erased once the office's 30 days of
 * retention passed, as the retention job does), and the confirmed appointments of the weeks ahead
 * (placed far from the slots this run books). Then ANALYZE, as autovacuum does on a database in
 * use: on empty, never-analysed tables the planner takes rare plans (a whole partial index scanned
 * for one appointment by id) that no running service meets.
 */
async function seedHistory(client: pg.Client, typeId: string, counsellorIds: string[]) {
  await client.query(
    `INSERT INTO appointment (office_id, consultation_type_id, counsellor_id, starts_at, ends_at, status, created_at,
                              client_pseudonym, contact_channel, contact_value, room_name, personal_data_erased_at)
     SELECT ${DEFAULT_OFFICE}, $1, c, s, s + interval '30 minutes', status::appointment_status, s - interval '9 days',
            CASE WHEN kept THEN 'Client' END, CASE WHEN kept THEN 'email'::contact_channel END,
            CASE WHEN kept THEN 'history-' || md5(c::text || s::text) || '@example.org' END,
            'sprechstunde-' || gen_random_uuid(), CASE WHEN NOT kept THEN s + interval '31 days' END
       FROM unnest($2::uuid[]) AS c,
            generate_series(date_trunc('day', now()) - interval '365 days', date_trunc('day', now()) - interval '1 day', interval '1 day') AS d,
            LATERAL (SELECT d + h * interval '1 hour' AS s FROM generate_series(9, 10) AS h) AS slot,
            LATERAL (SELECT s > now() - interval '30 days' AS kept,
                            CASE WHEN random() < 0.1 THEN 'cancelled' WHEN random() < 0.1 THEN 'no_show' ELSE 'completed' END AS status) AS o
      WHERE extract(isodow FROM d) < 6`,
    [typeId, counsellorIds],
  );
  await client.query(
    `INSERT INTO appointment (office_id, consultation_type_id, counsellor_id, starts_at, ends_at, client_pseudonym,
                              contact_channel, contact_value, room_name)
     SELECT ${DEFAULT_OFFICE}, $1, c, s, s + interval '30 minutes', 'Client', 'email',
            'ahead-' || md5(c::text || s::text) || '@example.org', 'sprechstunde-' || gen_random_uuid()
       FROM unnest($2::uuid[]) AS c,
            generate_series(date_trunc('day', now()) + interval '200 days', date_trunc('day', now()) + interval '227 days', interval '1 day') AS d,
            LATERAL (SELECT d + h * interval '1 hour' AS s FROM generate_series(9, 11) AS h) AS slot`,
    [typeId, counsellorIds],
  );
  await client.query('ANALYZE');
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

const FAULT_S = 12;
const FAULT_KILL_AFTER_S = 4;

interface FaultResult {
  accepted: number;
  refused: number;
  retries: number;
  lost: number;
  duplicates: number;
}

/**
 * Clients that retry each booking with its Idempotency-Key until they get an answer, while the API
 * is killed once and started again. Compares what the clients were told with the database.
 */
async function faultRun(
  bench: BenchApi,
  base: string,
  typeId: string,
  counsellorIds: string[],
  first: DateTime,
): Promise<FaultResult> {
  const accepted = new Map<string, string>();
  const contacts: string[] = [];
  let refused = 0;
  let retries = 0;
  let conflicting = 0;
  let next = 0;
  let restarted: Promise<unknown> = Promise.resolve();
  const deadline = Date.now() + FAULT_S * 1000;
  const client = async () => {
    while (Date.now() < deadline) {
      const n = next++;
      const key = `bench-fault-${n}`;
      // Far from the sustained run's slots.
      const start = first.plus({ days: 60, minutes: 30 * Math.floor(n / COUNSELLORS) });
      const payload = body(typeId, counsellorIds[n % COUNSELLORS], start);
      contacts.push((JSON.parse(payload) as { contact: { value: string } }).contact.value);
      for (;;) {
        let response: Response;
        try {
          response = await fetch(`${base}/api/public/appointments`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': key },
            body: payload,
            signal: AbortSignal.timeout(30_000),
          });
        } catch {
          // The connection broke (the API died): no answer, so try again once it is back.
          retries++;
          await restarted;
          continue;
        }
        if (response.status === 201 || response.status === 200) {
          const answer = (await response.json()) as { appointment: { id: string } };
          const earlier = accepted.get(key);
          if (earlier && earlier !== answer.appointment.id) conflicting++;
          accepted.set(key, answer.appointment.id);
          break;
        }
        const text = await response.text();
        if (response.status === 409) {
          refused++;
          break;
        }
        if (response.status >= 500) {
          retries++;
          await restarted;
          continue;
        }
        throw new Error(`fault run: booking answered ${response.status}: ${text}`);
      }
    }
  };
  const fault = (async () => {
    await new Promise((resolve) => setTimeout(resolve, FAULT_KILL_AFTER_S * 1000));
    // Clients that lose their connection wait for the restart instead of hammering a closed port.
    let back = () => {};
    restarted = new Promise<void>((resolve) => (back = resolve));
    try {
      await bench.kill();
      await bench.start();
    } finally {
      back();
    }
  })();
  await Promise.all([...Array.from({ length: CONNECTIONS }, client), fault]);

  const db = new pg.Client({ connectionString: bench.databaseUrl });
  await db.connect();
  try {
    const rows = (
      await db.query<{ id: string; contact_value: string }>(
        "SELECT id, contact_value FROM appointment WHERE status = 'confirmed' AND contact_value = ANY($1)",
        [contacts],
      )
    ).rows;
    const stored = new Set(rows.map((row) => row.id));
    const perContact = new Map<string, number>();
    for (const row of rows)
      perContact.set(row.contact_value, (perContact.get(row.contact_value) ?? 0) + 1);
    return {
      accepted: accepted.size,
      refused,
      retries,
      lost: [...accepted.values()].filter((id) => !stored.has(id)).length,
      duplicates: conflicting + [...perContact.values()].reduce((sum, count) => sum + count - 1, 0),
    };
  } finally {
    await db.end();
  }
}

/**
 * Bookings from CONNECTIONS clients for DURATION_S, every request a different free slot (counsellor
 * by counsellor, half-hour by half-hour from `from`).
 */
async function sustainedBookings(
  base: string,
  typeId: string,
  counsellorIds: string[],
  from: DateTime,
): Promise<{ perSecond: number; p50: number; p99: number; non2xx: number; errors: number }> {
  let next = 0;
  const result = await load({
    url: `${base}/api/public/appointments`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => {
          const n = next++;
          const counsellor = counsellorIds[n % COUNSELLORS];
          const start = from.plus({ minutes: 30 * Math.floor(n / COUNSELLORS) });
          return { ...request, body: body(typeId, counsellor, start) };
        },
      },
    ],
  });
  return {
    perSecond: Math.round(statusCount(result, '201') / DURATION_S),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Confirmations the notification log records as sent. */
async function confirmationsSent(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM notification WHERE kind = 'confirmation' AND status = 'sent'",
  );
  return rows[0].n;
}

async function main(): Promise<void> {
  const bench = await benchApi({
    // The benchmark is one client address: lift the per-address limits.
    ...LIFTED_RATE_LIMITS,
    DATABASE_POOL_SIZE: '20',
    WORKER_IN_API: 'false',
  });
  const db = new pg.Client({ connectionString: bench.databaseUrl });
  try {
    const { typeId, counsellorIds } = await seed(bench.databaseUrl);
    await db.connect();
    // As production runs it: the API, and the worker (job processors: the mails) beside it.
    const base = await bench.start();
    await bench.startWorker();
    const target = `${base}/api/public/appointments`;
    const headers = { 'content-type': 'application/json' };
    const first = DateTime.now().setZone('Europe/Berlin').plus({ days: 2 }).startOf('day');
    const noopRps = await measureNoop(base, CONNECTIONS, DURATION_S);
    console.log(`no-op ceiling: ${noopRps} req/s with ${CONNECTIONS} connections`);

    // (a) The race: 200 connections, one request each, all for the same slot.
    const race = await load({
      url: target,
      method: 'POST',
      headers,
      body: body(typeId, counsellorIds[0], first.plus({ hours: 10 })),
      connections: 200,
      amount: 200,
      timeout: 30,
    });
    const raceWinners = statusCount(race, '201');
    const race409 = statusCount(race, '409');
    const race5xx = statusCount(race, '5') + race.errors + race.timeouts;
    console.log(
      `race: ${raceWinners} × 201, ${race409} × 409, ${race5xx} × 5xx/errors of 200 attempts`,
    );

    // (b) Sustained, with every confirmation mailed by the worker; then how long the mails take to
    // catch up once the load stops (a booking rate the mails cannot follow is no rate at all).
    const mailedBefore = await confirmationsSent(db);
    const sustained = await sustainedBookings(base, typeId, counsellorIds, first.plus({ days: 1 }));
    const loadEnded = performance.now();
    const booked = sustained.perSecond * DURATION_S;
    const mailedDuringLoad = (await confirmationsSent(db)) - mailedBefore;
    while (
      (await confirmationsSent(db)) - mailedBefore < booked &&
      performance.now() - loadEnded < 120_000
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const mailLagSeconds = Math.round((performance.now() - loadEnded) / 100) / 10;
    const mailed = (await confirmationsSent(db)) - mailedBefore;
    console.log(
      `sustained: ${booked} bookings in ${DURATION_S} s with ${CONNECTIONS} connections (${sustained.non2xx} non-2xx, ${sustained.errors} errors); ` +
        `latency p50 ${sustained.p50} ms, p99 ${sustained.p99} ms; ${Math.round((1000 * sustained.perSecond) / noopRps) / 10} % of the no-op ceiling`,
    );
    console.log(
      `mail: ${mailedDuringLoad} confirmations sent during the load, all ${mailed} of ${booked} ${mailLagSeconds} s after it ended` +
        (mailed < booked ? ' (NOT ALL within 120 s)' : ''),
    );

    const fault = await faultRun(bench, base, typeId, counsellorIds, first);
    console.log(
      `fault: API killed after ${FAULT_KILL_AFTER_S} s and restarted; ${fault.accepted} bookings confirmed to clients, ${fault.refused} refused (409), ` +
        `${fault.retries} retries; ${fault.lost} confirmed but missing, ${fault.duplicates} duplicated`,
    );

    // (c) The embedded layout of the quick start: the job processors in the API process, sharing
    // its event loop with the requests.
    await bench.stopWorker();
    await bench.kill();
    const embedded = await bench.start({ WORKER_IN_API: 'true' });
    const inApi = await sustainedBookings(
      embedded,
      typeId,
      counsellorIds,
      first.plus({ days: 90 }),
    );
    console.log(
      `worker in the API process: ${inApi.perSecond} bookings/s, p50 ${inApi.p50} ms, p99 ${inApi.p99} ms ` +
        `(${Math.round((1000 * inApi.perSecond) / noopRps) / 10} % of the no-op ceiling)`,
    );

    // (d) What a booking costs without its mail: the same load with no job processors at all (the
    // outbox still publishes the events; nothing consumes them).
    await bench.kill();
    const withoutWorker = await bench.start({ WORKER_IN_API: 'false' });
    const bare = await sustainedBookings(
      withoutWorker,
      typeId,
      counsellorIds,
      first.plus({ days: 120 }),
    );
    const bareNoop = await measureNoop(withoutWorker, CONNECTIONS, DURATION_S);
    console.log(
      `without mail (no job processors anywhere): ${bare.perSecond} bookings/s, p50 ${bare.p50} ms, p99 ${bare.p99} ms; ` +
        `no-op ceiling then ${bareNoop} req/s (${Math.round((1000 * bare.perSecond) / bareNoop) / 10} %)`,
    );
    console.log(
      `RESULT race_winners=${raceWinners} race_5xx=${race5xx} bookings_per_s=${sustained.perSecond} p50_ms=${sustained.p50} p99_ms=${sustained.p99} ` +
        `noop_rps=${noopRps} mail_lag_s=${mailed < booked ? 'incomplete' : mailLagSeconds} fault_lost=${fault.lost} fault_duplicates=${fault.duplicates} ` +
        `bookings_per_s_worker_in_api=${inApi.perSecond} bookings_per_s_without_mail=${bare.perSecond} noop_rps_without_mail=${bareNoop}`,
    );
  } finally {
    await db.end().catch(() => undefined);
    await bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
