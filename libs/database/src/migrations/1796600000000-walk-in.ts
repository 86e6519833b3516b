import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Online walk-in hours: an office's weekly windows (and one-off extra or cancelled dates), each
 * occurrence a session with its own ticket numbers, the counsellors on duty in it, and the tickets.
 * The database decides what must never happen twice: one ticket number per session, one live call
 * per counsellor, one duty per counsellor and session; "call next" itself locks with SKIP LOCKED.
 */
export class WalkIn1796600000000 implements MigrationInterface {
  name = 'WalkIn1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."walk_in_ticket_status" AS ENUM('waiting', 'called', 'in_call', 'served', 'missed', 'left', 'expired')`,
    );
    await queryRunner.query(
      `CREATE TABLE "walk_in_hour" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "office_id" uuid NOT NULL,
        "name" jsonb NOT NULL,
        "description" jsonb NOT NULL DEFAULT '{}',
        "topics" text array NOT NULL DEFAULT '{}',
        "languages" text array NOT NULL,
        "channel" "public"."consultation_channel" NOT NULL DEFAULT 'video',
        "prefix" character varying(2) NOT NULL DEFAULT 'A',
        "close_margin_minutes" integer NOT NULL DEFAULT 10,
        "max_queue" integer NOT NULL DEFAULT 40,
        "grace_minutes" integer NOT NULL DEFAULT 3,
        "default_handling_minutes" integer NOT NULL DEFAULT 15,
        "active" boolean NOT NULL DEFAULT true,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_walk_in_hour" PRIMARY KEY ("id"),
        CONSTRAINT "uq_walk_in_hour_id_office" UNIQUE ("id", "office_id"),
        CONSTRAINT "ck_walk_in_hour_name_de" CHECK (jsonb_typeof("name" -> 'de') = 'string'),
        CONSTRAINT "ck_walk_in_hour_prefix" CHECK ("prefix" ~ '^[A-Z]{1,2}$'),
        CONSTRAINT "ck_walk_in_hour_languages" CHECK (cardinality("languages") > 0),
        CONSTRAINT "ck_walk_in_hour_margin" CHECK ("close_margin_minutes" BETWEEN 0 AND 240),
        CONSTRAINT "ck_walk_in_hour_max_queue" CHECK ("max_queue" BETWEEN 1 AND 5000),
        CONSTRAINT "ck_walk_in_hour_grace" CHECK ("grace_minutes" BETWEEN 1 AND 30),
        CONSTRAINT "ck_walk_in_hour_handling" CHECK ("default_handling_minutes" BETWEEN 1 AND 240),
        CONSTRAINT "fk_walk_in_hour_office" FOREIGN KEY ("office_id") REFERENCES "office"("id") ON DELETE RESTRICT
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_walk_in_hour_office" ON "walk_in_hour" ("office_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "walk_in_rule" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "walk_in_hour_id" uuid NOT NULL,
        "office_id" uuid NOT NULL,
        "weekday" smallint NOT NULL,
        "start_minute" smallint NOT NULL,
        "end_minute" smallint NOT NULL,
        "valid_from" date,
        "valid_until" date,
        CONSTRAINT "pk_walk_in_rule" PRIMARY KEY ("id"),
        CONSTRAINT "ck_walk_in_rule_weekday" CHECK ("weekday" BETWEEN 1 AND 7),
        CONSTRAINT "ck_walk_in_rule_minutes" CHECK ("start_minute" >= 0 AND "end_minute" <= 1440 AND "start_minute" < "end_minute"),
        CONSTRAINT "ck_walk_in_rule_validity" CHECK ("valid_until" IS NULL OR "valid_from" IS NULL OR "valid_from" <= "valid_until"),
        CONSTRAINT "fk_walk_in_rule_hour" FOREIGN KEY ("walk_in_hour_id", "office_id") REFERENCES "walk_in_hour"("id", "office_id") ON DELETE CASCADE
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_walk_in_rule_hour" ON "walk_in_rule" ("walk_in_hour_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "walk_in_exception" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "walk_in_hour_id" uuid NOT NULL,
        "office_id" uuid NOT NULL,
        "date" date NOT NULL,
        "start_minute" smallint,
        "end_minute" smallint,
        CONSTRAINT "pk_walk_in_exception" PRIMARY KEY ("id"),
        CONSTRAINT "ck_walk_in_exception_minutes" CHECK (("start_minute" IS NULL AND "end_minute" IS NULL) OR ("start_minute" >= 0 AND "end_minute" <= 1440 AND "start_minute" < "end_minute")),
        CONSTRAINT "fk_walk_in_exception_hour" FOREIGN KEY ("walk_in_hour_id", "office_id") REFERENCES "walk_in_hour"("id", "office_id") ON DELETE CASCADE
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_walk_in_exception_hour_date" ON "walk_in_exception" ("walk_in_hour_id", "date")`,
    );
    await queryRunner.query(
      `CREATE TABLE "walk_in_session" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "walk_in_hour_id" uuid NOT NULL,
        "office_id" uuid NOT NULL,
        "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "last_number" integer NOT NULL DEFAULT 0,
        "turned_away" integer NOT NULL DEFAULT 0,
        "closed_early_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_walk_in_session" PRIMARY KEY ("id"),
        CONSTRAINT "uq_walk_in_session_id_office" UNIQUE ("id", "office_id"),
        CONSTRAINT "uq_walk_in_session_start" UNIQUE ("walk_in_hour_id", "starts_at"),
        CONSTRAINT "ck_walk_in_session_range" CHECK ("starts_at" < "ends_at"),
        CONSTRAINT "fk_walk_in_session_hour" FOREIGN KEY ("walk_in_hour_id", "office_id") REFERENCES "walk_in_hour"("id", "office_id") ON DELETE RESTRICT
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "walk_in_duty" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "session_id" uuid NOT NULL,
        "office_id" uuid NOT NULL,
        "counsellor_id" uuid NOT NULL,
        "signed_on_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "signed_off_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_walk_in_duty" PRIMARY KEY ("id"),
        CONSTRAINT "fk_walk_in_duty_session" FOREIGN KEY ("session_id", "office_id") REFERENCES "walk_in_session"("id", "office_id") ON DELETE CASCADE,
        CONSTRAINT "fk_walk_in_duty_counsellor" FOREIGN KEY ("counsellor_id", "office_id") REFERENCES "counsellor"("id", "office_id") ON DELETE CASCADE
      )`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_walk_in_duty_on" ON "walk_in_duty" ("session_id", "counsellor_id") WHERE "signed_off_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_walk_in_duty_counsellor" ON "walk_in_duty" ("counsellor_id") WHERE "signed_off_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "walk_in_ticket" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "session_id" uuid NOT NULL,
        "office_id" uuid NOT NULL,
        "number" integer NOT NULL,
        "topic" character varying(40),
        "language" character varying(8) NOT NULL,
        "status" "public"."walk_in_ticket_status" NOT NULL DEFAULT 'waiting',
        "queued_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "taken_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "called_at" TIMESTAMP WITH TIME ZONE,
        "answered_at" TIMESTAMP WITH TIME ZONE,
        "finished_at" TIMESTAMP WITH TIME ZONE,
        "counsellor_id" uuid,
        "assigned_counsellor_id" uuid,
        "handovers" smallint NOT NULL DEFAULT 0,
        "rejoined" boolean NOT NULL DEFAULT false,
        "version" integer NOT NULL DEFAULT 1,
        "pseudonym" text,
        "contact_channel" "public"."contact_channel",
        "contact_value" text,
        "room_name" character varying(100),
        "e2ee_key_sealed" text,
        "follow_up_appointment_id" uuid,
        "personal_data_erased_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_walk_in_ticket" PRIMARY KEY ("id"),
        CONSTRAINT "uq_walk_in_ticket_number" UNIQUE ("session_id", "number"),
        CONSTRAINT "ck_walk_in_ticket_called" CHECK ("status" NOT IN ('called', 'in_call') OR ("counsellor_id" IS NOT NULL AND "called_at" IS NOT NULL)),
        CONSTRAINT "ck_walk_in_ticket_contact" CHECK (("contact_channel" IS NULL) = ("contact_value" IS NULL)),
        CONSTRAINT "fk_walk_in_ticket_session" FOREIGN KEY ("session_id", "office_id") REFERENCES "walk_in_session"("id", "office_id") ON DELETE RESTRICT,
        CONSTRAINT "fk_walk_in_ticket_counsellor" FOREIGN KEY ("counsellor_id", "office_id") REFERENCES "counsellor"("id", "office_id"),
        CONSTRAINT "fk_walk_in_ticket_assigned" FOREIGN KEY ("assigned_counsellor_id", "office_id") REFERENCES "counsellor"("id", "office_id"),
        CONSTRAINT "fk_walk_in_ticket_follow_up" FOREIGN KEY ("follow_up_appointment_id") REFERENCES "appointment"("id") ON DELETE SET NULL
      )`,
    );
    // The queue as "call next" reads it: the waiting tickets of a session, oldest first.
    await queryRunner.query(
      `CREATE INDEX "ix_walk_in_ticket_queue" ON "walk_in_ticket" ("session_id", "queued_at") WHERE "status" = 'waiting'`,
    );
    // One live call per counsellor: two tickets can never be called by the same counsellor at once.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_walk_in_ticket_live_call" ON "walk_in_ticket" ("counsellor_id") WHERE "status" IN ('called', 'in_call')`,
    );
    // A ticket's links: the one shown when it was taken, and one per message sent (hashes only).
    await queryRunner.query(
      `CREATE TABLE "walk_in_ticket_token" (
        "token_hash" character(64) NOT NULL,
        "ticket_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_walk_in_ticket_token" PRIMARY KEY ("token_hash"),
        CONSTRAINT "fk_walk_in_ticket_token_ticket" FOREIGN KEY ("ticket_id") REFERENCES "walk_in_ticket"("id") ON DELETE CASCADE
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_walk_in_ticket_token_ticket" ON "walk_in_ticket_token" ("ticket_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_walk_in_ticket_erasure" ON "walk_in_ticket" ("taken_at") WHERE "personal_data_erased_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_walk_in_ticket_called" ON "walk_in_ticket" ("called_at") WHERE "status" = 'called'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "walk_in_ticket_token"`);
    await queryRunner.query(`DROP TABLE "walk_in_ticket"`);
    await queryRunner.query(`DROP TABLE "walk_in_duty"`);
    await queryRunner.query(`DROP TABLE "walk_in_session"`);
    await queryRunner.query(`DROP TABLE "walk_in_exception"`);
    await queryRunner.query(`DROP TABLE "walk_in_rule"`);
    await queryRunner.query(`DROP TABLE "walk_in_hour"`);
    await queryRunner.query(`DROP TYPE "public"."walk_in_ticket_status"`);
  }
}
