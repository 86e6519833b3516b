import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import pg from 'pg';
import { interval, map, merge, Observable, startWith } from 'rxjs';

/**
 * "Something under this topic changed, read it again": a push channel between the API processes,
 * so that live views (the video waiting room, later the walk-in queue) cost a read per change
 * rather than a read per viewer per second. A notification carries no data, only the topic (an
 * appointment id, say): the reader re-reads the database, which stays the source of truth, and a
 * lost notification only delays a view until the next safety re-read.
 */
export abstract class ChangeFeed implements OnApplicationShutdown {
  constructor(private readonly resyncMs: number) {}

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  protected close(): Promise<void> {
    return Promise.resolve();
  }

  /** Tells every process (this one included) that these topics changed. Never throws. */
  abstract publish(...topics: string[]): Promise<void>;

  /** Emits on every notification of the topic (hot: nothing for earlier ones). */
  protected abstract changes(topic: string): Observable<void>;

  /**
   * What a live view subscribes to: emits at once, then on every change of the topic, and at the
   * safety interval, so that a notification lost (a dropped connection, another process without
   * the same feed) heals by itself.
   */
  watch(topic: string): Observable<void> {
    return merge(this.changes(topic), interval(this.resyncMs).pipe(map(() => undefined))).pipe(
      startWith(undefined),
    );
  }
}

/** One process only (the embedded mode): changes are passed on in memory. */
export class InProcessChangeFeed extends ChangeFeed {
  private readonly topics = new Topics();

  publish(...topics: string[]): Promise<void> {
    for (const topic of topics) this.topics.emit(topic);
    return Promise.resolve();
  }

  protected changes(topic: string): Observable<void> {
    return this.topics.of(topic);
  }
}

/** The watchers of each topic: a notification costs one call per watcher of its topic. */
class Topics {
  private readonly watchers = new Map<string, Set<() => void>>();

  emit(topic: string): void {
    for (const notify of this.watchers.get(topic) ?? []) notify();
  }

  /** After notifications may have been lost: every watcher re-reads. */
  emitAll(): void {
    for (const watchers of this.watchers.values()) for (const notify of watchers) notify();
  }

  of(topic: string): Observable<void> {
    return new Observable<void>((subscriber) => {
      const notify = () => subscriber.next();
      let watchers = this.watchers.get(topic);
      if (!watchers) {
        watchers = new Set();
        this.watchers.set(topic, watchers);
      }
      watchers.add(notify);
      return () => {
        watchers.delete(notify);
        if (watchers.size === 0) this.watchers.delete(topic);
      };
    });
  }
}

/** The channel on which every process of one database listens; NOTIFY stays inside a database. */
export const CHANGE_FEED_CHANNEL = 'sprechstunde_change_feed';

const RECONNECT_MS = 500;

/**
 * Several processes on one PostgreSQL database: LISTEN on one connection of its own per process,
 * NOTIFY to publish. After the connection was lost, every watcher re-reads once, since
 * notifications sent meanwhile are gone.
 */
export class PostgresChangeFeed extends ChangeFeed {
  private readonly logger = new Logger(PostgresChangeFeed.name);
  private readonly topics = new Topics();
  /** The listening connection, once it listens. */
  private client: pg.Client | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly databaseUrl: string,
    resyncMs: number,
  ) {
    super(resyncMs);
  }

  /** Resolves once this process listens, so that nothing published after start-up is missed. */
  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('notification', (message) => {
      if (message.channel === CHANGE_FEED_CHANNEL && message.payload)
        this.topics.emit(message.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_FEED_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      client.removeAllListeners('error');
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) await client.end().catch(() => undefined);
    else this.client = client;
  }

  async publish(...topics: string[]): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      for (const topic of topics) {
        await client.query('SELECT pg_notify($1, $2)', [CHANGE_FEED_CHANNEL, topic]);
      }
    } catch (error) {
      // The safety re-read of every watcher picks the change up.
      this.logger.warn({ err: error, topics }, 'could not publish a change');
    }
  }

  protected changes(topic: string): Observable<void> {
    return this.topics.of(topic);
  }

  protected override async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnect);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private lost(client: pg.Client, error?: Error): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    this.logger.warn({ err: error }, 'change feed connection lost; reconnecting');
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    this.retry();
  }

  private retry(): void {
    this.reconnect = setTimeout(() => {
      if (this.closed) return;
      this.start().then(
        // Notifications sent while the connection was down are gone: everyone re-reads once.
        () => this.topics.emitAll(),
        (error: unknown) => {
          this.logger.warn({ err: error }, 'change feed reconnect failed');
          this.retry();
        },
      );
    }, RECONNECT_MS);
  }
}

/**
 * Several processes sharing a Redis (production): PUBLISH to one channel per deployment, SUBSCRIBE
 * on a connection of its own per process. Works behind any PostgreSQL pooler, and keeps the fan-out
 * of live views (thousands of waiting clients) off the database. ioredis resubscribes after a
 * reconnect; every watcher then re-reads once, since messages sent meanwhile are gone.
 */
export class RedisChangeFeed extends ChangeFeed {
  private readonly logger = new Logger(RedisChangeFeed.name);
  private readonly topics = new Topics();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly channel: string;

  constructor(redisUrl: string, prefix: string, resyncMs: number) {
    super(resyncMs);
    this.channel = `${prefix}:change-feed`;
    // Publishing never waits for a lost connection: the safety re-read covers what is dropped.
    this.publisher = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.subscriber = new Redis(redisUrl, { maxRetriesPerRequest: null });
    for (const connection of [this.publisher, this.subscriber])
      connection.on('error', (error: Error) =>
        this.logger.warn({ err: error }, 'change feed connection error'),
      );
    this.subscriber.on('message', (channel: string, topic: string) => {
      if (channel === this.channel) this.topics.emit(topic);
    });
    let subscribedBefore = false;
    this.subscriber.on('ready', () => {
      if (subscribedBefore) this.topics.emitAll();
      subscribedBefore = true;
    });
  }

  /** Resolves once this process listens, so that nothing published after start-up is missed. */
  async start(): Promise<void> {
    await this.subscriber.subscribe(this.channel);
  }

  async publish(...topics: string[]): Promise<void> {
    try {
      if (topics.length === 1) await this.publisher.publish(this.channel, topics[0]);
      else {
        const pipeline = this.publisher.pipeline();
        for (const topic of topics) pipeline.publish(this.channel, topic);
        await pipeline.exec();
      }
    } catch (error) {
      this.logger.warn({ err: error, topics }, 'could not publish a change');
    }
  }

  protected changes(topic: string): Observable<void> {
    return this.topics.of(topic);
  }

  protected override close(): Promise<void> {
    this.subscriber.disconnect();
    this.publisher.disconnect();
    return Promise.resolve();
  }
}
