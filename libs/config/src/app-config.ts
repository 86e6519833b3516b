import { resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import Holidays from 'date-holidays';
import { isSupportedCountry } from 'libphonenumber-js';
import { KeyRing } from '@app/common';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidateIf,
  type ValidationError,
} from 'class-validator';

const NODE_ENVS = ['development', 'production', 'test'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A platform API's address: the bot token travels in it (Telegram), so https, or loopback for tests. */
const HTTPS_OR_LOOPBACK =
  /^(https:\/\/\S+|http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/\S*)?)$/;

/** Empty strings in a .env file mean "not set", as in most dotenv tools. */
const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const toInt = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string' || value.trim() === '') return value;
  return /^-?\d+$/.test(value.trim()) ? Number(value) : value;
};

const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string' || value.trim() === '') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};

/**
 * Every setting of Sprechstunde, read from environment variables and validated at start-up.
 * Property names are the variable names, so a validation message names the variable.
 * `.env.example` documents each of them.
 */
export class AppConfig {
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_URL must be a postgres:// or postgresql:// URL',
  })
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsString()
  @MinLength(1)
  DATA_DIR = './.data';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  EMBEDDED_DB_PORT = 0;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  RUN_MIGRATIONS?: boolean;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO?: boolean;

  /** Serve the OpenAPI page and document (/api/docs, /api/docs-json). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  OPENAPI_DOCS?: boolean;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  WORKER_IN_API?: boolean;

  /**
   * Whether the database delivers LISTEN/NOTIFY between connections. Set false behind a pooler in
   * transaction mode (PgBouncer) or on an embedded database: queue workers then poll every second.
   */
  @Transform(toBool)
  @IsBoolean()
  DATABASE_NOTIFY = true;

  /**
   * Live views (the video waiting room) are pushed on change; each also re-reads at this interval
   * in case a notification was lost.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  CHANGE_FEED_RESYNC_SECONDS = 30;

  @Matches(/^[A-Za-z0-9_-]{1,40}$/, {
    message: 'QUEUE_PREFIX must be 1-40 letters, digits, "_" or "-"',
  })
  QUEUE_PREFIX = 'sprechstunde';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  /** Express "trust proxy": hop count, or loopback / linklocal / uniquelocal / addresses. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^(\d+|[A-Za-z0-9.:/, ]+)$/, {
    message: 'TRUST_PROXY must be a hop count or a list of addresses',
  })
  TRUST_PROXY?: string;

  /**
   * LiveKit server URL handed to clients (wss:// in production). Unset: there is no video (the
   * quick start has no LiveKit server), and the API and pages say so instead of failing calls.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^(wss?|https?):\/\/\S+$/, {
    message: 'LIVEKIT_URL must be a ws://, wss://, http:// or https:// URL',
  })
  LIVEKIT_URL?: string;

  /** LiveKit API key and secret: required in production; embedded mode uses LiveKit's dev pair (livekit-server --dev). */
  @ValidateIf((config: AppConfig) => !config.embedded || config.LIVEKIT_API_KEY !== undefined)
  @Transform(emptyToUndefined)
  @IsString({ message: 'LIVEKIT_API_KEY must be set when DATABASE_URL is set (production)' })
  @MinLength(3)
  LIVEKIT_API_KEY?: string;

  @ValidateIf((config: AppConfig) => !config.embedded || config.LIVEKIT_API_SECRET !== undefined)
  @Transform(emptyToUndefined)
  @IsString({ message: 'LIVEKIT_API_SECRET must be set when DATABASE_URL is set (production)' })
  @MinLength(6)
  LIVEKIT_API_SECRET?: string;

  /**
   * 32 bytes, base64: wraps the keys of secrets at rest (E2EE keys, documents). Required in production;
   * embedded mode creates one in DATA_DIR on first start.
   */
  @ValidateIf((config: AppConfig) => !config.embedded || config.DATA_ENCRYPTION_KEY !== undefined)
  @Transform(emptyToUndefined)
  @Matches(/^[A-Za-z0-9+/]{43}=$/, {
    message: 'DATA_ENCRYPTION_KEY must be 32 random bytes in base64 (openssl rand -base64 32)',
  })
  DATA_ENCRYPTION_KEY?: string;

  /**
   * Earlier values of DATA_ENCRYPTION_KEY, comma-separated, kept after a rotation so that what they
   * sealed can still be opened until `keys:rotate` has re-wrapped it under the current key.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=(,[A-Za-z0-9+/]{43}=)*$/, {
    message: 'DATA_ENCRYPTION_KEYS_PREVIOUS must be base64 keys of 32 bytes, separated by commas',
  })
  DATA_ENCRYPTION_KEYS_PREVIOUS?: string;

  /** The built web front end (static files) the API serves; unset: dist/web of the working directory. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WEB_DIR?: string;

  /** Where uploaded documents (encrypted) are kept: files under DOCUMENTS_DIR, or the database. */
  @IsIn(['filesystem', 'database'])
  DOCUMENT_STORE: 'filesystem' | 'database' = 'filesystem';

  /** Default: DATA_DIR/documents. Shared storage when several API processes run. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  DOCUMENTS_DIR?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DOCUMENT_MAX_PER_APPOINTMENT = 10;

  /**
   * The default office's country (ISO 3166-1 alpha-2): phone numbers given without a country code,
   * e.g. "0176 1234 5678", are read as numbers of this country. Read once, when the migration
   * creates the default office; every office keeps its own country after that.
   */
  @Matches(/^[A-Z]{2}$/, { message: 'OFFICE_COUNTRY must be a two-letter country code such as DE' })
  OFFICE_COUNTRY = 'DE';

  /**
   * The default office's IANA time zone (its weeks, the default zone of its new counsellors and of
   * clients who send none). The migration gives it to the default office; other offices have
   * their own. Also the zone of the staff week views until those are per office.
   */
  @IsTimeZone({ message: 'OFFICE_TIME_ZONE must be an IANA time zone such as Europe/Berlin' })
  OFFICE_TIME_ZONE = 'Europe/Berlin';

  /**
   * The default office's region for public holidays: ISO country, optionally "-" and state
   * (date-holidays codes). Read when the migration creates the default office; each office has its own.
   */
  @Matches(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, { message: 'HOLIDAY_REGION must look like DE or DE-BE' })
  HOLIDAY_REGION = 'DE-BE';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  SESSION_IDLE_MINUTES = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 7)
  SESSION_MAX_HOURS = 12;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LOGIN_LOCK_MINUTES = 15;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_ADDRESS_MAX_FAILURES = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_RATE_LIMIT_PER_MINUTE = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  RATE_LIMIT_PER_MINUTE = 300;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  PUBLIC_RATE_LIMIT_PER_MINUTE = 120;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  SLOT_SEARCH_RATE_LIMIT_PER_MINUTE = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  EVENT_STREAM_RATE_LIMIT_PER_MINUTE = 10;

  /**
   * Messenger and SMS webhook calls per sending address and minute (the platforms post from a few
   * addresses, so this is their budget, not a client's); above it they get 429 and retry later.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  WEBHOOK_RATE_LIMIT_PER_MINUTE = 1200;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  BOOKING_RATE_LIMIT_PER_MINUTE = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  MANAGE_RATE_LIMIT_PER_MINUTE = 60;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120000)
  SHUTDOWN_TIMEOUT_MS = 10000;

  /**
   * Where links in notifications point: the public address of the web front end. Unset (or empty):
   * http://127.0.0.1:<PORT>, the quick start's own address, also on another port.
   */
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, {
    message: 'PUBLIC_BASE_URL must be an http:// or https:// URL',
  })
  PUBLIC_BASE_URL = 'http://127.0.0.1:3000';

  /**
   * Outgoing mail server, e.g. smtps://user:password@mail.example.org:465. Unset: mails are written
   * as .eml files to DATA_DIR/mail (development and the embedded quick start).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @Matches(/^(.+ )?<?[^\s@<>]+@[^\s@<>]+>?$/, {
    message:
      'MAIL_FROM must be an address, optionally with a name: Sprechstunde <noreply@example.org>',
  })
  MAIL_FROM = 'Sprechstunde <noreply@sprechstunde.local>';

  /** HTTP SMS gateway: POST {from, to, text} as JSON. Unset: SMS cannot be sent (recorded as failed). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'SMS_GATEWAY_URL must be an http:// or https:// URL' })
  SMS_GATEWAY_URL?: string;

  /** Sent as "Authorization: Bearer <token>" to the SMS gateway. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SMS_GATEWAY_TOKEN?: string;

  @Matches(/^[A-Za-z0-9 +]{1,15}$/, {
    message: 'SMS_SENDER must be 1-15 letters, digits or a number',
  })
  SMS_SENDER = 'Sprechstunde';

  /**
   * Inbound SMS (replies "1", "2", "3"): the gateway POSTs {"id", "from", "text"} as JSON to
   * /api/webhooks/sms with "X-Sms-Signature: sha256=<hex HMAC-SHA256 of the body under this secret>".
   * Unset: SMS replies are not accepted.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @MinLength(16, { message: 'SMS_WEBHOOK_SECRET must be at least 16 characters' })
  SMS_WEBHOOK_SECRET?: string;

  /** Telegram (Bot API): the bot's token from @BotFather. Unset: Telegram is not offered. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\d+:[A-Za-z0-9_-]{20,}$/, { message: 'TELEGRAM_BOT_TOKEN must look like 123456:ABC…' })
  TELEGRAM_BOT_TOKEN?: string;

  /** The bot's username (without @), for the t.me deep link. */
  @Transform(emptyToUndefined)
  @ValidateIf((config: AppConfig) => Boolean(config.TELEGRAM_BOT_TOKEN))
  @Matches(/^[A-Za-z][A-Za-z0-9_]{4,31}$/, {
    message: 'TELEGRAM_BOT_USERNAME must be the bot username (5-32 letters, digits, _)',
  })
  TELEGRAM_BOT_USERNAME?: string;

  /** Telegram sends it back in X-Telegram-Bot-Api-Secret-Token with every webhook call. */
  @Transform(emptyToUndefined)
  @ValidateIf((config: AppConfig) => Boolean(config.TELEGRAM_BOT_TOKEN))
  @Matches(/^[A-Za-z0-9_-]{16,256}$/, {
    message: 'TELEGRAM_WEBHOOK_SECRET must be 16-256 letters, digits, _ or -',
  })
  TELEGRAM_WEBHOOK_SECRET?: string;

  /** The Bot API's address; set only to point the adapter at a test server. */
  @Matches(HTTPS_OR_LOOPBACK, {
    message: 'TELEGRAM_API_URL must be an https:// URL (http:// only on loopback)',
  })
  TELEGRAM_API_URL = 'https://api.telegram.org';

  /** Viber (bot REST API): the bot's authentication token. Unset: Viber is not offered. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @MinLength(20, { message: 'VIBER_AUTH_TOKEN must be the bot token from the Viber admin panel' })
  VIBER_AUTH_TOKEN?: string;

  /** The bot's URI (viber://pa?chatURI=<this>), for the deep link. */
  @Transform(emptyToUndefined)
  @ValidateIf((config: AppConfig) => Boolean(config.VIBER_AUTH_TOKEN))
  @Matches(/^[A-Za-z0-9_.-]{3,64}$/, { message: 'VIBER_BOT_URI must be the bot URI' })
  VIBER_BOT_URI?: string;

  /** The sender name shown in Viber. */
  @Matches(/^.{1,28}$/, { message: 'VIBER_SENDER_NAME must be 1-28 characters' })
  VIBER_SENDER_NAME = 'Sprechstunde';

  @Matches(HTTPS_OR_LOOPBACK, {
    message: 'VIBER_API_URL must be an https:// URL (http:// only on loopback)',
  })
  VIBER_API_URL = 'https://chatapi.viber.com/pa';

  /** WhatsApp Business Cloud API: a (system user) access token. Unset: WhatsApp is not offered. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @MinLength(20, { message: 'WHATSAPP_ACCESS_TOKEN must be a Cloud API access token' })
  WHATSAPP_ACCESS_TOKEN?: string;

  /** The business phone number's id in the Cloud API (not the number itself). */
  @Transform(emptyToUndefined)
  @ValidateIf((config: AppConfig) => Boolean(config.WHATSAPP_ACCESS_TOKEN))
  @Matches(/^\d{5,20}$/, { message: 'WHATSAPP_PHONE_NUMBER_ID must be the numeric id' })
  WHATSAPP_PHONE_NUMBER_ID?: string;

  /** The business number in international digits (4930123456), for the wa.me deep link. */
  @Transform(emptyToUndefined)
  @ValidateIf((config: AppConfig) => Boolean(config.WHATSAPP_ACCESS_TOKEN))
  @Matches(/^\d{6,15}$/, {
    message: 'WHATSAPP_BUSINESS_NUMBER must be digits only, with country code',
  })
  WHATSAPP_BUSINESS_NUMBER?: string;

  /** The Meta app secret: webhooks are signed with it (X-Hub-Signature-256). */
  @Transform(emptyToUndefined)
  @ValidateIf((config: AppConfig) => Boolean(config.WHATSAPP_ACCESS_TOKEN))
  @MinLength(16, { message: 'WHATSAPP_APP_SECRET must be the app secret' })
  WHATSAPP_APP_SECRET?: string;

  /** Chosen by the office, entered in the Meta dashboard: answers the webhook verification. */
  @Transform(emptyToUndefined)
  @ValidateIf((config: AppConfig) => Boolean(config.WHATSAPP_ACCESS_TOKEN))
  @MinLength(16, { message: 'WHATSAPP_VERIFY_TOKEN must be at least 16 characters' })
  WHATSAPP_VERIFY_TOKEN?: string;

  /** The Graph API's address with its version; set only to pin another version or for tests. */
  @Matches(HTTPS_OR_LOOPBACK, {
    message: 'WHATSAPP_API_URL must be an https:// URL (http:// only on loopback)',
  })
  WHATSAPP_API_URL = 'https://graph.facebook.com/v23.0';

  /** Live future appointments one contact address (email or phone) may hold at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  MAX_FUTURE_APPOINTMENTS_PER_CONTACT = 3;

  /** Minutes a freed time is held for the waitlisted client it is offered to. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(24 * 60)
  WAITLIST_HOLD_MINUTES = 30;

  /** Waitlist entries (waiting or offered) one email address or phone number may hold at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  MAX_WAITLIST_ENTRIES_PER_CONTACT = 3;

  /**
   * Days a conversation stays open for writing after its appointment ended (a cancelled one: after
   * the cancellation or the planned end, whichever is later) or its walk-in ticket was finished.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(365)
  CONVERSATION_OPEN_DAYS = 14;

  /** The longest message text, in characters (code points). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(20000)
  CONVERSATION_MAX_CHARS = 4000;

  /** Messages (text or document) one side may post in one conversation per hour. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  CONVERSATION_MESSAGES_PER_HOUR = 30;

  /** At most one "new message" notice per conversation within this many minutes. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  CONVERSATION_NOTICE_QUIET_MINUTES = 60;

  /** Days after an appointment at which the client's personal data is deleted. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  RETENTION_DAYS = 30;

  /** Local hour (in each counsellor's zone) at which the daily agenda is mailed. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(23)
  AGENDA_HOUR = 7;

  /** Embedded mode: no DATABASE_URL, so the service runs its own PGlite database. */
  get embedded(): boolean {
    return this.DATABASE_URL === undefined;
  }

  get runMigrations(): boolean {
    return this.RUN_MIGRATIONS ?? this.embedded;
  }

  get seedDemo(): boolean {
    return this.SEED_DEMO ?? this.embedded;
  }

  /** On in embedded mode (the quick start), off in production unless asked for. */
  get openApiDocs(): boolean {
    return this.OPENAPI_DOCS ?? this.embedded;
  }

  get workerInApi(): boolean {
    return this.WORKER_IN_API ?? this.embedded;
  }

  get trustProxy(): string | number | undefined {
    return this.TRUST_PROXY && /^\d+$/.test(this.TRUST_PROXY)
      ? Number(this.TRUST_PROXY)
      : this.TRUST_PROXY;
  }

  get livekitCredentials(): { apiKey: string; apiSecret: string } {
    return {
      apiKey: this.LIVEKIT_API_KEY ?? 'devkey',
      apiSecret: this.LIVEKIT_API_SECRET ?? 'secret',
    };
  }

  get keyRing(): KeyRing {
    if (!this.DATA_ENCRYPTION_KEY) throw new Error('DATA_ENCRYPTION_KEY is not set');
    return new KeyRing(
      this.DATA_ENCRYPTION_KEY,
      (this.DATA_ENCRYPTION_KEYS_PREVIOUS ?? '').split(',').filter(Boolean),
    );
  }

  get webDir(): string {
    return resolve(this.WEB_DIR ?? 'dist/web');
  }

  /** Origins the browser may connect to for video: LiveKit's signalling (ws/wss) and its HTTP API. */
  get livekitOrigins(): string[] {
    if (!this.LIVEKIT_URL) return [];
    const url = new URL(this.LIVEKIT_URL);
    const secure = url.protocol === 'wss:' || url.protocol === 'https:';
    return [`${secure ? 'wss' : 'ws'}://${url.host}`, `${secure ? 'https' : 'http'}://${url.host}`];
  }

  /** An address of the web front end, for links in messages. */
  publicUrl(path: string): string {
    return `${this.PUBLIC_BASE_URL.replace(/\/$/, '')}${path}`;
  }

  get corsOrigins(): string[] {
    return (this.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);
  }
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

