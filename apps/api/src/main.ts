import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { safeError } from '@app/common';
import { ConfigValidationError, loadConfig, type AppConfig } from '@app/config';
import {
  DataDirInUseError,
  openDatabase,
  runMigrations,
  type DatabaseRuntime,
} from '@app/database';
import { ApiModule } from './api.module.js';
import { configureApp } from './configure-app.js';
import { DemoSeeder, formatDemoLogins, type DemoLogin } from './seed/demo-seeder.js';

const started = performance.now();

function readConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

const config = readConfig();
// Start-up errors (a failed migration) are database errors too: logged without their bound values.
const log = pino({
  level: config.LOG_LEVEL,
  name: 'sprechstunde-api',
  serializers: { err: (error: unknown) => safeError(error) },
});

async function printDemoLogins(logins: DemoLogin[], url: string): Promise<void> {
  if (logins.length === 0) return;
  const text = formatDemoLogins(logins, url);
  process.stdout.write(`${text}\n`);
  if (config.embedded) {
    const file = resolve(config.DATA_DIR, 'demo-logins.txt');
    await writeFile(file, `${text}\n`, { mode: 0o600 });
    process.stdout.write(`(also saved to ${file})\n\n`);
  }
}

/** SIGTERM: stop taking requests, finish those in flight, let running jobs finish, then close the database. */
function installShutdown(app: NestExpressApplication, database: DatabaseRuntime): void {
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS).unref();
    const server: Server = app.getHttpServer();
    const drained = new Promise<void>((done) => server.close(() => done()));
    server.closeIdleConnections();
    await drained;
    await app.close();
    await database.close();
    clearTimeout(force);
    log.info('stopped');
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, (received) => void shutdown(received));
  }
}

/** Embedded mode keeps its data encryption key beside the data, created on first start. */
async function ensureDataKey(): Promise<void> {
  if (config.DATA_ENCRYPTION_KEY) return;
  const file = resolve(config.DATA_DIR, 'data-encryption.key');
  try {
    config.DATA_ENCRYPTION_KEY = (await readFile(file, 'utf8')).trim();
  } catch {
    config.DATA_ENCRYPTION_KEY = randomBytes(32).toString('base64');
    await writeFile(file, `${config.DATA_ENCRYPTION_KEY}\n`, { mode: 0o600, flag: 'wx' });
  }
}

async function main(): Promise<void> {
  const database = await openDatabase(config, (error) => {
    log.fatal({ err: error }, 'lost the lock on the data folder; stopping to protect the data');
    process.exit(1);
  });
  await ensureDataKey();
  if (config.runMigrations) {
    const applied = await runMigrations(database.url);
    if (applied.length > 0) log.info({ applied }, 'migrations applied');
  }
  const app = await NestFactory.create<NestExpressApplication>(
    ApiModule.forRoot({ config, databaseUrl: database.url, embeddedDatabase: database.embedded }),
    { bufferLogs: true, rawBody: true },
  );
  app.useLogger(app.get(Logger));
  configureApp(app, config);
  // Seeded before listening: the service is not ready until the demo office exists.
  const logins = config.seedDemo ? await app.get(DemoSeeder).seedIfEmpty() : [];
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address() as AddressInfo;
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${address.port}`;
  await printDemoLogins(logins, url);
  installShutdown(app, database);
  log.info(
    {
      url,
      mode: database.embedded ? 'embedded' : 'production',
      queue: config.REDIS_URL ? 'redis' : 'postgres',
      startupMs: Math.round(performance.now() - started),
    },
    'Sprechstunde API is ready',
  );
}

main().catch((error: unknown) => {
  if (error instanceof DataDirInUseError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    log.fatal({ err: error }, 'start-up failed');
  }
  process.exit(1);
});
