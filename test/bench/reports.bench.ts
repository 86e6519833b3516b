/**
 * npm run bench:reports — the statistics page's heaviest query and the CSV export on a year of
 * history: 50 offices (the default one and 49 more), 10 counsellors and 4 consultation types each,
 * 500,000 appointments in 2026 (all outcomes, 10 client languages, interpreters, family members,
 * lead times up to 60 days), about 100,000 walk-in tickets and 200,000 slot searches, written with
 * generate_series. The built API on real PostgreSQL and Redis (BENCH_DATABASE_URL, BENCH_REDIS_URL).
 * Dashboard: the platform admin's whole year, all offices side by side (the heaviest: every row is
 * read), varied by language, topic, channel, office and period; p95 over 50 requests after 3
 * warm-up requests. Export: the whole year, all offices, as CSV (wall time to the last byte).
 * Beside them, the p95 of the no-op route (GET /api/public/ping) in the same run: the stack's floor;
 * a period of days (2 January – 30 December: its first and last month counted from the rows, the
 * months between from the monthly facts); and what keeping the monthly facts costs a booking (1,000
 * single-row inserts with the triggers, 1,000 without). The history is a bulk load: triggers off,
 * then statistics_rebuild() once (its time is printed too).
 * Targets (2 cores): dashboard p95 ≤ 300 ms, export ≤ 10 s.
 */
