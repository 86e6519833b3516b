import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface BenchApi {
  /** The bench database, migrated and empty, for seeding. */
  databaseUrl: string;
  /** The Redis key prefix of this run (queues, rate limits): every key under it is removed at close. */
  prefix: string;
  /** Starts the built API on the database (with `overrides` of its environment); resolves when /health/ready answers 200. */
  start(overrides?: Record<string, string>): Promise<string>;
  /** Kills the API process at once (SIGKILL), as a crash would; resolves when it has exited. */
  kill(): Promise<void>;
  /**
   * Starts the built worker (the job processors) as a process of its own beside the API, as
   * production runs it; resolves once it has started and finished its first reconciliation of the
   * queue with the database (which re-plans the reminders of every appointment ahead), so that a
   * measurement does not share the machine with it. Stopped at close, or by stopWorker.
   */
  startWorker(overrides?: Record<string, string>): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A benchmark is one client address making every request: every per-address rate limit is lifted
 * (benchmarks say so in their description), so that they measure the work, not the limiter.
 */
export const LIFTED_RATE_LIMITS: Record<string, string> = Object.fromEntries(
  [
    'RATE_LIMIT_PER_MINUTE',
    'PUBLIC_RATE_LIMIT_PER_MINUTE',
    'SLOT_SEARCH_RATE_LIMIT_PER_MINUTE',
    'EVENT_STREAM_RATE_LIMIT_PER_MINUTE',
    'BOOKING_RATE_LIMIT_PER_MINUTE',
    'MANAGE_RATE_LIMIT_PER_MINUTE',
  ].map((name) => [name, '1000000']),
);

/**
 * The default office (the one the migrations create), as SQL: benches seed their rows into it, the
 * way the quick start's single office holds everything.
 */
export const DEFAULT_OFFICE = '(SELECT id FROM office ORDER BY created_at, id LIMIT 1)';

/** Runs autocannon and resolves with its result. */
export function load(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result),
    );
  });
}

/** How many answers of a status (or of a class, e.g. '2') an autocannon run got. */
export function statusCount(result: autocannon.Result, prefix: string): number {
  const stats =
    (result as unknown as { statusCodeStats?: Record<string, { count: number }> })
      .statusCodeStats ?? {};
  return Object.entries(stats)
    .filter(([code]) => code.startsWith(prefix))
    .reduce((sum, [, entry]) => sum + entry.count, 0);
}

/**
 * The ceiling of this HTTP stack on this machine, now: requests per second of `GET /api/public/ping`,
 * which passes the same middleware, rate limit, guards, pipes and error filter as every public route
 * and does nothing else. Same load generator and connections as the figure it is compared with.
 */
export async function measureNoop(
  base: string,
  connections: number,
  durationSeconds: number,
): Promise<number> {
  const result = await load({
    url: `${base}/api/public/ping`,
    connections,
    duration: durationSeconds,
  });
  const ok = statusCount(result, '200');
  if (ok === 0 || result.non2xx > 0) {
    throw new Error(
      `no-op endpoint: ${ok} × 200, ${result.non2xx} non-2xx (rate limit not lifted?)`,
    );
  }
  return Math.round(ok / durationSeconds);
}

/** Removes every Redis key under `prefix` (queues, rate-limit counters, caches of this run). */
async function removeRedisKeys(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  try {
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) removed += await redis.unlink(...keys);
    } while (cursor !== '0');
    return removed;
  } finally {
    redis.disconnect();
  }
}

/**
 * A fresh database on the real PostgreSQL server, migrated with the project's own CLI, and the built
 * API (dist/) on it and on the real Redis, as production runs it. The database and every Redis key of
 * the run are removed at close, which callers reach through `finally` also when the run fails.
 */
export async function benchApi(extraEnv: Record<string, string> = {}): Promise<BenchApi> {
  const name = `sprechstunde_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const port = 20000 + Math.floor(Math.random() * 20000);
  const env = {
    LIVEKIT_API_KEY: 'APIbench',
    LIVEKIT_API_SECRET: 'bench-secret-not-for-production',
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ...process.env,
    DATABASE_URL: url.toString(),
    REDIS_URL,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    QUEUE_PREFIX: name,
    // Benchmarks measure the stack, not the per-address budgets of one load generator's address.
    PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
    SLOT_SEARCH_RATE_LIMIT_PER_MINUTE: '1000000',
    EVENT_STREAM_RATE_LIMIT_PER_MINUTE: '1000000',
    ...extraEnv,
  };
  let api: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  const end = async (running: ChildProcess | undefined, signal: NodeJS.Signals) => {
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    running.kill(signal);
    await exited;
  };
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    const running = api;
    api = undefined;
    await end(running, signal);
  };
  const stopWorker = async (): Promise<void> => {
    const running = worker;
    worker = undefined;
    await end(running, 'SIGTERM');
  };
  const cleanUp = async (): Promise<void> => {
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await admin.end();
      await removeRedisKeys(name);
    }
  };
  try {
    await new Promise<void>((resolve, reject) => {
      spawn('node', ['dist/apps/api/src/cli.js', 'migration:run'], {
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      }).on('exit', (code) => (code === 0 ? resolve() : reject(new Error('migrations failed'))));
    });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return {
    databaseUrl: url.toString(),
    prefix: name,
    async start(overrides = {}) {
      const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
      const child = spawn('node', [...flags, 'dist/apps/api/src/main.js'], {
        env: { ...env, ...overrides },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      api = child;
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 150; i++) {
        if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}`);
        if (
          await fetch(`${base}/health/ready`).then(
            (r) => r.ok,
            () => false,
          )
        )
          return base;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error('API did not become ready');
    },
    kill: () => stop('SIGKILL'),
    async startWorker(overrides = {}) {
      const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
      // At LOG_LEVEL=info for its one start-up line; it logs nothing per job at that level.
      const child = spawn('node', [...flags, 'dist/apps/worker/src/main.js'], {
        env: { ...env, LOG_LEVEL: 'info', ...overrides },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      worker = child;
      const lines = createInterface({ input: child.stdout });
      const ready = new Promise<void>((resolve, reject) => {
        // The first reconciliation runs in the background and may end before or after the line.
        let started = false;
        let reconciled = false;
        lines.on('line', (line) => {
          started ||= line.includes('worker is ready');
          reconciled ||= line.includes('queue reconciled');
          if (started && reconciled) resolve();
        });
        child.on('exit', (code) => reject(new Error(`worker exited with ${code}`)));
        setTimeout(
          () => reject(new Error('worker did not start and reconcile within 60 s')),
          60_000,
        ).unref();
      });
      await ready;
    },
    stopWorker,
    async close() {
      try {
        await stopWorker();
        await stop('SIGTERM');
      } finally {
        await cleanUp();
      }
    },
  };
}
