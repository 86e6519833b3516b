import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '@app/database';
import { createTestDatabase, revertThrough, type TestDatabase } from './support/test-database.js';

const MIGRATION = 'Offices1796400000000';
const FOREIGN_KEY_VIOLATION = '23503';

async function one<T extends pg.QueryResultRow>(
  client: pg.Client,
  sql: string,
  values: unknown[] = [],
): Promise<T> {
  return (await client.query<T>(sql, values)).rows[0];
}

/**
 * Existing data moves into one default office, and back: nothing is lost either way. Run on a
 * database with rows of every office-bound table, as an instance that upgrades would have them.
 */
describe('migration: many offices', () => {
  let database: TestDatabase;
  let client: pg.Client;

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

  it('moves every existing record into the default office, and back again on revert', async () => {
    const { id: staffId } = await one<{ id: string }>(
      client,
      `INSERT INTO staff_account (email, display_name, role, password_hash)
       VALUES ('amira@example.org', 'Amira', 'counsellor', 'x') RETURNING id`,
    );
    const { id: counsellorId } = await one<{ id: string }>(
      client,
      'INSERT INTO counsellor (display_name, staff_id) VALUES ($1, $2) RETURNING id',
      ['Amira', staffId],
    );
    const { id: typeId } = await one<{ id: string }>(
      client,
      `INSERT INTO consultation_type (name, topic, duration_minutes, step_minutes)
       VALUES ('{"de": "Aufenthalt"}', 'residence', 30, 30) RETURNING id`,
    );
    await client.query(
      'INSERT INTO consultation_type_counsellor (consultation_type_id, counsellor_id) VALUES ($1, $2)',
      [typeId, counsellorId],
    );
    const { id: appointmentId } = await one<{ id: string }>(
      client,
      `INSERT INTO appointment (consultation_type_id, counsellor_id, starts_at, ends_at)
       VALUES ($1, $2, '2027-03-01T09:00:00Z', '2027-03-01T09:30:00Z') RETURNING id`,
      [typeId, counsellorId],
    );
    await client.query(
      `INSERT INTO audit_event (actor_type, action, appointment_id) VALUES ('client', 'appointment.booked', $1)`,
      [appointmentId],
    );
    await client.query(
      `INSERT INTO notification (key, kind, appointment_id, channel) VALUES ('k1', 'confirmation', $1, 'email')`,
      [appointmentId],
    );
    await client.query(
      `INSERT INTO document (id, appointment_id, uploaded_by, file_name_sealed, content_type, size_bytes, storage_key, key_wrapped, master_key_id)
       VALUES (gen_random_uuid(), $1, 'client', 'sealed', 'application/pdf', 10, 'key', 'wrapped', 'k1')`,
      [appointmentId],
    );
    await client.query("INSERT INTO holiday_opening (date) VALUES ('2027-05-01')");

    // This migration first; later ones (platform admins, …) may follow it.
    expect((await runMigrations(database.url))[0]).toBe(MIGRATION);

    const { rows: offices } = await client.query<{
      id: string;
      time_zone: string;
      holiday_region: string;
      country: string;
      retention_days: number;
      status: string;
    }>('SELECT id, time_zone, holiday_region, country, retention_days, status FROM office');
    expect(offices).toHaveLength(1);
    const [office] = offices;
    // The configuration's defaults (the tests set none of these variables).
    expect(office).toMatchObject({
      time_zone: process.env.OFFICE_TIME_ZONE || 'Europe/Berlin',
      holiday_region: process.env.HOLIDAY_REGION || 'DE-BE',
      country: process.env.OFFICE_COUNTRY || 'DE',
      retention_days: Number(process.env.RETENTION_DAYS || 30),
      status: 'active',
    });
    for (const table of [
      'staff_account',
      'counsellor',
      'consultation_type',
      'consultation_type_counsellor',
      'appointment',
      'audit_event',
      'notification',
      'document',
      'holiday_opening',
    ]) {
      const { rows } = await client.query<{ office_id: string | null }>(
        `SELECT office_id FROM ${table}`,
      );
      expect({ table, offices: rows.map((row) => row.office_id) }).toEqual({
        table,
        offices: [office.id],
      });
    }

    expect(await revertThrough(database.url, MIGRATION)).toBe(MIGRATION);
    const counts = await one<Record<string, number>>(
      client,
      `SELECT (SELECT count(*)::int FROM staff_account) AS staff,
              (SELECT count(*)::int FROM counsellor WHERE staff_id IS NOT NULL) AS counsellors,
              (SELECT count(*)::int FROM consultation_type_counsellor) AS links,
              (SELECT count(*)::int FROM appointment) AS appointments,
              (SELECT count(*)::int FROM audit_event) AS audit,
              (SELECT count(*)::int FROM notification) AS notifications,
              (SELECT count(*)::int FROM document) AS documents,
              (SELECT count(*)::int FROM holiday_opening) AS openings`,
    );
    expect(counts).toEqual({
      staff: 1,
      counsellors: 1,
      links: 1,
      appointments: 1,
      audit: 1,
      notifications: 1,
      documents: 1,
      openings: 1,
    });
  });
});