import { createHash, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { benchApi, LIFTED_RATE_LIMITS } from './bench-api.js';

const OFFICES = 50;
const COUNSELLORS = 10;
const TYPES = 4;
const APPOINTMENTS = Number(process.env.BENCH_APPOINTMENTS ?? 500_000);
const TICKETS_PER_SESSION = 40;
const SEARCHES = 200_000;
const REQUESTS = 50;
const LANGUAGES = ['ar', 'fa', 'uk', 'ru', 'tr', 'ti', 'prs', 'ps', 'so', 'en'];
const TOPICS = ['residence', 'work', 'family', 'health'];
const CHANNELS = ['video', 'phone', 'audio'];

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

async function seed(url: string): Promise<{ token: string; offices: string[]; rows: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const sql = (text: string, values: unknown[] = []) => client.query(text, values);
    await sql(
      `INSERT INTO office (slug, name, time_zone, holiday_region, country, privacy_controller,
              privacy_contact, retention_days)
       SELECT 'bench-' || n, jsonb_build_object('de', 'Beratung ' || n), 'Europe/Berlin', 'DE-BE', 'DE',
              'Träger ' || n, 'datenschutz@bench.example', 30
         FROM generate_series(2, $1) AS n`,
      [OFFICES],
    );
    const offices = (await sql(`SELECT id FROM office ORDER BY created_at, id`)).rows.map(
      (r: { id: string }) => r.id,
    );
    await sql(
      `INSERT INTO counsellor (office_id, display_name, languages)
       SELECT o.id, 'Counsellor ' || c, ARRAY['de'] FROM office o, generate_series(1, $1) AS c`,
      [COUNSELLORS],
    );
    await sql(
      `INSERT INTO consultation_type (office_id, name, topic, duration_minutes, step_minutes, channel)
       SELECT o.id, jsonb_build_object('de', ($2::text[])[t]), ($2::text[])[t], 45, 60,
              (($3::text[])[1 + t % 3])::consultation_channel
         FROM office o, generate_series(1, $1) AS t`,
      [TYPES, TOPICS, CHANNELS],
    );
    // Numbered rosters: office o (1…50), its counsellor c and type t by number.
    await sql(`CREATE TEMP TABLE o AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM office`);
    await sql(
      `CREATE TEMP TABLE c AS SELECT o.n AS o, row_number() OVER (PARTITION BY c.office_id ORDER BY c.id) AS n, c.id
         FROM counsellor c JOIN o ON o.id = c.office_id`,
    );
    await sql(
      `CREATE TEMP TABLE t AS SELECT o.n AS o, row_number() OVER (PARTITION BY t.office_id ORDER BY t.id) AS n, t.id
         FROM consultation_type t JOIN o ON o.id = t.office_id`,
    );
    // A year of history is a bulk load: triggers off (session_replication_role), then the monthly
    // facts computed once (statistics_rebuild), as after an import. The triggers' cost per booking
    // is measured apart, below.
    await sql(`SET session_replication_role = replica`);
    const started = performance.now();
    // Appointment i: office i % 50, counsellor (i / 50) % 10, its k-th of the year (k = i / 500):
    // three a day, one after another, so that no two of a counsellor overlap.
    await sql(
      `INSERT INTO appointment (office_id, counsellor_id, consultation_type_id, starts_at, ends_at,
              status, cancelled_by, client_language, interpreter_language,
              accompanying_family_members, created_at, personal_data_erased_at)
       SELECT o.id, c.id, t.id, s, s + interval '45 minutes',
              (CASE WHEN r < 78 THEN 'completed' WHEN r < 86 THEN 'no_show' WHEN r < 96 THEN 'cancelled'
                    ELSE 'confirmed' END)::appointment_status,
              CASE WHEN r >= 86 AND r < 96 THEN (ARRAY['client', 'client', 'staff', 'system'])[1 + r % 4] END,
              ($2::text[])[1 + (i * 7) % 10],
              CASE WHEN i % 5 = 0 THEN ($2::text[])[1 + (i * 3) % 10] END,
              CASE WHEN i % 3 = 0 THEN (i / 3) % 4 END,
              s - make_interval(days => (i * 17) % 60, hours => 1),
              CASE WHEN r < 96 THEN s + interval '40 days' END
         FROM generate_series(0, $1 - 1) AS i
         CROSS JOIN LATERAL (SELECT (i * 13) % 100 AS r, i / 500 AS k) AS v
         CROSS JOIN LATERAL (SELECT timestamptz '2026-01-01 07:00:00+00' + make_interval(days => (k / 3)::int, hours => (k % 3)::int) AS s) AS x
         JOIN o ON o.n = 1 + i % 50
         JOIN c ON c.o = o.n AND c.n = 1 + (i / 50) % 10
         JOIN t ON t.o = o.n AND t.n = 1 + (i / 7) % 4`,
      [APPOINTMENTS, LANGUAGES],
    );
    const appointmentsS = (performance.now() - started) / 1000;
    // Walk-in: one hour per office, a session every week, 40 tickets each.
    await sql(
      `INSERT INTO walk_in_hour (office_id, name, languages, topics, channel)
       SELECT id, '{"de":"Offene Sprechstunde"}', $1, $2, 'video' FROM office`,
      [LANGUAGES, TOPICS],
    );
    await sql(
      `INSERT INTO walk_in_session (walk_in_hour_id, office_id, starts_at, ends_at)
       SELECT h.id, h.office_id, d, d + interval '2 hours'
         FROM walk_in_hour h, generate_series(timestamptz '2026-01-05 09:00+00', timestamptz '2026-12-28 09:00+00', interval '7 days') AS d`,
    );
    await sql(
      `INSERT INTO walk_in_ticket (session_id, office_id, number, language, topic, status, queued_at,
              taken_at, called_at, finished_at, counsellor_id, accompanying_family_members, interpreter_language)
       SELECT s.id, s.office_id, q, ($1::text[])[1 + q % 10], ($2::text[])[1 + q % 4],
              (CASE WHEN q % 10 < 7 THEN 'served' WHEN q % 10 < 8 THEN 'missed' WHEN q % 10 < 9 THEN 'left'
                    ELSE 'expired' END)::walk_in_ticket_status,
              s.starts_at + q * interval '1 minute', s.starts_at + q * interval '1 minute',
              CASE WHEN q % 10 < 9 THEN s.starts_at + q * interval '1 minute' + make_interval(mins => q % 30) END,
              CASE WHEN q % 10 < 9 THEN s.starts_at + q * interval '1 minute' + make_interval(mins => q % 30 + 15) END,
              CASE WHEN q % 10 < 9 THEN c.id END,
              CASE WHEN q % 10 < 7 THEN q % 3 END,
              CASE WHEN q % 6 = 0 THEN ($1::text[])[1 + q % 10] END
         FROM walk_in_session s
         JOIN o ON o.id = s.office_id
         CROSS JOIN generate_series(1, $3) AS q
         JOIN c ON c.o = o.n AND c.n = 1 + q % 10`,
      [LANGUAGES, TOPICS, TICKETS_PER_SESSION],
    );
    await sql(
      `INSERT INTO slot_search_stat (office_id, searched_on, topic, channel, language,
              interpreter_language, found_within_14_days, days_to_first_slot)
       SELECT CASE WHEN i % 10 = 0 THEN NULL ELSE o.id END, date '2026-01-01' + (i % 365),
              ($2::text[])[1 + i % 4], (($3::text[])[1 + i % 3])::consultation_channel,
              ($4::text[])[1 + (i * 7) % 10], NULL,
              CASE WHEN i % 7 = 0 THEN false ELSE true END,
              CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 11) % 15 END
         FROM generate_series(0, $1 - 1) AS i JOIN o ON o.n = 1 + i % 50`,
      [SEARCHES, TOPICS, CHANNELS, LANGUAGES],
    );
    await sql(`SET session_replication_role = origin`);
    const rebuildStarted = performance.now();
    await sql('SELECT statistics_rebuild()');
    const rebuildS = (performance.now() - rebuildStarted) / 1000;
    await sql('ANALYZE');
    // The triggers' cost: 1,000 single-row bookings (each its own statement and transaction) with the
    // monthly facts kept, then 1,000 without (deleted again after).
    const perBooking = async (): Promise<number> => {
      const begin = performance.now();
      for (let i = 0; i < 1_000; i++) {
        await sql(
          `INSERT INTO appointment (office_id, counsellor_id, consultation_type_id, starts_at, ends_at, status, client_language)
           SELECT c.office_id, c.id, t.id, timestamptz '2027-03-01 08:00+00' + make_interval(hours => $1), timestamptz '2027-03-01 08:30+00' + make_interval(hours => $1), 'completed', 'ar'
             FROM counsellor c JOIN consultation_type t ON t.office_id = c.office_id ORDER BY c.id, t.id LIMIT 1`,
          [i],
        );
      }
      return (performance.now() - begin) / 1_000;
    };
    const withFacts = await perBooking();
    await sql(`SET session_replication_role = replica`);
    await sql(`DELETE FROM appointment WHERE starts_at >= '2027-03-01'`);
    const withoutFacts = await perBooking();
    await sql(`DELETE FROM appointment WHERE starts_at >= '2027-03-01'`);
    await sql(`SET session_replication_role = origin`);
    await sql('SELECT statistics_rebuild()');
    console.log(
      `monthly facts: rebuilt in ${rebuildS.toFixed(1)} s; a booking ${withFacts.toFixed(2)} ms with them, ${withoutFacts.toFixed(2)} ms without`,
    );
    const counts = (
      await sql(
        `SELECT (SELECT count(*) FROM appointment)::int AS a, (SELECT count(*) FROM walk_in_ticket)::int AS w,
                (SELECT count(*) FROM slot_search_stat)::int AS s`,
      )
    ).rows[0] as { a: number; w: number; s: number };
    console.log(
      `seeded ${counts.a} appointments (${appointmentsS.toFixed(1)} s), ${counts.w} walk-in tickets, ${counts.s} slot searches`,
    );
    const token = randomBytes(32).toString('base64url');
    const staff = await sql(
      `INSERT INTO staff_account (office_id, email, display_name, role, password_hash)
       VALUES (NULL, 'platform@bench.example', 'Platform', 'platform_admin', 'not-a-hash') RETURNING id`,
    );
    await sql(
      `INSERT INTO staff_session (staff_id, token_hash, idle_expires_at, absolute_expires_at)
       VALUES ($1, $2, now() + interval '1 day', now() + interval '1 day')`,
      [(staff.rows[0] as { id: string }).id, sha256(token)],
    );
    return { token, offices, rows: counts.a };
  } finally {
    await client.end();
  }
}

