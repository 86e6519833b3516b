/**
 * npm run bench:messengers — the webhook round trip of a messenger reply: a client taps "2" in
 * Telegram, the webhook cancels the appointment (under the manage page's rules) and the counsellor
 * console's event stream says "changed". Measured one reply at a time (what a client and a
 * counsellor wait for), then replies from many chats at once (what an office's evening of reminders
 * sends back). The built API on real PostgreSQL and Redis; Telegram is the local fake of its Bot
 * API (answers go to it over HTTP); every per-address rate limit is lifted (one load generator).
 * Ends with RESULT replies= round_trip_p50_ms= round_trip_p95_ms= webhook_p95_ms= burst_rps= noop_rps=
 * (round trip: until the console's event; webhook: until the webhook answered, the cancel done).
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import {
  FakeMessengers,
  fakeMessengerEnv,
  signedTelegramCall,
  telegramUpdates,
} from '../support/fake-messengers.js';
import { benchApi, DEFAULT_OFFICE, LIFTED_RATE_LIMITS, measureNoop } from './bench-api.js';

const SEQUENTIAL = Number(process.env.BENCH_MESSENGER_REPLIES ?? 200);
const BURST = Number(process.env.BENCH_MESSENGER_BURST ?? 400);
const BURST_CONCURRENCY = 16;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Appointments a day and more ahead (past any cut-off), each bound to its own Telegram chat. */
async function seed(url: string, count: number): Promise<{ adminToken: string }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counsellors = await client.query<{ id: string }>(
      `INSERT INTO counsellor (office_id, display_name, languages, topics)
       SELECT ${DEFAULT_OFFICE}, 'Counsellor ' || n, ARRAY['de', 'ar'], ARRAY['general']
         FROM generate_series(1, 20) AS n RETURNING id`,
    );
    const type = await client.query<{ id: string }>(
      `INSERT INTO consultation_type (office_id, name, topic, duration_minutes, step_minutes, min_notice_minutes, horizon_days)
       VALUES (${DEFAULT_OFFICE}, '{"de": "Beratung"}', 'general', 30, 30, 0, 400) RETURNING id`,
    );
    const ids = counsellors.rows.map((r) => r.id);
    await client.query(
      `INSERT INTO appointment (office_id, consultation_type_id, counsellor_id, starts_at, ends_at,
                                client_pseudonym, client_language, contact_channel, contact_value, room_name)
       SELECT ${DEFAULT_OFFICE}, $1, ($2::uuid[])[1 + n % 20],
              date_trunc('hour', now()) + interval '2 days' + (n / 20) * interval '30 minutes',
              date_trunc('hour', now()) + interval '2 days' + (n / 20) * interval '30 minutes' + interval '30 minutes',
              'Client', 'ar', 'email', 'bench-' || n || '@example.org', NULL
         FROM generate_series(0, $3 - 1) AS n`,
      [type.rows[0].id, ids, count],
    );
    await client.query(
      `INSERT INTO messenger_binding (channel, chat_id, office_id, appointment_id, language)
       SELECT 'telegram', (100000 + row_number() OVER (ORDER BY starts_at, counsellor_id))::text,
              office_id, id, 'ar'
         FROM appointment`,
    );
    const adminToken = randomBytes(32).toString('base64url');
    const staff = await client.query<{ id: string }>(
      `INSERT INTO staff_account (office_id, email, display_name, role, password_hash)
       VALUES (${DEFAULT_OFFICE}, 'admin@bench.example', 'Admin', 'admin', 'not-a-hash') RETURNING id`,
    );
    await client.query(
      `INSERT INTO staff_session (staff_id, token_hash, idle_expires_at, absolute_expires_at)
       VALUES ($1, $2, now() + interval '1 day', now() + interval '1 day')`,
      [staff.rows[0].id, sha256(adminToken)],
    );
    return { adminToken };
  } finally {
    await client.end();
  }
}

