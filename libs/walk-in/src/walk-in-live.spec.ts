import { Logger } from '@nestjs/common';
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { readLatest } from './walk-in-live.js';

describe('readLatest', () => {
  it('runs one read at a time and folds the changes during a read into one more read', async () => {
    const changes = new Subject<void>();
    const releases: (() => void)[] = [];
    let reads = 0;
    const read = () =>
      new Promise<number>((resolve) => {
        reads += 1;
        const n = reads;
        releases.push(() => resolve(n));
      });
    const seen: number[] = [];
    const subscription = changes
      .pipe(readLatest(read, new Logger('test')))
      .subscribe((n) => seen.push(n));
    changes.next();
    changes.next();
    changes.next();
    expect(reads).toBe(1);
    releases.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The three changes cost two reads: the one running, and one after it for the other two.
    expect(seen).toEqual([1]);
    expect(reads).toBe(2);
    releases.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([1, 2]);
    expect(reads).toBe(2);
    subscription.unsubscribe();
  });

  it('skips a failed read and goes on with the next change', async () => {
    const changes = new Subject<void>();
    let fail = true;
    const seen: string[] = [];
    const subscription = changes
      .pipe(
        readLatest(
          () => (fail ? Promise.reject(new Error('database gone')) : Promise.resolve('ok')),
          new Logger('test'),
        ),
      )
      .subscribe((value) => seen.push(value));
    changes.next();
    await new Promise((resolve) => setTimeout(resolve, 0));
    fail = false;
    changes.next();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual(['ok']);
    subscription.unsubscribe();
  });
});
