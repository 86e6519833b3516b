import {
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import { AppConfig } from '@app/config';
import { Clock } from '@app/common';

/** The first wait after the free failures; each further failure doubles it, up to the cap. */
const FIRST_WAIT_MS = 1000;

/** 429 with the seconds to wait; the error filter turns them into Retry-After. */
export class LoginThrottledException extends HttpException {
  readonly retryAfterSeconds: number;

  constructor(waitMs: number) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    super(
      {
        code: 'login_throttled',
        message: `Too many failed attempts. Try again in ${seconds} seconds.`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
    this.retryAfterSeconds = seconds;
  }
}

/** One counter: failures since the last quiet period, the last one, and the wait it imposed. */
interface Counter {
  failures: number;
  lastFailureMs: number;
  blockedUntilMs: number;
}

interface Policy {
  free: number;
  capMs: number;
}

/**
 * Records a failure and answers the instant until which the key waits (0: no wait). A counter
 * forgets after a quiet period as long as the longest wait. `now` comes from the service's clock.
 */
const RECORD_FAILURE = `
local failures = tonumber(redis.call('HGET', KEYS[1], 'failures') or '0')
local last = tonumber(redis.call('HGET', KEYS[1], 'last') or '0')
local now, free, first, cap = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
if now - last > cap then failures = 0 end
failures = failures + 1
local blocked = 0
if failures > free then blocked = now + math.min(cap, first * 2 ^ math.min(failures - free - 1, 40)) end
redis.call('HSET', KEYS[1], 'failures', failures, 'last', now, 'blocked', blocked)
redis.call('PEXPIRE', KEYS[1], 2 * cap)
return tostring(blocked)
`;

function nextCounter(
  counter: Counter | undefined,
  nowMs: number,
  { free, capMs }: Policy,
): Counter {
  const failures = counter && nowMs - counter.lastFailureMs <= capMs ? counter.failures + 1 : 1;
  const blockedUntilMs =
    failures > free
      ? nowMs + Math.min(capMs, FIRST_WAIT_MS * 2 ** Math.min(failures - free - 1, 40))
      : 0;
  return { failures, lastFailureMs: nowMs, blockedUntilMs };
}

/** Where the counters live: Redis across API processes, else this process. */
interface CounterStore {
  blockedUntil(key: string): Promise<number>;
  recordFailure(key: string, nowMs: number, policy: Policy): Promise<number>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

/** The most counters kept in process; beyond it the oldest go (a spray of addresses cannot fill memory). */
const MAX_LOCAL_COUNTERS = 100_000;

class LocalCounterStore implements CounterStore {
  private readonly counters = new Map<string, Counter>();

  blockedUntil(key: string): Promise<number> {
    return Promise.resolve(this.counters.get(key)?.blockedUntilMs ?? 0);
  }

  recordFailure(key: string, nowMs: number, policy: Policy): Promise<number> {
    const counter = nextCounter(this.counters.get(key), nowMs, policy);
    this.counters.delete(key); // re-inserted last: the map's order is least recently failed first
    this.counters.set(key, counter);
    if (this.counters.size > MAX_LOCAL_COUNTERS) {
      this.counters.delete(this.counters.keys().next().value as string);
    }
    return Promise.resolve(counter.blockedUntilMs);
  }

  reset(key: string): Promise<void> {
    this.counters.delete(key);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

class RedisCounterStore implements CounterStore {
  private readonly redis: Redis;
  private readonly logger = new Logger(LoginThrottle.name);

  constructor(url: string, prefix: string) {
    this.redis = new Redis(url, { keyPrefix: `${prefix}:login:`, maxRetriesPerRequest: 2 });
    this.redis.defineCommand('recordLoginFailure', { numberOfKeys: 1, lua: RECORD_FAILURE });
    // Reconnects on its own; while Redis is away, logins answer 500 (fail closed).
    this.redis.on('error', (error: Error) =>
      this.logger.warn({ error: error.message }, 'login throttle store'),
    );
  }

  async blockedUntil(key: string): Promise<number> {
    return Number((await this.redis.hget(key, 'blocked')) ?? 0);
  }

  async recordFailure(key: string, nowMs: number, { free, capMs }: Policy): Promise<number> {
    const redis = this.redis as unknown as {
      recordLoginFailure(
        key: string,
        now: number,
        free: number,
        first: number,
        cap: number,
      ): Promise<string>;
    };
    return Number(await redis.recordLoginFailure(key, nowMs, free, FIRST_WAIT_MS, capMs));
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(key);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}

/**
 * Slows password guessing without letting anyone lock an account or learn that it exists.
 * Failures are counted per (email, client address) and per client address: after
 * LOGIN_MAX_FAILURES failures of one email from one address (LOGIN_ADDRESS_MAX_FAILURES from one
 * address, whatever the emails) each further failure makes that pair (that address) wait, 1 s,
 * 2 s, 4 s, … up to LOGIN_LOCK_MINUTES. Keys are the email as typed (normalised), never whether
 * an account has it, so an unknown email is answered exactly like a known one; and the owner,
 * logging in from another address than the attacker, never waits for the attacker's failures.
 */
@Injectable()
export class LoginThrottle implements OnApplicationShutdown {
  private readonly store: CounterStore;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.store = config.REDIS_URL
      ? new RedisCounterStore(config.REDIS_URL, config.QUEUE_PREFIX)
      : new LocalCounterStore();
  }

  /** Throws LoginThrottledException while the email from this address, or the address, waits. */
  async assertMayTry(email: string, address: string): Promise<void> {
    const now = this.clock.now().getTime();
    const [pair, whole] = await Promise.all([
      this.store.blockedUntil(this.pairKey(email, address)),
      this.store.blockedUntil(this.addressKey(address)),
    ]);
    const until = Math.max(pair, whole);
    if (until > now) throw new LoginThrottledException(until - now);
  }

  /** Counts a wrong password; throws when this failure starts a wait, so the answer says so. */
  async recordFailure(email: string, address: string): Promise<void> {
    const now = this.clock.now().getTime();
    const capMs = this.config.LOGIN_LOCK_MINUTES * 60_000;
    const [pair, whole] = await Promise.all([
      this.store.recordFailure(this.pairKey(email, address), now, {
        free: this.config.LOGIN_MAX_FAILURES,
        capMs,
      }),
      this.store.recordFailure(this.addressKey(address), now, {
        free: this.config.LOGIN_ADDRESS_MAX_FAILURES,
        capMs,
      }),
    ]);
    const until = Math.max(pair, whole);
    if (until > now) throw new LoginThrottledException(until - now);
  }

  /** A success forgets this email's failures from this address (not the address's own count). */
  recordSuccess(email: string, address: string): Promise<void> {
    return this.store.reset(this.pairKey(email, address));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }

  // Hashed: the keys name neither the email nor the address in Redis.
  private pairKey(email: string, address: string): string {
    return `pair:${digest(`${normaliseEmail(email)}\n${address}`)}`;
  }

  private addressKey(address: string): string {
    return `address:${digest(address)}`;
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
