import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1795600000000 implements MigrationInterface {
  name = 'Notifications1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TYPE \"public\".\"notification_status\" AS ENUM('pending', 'sending', 'sent', 'failed')",
    );
    await queryRunner.query(
      'CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" character varying(200) NOT NULL, "kind" character varying(40) NOT NULL, "appointment_id" uuid, "appointment_version" integer, "counsellor_id" uuid, "channel" character varying(20) NOT NULL, "status" "public"."notification_status" NOT NULL DEFAULT \'pending\', "attempts" integer NOT NULL DEFAULT \'0\', "claimed_by" character varying(200), "claimed_until" TIMESTAMP WITH TIME ZONE, "last_error" character varying(500), "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_notification" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "ux_notification_key" ON "notification" ("key") ');
    await queryRunner.query(
      'CREATE INDEX "ix_notification_status_kind" ON "notification" ("status", "kind") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_notification_appointment" ON "notification" ("appointment_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "appointment" ADD "personal_data_erased_at" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_appointment_unerased_end" ON "appointment" ("ends_at") WHERE "personal_data_erased_at" IS NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_appointment_unerased_end"');
    await queryRunner.query('ALTER TABLE "appointment" DROP COLUMN "personal_data_erased_at"');
    await queryRunner.query('DROP INDEX "public"."ix_notification_appointment"');
    await queryRunner.query('DROP INDEX "public"."ix_notification_status_kind"');
    await queryRunner.query('DROP INDEX "public"."ux_notification_key"');
    await queryRunner.query('DROP TABLE "notification"');
    await queryRunner.query('DROP TYPE "public"."notification_status"');
  }
}
