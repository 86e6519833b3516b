import type { MigrationInterface, QueryRunner } from 'typeorm';
import { STATISTICS_FACTS_DOWN, STATISTICS_FACTS_UP } from './statistics-facts.sql.js';

/**
 * Anonymous statistics for the reports (issue 19).
 *
 * - `accompanying_family_members` (0–20, null = not recorded) on appointments and walk-in tickets:
 *   staff give it with the outcome; retention keeps it (it names nobody).
 * - `appointment.cancelled_by` may now be `system` as well, and is checked. Cancelled rows that
 *   lack it are filled from the audit log (the actor of their last `appointment.cancelled`).
 * - `slot_search_stat`: one anonymous row per public slot search (office, day, topic, channel,
 *   languages, whether and after how many days a free slot was found). No address, no client.
 *   `office_id` is null for the search across all offices.
 * - Indexes on the times of appointments, walk-in tickets and searches: the reports' scans of days.
 * - Monthly facts (statistics_*_month), kept exact by row triggers: the reports of whole months
 *   without a counsellor read them instead of every row (see statistics-facts.sql.ts).
 */
export class Statistics1798200000000 implements MigrationInterface {
  name = 'Statistics1798200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appointment" ADD "accompanying_family_members" smallint`);
    await queryRunner.query(
      `ALTER TABLE "appointment" ADD CONSTRAINT "ck_appointment_family_members" CHECK ("accompanying_family_members" IS NULL OR "accompanying_family_members" BETWEEN 0 AND 20)`,
    );
    await queryRunner.query(
      `ALTER TABLE "walk_in_ticket" ADD "accompanying_family_members" smallint`,
    );
    await queryRunner.query(
      `ALTER TABLE "walk_in_ticket" ADD CONSTRAINT "ck_walk_in_ticket_family_members" CHECK ("accompanying_family_members" IS NULL OR "accompanying_family_members" BETWEEN 0 AND 20)`,
    );
    await queryRunner.query(
      `UPDATE "appointment" a
          SET "cancelled_by" = CASE e.actor_type WHEN 'client' THEN 'client' WHEN 'system' THEN 'system' ELSE 'staff' END
         FROM (SELECT DISTINCT ON (appointment_id) appointment_id, actor_type FROM "audit_event"
                WHERE action = 'appointment.cancelled' AND appointment_id IS NOT NULL
                ORDER BY appointment_id, occurred_at DESC, id DESC) e
        WHERE a.id = e.appointment_id AND a.status = 'cancelled' AND a.cancelled_by IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "appointment" ADD CONSTRAINT "ck_appointment_cancelled_by" CHECK ("cancelled_by" IS NULL OR "cancelled_by" IN ('client', 'staff', 'system'))`,
    );
    await queryRunner.query(
      `CREATE TABLE "slot_search_stat" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "office_id" uuid,
        "searched_on" date NOT NULL,
        "topic" character varying(40),
        "channel" "public"."consultation_channel",
        "language" character varying(16),
        "interpreter_language" character varying(16),
        "found_within_14_days" boolean,
        "days_to_first_slot" smallint,
        CONSTRAINT "ck_slot_search_stat_days" CHECK ("days_to_first_slot" IS NULL OR "days_to_first_slot" >= 0),
        CONSTRAINT "pk_slot_search_stat" PRIMARY KEY ("id"),
        CONSTRAINT "fk_slot_search_stat_office" FOREIGN KEY ("office_id") REFERENCES "office"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_slot_search_stat_day" ON "slot_search_stat" ("searched_on")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_walk_in_ticket_taken" ON "walk_in_ticket" ("taken_at")`,
    );
    await queryRunner.query(`CREATE INDEX "ix_appointment_start" ON "appointment" ("starts_at")`);
    for (const sql of STATISTICS_FACTS_UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of STATISTICS_FACTS_DOWN) await queryRunner.query(sql);
    await queryRunner.query(`DROP INDEX "public"."ix_appointment_start"`);
    await queryRunner.query(`DROP INDEX "public"."ix_walk_in_ticket_taken"`);
    await queryRunner.query(`DROP INDEX "public"."ix_slot_search_stat_day"`);
    await queryRunner.query(`DROP TABLE "slot_search_stat"`);
    await queryRunner.query(
      `ALTER TABLE "appointment" DROP CONSTRAINT "ck_appointment_cancelled_by"`,
    );
    // Before, the system cancelled as staff.
    await queryRunner.query(
      `UPDATE "appointment" SET "cancelled_by" = 'staff' WHERE "cancelled_by" = 'system'`,
    );
    await queryRunner.query(
      `ALTER TABLE "walk_in_ticket" DROP CONSTRAINT "ck_walk_in_ticket_family_members"`,
    );
    await queryRunner.query(
      `ALTER TABLE "walk_in_ticket" DROP COLUMN "accompanying_family_members"`,
    );
    await queryRunner.query(
      `ALTER TABLE "appointment" DROP CONSTRAINT "ck_appointment_family_members"`,
    );
    await queryRunner.query(`ALTER TABLE "appointment" DROP COLUMN "accompanying_family_members"`);
  }
}
