import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The client feedback survey.
 *
 * - `survey_invitation`: one survey link, by the hash of its token, with its expiry and the
 *   anonymous dimensions (office, month, channel, language, topic) copied from the consultation
 *   when the link was sent. No appointment, ticket or client column: nothing leads back.
 * - `survey_answer`: the answers with the same dimensions only, no timestamp finer than the
 *   month and no link to the invitation, so that nobody can tell who answered what. A tap in the
 *   message answers the first question at once; the page may add the others within an hour with
 *   a completion key only it holds (its hash here, removed when used or expired).
 */
export class Survey1798100000000 implements MigrationInterface {
  name = 'Survey1798100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "survey_invitation" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "token_hash" character(64) NOT NULL,
        "office_id" uuid NOT NULL,
        "month" date NOT NULL,
        "channel" character varying(16) NOT NULL,
        "language" character varying(35) NOT NULL,
        "topic" character varying(64),
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "answered" boolean NOT NULL DEFAULT false,
        CONSTRAINT "pk_survey_invitation" PRIMARY KEY ("id"),
        CONSTRAINT "fk_survey_invitation_office" FOREIGN KEY ("office_id") REFERENCES "office"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_survey_invitation_token" ON "survey_invitation" ("token_hash") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_survey_invitation_expires" ON "survey_invitation" ("expires_at") ',
    );
    await queryRunner.query(
      `CREATE TABLE "survey_answer" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "office_id" uuid NOT NULL,
        "month" date NOT NULL,
        "channel" character varying(16) NOT NULL,
        "language" character varying(35) NOT NULL,
        "topic" character varying(64),
        "helpful" smallint NOT NULL,
        "technology_easy" smallint,
        "use_again" boolean,
        "comment" character varying(500),
        "completion_key_hash" character(64),
        "completion_expires_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_survey_answer" PRIMARY KEY ("id"),
        CONSTRAINT "fk_survey_answer_office" FOREIGN KEY ("office_id") REFERENCES "office"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      'CREATE INDEX "ix_survey_answer_office_month" ON "survey_answer" ("office_id", "month") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_survey_answer_completion" ON "survey_answer" ("completion_key_hash") WHERE "completion_key_hash" IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."uq_survey_answer_completion"');
    await queryRunner.query('DROP INDEX "public"."ix_survey_answer_office_month"');
    await queryRunner.query('DROP TABLE "survey_answer"');
    await queryRunner.query('DROP INDEX "public"."ix_survey_invitation_expires"');
    await queryRunner.query('DROP INDEX "public"."uq_survey_invitation_token"');
    await queryRunner.query('DROP TABLE "survey_invitation"');
  }
}