async function timed(url: string, token: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  const body = await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: ${response.status} ${Buffer.from(body).toString()}`);
  return { ms: performance.now() - started, bytes: body.byteLength };
}

async function main(): Promise<void> {
  const bench = await benchApi({ ...LIFTED_RATE_LIMITS });
  try {
    const { token, offices, rows } = await seed(bench.databaseUrl);
    const base = await bench.start();
    const url = (query: Record<string, string>, path = '') =>
      `${base}/api/reports/statistics${path}?${new URLSearchParams(query).toString()}`;
    const year = { from: '2026-01', to: '2026-12' };
    const variants: Record<string, string>[] = [
      year,
      ...LANGUAGES.map((language) => ({ ...year, language })),
      ...TOPICS.map((topic) => ({ ...year, topic })),
      ...CHANNELS.map((channel) => ({ ...year, channel })),
      { from: '2026-01', to: '2026-06' },
      { from: '2026-07-01', to: '2026-12-31' },
      { ...year, officeId: offices[7] },
      { ...year, language: 'ar', channel: 'video' },
    ];
    for (let i = 0; i < 3; i++) await timed(url(year), token);
    const dashboard: number[] = [];
    for (let i = 0; i < REQUESTS; i++)
      dashboard.push((await timed(url(variants[i % variants.length]), token)).ms);
    const noop: number[] = [];
    for (let i = 0; i < REQUESTS; i++)
      noop.push((await timed(`${base}/api/public/ping`, token)).ms);
    const csv = await timed(url(year, '.csv'), token);
    // Days instead of whole months: counted from the rows (no monthly facts), for comparison.
    const fromRows: number[] = [];
    for (let i = 0; i < 3; i++)
      fromRows.push((await timed(url({ from: '2026-01-02', to: '2026-12-30' }), token)).ms);
    const p95 = Math.round(percentile(dashboard, 95));
    console.log(
      `dashboard (platform admin, whole year, ${offices.length} offices side by side): median ${Math.round(percentile(dashboard, 50))} ms, p95 ${p95} ms; no-op p95 ${percentile(noop, 95).toFixed(1)} ms; CSV ${(csv.bytes / 1024).toFixed(0)} KiB in ${(csv.ms / 1000).toFixed(2)} s; a period of days (from the rows) median ${Math.round(percentile(fromRows, 50))} ms`,
    );
    console.log(
      `RESULT rows=${rows} dashboard_p95_ms=${p95} csv_export_s=${(csv.ms / 1000).toFixed(2)}`,
    );
  } finally {
    await bench.close();
  }
}

await main();
