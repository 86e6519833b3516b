import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appointmentAdd, FACT_MEASURES, searchAdd, walkInAdd } from './statistics-facts.sql.js';

/** How many counter rows share one office, month and combination of dimensions. */
const SHARDS = 16;

/** Each fact table, its key, and the primary key or unique index that holds the key unique. */
const TABLES: {
  table: keyof typeof FACT_MEASURES;
  key: string[];
  primaryKey?: string;
  uniqueIndex?: string;
}[] = [
  {
    table: 'statistics_appointment_month',
    key: ['office_id', 'month', 'language', 'topic', 'channel', 'interpreter_language'],
    primaryKey: 'pk_statistics_appointment_month',
  },
  {
    table: 'statistics_walk_in_month',
    key: ['office_id', 'month', 'language', 'topic', 'channel', 'interpreter_language'],
    primaryKey: 'pk_statistics_walk_in_month',
  },
  {
    table: 'statistics_search_month',
    key: ['office_id', 'month', 'language', 'topic', 'channel'],
    uniqueIndex: 'ux_statistics_search_month',
  },
];

const list = (columns: string[]) => columns.map((c) => `"${c}"`).join(', ');

const addUnique = ({ table, primaryKey, uniqueIndex }: (typeof TABLES)[number], key: string[]) =>
  primaryKey
    ? `ALTER TABLE "${table}" ADD CONSTRAINT "${primaryKey}" PRIMARY KEY (${list(key)})`
    : `CREATE UNIQUE INDEX "${uniqueIndex}" ON "${table}" (${list(key)}) NULLS NOT DISTINCT`;

const dropUnique = ({ table, primaryKey, uniqueIndex }: (typeof TABLES)[number]) =>
  primaryKey
    ? `ALTER TABLE "${table}" DROP CONSTRAINT "${primaryKey}"`
    : `DROP INDEX "${uniqueIndex}"`;

/**
 * Sharded statistics counters (issue 13, booking throughput).
 *
 * The row triggers of 1798200000000 add every booking of an office and month (and language, topic,
 * channel) to one counter row: each booking's transaction held that row's lock from its INSERT to
 * its COMMIT, and concurrent bookings of one office queued there (about a third of the booking
 * rate under load). Each counter now has up to 16 rows, one per `shard`, and a transaction adds to
 * the shard of its database connection (`pg_backend_pid() % 16`): concurrent bookings come from
 * different connections and rarely meet. The reports sum rows already, so they read the shards
 * as they read the rows of several topics; statistics_rebuild() writes shard 0.
 * Down merges the shards into one row each again.
 */
export class StatisticsShards1798400000000 implements MigrationInterface {
  name = 'StatisticsShards1798400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const fact of TABLES) {
      const { table, key } = fact;
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD "shard" smallint NOT NULL DEFAULT 0 CONSTRAINT "ck_${table}_shard" CHECK ("shard" >= 0 AND "shard" < ${SHARDS})`,
      );
      await queryRunner.query(dropUnique(fact));
      await queryRunner.query(addUnique(fact, [...key, 'shard']));
    }
    const sharded = {
      create: 'CREATE OR REPLACE FUNCTION',
      column: ', shard',
      value: `, (pg_backend_pid() % ${SHARDS})::smallint`,
    };
    await queryRunner.query(appointmentAdd(sharded));
    await queryRunner.query(walkInAdd(sharded));
    await queryRunner.query(searchAdd(sharded));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const unsharded = { create: 'CREATE OR REPLACE FUNCTION', column: '', value: '' };
    await queryRunner.query(appointmentAdd(unsharded));
    await queryRunner.query(walkInAdd(unsharded));
    await queryRunner.query(searchAdd(unsharded));
    for (const fact of TABLES) {
      const { table, key } = fact;
      const measures = FACT_MEASURES[table].map((m) => `"${m}"`);
      const keys = list(key);
      // Every shard of a key into its shard 0 row, then the other shards go.
      await queryRunner.query(
        `WITH merged AS (
           SELECT ${keys}, ${measures.map((m) => `sum(${m})::int AS ${m}`).join(', ')}
             FROM "${table}" GROUP BY ${keys})
         INSERT INTO "${table}" (${keys}, "shard", ${measures.join(', ')})
         SELECT ${keys}, 0, ${measures.join(', ')} FROM merged
         ON CONFLICT (${keys}, "shard") DO UPDATE SET ${measures.map((m) => `${m} = EXCLUDED.${m}`).join(', ')}`,
      );
      await queryRunner.query(`DELETE FROM "${table}" WHERE "shard" <> 0`);
      await queryRunner.query(dropUnique(fact));
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "shard"`);
      await queryRunner.query(addUnique(fact, key));
    }
  }
}
