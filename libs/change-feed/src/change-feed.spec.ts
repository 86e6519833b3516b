import { firstValueFrom, skip, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { InProcessChangeFeed } from './change-feed.js';

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
