import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Secure messages: one conversation per appointment or walk-in ticket, its key wrapped by the
 * master key, its messages sealed with that key; and documents that belong to a walk-in ticket
 * (sent in its conversation) instead of an appointment.
 */
export class Conversations1796900000000 implements MigrationInterface {
  name = 'Conversations1796900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "document" ALTER COLUMN "appointment_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "document" ADD "walk_in_ticket_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "document" ADD CONSTRAINT "ck_document_owner" CHECK (num_nonnulls("appointment_id", "walk_in_ticket_id") = 1)`,
    );
    await queryRunner.query(
      `ALTER TABLE "document" ADD CONSTRAINT "fk_document_walk_in_ticket" FOREIGN KEY ("walk_in_ticket_id") REFERENCES "walk_in_ticket"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_document_walk_in_ticket" ON "document" ("walk_in_ticket_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "conversation" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "office_id" uuid NOT NULL,
        "appointment_id" uuid,
        "walk_in_ticket_id" uuid,
        "key_wrapped" character varying(200) NOT NULL,
        "master_key_id" character varying(16) NOT NULL,
        "client_delivered_at" TIMESTAMP WITH TIME ZONE,
        "client_read_at" TIMESTAMP WITH TIME ZONE,
        "counsellor_delivered_at" TIMESTAMP WITH TIME ZONE,
        "counsellor_read_at" TIMESTAMP WITH TIME ZONE,
        "last_client_message_at" TIMESTAMP WITH TIME ZONE,
        "last_counsellor_message_at" TIMESTAMP WITH TIME ZONE,
        "message_count" integer NOT NULL DEFAULT 0,
        "size_bytes" bigint NOT NULL DEFAULT 0,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_conversation" PRIMARY KEY ("id"),
        CONSTRAINT "uq_conversation_appointment" UNIQUE ("appointment_id"),
        CONSTRAINT "uq_conversation_walk_in_ticket" UNIQUE ("walk_in_ticket_id"),
        CONSTRAINT "ck_conversation_subject" CHECK (num_nonnulls("appointment_id", "walk_in_ticket_id") = 1),
        CONSTRAINT "fk_conversation_office" FOREIGN KEY ("office_id") REFERENCES "office"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "fk_conversation_appointment" FOREIGN KEY ("appointment_id", "office_id") REFERENCES "appointment"("id", "office_id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_conversation_walk_in_ticket" FOREIGN KEY ("walk_in_ticket_id") REFERENCES "walk_in_ticket"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_conversation_office" ON "conversation" ("office_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "conversation_message" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "conversation_id" uuid NOT NULL,
        "office_id" uuid NOT NULL,
        "author" character varying(10) NOT NULL,
        "author_staff_id" uuid,
        "body_sealed" bytea,
        "document_id" uuid,
        "size_bytes" integer NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_conversation_message" PRIMARY KEY ("id"),
        CONSTRAINT "ck_conversation_message_author" CHECK ("author" IN ('client', 'counsellor')),
        CONSTRAINT "fk_conversation_message_conversation" FOREIGN KEY ("conversation_id") REFERENCES "conversation"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_conversation_message_office" FOREIGN KEY ("office_id") REFERENCES "office"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "fk_conversation_message_author_staff" FOREIGN KEY ("author_staff_id") REFERENCES "staff_account"("id") ON DELETE SET NULL ON UPDATE NO ACTION,
        CONSTRAINT "fk_conversation_message_document" FOREIGN KEY ("document_id") REFERENCES "document"("id") ON DELETE SET NULL ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_conversation_message_conversation" ON "conversation_message" ("conversation_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_conversation_message_document" ON "conversation_message" ("document_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "conversation_message"`);
    await queryRunner.query(`DROP TABLE "conversation"`);
    // Walk-in tickets' documents cannot be kept without an appointment: their files become orphans
    // that the document store no longer lists (the data is sealed and unreadable without its row).
    await queryRunner.query(`DELETE FROM "document" WHERE "walk_in_ticket_id" IS NOT NULL`);
    await queryRunner.query(`DROP INDEX "ix_document_walk_in_ticket"`);
    await queryRunner.query(`ALTER TABLE "document" DROP CONSTRAINT "fk_document_walk_in_ticket"`);
    await queryRunner.query(`ALTER TABLE "document" DROP CONSTRAINT "ck_document_owner"`);
    await queryRunner.query(`ALTER TABLE "document" DROP COLUMN "walk_in_ticket_id"`);
    await queryRunner.query(`ALTER TABLE "document" ALTER COLUMN "appointment_id" SET NOT NULL`);
  }
}