/** One line per bad variable, starting with its name. */
function describe(errors: ValidationError[]): string[] {
  return errors.map((error) => {
    const messages = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
    );
    return `${error.property} ${messages.join('; ')}`;
  });
}

/** Reads and validates the configuration; throws ConfigValidationError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Only our own variables: the rest of the environment is none of our business.
  const known = new Set(Object.keys(new AppConfig()));
  const relevant = Object.fromEntries(Object.entries(env).filter(([key]) => known.has(key)));
  const config = plainToInstance(AppConfig, relevant, { exposeDefaultValues: true });
  if (!relevant.PUBLIC_BASE_URL?.trim()) config.PUBLIC_BASE_URL = `http://127.0.0.1:${config.PORT}`;
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigValidationError(describe(errors));
  const [country, state] = config.HOLIDAY_REGION.split('-');
  if (
    !new Holidays().getCountries()[country] ||
    (state && !new Holidays().getStates(country)?.[state])
  ) {
    throw new ConfigValidationError([
      `HOLIDAY_REGION ${config.HOLIDAY_REGION} is not a region known to date-holidays`,
    ]);
  }
  if (!isSupportedCountry(config.OFFICE_COUNTRY)) {
    throw new ConfigValidationError([
      `OFFICE_COUNTRY ${config.OFFICE_COUNTRY} is not a country with known phone numbers`,
    ]);
  }
  if (config.SESSION_IDLE_MINUTES > config.SESSION_MAX_HOURS * 60) {
    throw new ConfigValidationError([
      'SESSION_IDLE_MINUTES must not exceed SESSION_MAX_HOURS * 60',
    ]);
  }
  return config;
}
