import { Module, type DynamicModule } from '@nestjs/common';
import {
  ChangeFeed,
  InProcessChangeFeed,
  PostgresChangeFeed,
  RedisChangeFeed,
} from './change-feed.js';

export interface ChangeFeedOptions {
  databaseUrl: string;
  /** With Redis (production), processes share changes through its pub/sub, on a channel per prefix. */
  redis?: { url: string; prefix: string };
  /**
   * The database delivers LISTEN/NOTIFY between connections (not the embedded one, nor behind a
   * pooler in transaction mode): then processes share changes through it, else only in memory.
   */
  databaseNotifies: boolean;
  /** The safety re-read of every watcher. */
  resyncMs: number;
}

@Module({})
export class ChangeFeedModule {
  static forRoot(options: ChangeFeedOptions): DynamicModule {
    return {
      module: ChangeFeedModule,
      global: true,
      providers: [
        {
          provide: ChangeFeed,
          useFactory: async (): Promise<ChangeFeed> => {
            if (options.redis) {
              const feed = new RedisChangeFeed(
                options.redis.url,
                options.redis.prefix,
                options.resyncMs,
              );
              await feed.start();
              return feed;
            }
            if (!options.databaseNotifies) return new InProcessChangeFeed(options.resyncMs);
            const feed = new PostgresChangeFeed(options.databaseUrl, options.resyncMs);
            await feed.start();
            return feed;
          },
        },
      ],
      exports: [ChangeFeed],
    };
  }
}
