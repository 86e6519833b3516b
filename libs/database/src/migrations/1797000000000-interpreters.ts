import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Interpreters as a bookable resource.
 *
 * - An interpreter is a roster person (`counsellor` row) of kind `interpreter`: the same weekly
 *   rules, extra hours, absences, zone and staff link as a counsellor, so one roster editor and one
 *   slot engine serve both. They are never linked to consultation types, so they are never offered
 *   as counsellors.
 * - Interpreters belong to an office, or to an interpreter pool: an office row of kind
 *   `interpreter_pool` (hidden from clients) whose interpreters serve every office that chose it
 *   (`office_interpreter_pool`).
 * - An appointment may take an interpreter for a language; the database refuses two live
 *   appointments of one interpreter that overlap, exactly as it does for counsellors.
 * - Language columns hold BCP 47 tags from now on (`ti`, `prs` for Dari, `gsg` for German Sign
 *   Language, `de-x-ls` for Leichte Sprache), so they widen from two characters.
 * - Staff accounts get the role `interpreter`.
 */
export class Interpreters1797000000000 implements MigrationInterface {
  name = 'Interpreters1797000000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await replaceRoleType(queryRunner, ['admin', 'counsellor', 'platform_admin', 'interpreter']);
    await queryRunner.query(
      `CREATE TYPE "roster_person_kind" AS ENUM ('counsellor', 'interpreter')`,
    );
    await queryRunner.query(
      `ALTER TABLE "counsellor" ADD "kind" "roster_person_kind" NOT NULL DEFAULT 'counsellor'`,
    );
    await queryRunner.query(`CREATE TYPE "office_kind" AS ENUM ('office', 'interpreter_pool')`);
    await queryRunner.query(
      `ALTER TABLE "office" ADD "kind" "office_kind" NOT NULL DEFAULT 'office'`,
    );
    await queryRunner.query(
      `CREATE TABLE "office_interpreter_pool" (
          "office_id" uuid NOT NULL,
          "pool_id" uuid NOT NULL,
          "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
          CONSTRAINT "pk_office_interpreter_pool" PRIMARY KEY ("office_id", "pool_id"),
          CONSTRAINT "ck_office_interpreter_pool_other" CHECK ("office_id" <> "pool_id"),
          CONSTRAINT "fk_office_interpreter_pool_office" FOREIGN KEY ("office_id") REFERENCES "office"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
          CONSTRAINT "fk_office_interpreter_pool_pool" FOREIGN KEY ("pool_id") REFERENCES "office"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        )`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_office_interpreter_pool_pool" ON "office_interpreter_pool" ("pool_id")`,
    );

