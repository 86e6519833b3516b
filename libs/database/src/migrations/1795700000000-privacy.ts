import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Privacy1795700000000 implements MigrationInterface {
  name = 'Privacy1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX "ix_appointment_live_contact" ON "appointment" ("contact_value") WHERE "status" = \'confirmed\'',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_appointment_live_contact"');
  }
}
