import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Messenger channels: one-time opt-in codes (hashed, short-lived), the chats bound to an
 * appointment or walk-in ticket, the platforms' event ids already handled (a replayed webhook does
 * nothing twice), and the client's answer to a reminder on the appointment ("I will come", "I am
 * running late") for the counsellor's console.
 */
export class Messengers1796800000000 implements MigrationInterface {
  name = 'Messengers1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "messenger_link" (
        "code_hash" character(64) NOT NULL,
        "channel" character varying(20) NOT NULL,
        "office_id" uuid NOT NULL,
        "appointment_id" uuid,
        "ticket_id" uuid,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_messenger_link" PRIMARY KEY ("code_hash"),
        CONSTRAINT "ck_messenger_link_target" CHECK (num_nonnulls("appointment_id", "ticket_id") = 1),
        CONSTRAINT "fk_messenger_link_office" FOREIGN KEY ("office_id") REFERENCES "office"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_messenger_link_appointment" FOREIGN KEY ("appointment_id") REFERENCES "appointment"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_messenger_link_ticket" FOREIGN KEY ("ticket_id") REFERENCES "walk_in_ticket"("id") ON DELETE CASCADE
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_messenger_link_appointment" ON "messenger_link" ("appointment_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_messenger_link_ticket" ON "messenger_link" ("ticket_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_messenger_link_expiry" ON "messenger_link" ("expires_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "messenger_binding" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "channel" character varying(20) NOT NULL,
        "chat_id" character varying(100) NOT NULL,
        "office_id" uuid NOT NULL,
        "appointment_id" uuid,
        "ticket_id" uuid,
        "language" character varying(2) NOT NULL,
        "last_auto_reply_at" TIMESTAMP WITH TIME ZONE,
        "last_notified_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_messenger_binding" PRIMARY KEY ("id"),
        CONSTRAINT "ck_messenger_binding_target" CHECK (num_nonnulls("appointment_id", "ticket_id") = 1),
        CONSTRAINT "fk_messenger_binding_office" FOREIGN KEY ("office_id") REFERENCES "office"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_messenger_binding_appointment" FOREIGN KEY ("appointment_id") REFERENCES "appointment"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_messenger_binding_ticket" FOREIGN KEY ("ticket_id") REFERENCES "walk_in_ticket"("id") ON DELETE CASCADE
      )`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_messenger_binding_appointment" ON "messenger_binding" ("appointment_id", "channel") WHERE "appointment_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_messenger_binding_ticket" ON "messenger_binding" ("ticket_id", "channel") WHERE "ticket_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_messenger_binding_chat" ON "messenger_binding" ("channel", "chat_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "messenger_inbound" (
        "channel" character varying(20) NOT NULL,
        "event_id" character varying(200) NOT NULL,
        "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_messenger_inbound" PRIMARY KEY ("channel", "event_id")
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_messenger_inbound_received" ON "messenger_inbound" ("received_at")`,
    );
    await queryRunner.query(`CREATE TYPE "public"."client_response" AS ENUM('confirmed', 'late')`);
    await queryRunner.query(
      `ALTER TABLE "appointment" ADD "client_response" "public"."client_response"`,
    );
    await queryRunner.query(
      `ALTER TABLE "appointment" ADD "client_response_at" TIMESTAMP WITH TIME ZONE`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appointment" DROP COLUMN "client_response_at"`);
    await queryRunner.query(`ALTER TABLE "appointment" DROP COLUMN "client_response"`);
    await queryRunner.query(`DROP TYPE "public"."client_response"`);
    await queryRunner.query(`DROP TABLE "messenger_inbound"`);
    await queryRunner.query(`DROP TABLE "messenger_binding"`);
    await queryRunner.query(`DROP TABLE "messenger_link"`);
  }
}
