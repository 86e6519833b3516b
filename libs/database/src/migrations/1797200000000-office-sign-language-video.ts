import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An office's video in German Sign Language (DGS) for its "Leichte Sprache" page, as BITV 2.0 asks
 * of public bodies' sites: an https address (checked by the API), none by default.
 */
export class OfficeSignLanguageVideo1797200000000 implements MigrationInterface {
  name = 'OfficeSignLanguageVideo1797200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "office" ADD "sign_language_video_url" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "office" DROP COLUMN "sign_language_video_url"`);
  }
}
