import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Counsellors' private calendar subscriptions: one hashed token per counsellor. */
export class CalendarFeed1796200000000 implements MigrationInterface {
  name = 'CalendarFeed1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "calendar_feed" ("token_hash" character(64) NOT NULL, "counsellor_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_calendar_feed" PRIMARY KEY ("token_hash"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ux_calendar_feed_counsellor" ON "calendar_feed" ("counsellor_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "calendar_feed" ADD CONSTRAINT "fk_calendar_feed_counsellor" FOREIGN KEY ("counsellor_id") REFERENCES "counsellor"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "calendar_feed" DROP CONSTRAINT "fk_calendar_feed_counsellor"',
    );
    await queryRunner.query('DROP INDEX "public"."ux_calendar_feed_counsellor"');
    await queryRunner.query('DROP TABLE "calendar_feed"');
  }
}
