import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { Redis } from 'ioredis';

/** Seconds, rounded up, as the throttler's own storage answers. */
const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/**
 * One atomic step per request: count the hit in a fixed window of `ttl` ms; past the limit, block
 * the key for `blockDuration` ms. Answers hits, the window's ms left, blocked, the block's ms left.
 */
const INCREMENT = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then
  return {tonumber(redis.call('GET', KEYS[1]) or '0'), math.max(redis.call('PTTL', KEYS[1]), 0), 1, blocked}
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) then
  if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[2], '1', 'PX', ARGV[3]) end
  return {hits, left, 1, tonumber(ARGV[3])}
end
return {hits, left, 0, 0}
`;

/**
 * Rate-limit counters in Redis, shared by every API process (the throttler's default counts per
 * process). @nest-lab/throttler-storage-redis would do this, but its peer range stops at NestJS 11.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly logger = new Logger(RedisThrottlerStorage.name);

  constructor(url: string, prefix: string) {
    this.redis = new Redis(url, { keyPrefix: `${prefix}:rate-limit:`, maxRetriesPerRequest: 2 });
    this.redis.defineCommand('throttle', { numberOfKeys: 2, lua: INCREMENT });
    // Reconnects on its own; while Redis is away, throttled routes answer 500 (fail closed).
    this.redis.on('error', (error: Error) =>
      this.logger.warn({ error: error.message }, 'rate-limit store'),
    );
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<{
    totalHits: number;
    timeToExpire: number;
    isBlocked: boolean;
    timeToBlockExpire: number;
  }> {
    const hitsKey = `${throttlerName}:${key}`;
    const [hits, left, blocked, blockLeft] = (await (
      this.redis as unknown as {
        throttle(
          k1: string,
          k2: string,
          ttl: number,
          limit: number,
          block: number,
        ): Promise<number[]>;
      }
    ).throttle(hitsKey, `${hitsKey}:blocked`, ttl, limit, blockDuration)) as [
      number,
      number,
      number,
      number,
    ];
    return {
      totalHits: hits,
      timeToExpire: seconds(left),
      isBlocked: blocked === 1,
      timeToBlockExpire: seconds(blockLeft),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