    for (const [table, column] of LANGUAGE_COLUMNS) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE character varying(16)`,
      );
    }
    await queryRunner.query(
      `ALTER TABLE "counsellor" ALTER COLUMN "languages" TYPE character varying(16) array`,
    );

    await queryRunner.query(`ALTER TABLE "appointment" ADD "interpreter_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "appointment" ADD "interpreter_language" character varying(16)`,
    );
    await queryRunner.query(
      `ALTER TABLE "appointment" ADD CONSTRAINT "ck_appointment_interpreter_language" CHECK ("interpreter_id" IS NULL OR "interpreter_language" IS NOT NULL)`,
    );
    await queryRunner.query(
      `ALTER TABLE "appointment" ADD CONSTRAINT "fk_appointment_interpreter" FOREIGN KEY ("interpreter_id") REFERENCES "counsellor"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_appointment_interpreter_start" ON "appointment" ("interpreter_id", "starts_at") WHERE "interpreter_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "appointment" ADD CONSTRAINT "ex_appointment_interpreter_no_double_booking" EXCLUDE USING gist ("interpreter_id" WITH =, appointment_blocked_range("starts_at", "ends_at", "buffer_before_minutes", "buffer_after_minutes") WITH &&) WHERE ("status" IN ('confirmed', 'held') AND "interpreter_id" IS NOT NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "appointment" DROP CONSTRAINT "ex_appointment_interpreter_no_double_booking"`,
    );
    await queryRunner.query(`DROP INDEX "ix_appointment_interpreter_start"`);
    await queryRunner.query(
      `ALTER TABLE "appointment" DROP CONSTRAINT "fk_appointment_interpreter"`,
    );
    await queryRunner.query(
      `ALTER TABLE "appointment" DROP CONSTRAINT "ck_appointment_interpreter_language"`,
    );
    await queryRunner.query(`ALTER TABLE "appointment" DROP COLUMN "interpreter_language"`);
    await queryRunner.query(`ALTER TABLE "appointment" DROP COLUMN "interpreter_id"`);
    // Tags longer than two characters have no place in the old columns: they fall back to
    // German (client languages) or are dropped (spoken languages), as before the tags existed.
    for (const [table, column, fallback] of LANGUAGE_COLUMNS) {
      await queryRunner.query(
        `UPDATE "${table}" SET "${column}" = ${fallback} WHERE length("${column}") > 2`,
      );
      await queryRunner.query(
        `ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE character varying(2)`,
      );
    }
    await queryRunner.query(
      `UPDATE "counsellor" SET "languages" = ARRAY(SELECT l FROM unnest("languages") l WHERE length(l) <= 2) WHERE EXISTS (SELECT 1 FROM unnest("languages") l WHERE length(l) > 2)`,
    );
    await queryRunner.query(
      `ALTER TABLE "counsellor" ALTER COLUMN "languages" TYPE character varying(2) array`,
    );
    await queryRunner.query(`DROP TABLE "office_interpreter_pool"`);
    await queryRunner.query(`ALTER TABLE "office" DROP COLUMN "kind"`);
    await queryRunner.query(`DROP TYPE "office_kind"`);
    // Interpreters' roster rows go with them; their staff accounts become counsellors' again below.
    await queryRunner.query(`DELETE FROM "counsellor" WHERE "kind" = 'interpreter'`);
    await queryRunner.query(`ALTER TABLE "counsellor" DROP COLUMN "kind"`);
    await queryRunner.query(`DROP TYPE "roster_person_kind"`);
    // Interpreters' accounts become counsellors' accounts of their office.
    await queryRunner.query(
      `UPDATE "staff_account" SET "role" = 'counsellor' WHERE "role" = 'interpreter'`,
    );
    await replaceRoleType(queryRunner, ['admin', 'counsellor', 'platform_admin']);
  }
}

/**
 * The role type is recreated rather than extended: `ALTER TYPE … ADD VALUE` cannot be used in the
 * transaction that adds it. The check that ties role and office is rebuilt around it.
 */
async function replaceRoleType(queryRunner: QueryRunner, roles: string[]): Promise<void> {
  const values = roles.map((role) => `'${role}'`).join(', ');
  await queryRunner.query(
    'ALTER TABLE "staff_account" DROP CONSTRAINT "ck_staff_account_office_role"',
  );
  await queryRunner.query('ALTER TYPE "public"."staff_role" RENAME TO "staff_role_old"');
  await queryRunner.query(`CREATE TYPE "public"."staff_role" AS ENUM(${values})`);
  await queryRunner.query(
    'ALTER TABLE "staff_account" ALTER COLUMN "role" TYPE "public"."staff_role" USING "role"::"text"::"public"."staff_role"',
  );
  await queryRunner.query('DROP TYPE "public"."staff_role_old"');
  await queryRunner.query(
    `ALTER TABLE "staff_account" ADD CONSTRAINT "ck_staff_account_office_role" CHECK (("role" = 'platform_admin') = ("office_id" IS NULL))`,
  );
}

/** Table, column, and what a longer tag becomes on the way down. */
const LANGUAGE_COLUMNS: readonly (readonly [string, string, string])[] = [
  ['appointment', 'client_language', `'de'`],
  ['appointment', 'requested_language', 'NULL'],
  ['waitlist_entry', 'language', 'NULL'],
  ['waitlist_entry', 'client_language', `'de'`],
  ['messenger_binding', 'language', `'de'`],
];
