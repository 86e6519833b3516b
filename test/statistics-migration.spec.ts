import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '@app/database';
import { createTestDatabase, revertThrough, type TestDatabase } from './support/test-database.js';

const MIGRATION = 'Statistics1798200000000';

/**
 * The statistics migration on existing data: cancelled appointments without `cancelled_by` learn
 * it from the audit log (the last cancellation's actor), and the monthly facts start from the
 * rows already there.
 */
describe('migration: statistics', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    await runMigrations(database.url);
    await revertThrough(database.url, MIGRATION);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('fills cancelled_by from the audit log and counts the rows already there', async () => {
    const [{ id: office }] = (await client.query<{ id: string }>('SELECT id FROM office')).rows;
    const counsellor = (
      await client.query<{ id: string }>(
        `INSERT INTO counsellor (display_name, office_id) VALUES ('A', $1) RETURNING id`,
        [office],
      )
    ).rows[0].id;
    const type = (
      await client.query<{ id: string }>(
        `INSERT INTO consultation_type (name, topic, duration_minutes, step_minutes, office_id)
         VALUES ('{"de":"A"}', 'work', 30, 30, $1) RETURNING id`,
        [office],
      )
    ).rows[0].id;
    const appointment = async (hour: number, status: string, cancelledBy: string | null) =>
      (
        await client.query<{ id: string }>(
          `INSERT INTO appointment (office_id, counsellor_id, consultation_type_id, starts_at, ends_at, status, cancelled_by)
           VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz + interval '30 minutes', $5, $6) RETURNING id`,
          [
            office,
            counsellor,
            type,
            `2026-03-02T${String(hour).padStart(2, '0')}:00:00Z`,
            status,
            cancelledBy,
          ],
        )
      ).rows[0].id;
    const audit = (id: string, actor: string, at: string) =>
      client.query(
        `INSERT INTO audit_event (office_id, actor_type, action, appointment_id, occurred_at)
         VALUES ($1, $2, 'appointment.cancelled', $3, $4)`,
        [office, actor, id, at],
      );
    const bySystem = await appointment(8, 'cancelled', null);
    await audit(bySystem, 'system', '2026-03-01T10:00:00Z');
    const byClientLast = await appointment(9, 'cancelled', null);
    await audit(byClientLast, 'staff', '2026-03-01T10:00:00Z');
    await audit(byClientLast, 'client', '2026-03-01T11:00:00Z');
    const known = await appointment(10, 'cancelled', 'staff');
    await audit(known, 'client', '2026-03-01T10:00:00Z');
    const unknown = await appointment(11, 'cancelled', null);
    await appointment(12, 'completed', null);

    expect(await runMigrations(database.url)).toContain(MIGRATION);
    const rows = await client.query<{ id: string; cancelled_by: string | null }>(
      'SELECT id, cancelled_by FROM appointment',
    );
    const by = Object.fromEntries(rows.rows.map((r) => [r.id, r.cancelled_by]));
    expect([by[bySystem], by[byClientLast], by[known], by[unknown]]).toEqual([
      'system',
      'client',
      'staff',
      null,
    ]);
    const facts = await client.query(
      `SELECT to_char(month, 'YYYY-MM') AS month, cases, completed, cancelled_client, cancelled_staff, cancelled_system
         FROM statistics_appointment_month`,
    );
    // The one without a known canceller counts as cancelled by staff, as the reports say.
    expect(facts.rows).toEqual([
      {
        month: '2026-03',
        cases: 5,
        completed: 1,
        cancelled_client: 1,
        cancelled_staff: 2,
        cancelled_system: 1,
      },
    ]);
  });
});
