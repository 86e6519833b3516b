import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirInUseError, EmbeddedPostgres } from './embedded-postgres.js';

describe('EmbeddedPostgres over the loopback socket', () => {
  let server: EmbeddedPostgres;
  let pools: pg.Pool[];

  beforeAll(async () => {
    server = await EmbeddedPostgres.start();
    pools = [
      new pg.Pool({ connectionString: server.url, max: 4 }),
      new pg.Pool({ connectionString: server.url, max: 4 }),
    ];
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await server.stop();
  });

  it('enforces an exclusion constraint with btree_gist (SQLSTATE 23P01)', async () => {
    const [db] = pools;
    await db.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
    await db.query(`CREATE TABLE booking (room uuid NOT NULL, during tstzrange NOT NULL,
      EXCLUDE USING gist (room WITH =, during WITH &&))`);
    const room = '6f1c1b9e-6a47-4a8e-9d6a-2b0e8f0d3c11';
    await db.query('INSERT INTO booking VALUES ($1, tstzrange($2, $3))', [
      room,
      '2026-03-29T08:00:00Z',
      '2026-03-29T09:00:00Z',
    ]);
    const overlap = db.query('INSERT INTO booking VALUES ($1, tstzrange($2, $3))', [
      room,
      '2026-03-29T08:30:00Z',
      '2026-03-29T09:30:00Z',
    ]);
    await expect(overlap).rejects.toMatchObject({ code: '23P01' });
    // Adjacent ranges ([) bounds) do not overlap.
    await db.query('INSERT INTO booking VALUES ($1, tstzrange($2, $3))', [
      room,
      '2026-03-29T09:00:00Z',
      '2026-03-29T10:00:00Z',
    ]);
  });

  it('answers the next query on a connection correctly after a failed one', async () => {
    const client = await pools[0].connect();
    try {
      await expect(client.query('SELECT $1::int / 0 AS v', [1])).rejects.toMatchObject({
        code: '22012',
      });
      const { rows } = await client.query('SELECT $1::int + 1 AS v', [41]);
      expect(rows).toEqual([{ v: 42 }]);
    } finally {
      client.release();
    }
  });

  it('keeps concurrent extended-protocol queries of different connections apart', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 300 }, (_, i) =>
        i % 2 === 0
          ? pools[0]
              .query<{ v: number }>('SELECT $1::int + 1 AS v', [i])
              .then((r) => r.rows[0]?.v === i + 1)
          : i % 3 === 0
            ? pools[1]
                .query<{ v: string }>("SELECT $1::text || '-' || $2::text AS v", [`a${i}`, 'b'])
                .then((r) => r.rows[0]?.v === `a${i}-b`)
            : pools[1].query<{ v: number }>(`SELECT ${i} AS v`).then((r) => r.rows[0]?.v === i),
      ),
    );
    const wrong = results.filter((result) => result.status === 'rejected' || !result.value);
    expect(wrong).toHaveLength(0);
  });

  it('keeps a transaction to its own connection', async () => {
    const [a, b] = pools;
    await a.query('CREATE TABLE counter (n int)');
    const tx = await a.connect();
    await tx.query('BEGIN');
    await tx.query('INSERT INTO counter VALUES (1)');
    const outside = b.query<{ count: string }>('SELECT count(*) FROM counter');
    await tx.query('ROLLBACK');
    tx.release();
    expect((await outside).rows[0].count).toBe('0');
  });
});

describe('EmbeddedPostgres data folder', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sprechstunde-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a second process on the same folder at once, and keeps data across restarts', async () => {
    const first = await EmbeddedPostgres.start({ dataDir });
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query('CREATE TABLE kept (v text)');
    await client.query("INSERT INTO kept VALUES ('still here')");
    await client.end();

    const startedAt = Date.now();
    await expect(EmbeddedPostgres.start({ dataDir })).rejects.toBeInstanceOf(DataDirInUseError);
    expect(Date.now() - startedAt).toBeLessThan(3000);
    await first.stop();

    const second = await EmbeddedPostgres.start({ dataDir });
    const again = new pg.Client({ connectionString: second.url });
    await again.connect();
    expect((await again.query('SELECT v FROM kept')).rows).toEqual([{ v: 'still here' }]);
    await again.end();
    await second.stop();
  });
});
