import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Interpreters on duty in walk-in hours.
 *
 * - `walk_in_interpreter_duty`: an interpreter (a `counsellor` row of kind interpreter, of the
 *   office or of a pool it chose, so no composite office key) put on duty for one session by an
 *   admin of the session's office; off duty when `signed_off_at` is set.
 * - A ticket may ask for an interpreter language; the call takes an interpreter for it. A unique
 *   index allows one live call per interpreter, so two "call next" never take the same one. The
 *   language stays for statistics; the interpreter link is erased with the client's data.
 */
export class WalkInInterpreters1797300000000 implements MigrationInterface {
  name = 'WalkInInterpreters1797300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "walk_in_interpreter_duty" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "session_id" uuid NOT NULL,
        "office_id" uuid NOT NULL,
        "interpreter_id" uuid NOT NULL,
        "signed_on_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "signed_off_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_walk_in_interpreter_duty" PRIMARY KEY ("id"),
        CONSTRAINT "fk_walk_in_interpreter_duty_session" FOREIGN KEY ("session_id", "office_id") REFERENCES "walk_in_session"("id", "office_id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_walk_in_interpreter_duty_interpreter" FOREIGN KEY ("interpreter_id") REFERENCES "counsellor"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_walk_in_interpreter_duty_on" ON "walk_in_interpreter_duty" ("session_id", "interpreter_id") WHERE "signed_off_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_walk_in_interpreter_duty_interpreter" ON "walk_in_interpreter_duty" ("interpreter_id") WHERE "signed_off_at" IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "walk_in_ticket" ADD "interpreter_language" character varying(16)`,
    );
    await queryRunner.query(`ALTER TABLE "walk_in_ticket" ADD "interpreter_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "walk_in_ticket" ADD CONSTRAINT "ck_walk_in_ticket_interpreter" CHECK ("interpreter_id" IS NULL OR "interpreter_language" IS NOT NULL)`,
    );
    await queryRunner.query(
      `ALTER TABLE "walk_in_ticket" ADD CONSTRAINT "fk_walk_in_ticket_interpreter" FOREIGN KEY ("interpreter_id") REFERENCES "counsellor"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    // One live call per interpreter: two counsellors' calls can never take the same interpreter.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_walk_in_ticket_interpreter_live_call" ON "walk_in_ticket" ("interpreter_id") WHERE "status" IN ('called', 'in_call')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ux_walk_in_ticket_interpreter_live_call"`);
    await queryRunner.query(
      `ALTER TABLE "walk_in_ticket" DROP CONSTRAINT "fk_walk_in_ticket_interpreter"`,
    );
    await queryRunner.query(
      `ALTER TABLE "walk_in_ticket" DROP CONSTRAINT "ck_walk_in_ticket_interpreter"`,
    );
    await queryRunner.query(`ALTER TABLE "walk_in_ticket" DROP COLUMN "interpreter_id"`);
    await queryRunner.query(`ALTER TABLE "walk_in_ticket" DROP COLUMN "interpreter_language"`);
    await queryRunner.query(`DROP TABLE "walk_in_interpreter_duty"`);
  }
}
