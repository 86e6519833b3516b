import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { EmbeddedPostgres, revertLastMigration, runMigrations } from '@app/database';

export interface TestDatabase {
  url: string;
  kind: 'postgres' | 'embedded';
  /** Makes the database refuse all work, as if its server had gone away. */
  takeDown(): Promise<void>;
  /**
   * Lets it work again after takeDown(), as a restarted server would (real PostgreSQL only: an
   * embedded database that was taken down is gone).
   */
  bringUp(): Promise<void>;
  drop(): Promise<void>;
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const MIGRATIONS_DIR = fileURLToPath(
  new URL('../../libs/database/src/migrations', import.meta.url),
);

/** A key of the migrations' sources (and PGlite's version): a migrated copy is valid while it holds. */
function migrationsKey(): string {
  const key = createHash('sha256');
  key.update(
    JSON.parse(
      readFileSync(
        new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url),
        'utf8',
      ),
    ).version as string,
  );
  for (const name of readdirSync(MIGRATIONS_DIR).sort()) {
    key.update(name).update(readFileSync(join(MIGRATIONS_DIR, name)));
  }
  return key.digest('hex').slice(0, 32);
}

/**
 * A migrated template database on the real server, made once per set of migrations (under an
 * advisory lock, so that test files starting together make it once): each file's database is then a
 * copy (CREATE DATABASE … TEMPLATE, about a tenth of migrating anew). Nobody connects to a template
 * once it is made, as PostgreSQL requires of the database it copies.
 */
async function migratedTemplate(serverUrl: string): Promise<string> {
  const name = `sprechstunde_template_${migrationsKey().slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      // Built under another name and renamed: a crash midway leaves no half-migrated template.
      const partial = `${name}_partial`;
      await admin.query(`DROP DATABASE IF EXISTS "${partial}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${partial}"`);
      const url = new URL(serverUrl);
      url.pathname = `/${partial}`;
      await runMigrations(url.toString());
      await admin.query(`ALTER DATABASE "${partial}" RENAME TO "${name}"`);
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => undefined);
    await admin.end();
  }
  return name;
}

/**
 * An embedded database with every migration applied, as a PGlite tarball: made once per set of
 * migrations (keyed by their source and PGlite's version) and kept in the temp folder, so that each
 * test file starts from a copy instead of starting PGlite empty and migrating (about 10 s a file on
 * our 2-core machine, a third of the embedded test run).
 */
async function migratedSnapshot(): Promise<Blob> {
  const dir = join(tmpdir(), 'sprechstunde-test-snapshots');
  const file = join(dir, `${migrationsKey()}.tar`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const server = await EmbeddedPostgres.start();
  try {
    await runMigrations(server.url);
    const snapshot = await server.dump();
    mkdirSync(dir, { recursive: true });
    // Written aside and renamed: a file running alongside never reads half a snapshot.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await snapshot.arrayBuffer()));
    renameSync(partial, file);
    return snapshot;
  } finally {
    await server.stop();
  }
}

/**
 * A database of this test file's own: a fresh database on TEST_DATABASE_URL's server when that is
 * set (CI, real PostgreSQL), otherwise an in-memory embedded PostgreSQL (a fresh machine), migrated
 * unless `migrate: false`.
 */
export async function createTestDatabase(
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  let database: TestDatabase;
  if (serverUrl) {
    const name = `sprechstunde_test_${randomBytes(6).toString('hex')}`;
    const template = options.migrate !== false ? await migratedTemplate(serverUrl) : null;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(
      template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`,
    );
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    database = {
      url: url.toString(),
      kind: 'postgres',
      takeDown: async () => {
        await onServer(serverUrl, `ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
        await onServer(
          serverUrl,
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`,
        );
      },
      bringUp: () => onServer(serverUrl, `ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`),
      drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    };
  } else {
    const migrated = options.migrate !== false;
    const server = await EmbeddedPostgres.start(
      migrated ? { snapshot: await migratedSnapshot() } : {},
    );
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    };
    database = {
      url: server.url,
      kind: 'embedded',
      takeDown: stop,
      bringUp: () => Promise.reject(new Error('an embedded database cannot come back')),
      drop: stop,
    };
  }
  // A copy of the migrated snapshot or template has nothing pending; running them checks that cheaply.
  if (options.migrate !== false) await runMigrations(database.url);
  return database;
}

/**
 * Reverts migrations, newest first, up to and including `name` (the ones after it too): the
 * database as it was just before that migration. Returns the last one reverted (`name`, or null if
 * it was never applied).
 */
export async function revertThrough(url: string, name: string): Promise<string | null> {
  for (;;) {
    const reverted = await revertLastMigration(url);
    if (reverted === name || reverted === null) return reverted;
  }
}
