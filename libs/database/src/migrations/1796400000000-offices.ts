import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Many counselling offices on one instance. Creates `office` with one default office that receives
 * every existing record, and gives each office-bound table an `office_id`. Records that would join
 * two offices are impossible in the database itself: counsellors, consultation types and
 * appointments are unique by (id, office_id), and the links between them (who serves a type, an
 * appointment's counsellor and type, a document's appointment, a counsellor's staff account) are
 * composite foreign keys that include the office.
 */
export class Offices1796400000000 implements MigrationInterface {
  name = 'Offices1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."office_status" AS ENUM('active', 'suspended')`);
    await queryRunner.query(
      `CREATE TABLE "office" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" character varying(40) NOT NULL, "name" jsonb NOT NULL, "description" jsonb NOT NULL DEFAULT '{}', "district" text, "address" text, "contact_email" text, "contact_phone" text, "time_zone" character varying(64) NOT NULL, "holiday_region" character varying(10) NOT NULL, "country" character(2) NOT NULL, "languages" text array NOT NULL DEFAULT '{}', "topics" text array NOT NULL DEFAULT '{}', "privacy_controller" text NOT NULL, "privacy_contact" text NOT NULL, "retention_days" integer NOT NULL, "status" "public"."office_status" NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_office_retention" CHECK ("retention_days" > 0), CONSTRAINT "ck_office_holiday_region" CHECK ("holiday_region" ~ '^[A-Z]{2}(-[A-Z0-9]{1,3})?$'), CONSTRAINT "ck_office_country" CHECK ("country" ~ '^[A-Z]{2}$'), CONSTRAINT "ck_office_name_de" CHECK (jsonb_typeof("name" -> 'de') = 'string'), CONSTRAINT "ck_office_slug" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("slug") BETWEEN 2 AND 40), CONSTRAINT "pk_office" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_office_slug" ON "office"  ("slug") ');
    // Searches cache a type with its office (zone, holiday region, status): a change of an office
    // raises the catalog's version like a change of a type (see RosterVersion1795800000000).
    await queryRunner.query(
      `CREATE TRIGGER "trg_office_catalog_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "office" FOR EACH STATEMENT EXECUTE FUNCTION "raise_roster_version"('catalog')`,
    );

    const officeId = await insertDefaultOffice(queryRunner);

    // Add, fill, then require: every existing row moves into the default office.
    for (const table of OFFICE_TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD "office_id" uuid`);
      await queryRunner.query(`UPDATE "${table}" SET "office_id" = $1`, [officeId]);
      if (table !== 'staff_account')
        await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "office_id" SET NOT NULL`);
    }

    await queryRunner.query('ALTER TABLE "holiday_opening" DROP CONSTRAINT "pk_holiday_opening"');
    await queryRunner.query(
      'ALTER TABLE "holiday_opening" ADD CONSTRAINT "pk_holiday_opening" PRIMARY KEY ("office_id", "date")',
    );

    await queryRunner.query('CREATE INDEX "ix_counsellor_office" ON "counsellor"  ("office_id") ');
    await queryRunner.query(
      'CREATE INDEX "ix_consultation_type_office" ON "consultation_type"  ("office_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_appointment_office_start" ON "appointment"  ("office_id", "starts_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_audit_event_office_occurred" ON "audit_event"  ("office_id", "occurred_at") ',
    );
    for (const [table, name] of UNIQUE_WITH_OFFICE) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" UNIQUE ("id", "office_id")`,
      );
    }
    for (const table of OFFICE_TABLES.filter(hasOfficeKey)) {
      // Holiday openings are the office's own settings and go with it; everything else stays.
      const onDelete = table === 'holiday_opening' ? 'CASCADE' : 'RESTRICT';
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "fk_${table}_office" FOREIGN KEY ("office_id") REFERENCES "office"("id") ON DELETE ${onDelete} ON UPDATE NO ACTION`,
      );
    }
    for (const key of COMPOSITE_KEYS) {
      await queryRunner.query(`ALTER TABLE "${key.table}" DROP CONSTRAINT "${key.name}"`);
      await queryRunner.query(
        `ALTER TABLE "${key.table}" ADD CONSTRAINT "${key.name}" FOREIGN KEY ("${key.column}", "office_id") REFERENCES "${key.references}"("id","office_id") ${key.actions}`,
      );
    }
    // A linked staff account is of the counsellor's office. Deferred to the commit, so that deleting
    // a staff account (fk_counsellor_staff sets staff_id to null) is checked after the null is set.
    await queryRunner.query(
      'ALTER TABLE "counsellor" ADD CONSTRAINT "fk_counsellor_staff_office" FOREIGN KEY ("staff_id", "office_id") REFERENCES "staff_account"("id","office_id") ON DELETE NO ACTION ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED',
    );
  }

  /**
   * Back to one office. Rows of every office stay; holiday openings of several offices on one date
   * become one (the date was opened somewhere).
   */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "counsellor" DROP CONSTRAINT "fk_counsellor_staff_office"',
    );
    for (const key of [...COMPOSITE_KEYS].reverse()) {
      await queryRunner.query(`ALTER TABLE "${key.table}" DROP CONSTRAINT "${key.name}"`);
      await queryRunner.query(
        `ALTER TABLE "${key.table}" ADD CONSTRAINT "${key.name}" FOREIGN KEY ("${key.column}") REFERENCES "${key.references}"("id") ${key.actions}`,
      );
    }
    for (const table of OFFICE_TABLES.filter(hasOfficeKey).reverse()) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "fk_${table}_office"`);
    }
    for (const [table, name] of [...UNIQUE_WITH_OFFICE].reverse()) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
    }
    await queryRunner.query('DROP INDEX "public"."ix_audit_event_office_occurred"');
    await queryRunner.query('DROP INDEX "public"."ix_appointment_office_start"');
    await queryRunner.query('DROP INDEX "public"."ix_consultation_type_office"');
    await queryRunner.query('DROP INDEX "public"."ix_counsellor_office"');
    await queryRunner.query('ALTER TABLE "holiday_opening" DROP CONSTRAINT "pk_holiday_opening"');
    await queryRunner.query(
      'DELETE FROM "holiday_opening" later USING "holiday_opening" earlier WHERE later."date" = earlier."date" AND later."office_id" > earlier."office_id"',
    );
    await queryRunner.query(
      'ALTER TABLE "holiday_opening" ADD CONSTRAINT "pk_holiday_opening" PRIMARY KEY ("date")',
    );
    for (const table of [...OFFICE_TABLES].reverse()) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "office_id"`);
    }
    await queryRunner.query('DROP TRIGGER "trg_office_catalog_version" ON "office"');
    await queryRunner.query('DROP INDEX "public"."uq_office_slug"');
    await queryRunner.query('DROP TABLE "office"');
    await queryRunner.query('DROP TYPE "public"."office_status"');
  }
}

/** Every table whose rows belong to an office (staff_account's column stays nullable: platform admins). */
const OFFICE_TABLES = [
  'staff_account',
  'counsellor',
  'consultation_type',
  'consultation_type_counsellor',
  'holiday_opening',
  'appointment',
  'audit_event',
  'document',
  'notification',
] as const;

/** The link table's office is held by its two composite keys already. */
const hasOfficeKey = (table: string): boolean => table !== 'consultation_type_counsellor';

/** [table, constraint]: the targets of the composite foreign keys. */
const UNIQUE_WITH_OFFICE: [string, string][] = [
  ['staff_account', 'uq_staff_account_id_office'],
  ['counsellor', 'uq_counsellor_id_office'],
  ['consultation_type', 'uq_consultation_type_id_office'],
  ['appointment', 'uq_appointment_id_office'],
];

/** Foreign keys that become (column, office_id) → (id, office_id), keeping their names and actions. */
const COMPOSITE_KEYS = [
  {
    table: 'consultation_type_counsellor',
    name: 'fk_ctc_consultation_type',
    column: 'consultation_type_id',
    references: 'consultation_type',
    actions: 'ON DELETE CASCADE ON UPDATE CASCADE',
  },
  {
    table: 'consultation_type_counsellor',
    name: 'fk_ctc_counsellor',
    column: 'counsellor_id',
    references: 'counsellor',
    actions: 'ON DELETE CASCADE ON UPDATE CASCADE',
  },
  {
    table: 'appointment',
    name: 'fk_appointment_consultation_type',
    column: 'consultation_type_id',
    references: 'consultation_type',
    actions: 'ON DELETE RESTRICT ON UPDATE NO ACTION',
  },
  {
    table: 'appointment',
    name: 'fk_appointment_counsellor',
    column: 'counsellor_id',
    references: 'counsellor',
    actions: 'ON DELETE RESTRICT ON UPDATE NO ACTION',
  },
  {
    table: 'document',
    name: 'fk_document_appointment',
    column: 'appointment_id',
    references: 'appointment',
    actions: 'ON DELETE CASCADE ON UPDATE NO ACTION',
  },
];

/**
 * The default office takes the zone, holiday region, phone country and retention the instance ran
 * with until now. A migration runs before (and apart from) the app's configuration class, so it
 * reads the same variables with the same defaults as libs/config; the app validates them at start.
 * Its name, privacy notice and contact are for the office's admin to fill in.
 */
async function insertDefaultOffice(queryRunner: QueryRunner): Promise<string> {
  const env = process.env;
  const rows = (await queryRunner.query(
    `INSERT INTO "office" ("slug", "name", "time_zone", "holiday_region", "country", "privacy_controller", "privacy_contact", "retention_days")
     VALUES ('beratungsstelle', '{"de": "Beratungsstelle", "en": "Counselling office"}', $1, $2, $3, '', '', $4)
     RETURNING "id"`,
    [
      env.OFFICE_TIME_ZONE || 'Europe/Berlin',
      env.HOLIDAY_REGION || 'DE-BE',
      env.OFFICE_COUNTRY || 'DE',
      Number(env.RETENTION_DAYS || 30),
    ],
  )) as { id: string }[];
  return rows[0].id;
}
