import { firstValueFrom, skip, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { InProcessChangeFeed, RedisChangeFeed } from './change-feed.js';

describe('InProcessChangeFeed', () => {
  it('emits at once, then once per change of the watched topic only', async () => {
    const feed = new InProcessChangeFeed(3_600_000);
    const emissions: string[] = [];
    const subscription = feed.watch('video:a').subscribe(() => emissions.push('a'));
    expect(emissions).toEqual(['a']);
    await feed.publish('video:b');
    expect(emissions).toEqual(['a']);
    await feed.publish('video:a', 'video:waiting');
    expect(emissions).toEqual(['a', 'a']);
    subscription.unsubscribe();
    await feed.publish('video:a');
    expect(emissions).toEqual(['a', 'a']);
  });

  it('re-reads at the safety interval without any change', async () => {
    const feed = new InProcessChangeFeed(20);
    const started = Date.now();
    // The emission at once, then two from the interval.
    await firstValueFrom(feed.watch('video:a').pipe(skip(1), take(2), toArray()));
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });
});

describe.skipIf(!process.env.TEST_REDIS_URL)('RedisChangeFeed', () => {
  it('carries a change published by one process to the watchers of another, on its prefix only', async () => {
    const url = process.env.TEST_REDIS_URL as string;
    const prefix = `test-${randomBytes(4).toString('hex')}`;
    const one = new RedisChangeFeed(url, prefix, 3_600_000);
    const two = new RedisChangeFeed(url, prefix, 3_600_000);
    const elsewhere = new RedisChangeFeed(url, `${prefix}-other`, 3_600_000);
    await Promise.all([one.start(), two.start(), elsewhere.start()]);
    try {
      const seen: string[] = [];
      const watching = two.watch('walk-in:a').subscribe(() => seen.push('two'));
      const other = elsewhere.watch('walk-in:a').subscribe(() => seen.push('elsewhere'));
      expect(seen).toEqual(['two', 'elsewhere']);
      const next = firstValueFrom(two.watch('walk-in:a').pipe(skip(1), take(1)));
      await one.publish('walk-in:b', 'walk-in:a');
      await next;
      expect(seen).toEqual(['two', 'elsewhere', 'two']);
      watching.unsubscribe();
      other.unsubscribe();
    } finally {
      await Promise.all([
        one.onApplicationShutdown(),
        two.onApplicationShutdown(),
        elsewhere.onApplicationShutdown(),
      ]);
    }
  });
});
