import { type INestApplication, type Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Redis } from 'ioredis';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { DataSource } from 'typeorm';
import { ApiModule } from '../../apps/api/src/api.module.js';
import { configureApp } from '../../apps/api/src/configure-app.js';
import { Clock } from '@app/common';
import { loadConfig, type AppConfig } from '@app/config';
import { QueueName } from '@app/queue';
import { StaffService, type StaffRole } from '@app/staff';
import { defaultOfficeId } from './offices.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** Credentials the tests' LiveKit tokens are signed and verified with. */
export const TEST_LIVEKIT = {
  apiKey: 'APItestkey',
  apiSecret: 'test-secret-of-at-least-32-characters!',
};

/** A clock the test moves by hand. */
export class TestClock extends Clock {
  constructor(private current = new Date()) {
    super();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestApp {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  config: AppConfig;
  database: TestDatabase;
  clock: TestClock;
  dataSource: DataSource;
  /** Creates a staff account (of the default office unless another is named) and returns a bearer token for it. */
  login(
    role: StaffRole,
    email?: string,
    officeId?: string,
  ): Promise<{ token: string; id: string; email: string; password: string }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  controllers?: Type[];
  /** Another test app's database (not dropped when this app closes): two processes, one database. */
  database?: TestDatabase;
  /** Receives the app's log lines (level info unless env sets LOG_LEVEL), as production writes them. */
  logs?: DestinationStream;
}

/**
 * The API as production builds it (same module, same configureApp), on this file's own database
 * and queue namespace: Redis when TEST_REDIS_URL is set, else BullMQ's PostgreSQL backend.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  // Mails without SMTP_URL are written below DATA_DIR: never into the working copy.
  const dataDir = mkdtempSync(join(tmpdir(), 'sprechstunde-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: options.logs ? 'info' : 'silent',
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '4',
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
    QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    SEED_DEMO: 'false',
    LIVEKIT_URL: 'wss://livekit.test.invalid',
    LIVEKIT_API_KEY: TEST_LIVEKIT.apiKey,
    LIVEKIT_API_SECRET: TEST_LIVEKIT.apiSecret,
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    WORKER_IN_API: 'true',
    // A test makes many requests from one address: the shared budgets stay out of its way (the
    // rate-limit tests set their own; the per-route ones keep their defaults).
    RATE_LIMIT_PER_MINUTE: '100000',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
    SLOT_SEARCH_RATE_LIMIT_PER_MINUTE: '100000',
    EVENT_STREAM_RATE_LIMIT_PER_MINUTE: '100000',
    // Production (DATABASE_URL) keeps the OpenAPI page off by default; tests read the document.
    OPENAPI_DOCS: 'true',
    ...options.env,
  });
  const clock = new TestClock();
  const moduleRef = await Test.createTestingModule({
    imports: [
      ApiModule.forRoot({
        config,
        databaseUrl: database.url,
        embeddedDatabase: database.kind === 'embedded',
        logDestination: options.logs,
      }),
    ],
    controllers: options.controllers ?? [],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    logger: false,
    rawBody: true,
  });
  if (options.logs) app.useLogger(app.get(Logger));
  configureApp(app, config);
  await app.init();
  const dataSource = app.get(DataSource);
  let accounts = 0;
  return {
    app,
    http: app.getHttpServer(),
    config,
    database,
    clock,
    dataSource,
    async login(role, email, officeId) {
      accounts += 1;
      const address = email ?? `${role}${accounts}@test.sprechstunde.local`;
      const password = `password-${randomBytes(8).toString('hex')}`;
      const displayName = `Test ${role} ${accounts}`;
      // A platform admin belongs to no office.
      const staff =
        role === 'platform_admin'
          ? await app
              .get(StaffService)
              .createPlatformAdmin({ email: address, displayName, password })
          : await app.get(StaffService).create({
              email: address,
              displayName,
              role,
              password,
              officeId: officeId ?? (await defaultOfficeId(dataSource)),
            });
      const response = await request(app.getHttpServer())
        .post('/api/auth/login')
        .send({ email: address, password })
        .expect(200);
      return {
        token: (response.body as { token: string }).token,
        id: staff.id,
        email: address,
        password,
      };
    },
    async close() {
      if (config.REDIS_URL) {
        for (const name of Object.values(QueueName)) {
          const queue = app.get<Queue>(getQueueToken(name));
          await queue.obliterate({ force: true }).catch(() => undefined);
        }
      }
      await app.close();
      if (config.REDIS_URL) await deleteCounters(config.REDIS_URL, config.QUEUE_PREFIX);
      if (!options.database) await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The rate-limit and login-throttle counters this app left in Redis (they would only expire). */
async function deleteCounters(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    for (const pattern of [`${prefix}:rate-limit:*`, `${prefix}:login:*`]) {
      for await (const keys of redis.scanStream({ match: pattern, count: 500 })) {
        if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
      }
    }
  } finally {
    redis.disconnect();
  }
}

/**
 * The answers of a race that were neither a win (201) nor a conflict (409), as status and code or
 * message: a race's assertion that this is empty says why it failed, where a count would not.
 */
export function unexpectedAnswers(
  answers: { status: number; body?: { code?: string; message?: unknown } }[],
): string[] {
  return answers
    .filter((answer) => answer.status !== 201 && answer.status !== 409)
    .map(
      (answer) => `${answer.status} ${answer.body?.code ?? JSON.stringify(answer.body?.message)}`,
    );
}