/** The console's stream: resolves `next()` with the arrival time of each "changed" event. */
function consoleStream(base: string, token: string): Promise<{ next(): Promise<number> }> {
  const arrivals: number[] = [];
  const waiters: ((at: number) => void)[] = [];
  return new Promise((resolve, reject) => {
    http
      .get(
        `${base}/api/appointments/events`,
        {
          headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` },
          agent: false,
        },
        (response) => {
          if (response.statusCode !== 200) {
            reject(new Error(`console stream answered ${response.statusCode}`));
            return;
          }
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            const at = performance.now();
            for (const _ of chunk.matchAll(/event: changed/g)) {
              const waiter = waiters.shift();
              if (waiter) waiter(at);
              else arrivals.push(at);
            }
          });
          resolve({
            next: () =>
              arrivals.length > 0
                ? Promise.resolve(arrivals.shift() as number)
                : new Promise((wake) => waiters.push(wake)),
          });
        },
      )
      .on('error', reject);
  });
}

function post(base: string, call: { headers: Record<string, string>; body: string }) {
  return fetch(`${base}/api/webhooks/telegram`, {
    method: 'POST',
    headers: call.headers,
    body: call.body,
  });
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function main(): Promise<void> {
  const fake = await FakeMessengers.start();
  const bench = await benchApi();
  try {
    const { adminToken } = await seed(bench.databaseUrl, SEQUENTIAL + BURST);
    const base = await bench.start({
      ...LIFTED_RATE_LIMITS,
      ...fakeMessengerEnv(fake),
      WEBHOOK_RATE_LIMIT_PER_MINUTE: '1000000',
      WORKER_IN_API: 'false',
    });
    const stream = await consoleStream(base, adminToken);
    await stream.next(); // the stream starts with one event
    let updateId = 1;
    let chat = 100000;

    // (a) One reply at a time: reply → appointment cancelled (the webhook's answer) → console told.
    const answered: number[] = [];
    const told: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      chat += 1;
      const call = signedTelegramCall(
        telegramUpdates.text({ updateId: updateId++, chatId: chat, text: '2' }),
      );
      const started = performance.now();
      const response = await post(base, call);
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
      await response.arrayBuffer();
      const done = performance.now();
      const heard = await stream.next();
      answered.push(done - started);
      told.push(heard - started);
    }

    // (b) Replies from many chats at once.
    const burstStart = performance.now();
    const chats = Array.from({ length: BURST }, () => (chat += 1));
    let nextIndex = 0;
    await Promise.all(
      Array.from({ length: BURST_CONCURRENCY }, async () => {
        while (nextIndex < chats.length) {
          const chatId = chats[nextIndex++];
          const response = await post(
            base,
            signedTelegramCall(telegramUpdates.text({ updateId: updateId++, chatId, text: '2' })),
          );
          if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
          await response.arrayBuffer();
        }
      }),
    );
    const burstRps = BURST / ((performance.now() - burstStart) / 1000);

    const client = new pg.Client({ connectionString: bench.databaseUrl });
    await client.connect();
    const [{ cancelled }] = (
      await client.query<{ cancelled: number }>(
        `SELECT count(*)::int AS cancelled FROM appointment WHERE status = 'cancelled' AND cancelled_by = 'client'`,
      )
    ).rows;
    await client.end();
    if (cancelled !== SEQUENTIAL + BURST) {
      throw new Error(`${cancelled} of ${SEQUENTIAL + BURST} appointments cancelled`);
    }
    const noop = await measureNoop(base, BURST_CONCURRENCY, 10);
    answered.sort((a, b) => a - b);
    told.sort((a, b) => a - b);
    console.log(
      `replies one at a time: webhook answered (cancelled) p50 ${quantile(answered, 0.5).toFixed(0)} ms, p95 ${quantile(answered, 0.95).toFixed(0)} ms; console event p50 ${quantile(told, 0.5).toFixed(0)} ms, p95 ${quantile(told, 0.95).toFixed(0)} ms`,
    );
    console.log(
      `${BURST} replies from ${BURST_CONCURRENCY} chats at once: ${burstRps.toFixed(0)} replies/s; every one cancelled (${cancelled})`,
    );
    console.log(
      `RESULT replies=${SEQUENTIAL + BURST} round_trip_p50_ms=${quantile(told, 0.5).toFixed(0)} round_trip_p95_ms=${quantile(told, 0.95).toFixed(0)} webhook_p95_ms=${quantile(answered, 0.95).toFixed(0)} burst_rps=${burstRps.toFixed(0)} noop_rps=${noop.toFixed(0)}`,
    );
  } finally {
    await bench.close();
    await fake.close();
  }
  process.exit(0);
}

await main();
