import type { DynamicModule, ModuleMetadata, Provider, Type } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ChangeFeedModule } from '@app/change-feed';
import { Clock, CommonModule } from '@app/common';
import { ConfigModule, loadConfig, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { QueueModule, QueueName } from '@app/queue';
import { TEST_LIVEKIT, TestClock } from './test-app.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface MediumTest {
  /** A provider of the module under test, with its real repositories behind it. */
  get<T>(token: Type<T> | string | symbol): T;
  module: TestingModule;
  config: AppConfig;
  clock: TestClock;
  database: TestDatabase;
  dataSource: DataSource;
  close(): Promise<void>;
}

export interface MediumTestOptions {
  /** The feature modules under test (e.g. AppointmentsModule): real services, real repositories. */
  imports: NonNullable<ModuleMetadata['imports']>;
  /** Replacements for true system edges only (a LiveKit server, an SMS provider). */
  overrides?: Array<{ provide: Type | string | symbol; useValue: unknown }>;
  providers?: Provider[];
  env?: Record<string, string>;
  /** Where the test clock starts. */
  now?: Date;
}

/**
 * A service with its real repositories on this file's own database and queue namespace, and a clock
 * the test moves by hand, without booting the HTTP application (immich's `test/medium` idea): fast
 * enough to test a service's rules one by one, real enough that SQL, constraints and transactions
 * are the production ones.
 */
export async function createMediumTest(options: MediumTestOptions): Promise<MediumTest> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'sprechstunde-medium-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '4',
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
    QUEUE_PREFIX: `medium-${randomBytes(4).toString('hex')}`,
    SEED_DEMO: 'false',
    LIVEKIT_URL: 'wss://livekit.test.invalid',
    LIVEKIT_API_KEY: TEST_LIVEKIT.apiKey,
    LIVEKIT_API_SECRET: TEST_LIVEKIT.apiSecret,
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ...options.env,
  });
  const clock = new TestClock(options.now);
  const infrastructure: Array<DynamicModule | Type> = [
    ConfigModule.forRoot(config),
    CommonModule,
    DatabaseModule.forRoot(database.url, config.DATABASE_POOL_SIZE),
    QueueModule.forRoot({
      redisUrl: config.REDIS_URL,
      databaseUrl: database.url,
      prefix: config.QUEUE_PREFIX,
      databaseNotifies: false,
    }),
    // Live views' change feed (the video service publishes to it): in memory here.
    ChangeFeedModule.forRoot({
      databaseUrl: database.url,
      databaseNotifies: false,
      resyncMs: config.CHANGE_FEED_RESYNC_SECONDS * 1000,
    }),
  ];
  let builder = Test.createTestingModule({
    imports: [...infrastructure, ...options.imports],
    providers: options.providers ?? [],
  })
    .overrideProvider(Clock)
    .useValue(clock);
  for (const override of options.overrides ?? []) {
    builder = builder.overrideProvider(override.provide).useValue(override.useValue);
  }
  const module = await builder.compile();
  await module.init();
  return {
    get: (token) => module.get(token, { strict: false }),
    module,
    config,
    clock,
    database,
    dataSource: module.get(DataSource),
    async close() {
      if (config.REDIS_URL) {
        for (const name of Object.values(QueueName)) {
          const queue = module.get<Queue>(getQueueToken(name), { strict: false });
          await queue.obliterate({ force: true }).catch(() => undefined);
        }
      }
      await module.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
