import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ChangeFeedModule } from '@app/change-feed';
import { CommonModule, loggerParams } from '@app/common';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { JobsModule } from '@app/jobs';
import { QueueModule } from '@app/queue';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        LoggerModule.forRoot(loggerParams(config.LOG_LEVEL)),
        DatabaseModule.forRoot(databaseUrl, config.DATABASE_POOL_SIZE),
        // The worker app runs on a PostgreSQL server (DATABASE_URL); without NOTIFY it polls.
        QueueModule.forRoot({
          redisUrl: config.REDIS_URL,
          databaseUrl,
          prefix: config.QUEUE_PREFIX,
          databaseNotifies: config.DATABASE_NOTIFY,
        }),
        // Jobs that change what a live view shows tell the API processes.
        ChangeFeedModule.forRoot({
          databaseUrl,
          redis: config.REDIS_URL
            ? { url: config.REDIS_URL, prefix: config.QUEUE_PREFIX }
            : undefined,
          databaseNotifies: config.DATABASE_NOTIFY,
          resyncMs: config.CHANGE_FEED_RESYNC_SECONDS * 1000,
        }),
        JobsModule,
      ],
    };
  }
}
