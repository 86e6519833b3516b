import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '@app/database';
import { createTestDatabase, revertThrough, type TestDatabase } from './support/test-database.js';

const MIGRATION = 'ExtraHoursOverlap1796300000000';

/**
 * Extra hours saved before overlaps were refused: the migration that adds the constraint merges
 * them, so it runs on any existing database and no offered time is lost.
 */
describe('migration: extra hours may not overlap', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    await runMigrations(database.url);
    // Back to just before this migration (and any that came after it).
    await revertThrough(database.url, MIGRATION);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('merges overlapping extra hours of one counsellor and date, keeps the rest, then refuses overlaps', async () => {
    const counsellor = async (name: string) =>
      (
        await client.query<{ id: string }>(
          'INSERT INTO counsellor (display_name) VALUES ($1) RETURNING id',
          [name],
        )
      ).rows[0].id;
    const amira = await counsellor('Amira');
    const lesia = await counsellor('Lesia');
    const extra = (who: string, date: string, start: number, end: number) =>
      client.query(
        'INSERT INTO availability_extra (counsellor_id, date, start_minute, end_minute) VALUES ($1, $2, $3, $4)',
        [who, date, start * 60, end * 60],
      );
    // Amira, 1 July: 9–11, 10–12 and 11:30–13 form one run (9–13); 13–14 touches it; 15–16 is apart.
    await extra(amira, '2026-07-01', 9, 11);
    await extra(amira, '2026-07-01', 10, 12);
    await extra(amira, '2026-07-01', 11.5, 13);
    await extra(amira, '2026-07-01', 13, 14);
    await extra(amira, '2026-07-01', 15, 16);
    // The same hours twice on 2 July; Lesia's overlap with Amira's but are hers.
    await extra(amira, '2026-07-02', 9, 10);
    await extra(amira, '2026-07-02', 9, 10);
    await extra(lesia, '2026-07-01', 10, 12);

    expect(await runMigrations(database.url)).toContain(MIGRATION);

    const { rows } = await client.query<{ who: string; date: string; hours: string }>(
      `SELECT c.display_name AS who, to_char(e.date, 'YYYY-MM-DD') AS date,
              (e.start_minute / 60.0)::float || '-' || (e.end_minute / 60.0)::float AS hours
         FROM availability_extra e JOIN counsellor c ON c.id = e.counsellor_id
        ORDER BY 1, 2, e.start_minute`,
    );
    expect(rows.map((row) => `${row.who} ${row.date} ${row.hours}`)).toEqual([
      'Amira 2026-07-01 9-13',
      'Amira 2026-07-01 13-14',
      'Amira 2026-07-01 15-16',
      'Amira 2026-07-02 9-10',
      'Lesia 2026-07-01 10-12',
    ]);
    await expect(extra(amira, '2026-07-01', 12, 13.5)).rejects.toMatchObject({ code: '23P01' });
  });
});
