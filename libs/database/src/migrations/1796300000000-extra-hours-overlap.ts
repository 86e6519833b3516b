import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Extra hours of one counsellor on one date may not overlap, like weekly rules. Entries that overlap
 * already are merged first (earliest start to latest end, kept in the entry that starts first), so
 * no availability is lost; `down` keeps the merged entries.
 */
export class ExtraHoursOverlap1796300000000 implements MigrationInterface {
  name = 'ExtraHoursOverlap1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      WITH ordered AS (
        SELECT id, counsellor_id, date, start_minute, end_minute,
               max(end_minute) OVER (PARTITION BY counsellor_id, date ORDER BY start_minute, end_minute, id
                                     ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reached
          FROM availability_extra),
      grouped AS (
        SELECT *, count(*) FILTER (WHERE reached IS NULL OR start_minute >= reached)
                    OVER (PARTITION BY counsellor_id, date ORDER BY start_minute, end_minute, id) AS run
          FROM ordered),
      merged AS (
        SELECT counsellor_id, date, run, min(start_minute) AS start_minute, max(end_minute) AS end_minute,
               (array_agg(id ORDER BY start_minute, end_minute, id))[1] AS keep
          FROM grouped GROUP BY counsellor_id, date, run HAVING count(*) > 1),
      widened AS (
        UPDATE availability_extra extra SET start_minute = merged.start_minute, end_minute = merged.end_minute
          FROM merged WHERE extra.id = merged.keep)
      DELETE FROM availability_extra extra
       USING grouped, merged
       WHERE extra.id = grouped.id AND grouped.counsellor_id = merged.counsellor_id
         AND grouped.date = merged.date AND grouped.run = merged.run AND extra.id <> merged.keep`);
    await queryRunner.query(
      'ALTER TABLE "availability_extra" ADD CONSTRAINT "ex_availability_extra_overlap" EXCLUDE USING gist ("counsellor_id" WITH =, "date" WITH =, int4range("start_minute", "end_minute") WITH &&)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "availability_extra" DROP CONSTRAINT "ex_availability_extra_overlap"',
    );
  }
}
