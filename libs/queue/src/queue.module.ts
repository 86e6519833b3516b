import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import { QueueName } from './job-catalogue.js';
import { configureQueueBackend, type QueueBackendOptions } from './queue-connection.js';
import { QueueHealth } from './queue.health.js';

/** Finished jobs are kept for a day (for the dashboard), failed ones for a week, then removed. */
const DEFAULT_JOB_OPTIONS = {
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
  attempts: 5,
  backoff: { type: 'exponential', delay: 10_000 },
};

@Module({})
export class QueueModule {
  static forRoot(options: QueueBackendOptions): DynamicModule {
    const queues = BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name })));
    return {
      module: QueueModule,
      global: true,
      imports: [
        BullModule.forRootAsync({
          useFactory: () => ({
            connection: configureQueueBackend(options),
            prefix: options.prefix,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }),
        }),
        queues,
      ],
      providers: [QueueHealth],
      exports: [queues, QueueHealth],
    };
  }
}
