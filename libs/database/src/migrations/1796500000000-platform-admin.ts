import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The platform admin: runs the instance and its offices, belongs to none. The role type is
 * recreated rather than extended (`ALTER TYPE … ADD VALUE` cannot be used by the check in the same
 * transaction), and a check ties role and office together: a platform admin has no office, an
 * office admin or counsellor exactly one.
 */
export class PlatformAdmin1796500000000 implements MigrationInterface {
  name = 'PlatformAdmin1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await replaceRoleType(queryRunner, ['admin', 'counsellor', 'platform_admin']);
    await queryRunner.query(
      `ALTER TABLE "staff_account" ADD CONSTRAINT "ck_staff_account_office_role" CHECK (("role" = 'platform_admin') = ("office_id" IS NULL))`,
    );
  }

  /**
   * Platform admins cannot exist without their role: their accounts (and sessions) are deleted.
   * Offices and everything in them stay.
   */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "staff_account" DROP CONSTRAINT "ck_staff_account_office_role"',
    );
    await queryRunner.query(`DELETE FROM "staff_account" WHERE "role" = 'platform_admin'`);
    await replaceRoleType(queryRunner, ['admin', 'counsellor']);
  }
}

async function replaceRoleType(queryRunner: QueryRunner, roles: string[]): Promise<void> {
  const values = roles.map((role) => `'${role}'`).join(', ');
  await queryRunner.query('ALTER TYPE "public"."staff_role" RENAME TO "staff_role_old"');
  await queryRunner.query(`CREATE TYPE "public"."staff_role" AS ENUM(${values})`);
  await queryRunner.query(
    'ALTER TABLE "staff_account" ALTER COLUMN "role" TYPE "public"."staff_role" USING "role"::"text"::"public"."staff_role"',
  );
  await queryRunner.query('DROP TYPE "public"."staff_role_old"');
}
