/**
 * npm run bench:video — LiveKit tokens issued through the API (client joins with the manage token,
 * 1,000 distinct admitted appointments whose window is open now) against the raw minting rate of
 * livekit-server-sdk in the same process and run. Built API, real PostgreSQL and Redis.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { AccessToken } from 'livekit-server-sdk';
import pg from 'pg';
import {
  benchApi,
  DEFAULT_OFFICE,
  LIFTED_RATE_LIMITS,
  measureNoop,
  statusCount,
} from './bench-api.js';

const APPOINTMENTS = 1000;
const DURATION_S = 15;
const CONNECTIONS = 16;

function sdkRate(apiKey: string, apiSecret: string, seconds: number): Promise<number> {
  return (async () => {
    const until = performance.now() + seconds * 1000;
    let minted = 0;
    while (performance.now() < until) {
      const token = new AccessToken(apiKey, apiSecret, {
        identity: 'client',
        name: 'Bench',
        ttl: 3600,
      });
      token.addGrant({
        room: `sprechstunde-${randomUUID()}`,
        roomJoin: true,
        canPublish: true,
        canSubscribe: true,
      });
      await token.toJwt();
      minted++;
    }
    return Math.round(minted / seconds);
  })();
}

async function seed(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const type = await client.query<{ id: string }>(
      `INSERT INTO consultation_type (office_id, name, topic, duration_minutes, step_minutes, horizon_days)
       VALUES (${DEFAULT_OFFICE}, '{"de": "Beratung"}', 'general', 45, 15, 60) RETURNING id`,
    );
    const tokens = Array.from({ length: APPOINTMENTS }, () =>
      randomBytes(32).toString('base64url'),
    );
    const ids = tokens.map(() => randomUUID());
    await client.query(
      `WITH c AS (
         INSERT INTO counsellor (office_id, display_name, languages, topics)
         SELECT ${DEFAULT_OFFICE}, 'Counsellor ' || n, ARRAY['de'], ARRAY['general'] FROM generate_series(1, $1) AS n RETURNING id),
       numbered AS (SELECT id, row_number() OVER () AS n FROM c),
       a AS (
         INSERT INTO appointment (office_id, id, consultation_type_id, counsellor_id, starts_at, ends_at, client_pseudonym, room_name)
         SELECT ${DEFAULT_OFFICE}, ids.id, $2, numbered.id, now() + interval '5 minutes', now() + interval '50 minutes', 'Bench', 'sprechstunde-' || ids.id
           FROM unnest($3::uuid[]) WITH ORDINALITY AS ids(id, n) JOIN numbered USING (n) RETURNING id)
       SELECT count(*) FROM a`,
      [APPOINTMENTS, type.rows[0].id, ids],
    );
    await client.query(
      'INSERT INTO manage_token (token_hash, appointment_id) SELECT * FROM unnest($1::char(64)[], $2::uuid[])',
      [tokens.map((token) => createHash('sha256').update(token).digest('hex')), ids],
    );
    // Everyone admitted already: the benchmark measures token issue, not the waiting room.
    await client.query(
      'INSERT INTO video_session (appointment_id, client_admitted_at) SELECT unnest($1::uuid[]), now()',
      [ids],
    );
    return tokens;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const credentials = { apiKey: 'APIbench', apiSecret: 'bench-secret-not-for-production-use' };
  const bench = await benchApi({
    // Tokens are minted without contacting LiveKit; the URL only says that video is configured.
    LIVEKIT_URL: 'wss://livekit.bench.invalid',
    LIVEKIT_API_KEY: credentials.apiKey,
    LIVEKIT_API_SECRET: credentials.apiSecret,
    ...LIFTED_RATE_LIMITS,
    DATABASE_POOL_SIZE: '20',
  });
  try {
    const tokens = await seed(bench.databaseUrl);
    const base = await bench.start();
    let next = 0;
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      autocannon(
        {
          url: `${base}/api/public/manage/video`,
          connections: CONNECTIONS,
          duration: DURATION_S,
          requests: [
            {
              method: 'POST',
              setupRequest: (request) => ({
                ...request,
                headers: { 'x-manage-token': tokens[next++ % tokens.length] },
              }),
            },
          ],
        },
        (error, res) =>
          error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(res),
      );
    });
    const ok =
      (result as unknown as { statusCodeStats: Record<string, { count: number }> })
        .statusCodeStats?.['200']?.count ?? 0;
    const apiRate = Math.round(ok / DURATION_S);
    console.log(
      `api: ${ok} tokens in ${DURATION_S} s over ${APPOINTMENTS} appointments (${result.non2xx} non-2xx: ${['4', '5'].map((c) => `${statusCount(result, c)} × ${c}xx`).join(', ')}), p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
    );
    const noopRps = await measureNoop(base, CONNECTIONS, DURATION_S);
    console.log(
      `no-op ceiling: ${noopRps} req/s (tokens through the API: ${Math.round((1000 * apiRate) / noopRps) / 10} % of it)`,
    );
    const sdk = await sdkRate(credentials.apiKey, credentials.apiSecret, 5);
    console.log(`sdk: ${sdk} tokens/s minted in this process`);
    console.log(`RESULT api_tokens_per_s=${apiRate} sdk_tokens_per_s=${sdk} noop_rps=${noopRps}`);
  } finally {
    await bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
