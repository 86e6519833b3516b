import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The slot engine's cache sees interpreters' changes as it sees counsellors': an appointment raises
 * the roster version of its interpreter too (booked, moved, cancelled, given another interpreter),
 * and an office's choice of interpreter pools raises the catalog version, which also covers the
 * interpreters' records and the pools' offices (their triggers raise it already). Interpreter
 * lists per office are cached per catalog version, so a pool suspended or dropped is seen by every
 * office that chose it at once.
 */
export class InterpreterRosterVersion1797050000000 implements MigrationInterface {
  name = 'InterpreterRosterVersion1797050000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Named after the counsellor's trigger: row triggers fire in name order, so every transaction
    // raises the counsellor's scope before the interpreter's (no crosswise waits).
    await queryRunner.query(
      `CREATE TRIGGER "trg_appointment_roster_version_interpreter" AFTER INSERT OR UPDATE OR DELETE ON "appointment" FOR EACH ROW EXECUTE FUNCTION "raise_counsellor_roster_version"('interpreter_id')`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "trg_office_interpreter_pool_catalog_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "office_interpreter_pool" FOR EACH STATEMENT EXECUTE FUNCTION "raise_roster_version"('catalog')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'DROP TRIGGER "trg_office_interpreter_pool_catalog_version" ON "office_interpreter_pool"',
    );
    await queryRunner.query(
      'DROP TRIGGER "trg_appointment_roster_version_interpreter" ON "appointment"',
    );
  }
}
