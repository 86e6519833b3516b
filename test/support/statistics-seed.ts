import type { DataSource } from 'typeorm';

/** A roster person of an office (optionally linked to a staff account), written directly. */
export async function insertCounsellor(
  dataSource: DataSource,
  officeId: string,
  name: string,
  staffId: string | null = null,
): Promise<string> {
  const [row] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO counsellor (display_name, office_id, staff_id, languages)
     VALUES ($1, $2, $3, '{de}') RETURNING id`,
    [name, officeId, staffId],
  );
  return row.id;
}

export async function insertType(
  dataSource: DataSource,
  officeId: string,
  topic: string,
  channel: 'video' | 'audio' | 'phone' = 'video',
): Promise<string> {
  const [row] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO consultation_type (name, topic, duration_minutes, step_minutes, office_id, channel)
     VALUES ($1, $2, 30, 30, $3, $4) RETURNING id`,
    [JSON.stringify({ de: topic, en: topic }), topic, officeId, channel],
  );
  return row.id;
}

export interface AppointmentBatch {
  officeId: string;
  counsellorId: string;
  typeId: string;
  count: number;
  /** The first start; the batch's appointments follow one another an hour apart. */
  start: string;
  status?: 'confirmed' | 'completed' | 'no_show' | 'cancelled';
  cancelledBy?: 'client' | 'staff' | 'system' | null;
  language?: string;
  interpreterLanguage?: string | null;
  familyMembers?: number | null;
  /** Days from booking to the appointment. */
  leadDays?: number;
}

/**
 * Appointments after retention, as the reports read them (no client data). Live ones (confirmed)
 * must not overlap one counsellor's other live ones: give each batch its own `start`.
 */
export async function insertAppointments(dataSource: DataSource, batch: AppointmentBatch) {
  await dataSource.query(
    `INSERT INTO appointment (office_id, counsellor_id, consultation_type_id, starts_at, ends_at,
            status, cancelled_by, client_language, interpreter_language,
            accompanying_family_members, created_at, personal_data_erased_at)
     SELECT $1, $2, $3, s, s + interval '30 minutes', $5::appointment_status, $6, $7, $8, $9,
            s - make_interval(days => $10), s + interval '40 days'
       FROM generate_series($4::timestamptz, $4::timestamptz + ($11 - 1) * interval '1 hour',
                            interval '1 hour') AS s`,
    [
      batch.officeId,
      batch.counsellorId,
      batch.typeId,
      batch.start,
      batch.status ?? 'completed',
      batch.status === 'cancelled' ? (batch.cancelledBy ?? 'client') : null,
      batch.language ?? 'de',
      batch.interpreterLanguage ?? null,
      batch.familyMembers ?? null,
      batch.leadDays ?? 7,
      batch.count,
    ],
  );
}

export interface SearchBatch {
  officeId: string | null;
  day: string;
  count: number;
  topic?: string | null;
  language?: string | null;
  channel?: 'video' | 'audio' | 'phone' | null;
  found: boolean | null;
  daysToFirstSlot?: number | null;
}

export async function insertSearches(dataSource: DataSource, batch: SearchBatch): Promise<void> {
  await dataSource.query(
    `INSERT INTO slot_search_stat (office_id, searched_on, topic, channel, language,
            found_within_14_days, days_to_first_slot)
     SELECT $1, $2, $3, $4, $5, $6, $7 FROM generate_series(1, $8)`,
    [
      batch.officeId,
      batch.day,
      batch.topic ?? null,
      batch.channel ?? null,
      batch.language ?? null,
      batch.found,
      batch.daysToFirstSlot ?? null,
      batch.count,
    ],
  );
}

/** A walk-in hour with one session and `served` served tickets of a language (waits of `waitMinutes`). */
export async function insertWalkIn(
  dataSource: DataSource,
  officeId: string,
  counsellorId: string,
  options: { day: string; served: number; language: string; waitMinutes: number; topic: string },
): Promise<void> {
  const [hour] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO walk_in_hour (office_id, name, languages, topics, channel)
     VALUES ($1, '{"de":"Offene Sprechstunde"}', '{de,ar}', $2, 'video') RETURNING id`,
    [officeId, [options.topic]],
  );
  const [session] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO walk_in_session (walk_in_hour_id, office_id, starts_at, ends_at)
     VALUES ($1, $2, $3::timestamptz, $3::timestamptz + interval '2 hours') RETURNING id`,
    [hour.id, officeId, `${options.day}T09:00:00Z`],
  );
  await dataSource.query(
    `INSERT INTO walk_in_ticket (session_id, office_id, number, language, topic, status, queued_at,
            taken_at, called_at, finished_at, counsellor_id, accompanying_family_members)
     SELECT $1, $2, n, $3, $4, 'served', $5::timestamptz + n * interval '1 minute',
            $5::timestamptz + n * interval '1 minute',
            $5::timestamptz + n * interval '1 minute' + make_interval(mins => $6),
            $5::timestamptz + n * interval '1 minute' + make_interval(mins => $6 + 10), $7, 1
       FROM generate_series(1, $8) AS n`,
    [
      session.id,
      officeId,
      options.language,
      options.topic,
      `${options.day}T09:00:00Z`,
      options.waitMinutes,
      counsellorId,
      options.served,
    ],
  );
}
