import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityManager } from 'typeorm';
import { retryDeadlock, sqlState, SqlState } from '@app/common';
import { createMediumTest, type MediumTest } from '../support/medium.js';

/**
 * Two transactions that lock the same two rows in opposite order: PostgreSQL rolls one back with
 * 40P01, as it does for two bookings racing through both exclusion constraints (counsellor and
 * interpreter). retryDeadlock runs the victim again, so both finish. Real PostgreSQL only: the
 * embedded database serves one connection at a time, so nothing there can deadlock.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('retryDeadlock (medium)', () => {
  let t: MediumTest;

  beforeAll(async () => {
    t = await createMediumTest({ imports: [] });
    await t.dataSource.query('CREATE TABLE deadlock_probe (id int PRIMARY KEY, n int NOT NULL)');
    await t.dataSource.query('INSERT INTO deadlock_probe VALUES (1, 0), (2, 0)');
  });
  afterAll(() => t?.close());

  /** Both transactions hold their first row before either asks for its second. */
  const crossedPair = () => {
    let arrived = 0;
    let release!: () => void;
    const bothHoldTheirFirst = new Promise<void>((resolve) => (release = resolve));
    let attempts = 0;
    const work = (first: number, second: number) => () =>
      t.dataSource.transaction(async (manager: EntityManager) => {
        attempts += 1;
        await manager.query('UPDATE deadlock_probe SET n = n + 1 WHERE id = $1', [first]);
        if (++arrived === 2) release();
        await bothHoldTheirFirst;
        await manager.query('UPDATE deadlock_probe SET n = n + 1 WHERE id = $1', [second]);
      });
    return { forward: work(1, 2), backward: work(2, 1), attempts: () => attempts };
  };

  it('without it, one of two crossed transactions fails with 40P01', async () => {
    const { forward, backward } = crossedPair();
    const results = await Promise.allSettled([forward(), backward()]);
    const failures = results.filter((r) => r.status === 'rejected');
    expect(failures).toHaveLength(1);
    expect(sqlState(failures[0].reason)).toBe(SqlState.deadlockDetected);
  });

  it('with it, both finish and the victim ran twice', async () => {
    await t.dataSource.query('UPDATE deadlock_probe SET n = 0');
    const { forward, backward, attempts } = crossedPair();
    await Promise.all([retryDeadlock(forward), retryDeadlock(backward)]);
    expect(attempts()).toBe(3);
    const rows = await t.dataSource.query<{ n: number }[]>(
      'SELECT n FROM deadlock_probe ORDER BY id',
    );
    expect(rows.map((row) => row.n)).toEqual([2, 2]);
  });

  it('does not run other errors again', async () => {
    let runs = 0;
    await expect(
      retryDeadlock(async () => {
        runs += 1;
        await t.dataSource.query('SELECT 1/0');
      }),
    ).rejects.toThrow(/division by zero/);
    expect(runs).toBe(1);
  });
});
