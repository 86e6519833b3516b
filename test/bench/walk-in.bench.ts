/**
 * npm run bench:walkin — the live walk-in queue under load: 2,000 clients hold open event streams
 * across 3 walk-in hours while 20 counsellors on duty press "call next" at random for 60 s (each
 * call is served after 0–2 s, then the next). Measured from each call's commit (its `called_at`,
 * set just before the commit, so the figures include a little more than the push): until the
 * called client's stream says "called", and until every other waiting client of that session
 * has seen their place move. Also: tickets called twice, tickets lost, and the no-op ceiling of
 * this HTTP stack in the same run. Built API, real PostgreSQL and Redis; per-address rate limits
 * lifted (one load generator).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { benchApi, DEFAULT_OFFICE, LIFTED_RATE_LIMITS, measureNoop } from './bench-api.js';

const CLIENTS = Number(process.env.BENCH_WALKIN_CLIENTS ?? 2000);
const HOURS = 3;
const COUNSELLORS = 20;
const DURATION_S = Number(process.env.BENCH_WALKIN_SECONDS ?? 60);
const SERVE_MAX_MS = 2000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Seeded {
  tickets: { token: string; id: string; session: string; place: number }[];
  staffTokens: string[];
}

async function seed(url: string): Promise<Seeded> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const sessions: string[] = [];
    for (let h = 0; h < HOURS; h++) {
      const hour = await client.query<{ id: string }>(
        `INSERT INTO walk_in_hour (office_id, name, languages, prefix, max_queue)
         VALUES (${DEFAULT_OFFICE}, $1, ARRAY['de'], $2, 5000) RETURNING id`,
        [JSON.stringify({ de: `Offene Sprechstunde ${h + 1}` }), String.fromCharCode(65 + h)],
      );
      const session = await client.query<{ id: string }>(
        `INSERT INTO walk_in_session (walk_in_hour_id, office_id, starts_at, ends_at, last_number)
         VALUES ($1, ${DEFAULT_OFFICE}, now() - interval '1 hour', now() + interval '3 hours', $2) RETURNING id`,
        [hour.rows[0].id, Math.ceil(CLIENTS / HOURS)],
      );
      sessions.push(session.rows[0].id);
    }
    const tickets: Seeded['tickets'] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const session = sessions[i % HOURS];
      tickets.push({
        token: randomBytes(32).toString('base64url'),
        id: randomUUID(),
        session,
        place: Math.floor(i / HOURS) + 1,
      });
    }
    await client.query(
      `INSERT INTO walk_in_ticket (id, session_id, office_id, number, language, queued_at, taken_at, pseudonym)
       SELECT t.id, t.session, ${DEFAULT_OFFICE}, t.number, 'de',
              now() - interval '1 hour' + t.number * interval '1 second',
              now() - interval '1 hour' + t.number * interval '1 second', 'Bench'
         FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS t(id, session, number)`,
      [tickets.map((t) => t.id), tickets.map((t) => t.session), tickets.map((t) => t.place)],
    );
    await client.query(
      'INSERT INTO walk_in_ticket_token (token_hash, ticket_id) SELECT * FROM unnest($1::char(64)[], $2::uuid[])',
      [tickets.map((t) => sha256(t.token)), tickets.map((t) => t.id)],
    );
    // Counsellors with logins (sessions written directly: the bench measures calls, not argon2).
    const staffTokens: string[] = [];
    for (let c = 0; c < COUNSELLORS; c++) {
      const token = randomBytes(32).toString('base64url');
      const staff = await client.query<{ id: string }>(
        `INSERT INTO staff_account (office_id, email, display_name, role, password_hash)
         VALUES (${DEFAULT_OFFICE}, $1, $2, 'counsellor', 'not-a-hash') RETURNING id`,
        [`counsellor${c}@bench.example`, `Counsellor ${c}`],
      );
      await client.query(
        `INSERT INTO staff_session (staff_id, token_hash, idle_expires_at, absolute_expires_at)
         VALUES ($1, $2, now() + interval '1 day', now() + interval '1 day')`,
        [staff.rows[0].id, sha256(token)],
      );
      const counsellor = await client.query<{ id: string }>(
        `INSERT INTO counsellor (office_id, display_name, languages, staff_id)
         VALUES (${DEFAULT_OFFICE}, $1, ARRAY['de'], $2) RETURNING id`,
        [`Counsellor ${c}`, staff.rows[0].id],
      );
      await client.query(
        `INSERT INTO walk_in_duty (session_id, office_id, counsellor_id, signed_on_at)
         VALUES ($1, ${DEFAULT_OFFICE}, $2, now())`,
        [sessions[c % HOURS], counsellor.rows[0].id],
      );
      staffTokens.push(token);
    }
    return { tickets, staffTokens };
  } finally {
    await client.end();
  }
}

interface Received {
  at: number;
  status: string;
  place: number | null;
  calledAt: string | null;
}

/** One client's event stream: every event with its arrival time (wall clock, ms). */
function follow(base: string, credential: string, events: Received[]): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      `${base}/api/public/walk-in/ticket/events?credential=${encodeURIComponent(credential)}`,
      { headers: { Accept: 'text/event-stream' }, agent: false },
      (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`stream answered ${response.statusCode}`));
          return;
        }
        response.setEncoding('utf8');
        let buffer = '';
        response.on('data', (chunk: string) => {
          const at = Date.now();
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block
              .split('\n')
              .filter((line) => line.startsWith('data:'))
              .map((line) => line.slice(5).trim())
              .join('\n');
            if (!data) continue;
            const view = JSON.parse(data) as {
              status: string;
              place: number | null;
              calledAt: string | null;
            };
            events.push({ at, status: view.status, place: view.place, calledAt: view.calledAt });
          }
        });
        resolve(request);
      },
    );
    request.on('error', reject);
  });
}

