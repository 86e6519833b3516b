import type { AppConfig } from '@app/config';
import { EmbeddedPostgres } from './embedded-postgres.js';

/** The database a process uses: PostgreSQL from DATABASE_URL, or the embedded one it starts. */
export interface DatabaseRuntime {
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function openDatabase(
  config: AppConfig,
  onLockCompromised?: (error: Error) => void,
): Promise<DatabaseRuntime> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, embedded: false, close: () => Promise.resolve() };
  }
  const server = await EmbeddedPostgres.start({
    dataDir: config.DATA_DIR,
    port: config.EMBEDDED_DB_PORT,
    onLockCompromised,
  });
  return { url: server.url, embedded: true, close: () => server.stop() };
}
