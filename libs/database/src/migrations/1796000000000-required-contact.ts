import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which contact a consultation type needs from the client. Phone consultations existing so far need a
 * phone number (the counsellor calls it); every other type takes any channel.
 */
export class RequiredContact1796000000000 implements MigrationInterface {
  name = 'RequiredContact1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TYPE "public"."required_contact" AS ENUM(\'any\', \'phone\')');
    await queryRunner.query(
      'ALTER TABLE "consultation_type" ADD "required_contact" "public"."required_contact" NOT NULL DEFAULT \'any\'',
    );
    await queryRunner.query(
      'UPDATE "consultation_type" SET "required_contact" = \'phone\' WHERE "channel" = \'phone\'',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "consultation_type" DROP COLUMN "required_contact"');
    await queryRunner.query('DROP TYPE "public"."required_contact"');
  }
}
