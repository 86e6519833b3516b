import { createPostgresBackend, setDefaultBackendFactory, type ConnectionOptions } from 'bullmq';

export interface QueueBackendOptions {
  /** Redis in production; when absent, BullMQ's PostgreSQL backend on `databaseUrl`. */
  redisUrl?: string;
  databaseUrl: string;
  prefix: string;
  /**
   * False on the embedded database: its LISTEN/NOTIFY does not reach other connections, so idle
   * workers must poll instead of waiting for a notification.
   */
  databaseNotifies: boolean;
}

/** How long an idle worker on the embedded database sleeps before looking for due jobs again. */
const EMBEDDED_POLL_SECONDS = 1;

/**
 * BullMQ's PostgreSQL backend sleeps until the next delayed job is due (up to an hour) and relies
 * on NOTIFY to wake up for new jobs. Without NOTIFY a job added meanwhile would wait that long, so
 * on the embedded database the longest sleep is one second.
 */
const createPollingPostgresBackend: typeof createPostgresBackend = (...args) => {
  const backend = createPostgresBackend(...args);
  Object.defineProperty(backend, 'maximumBlockTimeout', { get: () => EMBEDDED_POLL_SECONDS });
  return backend;
};

/**
 * How long to wait before the next attempt to reach Redis again. BullMQ's default grows to 20 s,
 * so after an outage of 20 s queues and readiness stayed down for up to 18 s more although Redis
 * was back; a reconnect attempt is cheap, so try twice a second for as long as it takes.
 */
export function redisReconnectDelay(attempt: number): number {
  return Math.min(100 * attempt, 500);
}

export type QueueBackendKind = 'redis' | 'postgres';

export function queueBackendKind(options: QueueBackendOptions): QueueBackendKind {
  return options.redisUrl ? 'redis' : 'postgres';
}

/**
 * Chooses the BullMQ backend for this process and returns the connection to hand to every queue
 * and worker. The PostgreSQL backend is a process-wide default in BullMQ 6, so this is called once,
 * before any queue is built.
 */
export function configureQueueBackend(options: QueueBackendOptions): ConnectionOptions {
  if (options.redisUrl) {
    setDefaultBackendFactory();
    // Workers block on Redis: they must retry forever rather than fail a command.
    return {
      url: options.redisUrl,
      maxRetriesPerRequest: null,
      retryStrategy: redisReconnectDelay,
    };
  }
  setDefaultBackendFactory(
    options.databaseNotifies ? createPostgresBackend : createPollingPostgresBackend,
  );
  // A config object (not a bare string) so that `migrate` applies; the pool stays small because
  // the embedded database runs one query at a time anyway.
  return { connectionString: options.databaseUrl, migrate: true, max: 4 };
}
