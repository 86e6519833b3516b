import type { DataSource } from 'typeorm';

/** The office the migration created (the oldest); every record made without an office choice goes there. */
export async function defaultOfficeId(dataSource: DataSource): Promise<string> {
  const [row] = await dataSource.query<{ id: string }[]>(
    'SELECT id FROM office ORDER BY created_at, id LIMIT 1',
  );
  return row.id;
}

export interface TestOffice {
  slug: string;
  name?: Record<string, string>;
  timeZone?: string;
  holidayRegion?: string;
  country?: string;
  status?: 'active' | 'suspended';
  languages?: string[];
  topics?: string[];
  retentionDays?: number;
}

/** Another office, written directly (creating offices through the API comes with platform admins). */
export async function insertOffice(dataSource: DataSource, office: TestOffice): Promise<string> {
  const [row] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO office (slug, name, time_zone, holiday_region, country, languages, topics,
                         privacy_controller, privacy_contact, retention_days, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $11, $10) RETURNING id`,
    [
      office.slug,
      JSON.stringify(office.name ?? { de: `Büro ${office.slug}`, en: `Office ${office.slug}` }),
      office.timeZone ?? 'Europe/Berlin',
      office.holidayRegion ?? 'DE-BE',
      office.country ?? 'DE',
      office.languages ?? [],
      office.topics ?? [],
      `Träger ${office.slug}`,
      `datenschutz@${office.slug}.example`,
      office.status ?? 'active',
      office.retentionDays ?? 30,
    ],
  );
  return row.id;
}
