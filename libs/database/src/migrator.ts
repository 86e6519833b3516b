import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';

async function withDataSource<T>(
  url: string,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Applies pending migrations; returns the names applied. */
export function runMigrations(url: string): Promise<string[]> {
  return withDataSource(url, async (dataSource) =>
    (await dataSource.runMigrations({ transaction: 'each' })).map((migration) => migration.name),
  );
}

/** Reverts the most recent migration; returns its name, or null when none had run. */
export function revertLastMigration(url: string): Promise<string | null> {
  return withDataSource(url, async (dataSource) => {
    const rows = await dataSource
      .query<{ name: string }[]>(
        'SELECT name FROM typeorm_migrations ORDER BY "timestamp" DESC LIMIT 1',
      )
      .catch(() => []);
    if (rows.length === 0) return null;
    await dataSource.undoLastMigration({ transaction: 'each' });
    return rows[0].name;
  });
}

export interface SchemaDiff {
  up: string[];
  down: string[];
}

/** The SQL that would bring the database in line with the entities: empty when migrations are complete. */
export function diffSchema(url: string): Promise<SchemaDiff> {
  return withDataSource(url, async (dataSource) => {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return {
      up: sql.upQueries.map((query) => query.query),
      down: sql.downQueries.map((query) => query.query).reverse(),
    };
  });
}

/** Writes a migration class for the current diff (to be reviewed by hand); returns its path, or null if none is needed. */
export async function generateMigration(
  url: string,
  name: string,
  directory: string,
  now = Date.now(),
): Promise<string | null> {
  const diff = await diffSchema(url);
  if (diff.up.length === 0) return null;
  const className = `${name.replace(/(^|[-_\s]+)(\w)/g, (_, __: string, c: string) => c.toUpperCase())}${now}`;
  const fileName = `${now}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.ts`;
  const lines = (queries: string[]) =>
    queries.map((query) => `    await queryRunner.query(${JSON.stringify(query)});`).join('\n');
  const source = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(diff.up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(diff.down)}
  }
}
`;
  const path = join(directory, fileName);
  await writeFile(path, source, { flag: 'wx' });
  return path;
}
