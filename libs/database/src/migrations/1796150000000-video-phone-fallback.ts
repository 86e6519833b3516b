import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Phone instead of video, per appointment: the client asked to be phoned (their call failed), and
 * the counsellor switched the appointment to a phone call.
 */
export class VideoPhoneFallback1796150000000 implements MigrationInterface {
  name = 'VideoPhoneFallback1796150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "video_session" ADD "phone_requested_at" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query(
      'ALTER TABLE "video_session" ADD "switched_to_phone_at" TIMESTAMP WITH TIME ZONE',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "video_session" DROP COLUMN "switched_to_phone_at"');
    await queryRunner.query('ALTER TABLE "video_session" DROP COLUMN "phone_requested_at"');
  }
}
