import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A waitlist entry may ask for an interpreter: the time held for it is then one when a counsellor
 * and an interpreter for that language are both free, and the held row takes both (the
 * appointment's own exclusion constraints keep it from double booking either). The language stays
 * after retention, with the entry's other anonymous fields, as unmet demand.
 */
export class WaitlistInterpreter1798300000000 implements MigrationInterface {
  name = 'WaitlistInterpreter1798300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "waitlist_entry" ADD "interpreter_language" character varying(16)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "waitlist_entry" DROP COLUMN "interpreter_language"`);
  }
}