async function post(base: string, path: string, headers: Record<string, string>) {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const bench = await benchApi({ ...LIFTED_RATE_LIMITS, DATABASE_POOL_SIZE: '20' });
  const streams: http.ClientRequest[] = [];
  try {
    const seeded = await seed(bench.databaseUrl);
    const base = await bench.start();
    http.globalAgent.maxSockets = Infinity;

    // Every client opens its stream with a credential of its own (never the token in a URL).
    const events = new Map<string, Received[]>();
    const opened = performance.now();
    for (let i = 0; i < seeded.tickets.length; i += 100) {
      await Promise.all(
        seeded.tickets.slice(i, i + 100).map(async (ticket) => {
          const answer = await post(base, '/api/public/walk-in/ticket/stream', {
            'X-Ticket-Token': ticket.token,
          });
          const { credential } = answer.body as { credential: string };
          const received: Received[] = [];
          events.set(ticket.id, received);
          streams.push(await follow(base, credential, received));
        }),
      );
    }
    // Until every stream has its first event.
    for (let waited = 0; [...events.values()].some((e) => e.length === 0); waited += 100) {
      if (waited > 60_000) throw new Error('streams did not all start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.log(
      `${seeded.tickets.length} streams open in ${Math.round(performance.now() - opened)} ms`,
    );

    // 20 counsellors: call next, serve for 0–2 s, again, until the time is up.
    const calledIds: string[] = [];
    let failures = 0;
    const until = Date.now() + DURATION_S * 1000;
    await Promise.all(
      seeded.staffTokens.map(async (token) => {
        const auth = { Authorization: `Bearer ${token}` };
        while (Date.now() < until) {
          const answer = await post(base, '/api/walk-in/call-next', auth);
          const ticket = (answer.body as { ticket: { id: string } | null } | null)?.ticket;
          if (answer.status !== 200 || !ticket) {
            failures += answer.status === 200 ? 0 : 1;
            await new Promise((resolve) => setTimeout(resolve, 200));
            continue;
          }
          calledIds.push(ticket.id);
          await new Promise((resolve) => setTimeout(resolve, Math.random() * SERVE_MAX_MS));
          const served = await fetch(`${base}/api/walk-in/tickets/${ticket.id}/outcome`, {
            method: 'POST',
            headers: { ...auth, 'Content-Type': 'application/json' },
            body: JSON.stringify({ outcome: 'served' }),
          });
          if (served.status !== 204) failures += 1;
        }
      }),
    );
    // Pushes still on their way.
    await new Promise((resolve) => setTimeout(resolve, 2000));

    const client = new pg.Client({ connectionString: bench.databaseUrl });
    await client.connect();
    const rows = (
      await client.query<{
        id: string;
        session_id: string;
        status: string;
        called_at: Date | null;
      }>('SELECT id, session_id, status, called_at FROM walk_in_ticket')
    ).rows;
    await client.end();

    const doubleCalls = calledIds.length - new Set(calledIds).size;
    const byId = new Map(rows.map((row) => [row.id, row]));
    const lostTickets = seeded.tickets.filter((t) => !byId.has(t.id)).length;

    // Calls of each session in the order they were made: the k-th moves everyone behind by one.
    const callsBySession = new Map<string, number[]>();
    for (const row of rows) {
      if (!row.called_at) continue;
      const list = callsBySession.get(row.session_id) ?? [];
      list.push(row.called_at.getTime());
      callsBySession.set(row.session_id, list);
    }
    for (const list of callsBySession.values()) list.sort((a, b) => a - b);

    const callLatencies: number[] = [];
    const positionLatencies: number[] = [];
    let missedPushes = 0;
    for (const ticket of seeded.tickets) {
      const row = byId.get(ticket.id);
      const received = events.get(ticket.id) ?? [];
      if (row?.called_at) {
        const called = received.find((e) => e.status === 'called' || e.status === 'in_call');
        if (called) callLatencies.push(called.at - row.called_at.getTime());
        else missedPushes += 1;
      }
      // Every place change of a waiting client: the calls it newly reflects, each measured.
      const calls = callsBySession.get(ticket.session) ?? [];
      let reflected = 0;
      for (const event of received) {
        if (event.status !== 'waiting' || event.place === null) continue;
        const now = ticket.place - event.place;
        for (let k = reflected; k < now && k < calls.length; k++)
          positionLatencies.push(event.at - calls[k]);
        reflected = Math.max(reflected, now);
      }
      // Calls made while this client still waited that its stream never showed.
      const waitedUntil = row?.called_at?.getTime() ?? Infinity;
      const due = calls.filter((at) => at < waitedUntil && at < until).length;
      const expected = Math.min(due, ticket.place - 1);
      if (reflected < expected && !row?.called_at) missedPushes += expected - reflected;
    }

    const noopRps = await measureNoop(base, 16, 10);
    const callP99 = Math.round(percentile(callLatencies, 0.99));
    const positionP99 = Math.round(percentile(positionLatencies, 0.99));
    console.log(
      `${calledIds.length} calls in ${DURATION_S} s (${failures} failed requests); call → client: p50 ${Math.round(percentile(callLatencies, 0.5))} ms, p99 ${callP99} ms over ${callLatencies.length}; position updates: p50 ${Math.round(percentile(positionLatencies, 0.5))} ms, p99 ${positionP99} ms over ${positionLatencies.length}; pushes never seen: ${missedPushes}`,
    );
    console.log(
      `RESULT clients=${seeded.tickets.length} call_to_client_p99_ms=${callP99} position_update_p99_ms=${positionP99} double_calls=${doubleCalls} lost_tickets=${lostTickets} noop_rps=${noopRps}`,
    );
  } finally {
    for (const stream of streams) stream.destroy();
    await bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
