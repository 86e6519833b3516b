import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Rosters1795591487272 implements MigrationInterface {
  name = 'Rosters1795591487272';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "counsellor" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "display_name" character varying(120) NOT NULL, "languages" character varying(2) array NOT NULL DEFAULT \'{}\', "topics" character varying(40) array NOT NULL DEFAULT \'{}\', "time_zone" character varying(64) NOT NULL DEFAULT \'Europe/Berlin\', "staff_id" uuid, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_counsellor" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_counsellor_staff" ON "counsellor"  ("staff_id") WHERE "staff_id" IS NOT NULL',
    );
    await queryRunner.query(
      "CREATE TYPE \"public\".\"consultation_channel\" AS ENUM('video', 'audio', 'phone')",
    );
    await queryRunner.query(
      'CREATE TABLE "consultation_type" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" jsonb NOT NULL, "description" jsonb NOT NULL DEFAULT \'{}\', "topic" character varying(40) NOT NULL, "duration_minutes" integer NOT NULL, "step_minutes" integer NOT NULL, "buffer_before_minutes" integer NOT NULL DEFAULT \'0\', "buffer_after_minutes" integer NOT NULL DEFAULT \'0\', "min_notice_minutes" integer NOT NULL DEFAULT \'0\', "horizon_days" integer NOT NULL DEFAULT \'60\', "channel" "public"."consultation_channel" NOT NULL DEFAULT \'video\', "reminder_offsets_minutes" integer array NOT NULL DEFAULT \'{1440,60}\', "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_consultation_type_horizon" CHECK ("horizon_days" * 1440 >= "min_notice_minutes"), CONSTRAINT "ck_consultation_type_buffers" CHECK ("buffer_before_minutes" >= 0 AND "buffer_after_minutes" >= 0), CONSTRAINT "ck_consultation_type_step" CHECK ("step_minutes" > 0), CONSTRAINT "ck_consultation_type_duration" CHECK ("duration_minutes" > 0), CONSTRAINT "pk_consultation_type" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "availability_rule" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "counsellor_id" uuid NOT NULL, "weekday" smallint NOT NULL, "start_minute" smallint NOT NULL, "end_minute" smallint NOT NULL, "valid_from" date, "valid_until" date, CONSTRAINT "ck_availability_rule_validity" CHECK ("valid_until" IS NULL OR "valid_from" IS NULL OR "valid_from" <= "valid_until"), CONSTRAINT "ck_availability_rule_times" CHECK ("start_minute" >= 0 AND "end_minute" <= 1440 AND "start_minute" < "end_minute"), CONSTRAINT "ck_availability_rule_weekday" CHECK ("weekday" BETWEEN 1 AND 7), CONSTRAINT "ex_availability_rule_overlap" EXCLUDE USING gist ("counsellor_id" WITH =, "weekday" WITH =, int4range("start_minute", "end_minute") WITH &&, daterange("valid_from", "valid_until", \'[]\') WITH &&), CONSTRAINT "pk_availability_rule" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_availability_rule_counsellor" ON "availability_rule"  ("counsellor_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "availability_extra" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "counsellor_id" uuid NOT NULL, "date" date NOT NULL, "start_minute" smallint NOT NULL, "end_minute" smallint NOT NULL, CONSTRAINT "ck_availability_extra_times" CHECK ("start_minute" >= 0 AND "end_minute" <= 1440 AND "start_minute" < "end_minute"), CONSTRAINT "pk_availability_extra" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_availability_extra_counsellor_date" ON "availability_extra"  ("counsellor_id", "date") ',
    );
    await queryRunner.query(
      'CREATE TABLE "absence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "counsellor_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_absence_period" CHECK ("starts_at" < "ends_at"), CONSTRAINT "pk_absence" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_absence_counsellor_period" ON "absence"  ("counsellor_id", "starts_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "holiday_opening" ("date" date NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_holiday_opening" PRIMARY KEY ("date"))',
    );
    // Minutes added to a timestamptz do not depend on the session's time zone, so this is truly
    // IMMUTABLE (PostgreSQL marks timestamptz + interval only STABLE because of days and months),
    // and may be used in the no-double-booking exclusion constraint.
    await queryRunner.query(`
      CREATE FUNCTION appointment_blocked_range(starts_at timestamptz, ends_at timestamptz, before_minutes integer, after_minutes integer)
      RETURNS tstzrange LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN tstzrange(starts_at - before_minutes * interval '1 minute', ends_at + after_minutes * interval '1 minute')`);
    await queryRunner.query(
      "CREATE TYPE \"public\".\"appointment_status\" AS ENUM('confirmed', 'cancelled', 'completed', 'no_show')",
    );
    await queryRunner.query(
      'CREATE TABLE "appointment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "consultation_type_id" uuid NOT NULL, "counsellor_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "buffer_before_minutes" integer NOT NULL DEFAULT \'0\', "buffer_after_minutes" integer NOT NULL DEFAULT \'0\', "status" "public"."appointment_status" NOT NULL DEFAULT \'confirmed\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_appointment_period" CHECK ("starts_at" < "ends_at"), CONSTRAINT "ex_appointment_no_double_booking" EXCLUDE USING gist ("counsellor_id" WITH =, appointment_blocked_range("starts_at", "ends_at", "buffer_before_minutes", "buffer_after_minutes") WITH &&) WHERE ("status" = \'confirmed\'), CONSTRAINT "pk_appointment" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_appointment_counsellor_start" ON "appointment"  ("counsellor_id", "starts_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "consultation_type_counsellor" ("consultation_type_id" uuid NOT NULL, "counsellor_id" uuid NOT NULL, CONSTRAINT "PK_1b559ac9110cafccf9e23907ce2" PRIMARY KEY ("consultation_type_id", "counsellor_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_88d1c50eea3bd0c8770f557ee5" ON "consultation_type_counsellor"  ("consultation_type_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_486620dbd502608130c2d11111" ON "consultation_type_counsellor"  ("counsellor_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "counsellor" ADD CONSTRAINT "fk_counsellor_staff" FOREIGN KEY ("staff_id") REFERENCES "staff_account"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "availability_rule" ADD CONSTRAINT "fk_availability_rule_counsellor" FOREIGN KEY ("counsellor_id") REFERENCES "counsellor"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "availability_extra" ADD CONSTRAINT "fk_availability_extra_counsellor" FOREIGN KEY ("counsellor_id") REFERENCES "counsellor"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "absence" ADD CONSTRAINT "fk_absence_counsellor" FOREIGN KEY ("counsellor_id") REFERENCES "counsellor"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "appointment" ADD CONSTRAINT "fk_appointment_consultation_type" FOREIGN KEY ("consultation_type_id") REFERENCES "consultation_type"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "appointment" ADD CONSTRAINT "fk_appointment_counsellor" FOREIGN KEY ("counsellor_id") REFERENCES "counsellor"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "consultation_type_counsellor" ADD CONSTRAINT "fk_ctc_consultation_type" FOREIGN KEY ("consultation_type_id") REFERENCES "consultation_type"("id") ON DELETE CASCADE ON UPDATE CASCADE',
    );
    await queryRunner.query(
      'ALTER TABLE "consultation_type_counsellor" ADD CONSTRAINT "fk_ctc_counsellor" FOREIGN KEY ("counsellor_id") REFERENCES "counsellor"("id") ON DELETE CASCADE ON UPDATE CASCADE',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "consultation_type_counsellor" DROP CONSTRAINT "fk_ctc_counsellor"',
    );
    await queryRunner.query(
      'ALTER TABLE "consultation_type_counsellor" DROP CONSTRAINT "fk_ctc_consultation_type"',
    );
    await queryRunner.query(
      'ALTER TABLE "appointment" DROP CONSTRAINT "fk_appointment_counsellor"',
    );
    await queryRunner.query(
      'ALTER TABLE "appointment" DROP CONSTRAINT "fk_appointment_consultation_type"',
    );
    await queryRunner.query('ALTER TABLE "absence" DROP CONSTRAINT "fk_absence_counsellor"');
    await queryRunner.query(
      'ALTER TABLE "availability_extra" DROP CONSTRAINT "fk_availability_extra_counsellor"',
    );
    await queryRunner.query(
      'ALTER TABLE "availability_rule" DROP CONSTRAINT "fk_availability_rule_counsellor"',
    );
    await queryRunner.query('ALTER TABLE "counsellor" DROP CONSTRAINT "fk_counsellor_staff"');
    await queryRunner.query('DROP INDEX "public"."IDX_486620dbd502608130c2d11111"');
    await queryRunner.query('DROP INDEX "public"."IDX_88d1c50eea3bd0c8770f557ee5"');
    await queryRunner.query('DROP TABLE "consultation_type_counsellor"');
    await queryRunner.query('DROP INDEX "public"."ix_appointment_counsellor_start"');
    await queryRunner.query('DROP TABLE "appointment"');
    await queryRunner.query(
      'DROP FUNCTION appointment_blocked_range(timestamptz, timestamptz, integer, integer)',
    );
    await queryRunner.query('DROP TYPE "public"."appointment_status"');
    await queryRunner.query('DROP TABLE "holiday_opening"');
    await queryRunner.query('DROP INDEX "public"."ix_absence_counsellor_period"');
    await queryRunner.query('DROP TABLE "absence"');
    await queryRunner.query('DROP INDEX "public"."ix_availability_extra_counsellor_date"');
    await queryRunner.query('DROP TABLE "availability_extra"');
    await queryRunner.query('DROP INDEX "public"."ix_availability_rule_counsellor"');
    await queryRunner.query('DROP TABLE "availability_rule"');
    await queryRunner.query('DROP TABLE "consultation_type"');
    await queryRunner.query('DROP TYPE "public"."consultation_channel"');
    await queryRunner.query('DROP INDEX "public"."uq_counsellor_staff"');
    await queryRunner.query('DROP TABLE "counsellor"');
  }
}
