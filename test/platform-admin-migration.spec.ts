import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revertLastMigration, runMigrations } from '@app/database';
import { MIGRATIONS } from '../libs/database/src/migrations/index.js';
import { createTestDatabase, revertThrough, type TestDatabase } from './support/test-database.js';

const MIGRATION = 'PlatformAdmin1796500000000';

/**
 * The platform admin's role comes with a check that ties role and office: existing accounts keep
 * their office and role on the way up; on the way down platform admins go and everyone else stays.
 */
describe('migration: platform admin', () => {
  let database: TestDatabase;
  let client: pg.Client;

  const account = (email: string, role: string, officeId: string | null) =>
    client.query(
      `INSERT INTO staff_account (email, display_name, role, password_hash, office_id)
       VALUES ($1, $1, $2, 'x', $3)`,
      [email, role, officeId],
    );
  const accounts = async () =>
    (
      await client.query<{ email: string; role: string }>(
        'SELECT email, role FROM staff_account ORDER BY email',
      )
    ).rows.map((row) => `${row.email} ${row.role}`);

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    await runMigrations(database.url);
    // Back to just before this migration (and any that came after it).
    await revertThrough(database.url, MIGRATION);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('keeps office accounts, refuses role and office that disagree, and drops platform admins on the way down', async () => {
    const [{ id: officeId }] = (await client.query<{ id: string }>('SELECT id FROM office')).rows;
    await account('admin@x.test', 'admin', officeId);
    await account('counsellor@x.test', 'counsellor', officeId);

    expect(await runMigrations(database.url)).toContain(MIGRATION);
    expect(await accounts()).toEqual(['admin@x.test admin', 'counsellor@x.test counsellor']);
    await account('platform@x.test', 'platform_admin', null);
    await expect(account('stray@x.test', 'admin', null)).rejects.toThrow(
      /ck_staff_account_office_role/,
    );
    await expect(account('inside@x.test', 'platform_admin', officeId)).rejects.toThrow(
      /ck_staff_account_office_role/,
    );

    const after = MIGRATIONS.findIndex((migration) => migration.name === MIGRATION);
    for (const migration of MIGRATIONS.slice(after).reverse()) {
      expect(await revertLastMigration(database.url)).toBe(migration.name);
    }
    expect(await accounts()).toEqual(['admin@x.test admin', 'counsellor@x.test counsellor']);
    await expect(account('platform2@x.test', 'platform_admin', null)).rejects.toThrow(
      /invalid input value for enum/,
    );
  });
});
