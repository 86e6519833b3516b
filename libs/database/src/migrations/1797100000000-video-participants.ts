import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * More than two people in a call.
 *
 * - The booked interpreter's attendance (first join, last leave) beside the client's and the
 *   counsellor's: shown to those in the call, never deciding completed / no_show.
 * - `video_guest`: an outside interpreter or support person the counsellor invites for one call.
 *   The one-time link's token is stored only as its SHA-256; the first device that opens it binds
 *   it (`device_hash`); the link ends with the join window (`expires_at`). The guest waits until
 *   admitted; the counsellor may revoke and the client may refuse the guest.
 */
export class VideoParticipants1797100000000 implements MigrationInterface {
  name = 'VideoParticipants1797100000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "video_session" ADD "interpreter_joined_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "video_session" ADD "interpreter_left_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`CREATE TYPE "video_guest_role" AS ENUM ('interpreter', 'support')`);
    await queryRunner.query(
      `CREATE TABLE "video_guest" (
          "id" uuid NOT NULL DEFAULT gen_random_uuid(),
          "appointment_id" uuid NOT NULL,
          "name" character varying(100) NOT NULL,
          "role" "video_guest_role" NOT NULL,
          "language" character varying(16),
          "token_hash" character varying(64) NOT NULL,
          "device_hash" character varying(64),
          "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
          "waiting_since" TIMESTAMP WITH TIME ZONE,
          "admitted_at" TIMESTAMP WITH TIME ZONE,
          "joined_at" TIMESTAMP WITH TIME ZONE,
          "left_at" TIMESTAMP WITH TIME ZONE,
          "revoked_at" TIMESTAMP WITH TIME ZONE,
          "refused_at" TIMESTAMP WITH TIME ZONE,
          "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
          CONSTRAINT "pk_video_guest" PRIMARY KEY ("id"),
          CONSTRAINT "fk_video_guest_appointment" FOREIGN KEY ("appointment_id") REFERENCES "appointment"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        )`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_video_guest_token_hash" ON "video_guest" ("token_hash")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_video_guest_appointment" ON "video_guest" ("appointment_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "video_guest"`);
    await queryRunner.query(`DROP TYPE "video_guest_role"`);
    await queryRunner.query(`ALTER TABLE "video_session" DROP COLUMN "interpreter_left_at"`);
    await queryRunner.query(`ALTER TABLE "video_session" DROP COLUMN "interpreter_joined_at"`);
  }
}
