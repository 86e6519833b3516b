import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '@app/database';
import { createTestDatabase, revertThrough, type TestDatabase } from './support/test-database.js';

const MIGRATION = 'StatisticsShards1798400000000';

/**
 * The sharded statistics counters run down on existing data: the shards of each counter are merged
 * into one row, so that no count is lost (the counters are all that is left of appointments that
 * retention deleted), and up again keeps them.
 */
describe('migration: statistics shards', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    await runMigrations(database.url);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('merges the shards of each counter on the way down, and keeps the sums on the way up', async () => {
    const [{ id: office }] = (await client.query<{ id: string }>('SELECT id FROM office')).rows;
    for (const [shard, cases, lead] of [
      [0, 2, 1],
      [3, 5, 0],
      [7, 1, 4],
    ]) {
      await client.query(
        `INSERT INTO statistics_appointment_month (office_id, month, language, topic, channel, interpreter_language, shard, cases, completed, lead_3)
         VALUES ($1, '2026-03-01', 'ar', 'work', 'video', '', $2, $3, $3, $4)`,
        [office, shard, cases, lead],
      );
      // The search across all offices has no office: the unique index treats nulls as equal.
      await client.query(
        `INSERT INTO statistics_search_month (office_id, month, language, topic, channel, shard, searches, unmet)
         VALUES (NULL, '2026-03-01', 'fa', '', '', $1, $2, 1)`,
        [shard, cases],
      );
    }
    // Another counter of the same month stays apart.
    await client.query(
      `INSERT INTO statistics_appointment_month (office_id, month, language, topic, channel, interpreter_language, shard, cases)
       VALUES ($1, '2026-03-01', 'uk', 'work', 'video', '', 5, 9)`,
      [office],
    );
    const counters = async () => ({
      appointments: (
        await client.query(
          `SELECT language, cases, completed, lead_3 FROM statistics_appointment_month ORDER BY language`,
        )
      ).rows,
      searches: (
        await client.query(
          'SELECT office_id, language, searches, unmet FROM statistics_search_month',
        )
      ).rows,
    });
    const merged = {
      appointments: [
        { language: 'ar', cases: 8, completed: 8, lead_3: 5 },
        { language: 'uk', cases: 9, completed: 0, lead_3: 0 },
      ],
      searches: [{ office_id: null, language: 'fa', searches: 8, unmet: 3 }],
    };

    expect(await revertThrough(database.url, MIGRATION)).toBe(MIGRATION);
    expect(await counters()).toEqual(merged);
    const shardColumns = await client.query(
      `SELECT 1 FROM information_schema.columns WHERE column_name = 'shard' AND table_name LIKE 'statistics_%'`,
    );
    expect(shardColumns.rows).toEqual([]);

    expect(await runMigrations(database.url)).toContain(MIGRATION);
    expect(await counters()).toEqual(merged);
  });
});
