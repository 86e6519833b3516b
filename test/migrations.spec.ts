import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSchema, revertLastMigration, runMigrations } from '@app/database';
import { MIGRATIONS } from '../libs/database/src/migrations/index.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

async function tables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'typeorm_migrations' ORDER BY 1",
    );
    return rows.map((row) => row.table_name);
  } finally {
    await client.end();
  }
}

async function extensions(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (
      await client.query<{ extname: string }>('SELECT extname FROM pg_extension ORDER BY 1')
    ).rows.map((r) => r.extname);
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(() => database.drop());

  it('run up from empty, match the entities exactly, run down to empty, and up again', async () => {
    const applied = await runMigrations(database.url);
    expect(applied).toEqual(MIGRATIONS.map((migration) => migration.name));
    expect(await extensions(database.url)).toContain('btree_gist');
    expect(await tables(database.url)).toEqual([
      'absence',
      'appointment',
      'audit_event',
      'availability_extra',
      'availability_rule',
      'calendar_feed',
      'consultation_type',
      'consultation_type_counsellor',
      'conversation',
      'conversation_message',
      'conversation_notice',
      'conversation_notice_token',
      'counsellor',
      'document',
      'document_blob',
      'holiday_opening',
      'idempotency_key',
      'livekit_webhook_event',
      'manage_token',
      'messenger_binding',
      'messenger_inbound',
      'messenger_link',
      'notification',
      'office',
      'office_interpreter_pool',
      'outbox_event',
      'roster_version',
      'slot_search_stat',
      'staff_account',
      'staff_session',
      'statistics_appointment_month',
      'statistics_search_month',
      'statistics_walk_in_month',
      'survey_answer',
      'survey_invitation',
      'video_guest',
      'video_session',
      'waitlist_entry',
      'waitlist_token',
      'walk_in_duty',
      'walk_in_exception',
      'walk_in_hour',
      'walk_in_interpreter_duty',
      'walk_in_rule',
      'walk_in_session',
      'walk_in_ticket',
      'walk_in_ticket_token',
    ]);
    expect(await diffSchema(database.url)).toEqual({ up: [], down: [] });
    expect(await runMigrations(database.url)).toEqual([]);

    for (const migration of [...MIGRATIONS].reverse()) {
      expect(await revertLastMigration(database.url)).toBe(migration.name);
    }
    expect(await revertLastMigration(database.url)).toBeNull();
    expect(await tables(database.url)).toEqual([]);
    expect(await extensions(database.url)).not.toContain('btree_gist');

    expect(await runMigrations(database.url)).toHaveLength(MIGRATIONS.length);
    expect(await diffSchema(database.url)).toEqual({ up: [], down: [] });
  });
});
