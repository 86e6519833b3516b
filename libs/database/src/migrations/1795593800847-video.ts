import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Video1795593800847 implements MigrationInterface {
  name = 'Video1795593800847';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "video_session" ("appointment_id" uuid NOT NULL, "e2ee_key_sealed" character varying(200), "client_waiting_since" TIMESTAMP WITH TIME ZONE, "client_admitted_at" TIMESTAMP WITH TIME ZONE, "client_joined_at" TIMESTAMP WITH TIME ZONE, "client_left_at" TIMESTAMP WITH TIME ZONE, "counsellor_joined_at" TIMESTAMP WITH TIME ZONE, "counsellor_left_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_video_session" PRIMARY KEY ("appointment_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "livekit_webhook_event" ("id" character varying(100) NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_livekit_webhook_event" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "consultation_type" ADD "join_opens_minutes_before" integer NOT NULL DEFAULT \'15\'',
    );
    await queryRunner.query(
      'ALTER TABLE "consultation_type" ADD "join_closes_minutes_after" integer NOT NULL DEFAULT \'30\'',
    );
    await queryRunner.query(
      'ALTER TABLE "consultation_type" ADD "e2ee" boolean NOT NULL DEFAULT true',
    );
    await queryRunner.query(
      'ALTER TABLE "consultation_type" ADD "auto_admit" boolean NOT NULL DEFAULT false',
    );
    await queryRunner.query(
      'ALTER TABLE "video_session" ADD CONSTRAINT "fk_video_session_appointment" FOREIGN KEY ("appointment_id") REFERENCES "appointment"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "video_session" DROP CONSTRAINT "fk_video_session_appointment"',
    );
    await queryRunner.query('ALTER TABLE "consultation_type" DROP COLUMN "auto_admit"');
    await queryRunner.query('ALTER TABLE "consultation_type" DROP COLUMN "e2ee"');
    await queryRunner.query(
      'ALTER TABLE "consultation_type" DROP COLUMN "join_closes_minutes_after"',
    );
    await queryRunner.query(
      'ALTER TABLE "consultation_type" DROP COLUMN "join_opens_minutes_before"',
    );
    await queryRunner.query('DROP TABLE "livekit_webhook_event"');
    await queryRunner.query('DROP TABLE "video_session"');
  }
}
