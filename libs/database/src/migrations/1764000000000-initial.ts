import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Needed by the exclusion constraint that forbids overlapping appointments of one counsellor.
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
    await queryRunner.query(`CREATE TYPE "staff_role" AS ENUM ('admin', 'counsellor')`);
    await queryRunner.query(`
      CREATE TABLE "staff_account" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "email" character varying(254) NOT NULL,
        "display_name" character varying(120) NOT NULL,
        "role" "staff_role" NOT NULL,
        "password_hash" character varying(255) NOT NULL,
        "active" boolean NOT NULL DEFAULT true,
        "failed_login_count" integer NOT NULL DEFAULT 0,
        "locked_until" TIMESTAMP WITH TIME ZONE,
        "last_login_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_staff_account" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_staff_account_email" ON "staff_account" ("email")`,
    );
    await queryRunner.query(`
      CREATE TABLE "staff_session" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "staff_id" uuid NOT NULL,
        "token_hash" character(64) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "idle_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "absolute_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_staff_session" PRIMARY KEY ("id"),
        CONSTRAINT "fk_staff_session_staff" FOREIGN KEY ("staff_id")
          REFERENCES "staff_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_staff_session_token_hash" ON "staff_session" ("token_hash")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_staff_session_staff" ON "staff_session" ("staff_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_staff_session_expires" ON "staff_session" ("absolute_expires_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "staff_session"');
    await queryRunner.query('DROP TABLE "staff_account"');
    await queryRunner.query('DROP TYPE "staff_role"');
    await queryRunner.query('DROP EXTENSION IF EXISTS btree_gist');
  }
}
