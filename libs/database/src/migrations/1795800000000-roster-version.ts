import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Version numbers of what the slot engine reads, raised by triggers in the same transaction as the
 * change: one per counsellor (their rules, extra hours, absences, appointments and record), one for
 * the catalog (types, who serves them, counsellor records) and one for the opened holidays. API
 * processes cache these data and compare the numbers on every search, so a change made through any
 * process, or by hand in SQL, is seen at once by all of them.
 */
export class RosterVersion1795800000000 implements MigrationInterface {
  name = 'RosterVersion1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "roster_version" ("scope" character varying(40) NOT NULL, "version" bigint NOT NULL DEFAULT \'1\', CONSTRAINT "pk_roster_version" PRIMARY KEY ("scope"))',
    );
    // Row triggers: TG_ARGV[0] names the column holding the counsellor id. Scopes are raised in a
    // fixed order, so two transactions never wait for each other crosswise.
    await queryRunner.query(`CREATE FUNCTION "raise_counsellor_roster_version"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  scopes text[] := '{}';
BEGIN
  IF TG_OP <> 'INSERT' THEN scopes := scopes || (to_jsonb(OLD) ->> TG_ARGV[0]); END IF;
  IF TG_OP <> 'DELETE' THEN scopes := scopes || (to_jsonb(NEW) ->> TG_ARGV[0]); END IF;
  INSERT INTO roster_version (scope, version)
    SELECT DISTINCT scope, 1 FROM unnest(scopes) AS scope WHERE scope IS NOT NULL ORDER BY scope
    ON CONFLICT (scope) DO UPDATE SET version = roster_version.version + 1;
  RETURN NULL;
END
$$`);
    // Statement triggers: raise the scope TG_ARGV[0] ('catalog', 'holidays'), or every scope ('*').
    await queryRunner.query(`CREATE FUNCTION "raise_roster_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_ARGV[0] = '*' THEN
    UPDATE roster_version SET version = version + 1;
  ELSE
    INSERT INTO roster_version (scope, version) VALUES (TG_ARGV[0], 1)
      ON CONFLICT (scope) DO UPDATE SET version = roster_version.version + 1;
  END IF;
  RETURN NULL;
END
$$`);
    for (const [table, column, scope] of TRIGGERS) {
      if (column) {
        await queryRunner.query(
          `CREATE TRIGGER "trg_${table}_roster_version" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "raise_counsellor_roster_version"('${column}')`,
        );
        await queryRunner.query(
          `CREATE TRIGGER "trg_${table}_roster_version_truncate" AFTER TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "raise_roster_version"('*')`,
        );
      }
      if (scope) {
        await queryRunner.query(
          `CREATE TRIGGER "trg_${table}_${scope}_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "raise_roster_version"('${scope}')`,
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column, scope] of [...TRIGGERS].reverse()) {
      if (scope)
        await queryRunner.query(`DROP TRIGGER "trg_${table}_${scope}_version" ON "${table}"`);
      if (column) {
        await queryRunner.query(
          `DROP TRIGGER "trg_${table}_roster_version_truncate" ON "${table}"`,
        );
        await queryRunner.query(`DROP TRIGGER "trg_${table}_roster_version" ON "${table}"`);
      }
    }
    await queryRunner.query('DROP FUNCTION "raise_roster_version"()');
    await queryRunner.query('DROP FUNCTION "raise_counsellor_roster_version"()');
    await queryRunner.query('DROP TABLE "roster_version"');
  }
}

/**
 * [table, column with the counsellor id (per-counsellor scope), shared scope]. 'catalog' covers what
 * decides who serves a type (types, their counsellors, the counsellors' records); 'holidays' the
 * opened public holidays.
 */
const TRIGGERS: [table: string, counsellorColumn: string | undefined, scope: string | undefined][] =
  [
    ['counsellor', 'id', 'catalog'],
    ['consultation_type', undefined, 'catalog'],
    ['consultation_type_counsellor', undefined, 'catalog'],
    ['availability_rule', 'counsellor_id', undefined],
    ['availability_extra', 'counsellor_id', undefined],
    ['absence', 'counsellor_id', undefined],
    ['appointment', 'counsellor_id', undefined],
    ['holiday_opening', undefined, 'holidays'],
  ];
