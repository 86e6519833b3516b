import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityManager } from 'typeorm';
import { preparedQuery, sqlState, SqlState } from '@app/common';
import { createMediumTest, type MediumTest } from '../support/medium.js';

/**
 * preparedQuery on the data source DatabaseModule makes: a named statement per text on real
 * PostgreSQL (one parse per connection, then only binds), the plain query on the embedded database
 * (whose connections share one session); both answer alike and fail with the same SQLSTATE.
 */
describe('preparedQuery (medium)', () => {
  let t: MediumTest;
  const embedded = !process.env.TEST_DATABASE_URL;

  beforeAll(async () => {
    t = await createMediumTest({ imports: [] });
    await t.dataSource.query('CREATE TABLE prepared_probe (id int PRIMARY KEY, label text)');
  });
  afterAll(() => t?.close());

  const statements = (manager: EntityManager) =>
    manager.query<{ name: string; statement: string }[]>(
      `SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE '%prepared_probe%'`,
    );

  it('keeps one named statement per text on the connection, except on the embedded database', async () => {
    const insert = 'INSERT INTO prepared_probe (id, label) VALUES ($1, $2) RETURNING id, label';
    await t.dataSource.transaction(async (manager) => {
      expect(await preparedQuery(manager, insert, [1, 'ein'])).toEqual([{ id: 1, label: 'ein' }]);
      expect(await preparedQuery(manager, insert, [2, 'zwei'])).toEqual([{ id: 2, label: 'zwei' }]);
      const kept = await statements(manager);
      expect(kept).toHaveLength(embedded ? 0 : 1);
      if (!embedded) expect(kept[0].name).toMatch(/^s_[0-9a-f]{24}$/);
    });
    // Outside a transaction too, on whichever connection the pool lends.
    expect(
      await preparedQuery(
        t.dataSource.manager,
        'SELECT label FROM prepared_probe WHERE id = $1',
        [2],
      ),
    ).toEqual([{ label: 'zwei' }]);
  });

  it('fails as manager.query fails: a QueryFailedError with the SQLSTATE, and rolls back', async () => {
    const insert = 'INSERT INTO prepared_probe (id, label) VALUES ($1, $2)';
    const failure = await t.dataSource
      .transaction(async (manager) => {
        await preparedQuery(manager, insert, [3, 'drei']);
        await preparedQuery(manager, insert, [3, 'noch einmal']);
      })
      .catch((error: unknown) => error);
    expect(sqlState(failure)).toBe(SqlState.uniqueViolation);
    expect(await t.dataSource.query('SELECT id FROM prepared_probe WHERE id = 3')).toEqual([]);
  });
});
