import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import { serializeExtendedProtocol } from './pglite-socket-patch.js';

export interface EmbeddedPostgresOptions {
  /** Folder for the data; omit for an in-memory database (tests). */
  dataDir?: string;
  /** Loopback port to serve on; 0 picks a free one. */
  port?: number;
  /** Called if another process takes the data folder away from us (stale lock broken). */
  onLockCompromised?: (error: Error) => void;
  /** An in-memory database starts as this snapshot (a dump() of another one). */
  snapshot?: Blob;
}

export class DataDirInUseError extends Error {
  constructor(dataDir: string) {
    super(
      `The data folder ${dataDir} is in use by another Sprechstunde process. ` +
        'Stop that process first, or set DATA_DIR to another folder.',
    );
    this.name = 'DataDirInUseError';
  }
}

/**
 * PostgreSQL in-process (PGlite, with btree_gist), served on loopback so that TypeORM's and
 * BullMQ's ordinary `pg` clients can use it. For trying Sprechstunde and small single-machine use.
 *
 * PGlite has ONE database session: every connection shares it. pglite-socket runs one query at a
 * time and keeps an open transaction to the connection that began it; `SET` leaks between
 * connections and LISTEN/NOTIFY does not reach other connections.
 */
export class EmbeddedPostgres {
  /** Data folders this process holds: a second start here fails at once, like one from another process. */
  private static readonly held = new Set<string>();

  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly releaseLock: (() => Promise<void>) | undefined,
    readonly url: string,
  ) {}

  static async start(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
    let releaseLock: (() => Promise<void>) | undefined;
    let dataPath: string | undefined;
    if (options.dataDir) {
      const dataDir = resolve(options.dataDir);
      mkdirSync(dataDir, { recursive: true });
      releaseLock = await EmbeddedPostgres.lock(dataDir, options.onLockCompromised);
      dataPath = resolve(dataDir, 'pgdata');
    }
    try {
      const db = await PGlite.create({
        dataDir: dataPath,
        extensions: { btree_gist },
        ...(options.snapshot && !dataPath ? { loadDataDir: options.snapshot } : {}),
      });
      // BullMQ's PostgreSQL backend keeps its functions in schema "bullmq" and pins the search
      // path with a connection-time option, which the shared session ignores: set it here, once.
      await db.exec('SET search_path TO public, bullmq');
      const server = new PGLiteSocketServer({
        db,
        host: '127.0.0.1',
        port: options.port ?? 0,
        maxConnections: 100,
      });
      serializeExtendedProtocol(server);
      await server.start();
      const url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres`;
      return new EmbeddedPostgres(db, server, releaseLock, url);
    } catch (error) {
      await releaseLock?.();
      throw error;
    }
  }

  /**
   * PGlite would happily open one folder from two processes and corrupt it, so we take a lock
   * file. proper-lockfile refreshes it while we run; a lock left by a killed process goes stale
   * after 15 s. A start meanwhile waits for that, unless the owner named in the pid file is still
   * alive: then it fails at once.
   */
  private static async lock(
    dataDir: string,
    onCompromised?: (error: Error) => void,
  ): Promise<() => Promise<void>> {
    const lockfilePath = resolve(dataDir, 'sprechstunde.lock');
    const pidFile = resolve(dataDir, 'sprechstunde.pid');
    const options = { lockfilePath, stale: 15_000 };
    const inUse =
      EmbeddedPostgres.held.has(dataDir) ||
      ((await lockfile.check(dataDir, options)) && EmbeddedPostgres.ownerAlive(pidFile));
    if (inUse) throw new DataDirInUseError(dataDir);
    try {
      const release = await lockfile.lock(dataDir, {
        ...options,
        update: 5_000,
        retries: { retries: 10, minTimeout: 1_000, maxTimeout: 2_000, factor: 1.2 },
        onCompromised: (error) => {
          if (onCompromised) onCompromised(error);
          else throw error;
        },
      });
      writeFileSync(pidFile, String(process.pid));
      EmbeddedPostgres.held.add(dataDir);
      return async () => {
        EmbeddedPostgres.held.delete(dataDir);
        rmSync(pidFile, { force: true });
        await release();
      };
    } catch (error) {
      if ((error as { code?: string }).code === 'ELOCKED') throw new DataDirInUseError(dataDir);
      throw error;
    }
  }

  private static ownerAlive(pidFile: string): boolean {
    if (!existsSync(pidFile)) return false;
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as { code?: string }).code === 'EPERM';
    }
  }

  /** The whole database as a tarball, to start others from (tests: migrated once, copied per file). */
  async dump(): Promise<Blob> {
    return this.db.dumpDataDir('none');
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
    await this.releaseLock?.();
  }
}
