import type { MigrationInterface, QueryRunner } from 'typeorm';

const BASE_STATUSES = ['confirmed', 'cancelled', 'completed', 'no_show'];

/**
 * The waitlist: clients waiting for a time to free up, and their links' tokens. A time offered to
 * one of them is held in the appointment table itself (status 'held' until hold_expires_at), and
 * the no-double-booking constraint counts held rows: nobody books a held time, and two offers never
 * hold the same time, whatever the concurrency. The status type is recreated rather than extended
 * (a value added by `ALTER TYPE … ADD VALUE` cannot be used in the same transaction).
 */
export class Waitlist1796700000000 implements MigrationInterface {
  name = 'Waitlist1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await replaceStatusType(
      queryRunner,
      [...BASE_STATUSES, 'held'],
      `"status" IN ('confirmed', 'held')`,
    );
    await queryRunner.query(
      'ALTER TABLE "appointment" ADD "hold_expires_at" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query(
      `ALTER TABLE "appointment" ADD CONSTRAINT "ck_appointment_hold" CHECK (("status" = 'held') = ("hold_expires_at" IS NOT NULL))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_appointment_hold_expiry" ON "appointment" ("hold_expires_at") WHERE "status" = 'held'`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."waitlist_entry_status" AS ENUM('waiting', 'offered', 'booked', 'expired', 'cancelled')`,
    );
    await queryRunner.query(
      `CREATE TABLE "waitlist_entry" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "office_id" uuid NOT NULL,
        "consultation_type_id" uuid NOT NULL,
        "language" character varying(2),
        "from_date" date NOT NULL,
        "to_date" date NOT NULL,
        "status" "public"."waitlist_entry_status" NOT NULL DEFAULT 'waiting',
        "queued_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "offered_appointment_id" uuid,
        "offer_expires_at" TIMESTAMP WITH TIME ZONE,
        "declined_start" TIMESTAMP WITH TIME ZONE,
        "offers" smallint NOT NULL DEFAULT 0,
        "finished_at" TIMESTAMP WITH TIME ZONE,
        "pseudonym" character varying(60),
        "client_language" character varying(2) NOT NULL,
        "contact_channel" "public"."contact_channel",
        "contact_value" character varying(254),
        "personal_data_erased_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_waitlist_entry" PRIMARY KEY ("id"),
        CONSTRAINT "ck_waitlist_entry_range" CHECK ("from_date" <= "to_date"),
        CONSTRAINT "ck_waitlist_entry_contact" CHECK (("contact_channel" IS NULL) = ("contact_value" IS NULL)),
        CONSTRAINT "ck_waitlist_entry_offer" CHECK ("status" <> 'offered' OR "offer_expires_at" IS NOT NULL),
        CONSTRAINT "fk_waitlist_entry_office" FOREIGN KEY ("office_id") REFERENCES "office"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_waitlist_entry_consultation_type" FOREIGN KEY ("consultation_type_id", "office_id") REFERENCES "consultation_type"("id", "office_id") ON DELETE CASCADE,
        CONSTRAINT "fk_waitlist_entry_appointment" FOREIGN KEY ("offered_appointment_id") REFERENCES "appointment"("id") ON DELETE SET NULL
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_waitlist_entry_queue" ON "waitlist_entry" ("consultation_type_id", "queued_at") WHERE "status" = 'waiting'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_waitlist_entry_live_contact" ON "waitlist_entry" ("contact_value") WHERE "status" IN ('waiting', 'offered')`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_waitlist_entry_office" ON "waitlist_entry" ("office_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_waitlist_entry_erasure" ON "waitlist_entry" ("finished_at") WHERE "personal_data_erased_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "waitlist_token" (
        "token_hash" character(64) NOT NULL,
        "entry_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_waitlist_token" PRIMARY KEY ("token_hash"),
        CONSTRAINT "fk_waitlist_token_entry" FOREIGN KEY ("entry_id") REFERENCES "waitlist_entry"("id") ON DELETE CASCADE
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_waitlist_token_entry" ON "waitlist_token" ("entry_id")`,
    );
  }

  /** Held times cannot exist without their status: they are freed (nothing was booked in them). */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "waitlist_token"`);
    await queryRunner.query(`DROP TABLE "waitlist_entry"`);
    await queryRunner.query(`DROP TYPE "public"."waitlist_entry_status"`);
    await queryRunner.query(`DELETE FROM "appointment" WHERE "status" = 'held'`);
    await queryRunner.query(`DROP INDEX "public"."ix_appointment_hold_expiry"`);
    await queryRunner.query(`ALTER TABLE "appointment" DROP CONSTRAINT "ck_appointment_hold"`);
    await queryRunner.query(`ALTER TABLE "appointment" DROP COLUMN "hold_expires_at"`);
    await replaceStatusType(queryRunner, BASE_STATUSES, `"status" = 'confirmed'`);
  }
}

/**
 * Recreates the appointment status type with `statuses`. What compares the status with a value of
 * the type (the exclusion constraint, the live-contact index, the default) is dropped first and
 * made again on the new type; the exclusion then counts the rows where `blocking` holds.
 */
async function replaceStatusType(
  queryRunner: QueryRunner,
  statuses: string[],
  blocking: string,
): Promise<void> {
  await queryRunner.query(
    'ALTER TABLE "appointment" DROP CONSTRAINT "ex_appointment_no_double_booking"',
  );
  await queryRunner.query('DROP INDEX "public"."ix_appointment_live_contact"');
  await queryRunner.query('ALTER TABLE "appointment" ALTER COLUMN "status" DROP DEFAULT');
  await queryRunner.query(
    'ALTER TYPE "public"."appointment_status" RENAME TO "appointment_status_old"',
  );
  await queryRunner.query(
    `CREATE TYPE "public"."appointment_status" AS ENUM(${statuses.map((s) => `'${s}'`).join(', ')})`,
  );
  await queryRunner.query(
    'ALTER TABLE "appointment" ALTER COLUMN "status" TYPE "public"."appointment_status" USING "status"::"text"::"public"."appointment_status"',
  );
  await queryRunner.query(
    `ALTER TABLE "appointment" ALTER COLUMN "status" SET DEFAULT 'confirmed'`,
  );
  await queryRunner.query('DROP TYPE "public"."appointment_status_old"');
  await queryRunner.query(
    `CREATE INDEX "ix_appointment_live_contact" ON "appointment" ("contact_value") WHERE "status" = 'confirmed'`,
  );
  await queryRunner.query(
    `ALTER TABLE "appointment" ADD CONSTRAINT "ex_appointment_no_double_booking" EXCLUDE USING gist ("counsellor_id" WITH =, appointment_blocked_range("starts_at", "ends_at", "buffer_before_minutes", "buffer_after_minutes") WITH &&) WHERE (${blocking})`,
  );
}