/** The database itself refuses records that join two offices, whoever writes them. */
describe('offices: the database keeps records of two offices apart', () => {
  let database: TestDatabase;
  let client: pg.Client;
  const office: Record<'a' | 'b', string> = { a: '', b: '' };
  const counsellor: Record<'a' | 'b', string> = { a: '', b: '' };
  const type: Record<'a' | 'b', string> = { a: '', b: '' };
  const staff: Record<'a' | 'b', string> = { a: '', b: '' };

  const refusal = async (sql: string, values: unknown[]): Promise<string | undefined> => {
    const error = await client.query(sql, values).then(
      () => undefined,
      (rejected: { code?: string }) => rejected,
    );
    return error?.code;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    office.a = (await one<{ id: string }>(client, 'SELECT id FROM office')).id;
    office.b = (
      await one<{ id: string }>(
        client,
        `INSERT INTO office (slug, name, time_zone, holiday_region, country, privacy_controller, privacy_contact, retention_days)
         VALUES ('zweites-buero', '{"de": "Zweites Büro"}', 'Europe/Berlin', 'DE-HH', 'DE', 'Träger', 'dsb@example.org', 14)
         RETURNING id`,
      )
    ).id;
    for (const key of ['a', 'b'] as const) {
      staff[key] = (
        await one<{ id: string }>(
          client,
          `INSERT INTO staff_account (email, display_name, role, password_hash, office_id)
           VALUES ($1, 'Staff', 'counsellor', 'x', $2) RETURNING id`,
          [`staff-${key}@example.org`, office[key]],
        )
      ).id;
      counsellor[key] = (
        await one<{ id: string }>(
          client,
          'INSERT INTO counsellor (display_name, office_id) VALUES ($1, $2) RETURNING id',
          [`Counsellor ${key}`, office[key]],
        )
      ).id;
      type[key] = (
        await one<{ id: string }>(
          client,
          `INSERT INTO consultation_type (name, topic, duration_minutes, step_minutes, office_id)
           VALUES ('{"de": "Beratung"}', 'general', 30, 30, $1) RETURNING id`,
          [office[key]],
        )
      ).id;
    }
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  const link =
    'INSERT INTO consultation_type_counsellor (consultation_type_id, counsellor_id, office_id) VALUES ($1, $2, $3)';
  const appointment = `INSERT INTO appointment (consultation_type_id, counsellor_id, office_id, starts_at, ends_at)
     VALUES ($1, $2, $3, '2027-03-01T09:00:00Z', '2027-03-01T09:30:00Z') RETURNING id`;

  it('refuses a type served by a counsellor of another office, under either office', async () => {
    expect(await refusal(link, [type.a, counsellor.b, office.a])).toBe(FOREIGN_KEY_VIOLATION);
    expect(await refusal(link, [type.a, counsellor.b, office.b])).toBe(FOREIGN_KEY_VIOLATION);
    expect(await refusal(link, [type.a, counsellor.a, office.a])).toBeUndefined();
  });

  it('refuses an appointment whose counsellor or type is of another office', async () => {
    expect(await refusal(appointment, [type.a, counsellor.b, office.a])).toBe(
      FOREIGN_KEY_VIOLATION,
    );
    expect(await refusal(appointment, [type.a, counsellor.b, office.b])).toBe(
      FOREIGN_KEY_VIOLATION,
    );
    expect(await refusal(appointment, [type.b, counsellor.b, office.a])).toBe(
      FOREIGN_KEY_VIOLATION,
    );
    expect(await refusal(appointment, [type.b, counsellor.b, office.b])).toBeUndefined();
  });

  it('refuses moving an appointment to a counsellor of another office', async () => {
    const { id } = await one<{ id: string }>(client, appointment.replaceAll('T09:', 'T11:'), [
      type.a,
      counsellor.a,
      office.a,
    ]);
    expect(
      await refusal('UPDATE appointment SET counsellor_id = $2 WHERE id = $1', [id, counsellor.b]),
    ).toBe(FOREIGN_KEY_VIOLATION);
  });

  it("refuses a document under another office than its appointment's", async () => {
    const { id } = await one<{ id: string }>(client, appointment.replaceAll('T09:', 'T13:'), [
      type.a,
      counsellor.a,
      office.a,
    ]);
    const document = `INSERT INTO document (id, appointment_id, office_id, uploaded_by, file_name_sealed, content_type, size_bytes, storage_key, key_wrapped, master_key_id)
       VALUES (gen_random_uuid(), $1, $2, 'client', 'sealed', 'application/pdf', 10, 'key', 'wrapped', 'k1')`;
    expect(await refusal(document, [id, office.b])).toBe(FOREIGN_KEY_VIOLATION);
    expect(await refusal(document, [id, office.a])).toBeUndefined();
  });

  it("refuses linking a counsellor to another office's staff account (checked at commit)", async () => {
    expect(
      await refusal('UPDATE counsellor SET staff_id = $2 WHERE id = $1', [counsellor.a, staff.b]),
    ).toBe(FOREIGN_KEY_VIOLATION);
    expect(
      await refusal('UPDATE counsellor SET staff_id = $2 WHERE id = $1', [counsellor.a, staff.a]),
    ).toBeUndefined();
    // Deleting the linked account still unlinks the counsellor, as before offices.
    await client.query('DELETE FROM staff_account WHERE id = $1', [staff.a]);
    expect(
      await one<{ staff_id: string | null }>(
        client,
        'SELECT staff_id FROM counsellor WHERE id = $1',
        [counsellor.a],
      ),
    ).toEqual({ staff_id: null });
  });

  it('keeps holiday openings per office: one date may be opened by two offices', async () => {
    const open = 'INSERT INTO holiday_opening (office_id, date) VALUES ($1, $2)';
    expect(await refusal(open, [office.a, '2027-05-01'])).toBeUndefined();
    expect(await refusal(open, [office.b, '2027-05-01'])).toBeUndefined();
    expect(await refusal(open, [office.a, '2027-05-01'])).toBe('23505');
  });
});
