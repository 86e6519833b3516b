import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { performance } from 'node:perf_hooks';
import { ConfigValidationError, loadConfig } from '@app/config';
import { WorkerModule } from './worker.module.js';

const started = performance.now();

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) {
    throw new Error(
      'The worker needs DATABASE_URL. Without it (embedded mode) the API process runs the jobs itself.',
    );
  }
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot(config, config.DATABASE_URL),
    {
      bufferLogs: true,
    },
  );
  const logger = app.get(Logger);
  app.useLogger(logger);
  // app.close() closes the BullMQ workers, and Worker.close() waits for running jobs to finish.
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), config.SHUTDOWN_TIMEOUT_MS).unref();
    await app.close();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, (received) => void shutdown(received));
  }
  logger.log(
    {
      queue: config.REDIS_URL ? 'redis' : 'postgres',
      startupMs: Math.round(performance.now() - started),
    },
    'Sprechstunde worker is ready',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigValidationError || error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
