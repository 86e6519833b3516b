import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The client notices of a conversation: when the latest "new message" notice goes (or went) out,
 * claimed at planning by a conditional write, so that messages planned at once can never both be
 * told within one quiet period; and the manage tokens those notices carry, by quiet window, so that
 * each notice revokes the tokens of the notices before it (they do not pile up).
 */
export class ConversationNotices1796950000000 implements MigrationInterface {
  name = 'ConversationNotices1796950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "conversation_notice" (
        "conversation_id" uuid NOT NULL,
        "notice_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_conversation_notice" PRIMARY KEY ("conversation_id"),
        CONSTRAINT "fk_conversation_notice_conversation" FOREIGN KEY ("conversation_id") REFERENCES "conversation"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "conversation_notice_token" (
        "token_hash" character(64) NOT NULL,
        "conversation_id" uuid NOT NULL,
        "quiet_window" integer NOT NULL,
        CONSTRAINT "pk_conversation_notice_token" PRIMARY KEY ("token_hash"),
        CONSTRAINT "fk_conversation_notice_token_token" FOREIGN KEY ("token_hash") REFERENCES "manage_token"("token_hash") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_conversation_notice_token_conversation" FOREIGN KEY ("conversation_id") REFERENCES "conversation"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_conversation_notice_token_conversation" ON "conversation_notice_token" ("conversation_id", "quiet_window")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "conversation_notice_token"`);
    await queryRunner.query(`DROP TABLE "conversation_notice"`);
  }
}
