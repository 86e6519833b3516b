import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface BenchApi {
  /** The bench database, migrated and empty, for seeding. */
  databaseUrl: string;
  /** Starts the built API on the database; resolves when /health/ready answers 200. */
  start(): Promise<string>;
  close(): Promise<void>;
}

/**
 * A fresh database on the real PostgreSQL server, migrated with the project's own CLI, and the built
 * API (dist/) on it and on the real Redis, as production runs it. Everything is dropped at close.
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
    ...extraEnv,
  };
  let api: ChildProcess | undefined;
  await new Promise<void>((resolve, reject) => {
    spawn('node', ['dist/apps/api/src/cli.js', 'migration:run'], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    }).on('exit', (code) => (code === 0 ? resolve() : reject(new Error('migrations failed'))));
  });
  return {
    databaseUrl: url.toString(),
    async start() {
      const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
      api = spawn('node', [...flags, 'dist/apps/api/src/main.js'], {
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 150; i++) {
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
    async close() {
      api?.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}
