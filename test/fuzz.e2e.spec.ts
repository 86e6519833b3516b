import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import * as validators from 'class-validator';
import fc from 'fast-check';
import { AccessToken } from 'livekit-server-sdk';
import { DateTime, FixedOffsetZone } from 'luxon';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACT_CHANNELS } from '@app/appointments';
import { TOPIC_CODES } from '@app/roster';
import { createTestApp, TEST_LIVEKIT, type TestApp } from './support/test-app.js';

/*
 * Property-based fuzzing of every public (@Public) endpoint with malformed, oversized and hostile
 * requests. For every request: the answer is a 4xx from ALLOWED (never a 5xx, never a 2xx, never a
 * 429: the rate limits are lifted below), it is JSON in the API's error shape, and the data tables
 * are the same afterwards as before (checked after each group; FUZZ_DB_CHECK=each checks after
 * every single request, to name the request that changed them). The health checks, which take no
 * input at all, are one exception (GET answers 200 whatever the query, other methods 4xx); slot
 * searches that are well-formed but lie at the edges of the calendar (years 0000 to 9999) are the
 * other: they may answer 200 with a slot list, or a 4xx, never a 5xx.
 *
 * FUZZ_RUNS sets the runs per property (default 60); a failure prints the request and the answer,
 * and fast-check's seed and path, which FUZZ_SEED / FUZZ_PATH (with -t for that test) replay.
 *
 * Booking bodies are never fully valid: each is a bookable request (a free slot taken from the
 * API's own slot search, a valid contact, ...) with at least one "breaker" applied last, and every
 * breaker alone makes the request unbookable whatever the other fields say: a start off the slot
 * grid, outside the rules, on a weekend, before the notice period (or in the past), past the
 * horizon, or not a calendar date at all; an unknown consultation type or counsellor; a counsellor
 * language the only counsellor does not speak; or a field the DTO must reject (wrong type, too
 * long, blank, missing, unknown field). Hostile but possibly valid decorations (prototype keys,
 * SQL, control characters, exotic time zones) come first and never undo a breaker. The same holds
 * for slot searches and the topic and type lists, whose valid queries would answer 200.
 *
 * The staff endpoints get the same treatment, as an admin and as a counsellor (a counsellor-role
 * account linked to no counsellor): every route that takes a body, a query or a path parameter,
 * each request with at least one breaker (an impossible day or instant, an offset beyond
 * -12:00..+14:00, a value of the wrong kind, an unknown or prototype field, or a rule the service
 * enforces such as an end before the start) and the same checks: 4xx only, tables unchanged.
 *
 * The API's log lines (level info) are captured for the whole run; at the end none may contain a
 * pseudonym, note, contact or manage token that the run sent.
 *
 * No appointment exists: the manage endpoints only see random or malformed tokens, LiveKit webhooks
 * are never signed correctly, and logins use only emails without an account, so the failed-login
 * counters of staff_account never move and staff_account stays in the fingerprint (public routes
 * never authenticate, so staff_session stays unchanged too). The counsellor has no staff account,
 * so the agenda job plans nothing while the test runs. Headers stay well below Node's 16 kB limit,
 * above which Node itself answers 431 without the application.
 */

type Response = request.Response;

/** class-validator's checks, for the generators; a check that throws (validator.js's isEmail does
 * on a lone surrogate) counts as "not valid", and the server gets to show what it does with it. */
const safely =
  (check: (value: unknown) => boolean) =>
  (value: unknown): boolean => {
    try {
      return check(value);
    } catch {
      return false;
    }
  };
const isEmail = safely((value) => validators.isEmail(value));
const isISO6391 = safely((value) => validators.isISO6391(value));
const isPhoneNumber = safely((value) => validators.isPhoneNumber(value as string));
const isTimeZone = safely((value) => validators.isTimeZone(value));
const isUUID = safely((value) => validators.isUUID(value));

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const FC_OPTIONS: fc.Parameters<unknown> = {
  numRuns: RUNS,
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
  ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
};
const CHECK_EACH = process.env.FUZZ_DB_CHECK === 'each';
const TEST_TIMEOUT_MS = 180_000;
const REQUEST_TIMEOUT_MS = 20_000;

/** The only answers garbage may get. */
const ALLOWED = [400, 401, 403, 404, 409, 413, 415, 422] as const;

const NOW = '2027-06-07T06:00:00Z'; // a Monday, 08:00 in Berlin; the window below has no DST change
const ZONE = 'Europe/Berlin';
const MINUTE = 60_000;
const DAY = 86_400_000;
const NOTICE_MINUTES = 120;
const HORIZON_DAYS = 30;
const FIRST_DAY = '2027-06-07';
const LAST_DAY = '2027-07-07'; // NOW + 30 days: the horizon, and at most 31 days for one search
const COUNSELLOR_LANGUAGES = ['de', 'ar'];

/** Every table that holds data; BullMQ's own tables (embedded mode) and migrations are left out. */
const DATA_TABLES = [
  'appointment',
  'manage_token',
  'idempotency_key',
  'audit_event',
  'outbox_event',
  'notification',
  'document',
  'document_blob',
  'video_session',
  'livekit_webhook_event',
  'staff_account',
  'staff_session',
  'counsellor',
  'consultation_type',
  'consultation_type_counsellor',
  'availability_rule',
  'availability_extra',
  'absence',
  'holiday_opening',
];

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const SEARCH_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;
/**
 * Keys that are no plain unknown field: the names of Object.prototype's members and `prototype`.
 * `__proto__`, `constructor` and `prototype` are refused (400) by the validation pipe, the other
 * names may be dropped by the query parser (`?toString=x`). So they are hostile decorations here,
 * never what alone makes a request invalid.
 */
const ignoredKey = (key: string): boolean => key in Object.prototype || key === 'prototype';

const BOOKING_FIELDS = new Set([
  'consultationTypeId',
  'start',
  'counsellorId',
  'counsellorLanguage',
  'pseudonym',
  'language',
  'timeZone',
  'contact',
  'note',
  'needsInterpreter',
]);
/** Every field and parameter name of the public endpoints. */
const KNOWN_FIELDS = new Set([
  ...BOOKING_FIELDS,
  'channel',
  'value',
  'email',
  'password',
  'from',
  'to',
  'topic',
]);

// ---------------------------------------------------------------------------------------------
// What is sent, and how a failure shows it

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Sent {
  method: Method;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** What makes the request invalid (the breakers applied). */
  why: string[];
}

const clip = (text: string, max = 1500): string =>
  text.length <= max
    ? text
    : `${text.slice(0, max - 200)} …[${text.length - max + 200} more chars]… ${text.slice(-200)}`;

function bodyText(body: string | Buffer | undefined): string {
  if (body === undefined) return '(none)';
  if (typeof body === 'string') return `(${body.length} chars) ${clip(JSON.stringify(body))}`;
  return `(${body.length} bytes, base64) ${clip(body.toString('base64'))}`;
}

function showRequest(r: Sent): string {
  return [
    `REQUEST  ${r.method} ${clip(r.path, 800)}`,
    `  invalid because: ${r.why.length > 0 ? r.why.join('; ') : '(see body)'}`,
    `  headers: ${clip(JSON.stringify(r.headers), 800)}`,
    `  body: ${bodyText(r.body)}`,
  ].join('\n');
}

function show(r: Sent, res: Response): string {
  return [
    showRequest(r),
    `RESPONSE ${res.status} ${String(res.headers['content-type'] ?? '(no content-type)')}`,
    `  body: ${clip(res.text ?? '')}`,
  ].join('\n');
}

/** A request as fast-check prints it in a counterexample: short, with the reasons. */
function sent(r: Sent): Sent {
  return Object.defineProperty(r, fc.toStringMethod, {
    value: () => `${r.method} ${clip(r.path, 200)} [${r.why.join('; ')}] ${bodyText(r.body)}`,
    enumerable: false,
  });
}

/** Answers garbage must get: an allowed 4xx, as JSON in the error shape. */
function checkError(r: Sent, res: Response, allowed: readonly number[] = ALLOWED): void {
  const problems: string[] = [];
  if (!allowed.includes(res.status))
    problems.push(`status ${res.status} is not one of ${allowed.join(', ')}`);
  problems.push(...errorShapeProblems(res));
  if (problems.length > 0) throw new Error(`${problems.join('; ')}\n${show(r, res)}`);
}

function errorShapeProblems(res: Response): string[] {
  const problems: string[] = [];
  const type = String(res.headers['content-type'] ?? '');
  if (!type.startsWith('application/json')) problems.push(`content-type is "${type}", not JSON`);
  const body: unknown = res.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    problems.push('the body is not a JSON object');
    return problems;
  }
  const { statusCode, error, message } = body as Record<string, unknown>;
  if (statusCode !== res.status) problems.push(`statusCode ${String(statusCode)} ≠ HTTP status`);
  if (typeof error !== 'string' || error.length === 0) problems.push('error is not a string');
  if (typeof message !== 'string' || message.length === 0) problems.push('message is not a string');
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Building JSON bodies that JSON.stringify alone cannot write

/** JSON text put into a body verbatim: numbers like 1e400, nesting deeper than stringify likes. */
class RawJson {
  constructor(readonly text: string) {}
}

const RAW_MARK = `\u0000raw-${randomBytes(6).toString('hex')}-`;

function toJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (!(item instanceof RawJson)) return item;
    raws.push(item.text);
    return `${RAW_MARK}${raws.length - 1}`;
  });
  const mark = JSON.stringify(RAW_MARK).slice(1, -1);
  return raws.reduce(
    (json, raw, index) => json.replace(`"${mark}${index}"`, () => raw),
    text ?? 'null',
  );
}

/** An object with these own keys, in this order: `__proto__` and `constructor` included. */
function objectOf(entries: Iterable<[string, unknown]>): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return target;
}

/** A change to one field of a body or query: set, or removed; `why` is set for breakers. */
interface Edit {
  key: string;
  value?: unknown;
  remove?: true;
  why?: string;
}

const set = (key: string, value: unknown, why?: string): Edit => ({ key, value, why });
const drop = (key: string, why: string): Edit => ({ key, remove: true, why });

function applyEdits(base: [string, unknown][], edits: Edit[]): Map<string, unknown> {
  const fields = new Map(base);
  for (const edit of edits) {
    if (edit.remove) fields.delete(edit.key);
    else fields.set(edit.key, edit.value);
  }
  return fields;
}

const reasons = (edits: Edit[]): string[] => edits.flatMap((edit) => (edit.why ? [edit.why] : []));

// ---------------------------------------------------------------------------------------------
// Hostile values

const SQL = [
  "' OR '1'='1",
  "'; DROP TABLE appointment; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5) --',
  '$$; DELETE FROM staff_account; $$',
  "' UNION SELECT token_hash FROM manage_token --",
  "admin'--",
  '%',
  '_',
  '\\',
  "E'\\x00'",
];

const WEIRD = [
  '\u0000',
  'a\u0000b',
  '\u0007\u0008\u001b[31m',
  '\u202eevil\u202c',
  '\ufeff',
  '\u200b\u200d',
  '\ud800',
  '\udfff\ud800',
  '💥🧨',
  'Z̴̡̛a̸l̷g̶o̵',
  'ﷺ',
  '\u2028\u2029',
  '\u00a0',
  '%00',
  '%s%s%n',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'null',
  'undefined',
  '[object Object]',
];

const NUMBERS_AS_STRINGS = ['0', '1', '-1', '1e400', 'NaN', 'Infinity', '0x1F', '9007199254740993'];
const RAW_NUMBERS = ['1e400', '-1e400', '-0', '1e-400', '123456789012345678901234567890'];

/** Character codes a header value may carry (Node refuses the rest before sending). */
const headerChar = fc
  .oneof(
    fc.integer({ min: 0x20, max: 0x7e }),
    fc.integer({ min: 0x80, max: 0xff }),
    fc.constant(0x09),
  )
  .map((code) => String.fromCharCode(code));
const headerText = (maxLength: number) => fc.string({ unit: headerChar, maxLength });

const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...SQL),
  fc.constantFrom(...WEIRD),
  fc
    .array(fc.constantFrom(...SQL, ...WEIRD), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.join('')),
);

const hugeText = fc
  .tuple(fc.integer({ min: 1_000, max: 60_000 }), fc.constantFrom('x', 'ä', '💥', '\u0000', ' '))
  .map(([length, unit]) => unit.repeat(length));

const deepNesting = fc
  .tuple(fc.integer({ min: 2, max: 20_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays
      ? new RawJson('['.repeat(depth) + ']'.repeat(depth))
      : new RawJson(
          '{"a":'.repeat(Math.min(depth, 15_000)) + '1' + '}'.repeat(Math.min(depth, 15_000)),
        ),
  );

const json = fc.jsonValue({ maxDepth: 3 });

/** Anything that is not a string; null only where asked (optional fields accept null). */
const nonString = (withNull: boolean) =>
  fc.oneof(
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    ...(withNull ? [fc.constant(null)] : []),
    fc.array(json, { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 4 }),
    fc.constantFrom(...RAW_NUMBERS).map((text) => new RawJson(text)),
    deepNesting,
  );

/** Anything but a boolean (and not null). */
const nonBoolean = fc.oneof(
  fc.constantFrom(...NUMBERS_AS_STRINGS, 'true', 'false', 'yes', ''),
  fc.integer(),
  fc.array(fc.boolean(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 3 }),
  hostileText,
);

/** Keys no DTO knows (the prototype's own names are decorations, below, not breakers). */
const unknownKey = fc.oneof(
  fc.constantFrom('status', 'id', 'manageToken', 'role', 'isAdmin', 'version', 'cancelledBy'),
  fc
    .stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,20}$/)
    .filter((key) => !KNOWN_FIELDS.has(key) && !ignoredKey(key)),
);

const pollutionKey = fc.constantFrom('__proto__', 'constructor', 'prototype');
const pollutionValue = fc.oneof(
  fc.constant({ isAdmin: true, status: 'cancelled', polluted: true }),
  fc.constant({ prototype: { polluted: true } }),
  fc.constant(null),
  json,
);

const uuid = fc.uuid();

const invalidLanguage = fc.oneof(
  fc.constantFrom('xx', 'zz', 'deu', 'EN', 'De', 'd', '', ' de', 'de-DE', '12', 'ара'),
  fc.string({ maxLength: 6 }).filter((text) => !isISO6391(text)),
  hostileText.filter((text) => !isISO6391(text)),
);

const invalidZone = fc.oneof(
  fc.constantFrom('Mars/Olympus', 'Europe/Berlinn', 'Etc/GMT+99', '+25:00', '../../etc/passwd', ''),
  hostileText.filter((text) => !isTimeZone(text)),
);

const ZONES = [
  'Europe/Berlin',
  'UTC',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Etc/GMT-14',
  'Etc/GMT+12',
  'America/St_Johns',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
];

// ---------------------------------------------------------------------------------------------
// Instants

const OFFSETS = [0, 120, 60, -300, 330, 345, 525, 840, -570, -720];

function iso(ms: number, offsetMinutes: number, millis: boolean): string {
  return (
    DateTime.fromMillis(ms, { zone: FixedOffsetZone.instance(offsetMinutes) }).toISO({
      suppressMilliseconds: !millis,
    }) ?? `invalid instant ${ms}`
  );
}

/** The same instant, written in any of several offsets. */
const written = (ms: fc.Arbitrary<number>) =>
  fc
    .tuple(ms, fc.constantFrom(...OFFSETS), fc.boolean())
    .map(([at, offset, millis]) => iso(at, offset, millis));

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Parts of a date and time of which one is out of range: matches the DTO's pattern, is no date. */
const impossibleParts = fc.oneof(
  fc.record({ month: fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 })) }),
  fc.record({ day: fc.oneof(fc.constant(0), fc.integer({ min: 32, max: 99 })) }),
  fc.constantFrom(
    { month: 2, day: 29 }, // 2027 is no leap year
    { month: 2, day: 30 },
    { month: 2, day: 31 },
    { month: 4, day: 31 },
    { month: 6, day: 31 },
    { month: 9, day: 31 },
    { month: 11, day: 31 },
  ),
  fc.record({ hour: fc.integer({ min: 25, max: 99 }) }),
  fc.record({ minute: fc.integer({ min: 60, max: 99 }) }),
  fc.record({ second: fc.integer({ min: 60, max: 99 }) }),
);

type Parts = { month?: number; day?: number; hour?: number; minute?: number; second?: number };

function impossible(slot: number, parts: Parts, offset: string, dateOnly = false): string {
  const utc = DateTime.fromMillis(slot, { zone: 'UTC' });
  const p = { month: utc.month, day: utc.day, hour: utc.hour, minute: 0, second: 0, ...parts };
  const date = `${pad(utc.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
  return dateOnly ? date : `${date}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${offset}`;
}

// ---------------------------------------------------------------------------------------------
// The app and its data

let t: TestApp;
let typeId: string;
let counsellorId: string;
/** Free, bookable starts (ms) as the API's own slot search lists them. */
let slots: number[];
const staffEmails = new Set<string>();
let baseline: Record<string, string>;

async function fingerprint(): Promise<Record<string, string>> {
  const rows = await t.dataSource.query<{ name: string; n: number; digest: string }[]>(
    DATA_TABLES.map(
      (table) =>
        `SELECT '${table}' AS name, count(*)::int AS n,
                coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '') AS digest
           FROM "${table}" x`,
    ).join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((row) => [row.name, `${row.n} rows, md5 ${row.digest}`]));
}

async function databaseChanges(): Promise<string[]> {
  const now = await fingerprint();
  return DATA_TABLES.filter((table) => now[table] !== baseline[table]).map(
    (table) => `${table}: ${baseline[table]} → ${now[table]}`,
  );
}

/** Every line the API logged during the run (level info), as production writes them. */
const logLines: string[] = [];
/** Client data the run sent: pseudonyms, notes, contact values and manage tokens. */
const clientData = new Set<string>();
const CLIENT_FIELDS = new Set(['pseudonym', 'note', 'value']);

/** Remembers the client data a request carries, to look for it in the logs afterwards. */
function noteClientData(r: Sent): void {
  const token = r.headers['X-Manage-Token'];
  if (token) clientData.add(token);
  if (typeof r.body !== 'string') return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.body);
  } catch {
    return;
  }
  const stack = [parsed];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    for (const [key, child] of Object.entries(value)) {
      if (CLIENT_FIELDS.has(key) && typeof child === 'string') clientData.add(child);
      else stack.push(child);
    }
  }
}

/**
 * The client data that shows up in the logs. Values shorter than six characters and the fixed
 * hostile texts are left out: they are sent in other places too (an id in a logged path such as
 * `/api/counsellors/admin'--/rules`, "undefined"), so finding them proves nothing.
 */
function leakedClientData(): string[] {
  // Request paths are logged by design (never a query string): the fuzzed path segments of other
  // tests (fast-check's "caller", "constructor", …) may equal a client value by chance, which
  // proves nothing. Client data is never sent in a path.
  const text = logLines
    .map((line) => line.replace(/"path":"(?:[^"\\]|\\.)*"/g, '"path":""'))
    .join('\n');
  return [...clientData].filter((value) => {
    const trimmed = value.trim();
    if (trimmed.length < 6 || WEIRD.includes(value) || SQL.includes(value)) return false;
    if (!/[\p{L}\p{N}]{3}/u.test(value)) return false;
    return text.includes(value) || text.includes(JSON.stringify(value).slice(1, -1));
  });
}

async function send(r: Sent): Promise<Response> {
  noteClientData(r);
  const agent = request(t.http);
  let call: request.Test;
  switch (r.method) {
    case 'GET':
      call = agent.get(r.path);
      break;
    case 'POST':
      call = agent.post(r.path);
      break;
    case 'PUT':
      call = agent.put(r.path);
      break;
    case 'PATCH':
      call = agent.patch(r.path);
      break;
    case 'DELETE':
      call = agent.delete(r.path);
      break;
  }
  call = call.timeout(REQUEST_TIMEOUT_MS);
  for (const [name, value] of Object.entries(r.headers)) call = call.set(name, value);
  if (r.body !== undefined) call = call.send(r.body);
  let response: Response;
  try {
    response = await call;
  } catch (error) {
    throw new Error(`no answer (${String(error)})\n${showRequest(r)}`, { cause: error });
  }
  if (CHECK_EACH) {
    const changes = await databaseChanges();
    if (changes.length > 0)
      throw new Error(`the database changed: ${changes.join('; ')}\n${show(r, response)}`);
  }
  return response;
}

/** Sends one request that must fail, and checks the answer. */
async function mustFail(r: Sent, allowed: readonly number[] = ALLOWED): Promise<void> {
  checkError(r, await send(r), allowed);
}

async function expectDatabaseUnchanged(): Promise<void> {
  expect(await databaseChanges()).toEqual([]);
}

const jsonHeaders = (extra: Record<string, string> = {}) => ({
  'Content-Type': 'application/json',
  ...extra,
});

/** Percent-encoded as UTF-8; a lone surrogate becomes U+FFFD, as in any real client. */
const encode = (text: string): string =>
  encodeURIComponent(Buffer.from(text, 'utf8').toString('utf8'));

const query = (pairs: [string, string][]): string =>
  pairs.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&');

// ---------------------------------------------------------------------------------------------
// Booking bodies

const DEFAULT_CONTACTS = [
  { channel: 'email', value: 'mariam@example.org' },
  { channel: 'phone', value: '+49 30 901820' },
];

function baseBooking(): fc.Arbitrary<[string, unknown][]> {
  return fc
    .record({
      start: written(fc.constantFrom(...slots)),
      pseudonym: fc.constantFrom('Mariam', 'Darya', 'Ахмед', 'مريم', 'Jo'),
      language: fc.constantFrom('ar', 'de', 'uk', 'fa', 'en'),
      contact: fc.constantFrom(...DEFAULT_CONTACTS),
      timeZone: fc.option(fc.constantFrom(...ZONES), { nil: undefined }),
      note: fc.option(fc.constantFrom('Frage zur Aufenthaltserlaubnis', ''), { nil: undefined }),
      needsInterpreter: fc.option(fc.boolean(), { nil: undefined }),
      counsellorId: fc.option(fc.constant(counsellorId), { nil: undefined }),
      counsellorLanguage: fc.option(fc.constantFrom(...COUNSELLOR_LANGUAGES), { nil: undefined }),
    })
    .map((fields) => [
      ['consultationTypeId', typeId],
      ...Object.entries(fields).filter(([, value]) => value !== undefined),
    ]);
}

/** Start times that pass the DTO but are no bookable slot, each for a reason of its own. */
function deepStartBreakers(): fc.Arbitrary<Edit> {
  const slot = fc.constantFrom(...slots);
  const now = new Date(NOW).getTime();
  return fc.oneof(
    written(
      fc
        .tuple(slot, fc.integer({ min: 1, max: 59 * 60 + 59 }))
        .map(([at, seconds]) => at + seconds * 1000),
    ).map((start) => set('start', start, 'start is off the slot grid')),
    written(
      fc
        .tuple(slot, fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 17, max: 23 })))
        .map(([at, hour]) =>
          DateTime.fromMillis(at, { zone: ZONE }).set({ hour, minute: 0 }).toMillis(),
        ),
    ).map((start) => set('start', start, 'start is outside the counsellor’s hours')),
    written(
      fc
        .tuple(slot, fc.constantFrom(6, 7))
        .map(([at, weekday]) =>
          DateTime.fromMillis(at, { zone: ZONE }).set({ weekday }).toMillis(),
        ),
    ).map((start) => set('start', start, 'start is on a weekend')),
    written(
      fc
        .date({
          min: new Date('0000-01-01T00:00:00Z'),
          max: new Date(now + (NOTICE_MINUTES - 1) * MINUTE),
          noInvalidDate: true,
        })
        .map((date) => date.getTime()),
    ).map((start) => set('start', start, 'start is in the past or inside the notice period')),
    written(fc.integer({ min: -600, max: NOTICE_MINUTES - 1 }).map((m) => now + m * MINUTE)).map(
      (start) => set('start', start, 'start is just inside the notice period'),
    ),
    written(
      fc
        .date({
          min: new Date(now + HORIZON_DAYS * DAY + MINUTE),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        })
        .map((date) => date.getTime()),
    ).map((start) => set('start', start, 'start is past the horizon')),
    written(
      fc.integer({ min: 1, max: 14 * 24 }).map((h) => now + HORIZON_DAYS * DAY + h * 3_600_000),
    ).map((start) => set('start', start, 'start is just past the horizon')),
    fc
      .tuple(slot, impossibleParts, fc.constantFrom('Z', '+02:00', '-05:00'))
      .map(([at, parts, offset]) =>
        set('start', impossible(at, parts, offset), 'start is not a calendar date and time'),
      ),
  );
}

/** Breakers that pass the DTO and fail in the service: they exercise the deeper validation. */
function deepBreakers(): fc.Arbitrary<Edit> {
  return fc.oneof(
    { arbitrary: deepStartBreakers(), weight: 4 },
    uuid
      .filter((id) => id !== typeId)
      .map((id) => set('consultationTypeId', id, 'unknown consultation type')),
    uuid
      .filter((id) => id !== counsellorId)
      .map((id) => set('counsellorId', id, 'unknown counsellor')),
    fc
      .constantFrom('fr', 'uk', 'fa', 'tr', 'ru', 'en', 'es', 'zu')
      .map((language) =>
        set('counsellorLanguage', language, 'no counsellor speaks the counsellor language'),
      ),
  );
}

/** Strings that do not even match the DTO's instant pattern. */
const malformedStart = fc
  .oneof(
    fc.constantFrom(
      'tomorrow',
      '',
      '2027-06-08',
      '2027-06-08 10:00:00+02:00',
      '2027-06-08T10:00:00',
      '2027-06-08T10:00:00+0200',
      '20270608T100000Z',
      '2027-06-08T10:00:00+02:00\n',
      "2027-06-08T10:00:00Z' OR '1'='1",
      '１２',
    ),
    hostileText,
  )
  .filter((text) => !INSTANT.test(text));

/** Breakers the DTO must reject. */
function dtoBreakers(): fc.Arbitrary<Edit> {
  const invalidEmail = fc.oneof(
    fc.constantFrom('not-an-email', '', 'a@', '@b.de', 'a@b', 'a b@c.de', '+49 30 901820'),
    hostileText.filter((text) => !isEmail(text)),
    fc.string({ maxLength: 30 }).filter((text) => !isEmail(text)),
  );
  const invalidPhone = fc.oneof(
    fc.constantFrom('12', 'abc', '', '+49', 'mariam@example.org', '+00 0000 0000'),
    hostileText.filter((text) => !isPhoneNumber(text)),
  );
  const contact = (channel: unknown, value: unknown) =>
    objectOf([
      ['channel', channel],
      ['value', value],
    ]);
  return fc.oneof(
    // start
    malformedStart.map((start) => set('start', start, 'start is not an ISO 8601 instant')),
    nonString(true).map((start) => set('start', start, 'start is not a string')),
    fc.constant(drop('start', 'start is missing')),
    // consultationTypeId
    fc
      .oneof(hostileText, fc.constantFrom(...SQL), fc.constant(`${'0'.repeat(8)}-0000`))
      .filter((id) => !isUUID(id))
      .map((id) => set('consultationTypeId', id, 'consultationTypeId is not a UUID')),
    nonString(true).map((id) => set('consultationTypeId', id, 'consultationTypeId not a string')),
    fc.constant(drop('consultationTypeId', 'consultationTypeId is missing')),
    // counsellorId, counsellorLanguage (optional: null would be allowed)
    hostileText
      .filter((id) => !isUUID(id))
      .map((id) => set('counsellorId', id, 'counsellorId is not a UUID')),
    nonString(false).map((id) => set('counsellorId', id, 'counsellorId is not a string')),
    invalidLanguage.map((code) => set('counsellorLanguage', code, 'counsellorLanguage invalid')),
    nonString(false).map((code) => set('counsellorLanguage', code, 'counsellorLanguage invalid')),
    // pseudonym
    fc
      .oneof(
        fc.constantFrom('', ' ', '\t\n', '\u00a0\u2003\ufeff'),
        fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u3000'), minLength: 1 }),
      )
      .map((name) => set('pseudonym', name, 'pseudonym is blank')),
    fc
      .oneof(fc.string({ minLength: 61, maxLength: 300 }), hugeText)
      .filter((name) => name.length > 60)
      .map((name) => set('pseudonym', name, 'pseudonym is longer than 60')),
    nonString(true).map((name) => set('pseudonym', name, 'pseudonym is not a string')),
    fc.constant(drop('pseudonym', 'pseudonym is missing')),
    // language
    invalidLanguage.map((code) => set('language', code, 'language is no ISO 639-1 code')),
    nonString(true).map((code) => set('language', code, 'language is not a string')),
    fc.constant(drop('language', 'language is missing')),
    // timeZone (optional)
    invalidZone.map((zone) => set('timeZone', zone, 'timeZone is no IANA zone')),
    nonString(false).map((zone) => set('timeZone', zone, 'timeZone is not a string')),
    // contact
    fc
      .oneof(fc.constant(null), hostileText, fc.integer(), fc.boolean(), deepNesting)
      .map((value) => set('contact', value, 'contact is not an object')),
    fc
      .constantFrom(
        [] as unknown[],
        [DEFAULT_CONTACTS[0]],
        [DEFAULT_CONTACTS[0], DEFAULT_CONTACTS[1]],
      )
      .map((value) => set('contact', value, 'contact is an array')),
    fc.constant(drop('contact', 'contact is missing')),
    fc
      .tuple(
        fc.oneof(
          fc.constantFrom('fax', '', 'EMAIL', 'Email', 'sms', 'email '),
          nonString(true),
          hostileText,
        ),
        fc.constantFrom('mariam@example.org', '+49 30 901820'),
      )
      .filter(([channel]) => !(CONTACT_CHANNELS as readonly unknown[]).includes(channel))
      .map(([channel, value]) =>
        set('contact', contact(channel, value), 'contact.channel invalid'),
      ),
    invalidEmail.map((value) =>
      set('contact', contact('email', value), 'contact.value is no email'),
    ),
    invalidPhone.map((value) =>
      set('contact', contact('phone', value), 'contact.value is no phone number'),
    ),
    fc
      .tuple(fc.constantFrom(...CONTACT_CHANNELS), nonString(true))
      .map(([channel, value]) =>
        set('contact', contact(channel, value), 'contact.value is not a string'),
      ),
    fc
      .integer({ min: 243, max: 5_000 })
      .map((n) =>
        set('contact', contact('email', `${'a'.repeat(n)}@example.org`), 'contact.value > 254'),
      ),
    fc
      .tuple(fc.constantFrom(...DEFAULT_CONTACTS), unknownKey, json)
      .map(([valid, key, value]) =>
        set(
          'contact',
          objectOf([...Object.entries(valid), [key, value]]),
          `contact has the unknown field ${key}`,
        ),
      ),
    fc
      .constantFrom<[string, string]>(['channel', 'email'], ['value', 'mariam@example.org'])
      .map(([key, value]) =>
        set('contact', objectOf([[key, value]]), 'contact lacks channel or value'),
      ),
    // note (optional)
    fc
      .oneof(fc.string({ minLength: 501, maxLength: 1_000 }), hugeText)
      .filter((note) => note.length > 500)
      .map((note) => set('note', note, 'note is longer than 500')),
    nonString(false).map((note) => set('note', note, 'note is not a string')),
    // needsInterpreter (optional)
    nonBoolean.map((value) => set('needsInterpreter', value, 'needsInterpreter not a boolean')),
    // unknown fields
    fc
      .tuple(unknownKey, fc.oneof(json, hostileText, deepNesting))
      .map(([key, value]) => set(key, value, `unknown field ${key}`)),
  );
}

/** Hostile but possibly valid changes: applied before the breakers, which they never undo. */
function decorations(): fc.Arbitrary<Edit> {
  return fc.oneof(
    fc.tuple(pollutionKey, pollutionValue).map(([key, value]) => set(key, value)),
    fc
      .tuple(fc.constantFrom(...DEFAULT_CONTACTS), pollutionKey, pollutionValue)
      .map(([valid, key, value]) =>
        set('contact', objectOf([...Object.entries(valid), [key, value]])),
      ),
    validHostileText(60).map((name) => set('pseudonym', name)),
    validHostileText(500).map((note) => set('note', note)),
    fc.constantFrom(...ZONES, null).map((zone) => set('timeZone', zone)),
    fc.constantFrom(counsellorId, null).map((id) => set('counsellorId', id)),
    fc.constantFrom(...COUNSELLOR_LANGUAGES, null).map((code) => set('counsellorLanguage', code)),
    fc.constantFrom(true, false, null).map((value) => set('needsInterpreter', value)),
  );
}

/** Hostile strings that still pass a "string of 1 to max characters, not blank" rule. */
const validHostileText = (max: number) =>
  hostileText.filter((text) => text.length > 0 && text.length <= max && /\S/.test(text));

const idempotencyKey = fc.option(
  fc.oneof(
    fc.stringMatching(IDEMPOTENCY_KEY),
    headerText(200).filter((key) => !IDEMPOTENCY_KEY.test(key.trim())),
  ),
  { nil: undefined },
);

function bookingRequest(breakers: fc.Arbitrary<Edit[]>, extras: fc.Arbitrary<Edit[]>) {
  return fc
    .record({ base: baseBooking(), extras, breakers, key: idempotencyKey })
    .map(({ base, extras: decorated, breakers: broken, key }) => {
      const body = objectOf(applyEdits(base, [...decorated, ...broken]));
      return sent({
        method: 'POST',
        path: '/api/public/appointments',
        headers: jsonHeaders(key === undefined ? {} : { 'Idempotency-Key': key }),
        body: toJson(body),
        why: [
          ...reasons(broken),
          ...(key !== undefined && !IDEMPOTENCY_KEY.test(key.trim())
            ? ['Idempotency-Key is malformed']
            : []),
        ],
      });
    });
}

// ---------------------------------------------------------------------------------------------
// Queries

type Query = Map<string, string[]>;

interface QueryEdit {
  key: string;
  values: string[] | null;
  why?: string;
}

const setQuery = (key: string, value: string, why?: string): QueryEdit => ({
  key,
  values: [value],
  why,
});

function buildQuery(base: [string, string][], edits: QueryEdit[]): [string, string][] {
  const fields: Query = new Map(base.map(([key, value]) => [key, [value]]));
  for (const edit of edits) {
    if (edit.values === null) fields.delete(edit.key);
    else fields.set(edit.key, edit.values);
  }
  return [...fields].flatMap(([key, values]) =>
    values.map((value): [string, string] => [key, value]),
  );
}

/** A second value for a parameter: the simple query parser then hands the DTO an array. */
const repeated = (keys: string[], value: fc.Arbitrary<string>) =>
  fc
    .tuple(fc.constantFrom(...keys), value, value)
    .map(([key, a, b]): QueryEdit => ({ key, values: [a, b], why: `${key} given twice` }));

const unknownParam = fc
  .tuple(
    fc
      .oneof(
        fc.constantFrom('limit', 'admin', 'language[]', 'from[0]', 'topic.code'),
        fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_[\].]{0,15}$/),
      )
      .filter((key) => !KNOWN_FIELDS.has(key) && !ignoredKey(key)),
    fc.oneof(hostileText, fc.constantFrom(...SQL)),
  )
  .map(([key, value]) => setQuery(key, value, `unknown parameter ${key}`));

/** `__proto__`, `constructor`, `toString`, …: as parameters, only a decoration (see ignoredKey). */
const pollutionParam = fc
  .tuple(fc.oneof(pollutionKey, fc.constantFrom('toString', 'hasOwnProperty')), hostileText)
  .map(([key, value]) => setQuery(key, value));

const invalidTopic = fc
  .oneof(fc.constantFrom('RESIDENCE', 'residence ', 'all', '*', ''), hostileText)
  .filter((topic) => !TOPIC_CODES.includes(topic));

function listRequest(path: string, keys: string[]) {
  const breakers = fc.oneof(
    invalidLanguage.map((code) => setQuery('language', code, 'language is no ISO 639-1 code')),
    unknownParam,
    repeated(keys, fc.constantFrom('de', 'en', ...TOPIC_CODES)),
    ...(keys.includes('topic')
      ? [invalidTopic.map((topic) => setQuery('topic', topic, 'topic is unknown'))]
      : []),
  );
  const base = fc
    .record({
      language: fc.option(fc.constantFrom('de', 'ar', 'fa', 'zu'), { nil: undefined }),
      topic: fc.option(fc.constantFrom(...TOPIC_CODES), { nil: undefined }),
    })
    .map((fields) =>
      Object.entries(fields).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && keys.includes(entry[0]),
      ),
    );
  return fc
    .tuple(
      base,
      fc.array(pollutionParam, { maxLength: 2 }),
      fc.array(breakers, { minLength: 1, maxLength: 3 }),
    )
    .map(([fields, decorated, edits]) =>
      sent({
        method: 'GET',
        path: `${path}?${query(buildQuery(fields, [...decorated, ...edits]))}`,
        headers: {},
        why: edits.flatMap((edit) => (edit.why ? [edit.why] : [])),
      }),
    );
}

const dayOf = (offset: number) =>
  DateTime.fromISO(FIRST_DAY).plus({ days: offset }).toISODate() ?? '';

function slotBase(): fc.Arbitrary<[string, string][]> {
  return fc
    .record({
      from: fc.integer({ min: 0, max: 30 }),
      span: fc.integer({ min: 0, max: 30 }),
      timeZone: fc.option(fc.constantFrom(...ZONES), { nil: undefined }),
      language: fc.option(fc.constantFrom('de', 'ar', 'fr'), { nil: undefined }),
      topic: fc.option(fc.constantFrom(...TOPIC_CODES), { nil: undefined }),
      counsellorId: fc.option(fc.oneof(fc.constant(counsellorId), uuid), { nil: undefined }),
    })
    .map(({ from, span, ...optional }) => [
      ['consultationTypeId', typeId],
      ['from', dayOf(from)],
      ['to', dayOf(Math.min(from + span, 30))],
      ...Object.entries(optional).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    ]);
}

const hasTime = (parts: Parts): boolean =>
  parts.hour !== undefined || parts.minute !== undefined || parts.second !== undefined;

/** Each breaker alone makes the search fail; some change two parameters together. */
function slotBreakers(): fc.Arbitrary<QueryEdit[]> {
  const notSearchInstant = fc
    .oneof(
      fc.constantFrom('tomorrow', '2027-6-8', '08.06.2027', '2027-06-08T10:00', '2027-06-08 ', ''),
      hostileText,
    )
    .filter((text) => !SEARCH_INSTANT.test(text));
  const impossibleDate = fc
    .tuple(fc.constantFrom(...slots), impossibleParts, fc.boolean(), fc.constantFrom('Z', '+02:00'))
    .map(([at, parts, dateOnly, offset]) =>
      impossible(at, parts, offset, dateOnly && !hasTime(parts)),
    );
  const one = (edit: fc.Arbitrary<QueryEdit>) => edit.map((e) => [e]);
  return fc.oneof(
    fc.constant<QueryEdit[]>([
      { key: 'consultationTypeId', values: null, why: 'no consultationTypeId' },
    ]),
    one(
      hostileText
        .filter((id) => !isUUID(id))
        .map((id) => setQuery('consultationTypeId', id, 'consultationTypeId is not a UUID')),
    ),
    one(
      uuid
        .filter((id) => id !== typeId)
        .map((id) => setQuery('consultationTypeId', id, 'unknown consultation type')),
    ),
    one(
      fc
        .tuple(fc.constantFrom('from', 'to'), notSearchInstant)
        .map(([key, value]) => setQuery(key, value, `${key} is malformed`)),
    ),
    one(
      fc
        .tuple(fc.constantFrom('from', 'to'), impossibleDate)
        .map(([key, value]) => setQuery(key, value, `${key} is not a calendar date`)),
    ),
    fc.constantFrom<QueryEdit[]>(
      [{ key: 'from', values: null, why: 'no from' }],
      [{ key: 'to', values: null, why: 'no to' }],
    ),
    fc
      .tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 400 }), fc.boolean())
      .map(([from, back, instants]) =>
        instants
          ? [
              setQuery('from', `${dayOf(from)}T10:00:00+02:00`),
              setQuery(
                'to',
                `${dayOf(from)}T${pad(10 - Math.min(back, 10))}:00:00+02:00`,
                'to ≤ from',
              ),
            ]
          : [
              setQuery('from', dayOf(from)),
              setQuery('to', dayOf(from - back), 'to is before from'),
            ],
      ),
    fc
      .tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 31, max: 3000 }))
      .map(([from, span]) => [
        setQuery('from', dayOf(from)),
        setQuery('to', dayOf(from + span), 'the range spans more than 31 days'),
      ]),
    one(invalidZone.map((zone) => setQuery('timeZone', zone, 'timeZone is no IANA zone'))),
    one(invalidLanguage.map((code) => setQuery('language', code, 'language is no ISO 639-1 code'))),
    one(invalidTopic.map((topic) => setQuery('topic', topic, 'topic is unknown'))),
    one(
      hostileText
        .filter((id) => !isUUID(id))
        .map((id) => setQuery('counsellorId', id, 'counsellorId is not a UUID')),
    ),
    one(unknownParam),
    one(
      repeated(
        ['consultationTypeId', 'from', 'to', 'timeZone', 'language', 'topic', 'counsellorId'],
        fc.oneof(fc.constant(typeId), fc.constant(dayOf(3)), fc.constantFrom('de', ...ZONES)),
      ),
    ),
  );
}

function slotRequest() {
  return fc
    .tuple(
      slotBase(),
      fc.array(pollutionParam, { maxLength: 2 }),
      fc.array(slotBreakers(), { minLength: 1, maxLength: 3 }),
    )
    .map(([base, decorated, groups]) => {
      const edits = groups.flat();
      return sent({
        method: 'GET',
        path: `/api/public/slots?${query(buildQuery(base, [...decorated, ...edits]))}`,
        headers: {},
        why: edits.flatMap((edit) => (edit.why ? [edit.why] : [])),
      });
    });
}

/** Well-formed searches at the edges of the calendar: may answer 200, never 5xx. */
function extremeSlotRequest() {
  const year = fc.oneof(
    fc.constantFrom(0, 1, 999, 1000, 1582, 1900, 1969, 1970, 2038, 9998, 9999),
    fc.integer({ min: 0, max: 9999 }),
  );
  const offset = fc.constantFrom('Z', '+14:00', '-12:00', '+23:59', '-23:59', '+99:00', '+00:30');
  return fc
    .record({
      year,
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      span: fc.integer({ min: 0, max: 30 }),
      instants: fc.boolean(),
      fromOffset: offset,
      toOffset: offset,
      zone: fc.option(fc.constantFrom(...ZONES), { nil: undefined }),
      type: fc.oneof(fc.constant(typeId), uuid),
    })
    .map((p) => {
      const from = `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
      const toDay = DateTime.fromISO(from, { zone: 'UTC' }).plus({ days: p.span });
      const to = `${pad(toDay.year, 4)}-${pad(toDay.month)}-${pad(toDay.day)}`;
      const pairs: [string, string][] = [
        ['consultationTypeId', p.type],
        ['from', p.instants ? `${from}T00:00:00${p.fromOffset}` : from],
        ['to', p.instants ? `${to}T23:59:59${p.toOffset}` : to],
        ...(p.zone ? ([['timeZone', p.zone]] as [string, string][]) : []),
      ];
      return sent({
        method: 'GET',
        path: `/api/public/slots?${query(pairs)}`,
        headers: {},
        why: ['(well-formed: a search at the edge of the calendar)'],
      });
    });
}

// ---------------------------------------------------------------------------------------------
// Manage link, video, webhook, login

/** Manage tokens of no appointment: mostly well-formed (those reach the database), or malformed. */
const manageToken = fc.oneof(
  { arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), weight: 5 },
  fc.stringMatching(/^[A-Za-z0-9_-]{0,42}$/),
  fc.stringMatching(/^[A-Za-z0-9_-]{44,120}$/),
  fc.stringMatching(/^[A-Za-z0-9+/=]{43}$/),
  fc.constantFrom(...SQL),
  headerText(200),
  fc.integer({ min: 1_000, max: 6_000 }).map((n) => 'A'.repeat(n)),
);

const MANAGE_ENDPOINTS: { method: Method; path: string; body: boolean }[] = [
  { method: 'GET', path: '/api/public/manage', body: false },
  { method: 'POST', path: '/api/public/manage/reschedule', body: true },
  { method: 'POST', path: '/api/public/manage/cancel', body: true },
  { method: 'POST', path: '/api/public/manage/video', body: true },
  { method: 'GET', path: '/api/public/manage/video/events', body: false },
  { method: 'GET', path: '/api/public/manage/export', body: false },
  { method: 'POST', path: '/api/public/manage/erase', body: true },
  { method: 'GET', path: '/api/public/manage/documents', body: false },
  { method: 'POST', path: '/api/public/manage/documents', body: true },
  {
    method: 'GET',
    path: '/api/public/manage/documents/3f2c1a8e-7d0b-4c55-9f0e-4f1e2d3c4b5a',
    body: false,
  },
];

function rescheduleBody(): fc.Arbitrary<unknown> {
  const start = fc.oneof(
    written(fc.constantFrom(...slots)),
    deepStartBreakers().map((edit) => edit.value),
    malformedStart,
    nonString(true),
  );
  return fc.oneof(
    fc
      .record(
        {
          start,
          counsellorId: fc.oneof(fc.constant(counsellorId), uuid, hostileText, fc.constant(null)),
          extra: fc.tuple(fc.oneof(unknownKey, pollutionKey), pollutionValue),
        },
        { requiredKeys: [] },
      )
      .map(({ extra, ...fields }) =>
        objectOf([...Object.entries(fields), ...(extra ? [extra] : [])]),
      ),
    json,
    nonString(true),
  );
}

function manageRequest() {
  return fc
    .record({
      endpoint: fc.constantFrom(...MANAGE_ENDPOINTS),
      token: fc.option(manageToken, { nil: undefined }),
      body: rescheduleBody(),
      withBody: fc.boolean(),
      accept: fc.option(fc.constantFrom('text/event-stream', 'application/json', '*/*'), {
        nil: undefined,
      }),
      bearer: fc.option(fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/), { nil: undefined }),
    })
    .map(({ endpoint, token, body, withBody, accept, bearer }) =>
      sent({
        method: endpoint.method,
        path: endpoint.path,
        headers: {
          ...(token === undefined ? {} : { 'X-Manage-Token': token }),
          ...(accept === undefined ? {} : { Accept: accept }),
          ...(bearer === undefined ? {} : { Authorization: `Bearer ${bearer}` }),
          ...(endpoint.body && withBody ? jsonHeaders() : {}),
        },
        body: endpoint.body && withBody ? toJson(body) : undefined,
        why: [token === undefined ? 'no X-Manage-Token' : 'X-Manage-Token of no appointment'],
      }),
    );
}

/** How a webhook is (mis)signed; never with the right key, the right secret and the body's hash. */
type Signature =
  | { kind: 'none' }
  | { kind: 'raw'; value: string }
  | {
      kind: 'jwt';
      secret: 'right' | 'wrong';
      apiKey: 'right' | 'wrong';
      digest: 'body' | 'other' | 'none';
      bearer: boolean;
    }
  | { kind: 'alg-none'; digest: 'body' | 'other' };

const signature: fc.Arbitrary<Signature> = fc.oneof(
  fc.constant<Signature>({ kind: 'none' }),
  fc
    .oneof(
      headerText(300),
      headerText(200).map((text) => `Bearer ${text}`),
      fc
        .array(fc.stringMatching(/^[A-Za-z0-9_-]{0,60}$/), { minLength: 3, maxLength: 3 })
        .map((parts) => parts.join('.')),
    )
    .map((value): Signature => ({ kind: 'raw', value })),
  fc
    .record({
      kind: fc.constant('jwt' as const),
      secret: fc.constantFrom('right' as const, 'wrong' as const),
      apiKey: fc.constantFrom('right' as const, 'wrong' as const),
      digest: fc.constantFrom('body' as const, 'other' as const, 'none' as const),
      bearer: fc.boolean(),
    })
    .filter((s) => !(s.secret === 'right' && s.apiKey === 'right' && s.digest === 'body')),
  fc
    .constantFrom('body' as const, 'other' as const)
    .map((digest): Signature => ({ kind: 'alg-none', digest })),
);

const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64');
const base64url = (value: object): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

async function authorization(plan: Signature, body: string): Promise<string | undefined> {
  switch (plan.kind) {
    case 'none':
      return undefined;
    case 'raw':
      return plan.value;
    case 'jwt': {
      const token = new AccessToken(
        plan.apiKey === 'right' ? TEST_LIVEKIT.apiKey : 'APIwrongkey',
        plan.secret === 'right'
          ? TEST_LIVEKIT.apiSecret
          : 'a-wrong-secret-of-at-least-32-characters',
      );
      if (plan.digest !== 'none') token.sha256 = sha256(plan.digest === 'body' ? body : `${body}`);
      const jwt = await token.toJwt();
      return plan.bearer ? `Bearer ${jwt}` : jwt;
    }
    case 'alg-none': {
      const claims = {
        iss: TEST_LIVEKIT.apiKey,
        exp: Math.floor(Date.now() / 1000) + 600,
        sha256: sha256(plan.digest === 'body' ? body : `${body}`),
      };
      return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
    }
  }
}

const livekitEvent = fc
  .record(
    {
      id: fc.oneof(
        fc.stringMatching(/^EV_[A-Za-z0-9]{1,20}$/),
        hostileText,
        hugeText,
        nonString(true),
      ),
      event: fc.oneof(
        fc.constantFrom('participant_joined', 'participant_left', 'room_started', 'room_finished'),
        hostileText,
        nonString(true),
      ),
      createdAt: fc.oneof(
        fc.integer().map(String),
        fc.constantFrom('NaN', '1e400', ''),
        nonString(true),
      ),
      room: fc.oneof(
        fc.record({
          name: fc.oneof(
            uuid.map((id) => `sprechstunde-${id}`),
            hostileText,
          ),
        }),
        nonString(true),
      ),
      participant: fc.oneof(
        fc.record({
          identity: fc.oneof(fc.constantFrom('client', 'counsellor', 'admin'), hostileText),
        }),
        nonString(true),
      ),
    },
    { requiredKeys: [] },
  )
  .map((event) => objectOf(Object.entries(event)));

function webhookRequest() {
  return fc
    .record({
      body: fc.oneof(
        livekitEvent.map(toJson),
        json.map(toJson),
        hostileText,
        fc.constantFrom('', '{', '{"event":', 'null', '[]'),
      ),
      contentType: fc.constantFrom(
        'application/webhook+json',
        'application/json',
        'text/plain',
        'application/octet-stream',
      ),
      signature,
    })
    .map((plan) =>
      Object.defineProperty(plan, fc.toStringMethod, {
        value: () =>
          `webhook ${JSON.stringify(plan.signature)} ${plan.contentType} ${clip(JSON.stringify(plan.body), 300)}`,
      }),
    );
}

const unknownEmail = fc
  .emailAddress()
  .filter((email) => !staffEmails.has(email.trim().toLowerCase()));

function loginRequest() {
  const email = fc.oneof(
    { arbitrary: unknownEmail.map((value) => set('email', value)), weight: 3 },
    fc
      .oneof(
        fc.constantFrom('admin', '', ' ', 'a@', '@test.sprechstunde.local', "' OR 1=1 --"),
        hostileText,
      )
      .filter((value) => !isEmail(value))
      .map((value) => set('email', value, 'email is no email address')),
    fc
      .constantFrom("o'reilly@example.org", `"'; DROP TABLE staff_account; --"@example.org`)
      .map((value) => set('email', value)),
    fc
      .integer({ min: 250, max: 5_000 })
      .map((n) => set('email', `${'a'.repeat(n)}@example.org`, 'email is longer than 254')),
    nonString(true).map((value) => set('email', value, 'email is not a string')),
    fc.constant(drop('email', 'email is missing')),
  );
  const password = fc.oneof(
    fc.string({ minLength: 1, maxLength: 256 }).map((value) => set('password', value)),
    validHostileText(256).map((value) => set('password', value)),
    fc.constant(set('password', '', 'password is empty')),
    fc
      .oneof(fc.string({ minLength: 257, maxLength: 400 }), hugeText)
      .filter((value) => value.length > 256)
      .map((value) => set('password', value, 'password is longer than 256')),
    nonString(true).map((value) => set('password', value, 'password is not a string')),
    fc.constant(drop('password', 'password is missing')),
  );
  const extra = fc.oneof(
    fc.tuple(pollutionKey, pollutionValue).map(([key, value]) => set(key, value)),
    fc
      .tuple(unknownKey, json)
      .filter(([key]) => key !== 'email' && key !== 'password')
      .map(([key, value]) => set(key, value, `unknown field ${key}`)),
  );
  return fc
    .tuple(email, password, fc.array(extra, { maxLength: 2 }))
    .map(([emailEdit, passwordEdit, extras]) => {
      const edits = [...extras, emailEdit, passwordEdit];
      return sent({
        method: 'POST',
        path: '/api/auth/login',
        headers: jsonHeaders(),
        body: toJson(objectOf(applyEdits([], edits))),
        why: [...reasons(edits), 'no account has this email'],
      });
    });
}

// ---------------------------------------------------------------------------------------------
// Bodies that are not JSON at all, or too large

const POST_ENDPOINTS = [
  '/api/public/appointments',
  '/api/public/manage/reschedule',
  '/api/public/manage/cancel',
  '/api/public/manage/video',
  '/api/public/manage/erase',
  '/api/public/manage/documents',
  '/api/livekit/webhook',
  '/api/auth/login',
];

const isJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

type RawPayload = { body: string | Buffer; headers: Record<string, string>; why: string };

function rawPayload(): fc.Arbitrary<RawPayload> {
  const brokenJson = fc
    .oneof(
      fc.constantFrom(
        '{',
        '{"email": ',
        "{'email': 'a@b.de'}",
        '{"a":1,}',
        '{"a":undefined}',
        '{"a":NaN}',
        '{"a":0x10}',
        '{"a":1} {"b":2}',
        '// comment\n{}',
        '\u0000{}',
        '{"a":"\\ud800',
        '{"a":"\\x41"}',
        '[' + '{'.repeat(50),
      ),
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      json.map((value) => toJson(value).slice(0, -1)),
    )
    .filter((text) => !isJson(text) && text.trim() !== '');
  const anyJson = fc.oneof(
    json.map(toJson),
    fc.constantFrom('null', '0', '"x"', 'true', '[]', '[{}]'),
  );
  const garbageBytes = fc
    .uint8Array({ minLength: 1, maxLength: 300 })
    .map((bytes) => Buffer.from(bytes));
  return fc.oneof(
    brokenJson.map((body) => ({ body, headers: jsonHeaders(), why: 'the body is not JSON' })),
    fc
      .constantFrom('null', '0', '"x"', 'true', '[]', '[{}]', '[1,2,3]', '[null]')
      .map((body) => ({ body, headers: jsonHeaders(), why: 'the body is no JSON object' })),
    fc
      .tuple(
        anyJson,
        fc.constantFrom(
          'text/plain',
          'application/xml',
          'multipart/form-data',
          'application/x-www-form-urlencoded',
          'application/json-patch+json',
          'application/json; charset=utf-16',
          'application/json; charset=utf-7',
          'application/json; charset=latin1',
          'application/webhook+json; charset=koi8-r',
          'application/json; charset=',
        ),
      )
      .map(([body, type]) => ({ body, headers: { 'Content-Type': type }, why: `sent as ${type}` })),
    fc
      .tuple(
        fc.oneof(
          garbageBytes,
          brokenJson.map((text) => Buffer.from(text)),
        ),
        fc.constantFrom('gzip', 'deflate', 'br'),
      )
      .map(([body, encoding]) => ({
        body,
        headers: jsonHeaders({ 'Content-Encoding': encoding }),
        why: `Content-Encoding ${encoding}, but the bytes are not`,
      })),
    fc
      .tuple(
        brokenJson,
        fc.constantFrom('x-unknown', 'compress', 'gzip, identity, foo', 'identity;q=0'),
      )
      .map(([body, encoding]) => ({
        body,
        headers: jsonHeaders({ 'Content-Encoding': encoding }),
        why: `unsupported Content-Encoding ${encoding}`,
      })),
    brokenJson.map((text) => ({
      body: gzipSync(text),
      headers: jsonHeaders({ 'Content-Encoding': 'gzip' }),
      why: 'gzipped broken JSON',
    })),
    fc
      .tuple(fc.integer({ min: 100_001, max: 400_000 }), fc.constantFrom('json', 'broken', 'gzip'))
      .map(([size, kind]): RawPayload => {
        const text = kind === 'broken' ? '{'.repeat(size) : toJson({ note: 'x'.repeat(size) });
        return kind === 'gzip'
          ? {
              body: gzipSync(text),
              headers: jsonHeaders({ 'Content-Encoding': 'gzip' }),
              why: `inflates to ${text.length} bytes, over 100 kB`,
            }
          : { body: text, headers: jsonHeaders(), why: `${text.length} bytes, over 100 kB` };
      }),
  );
}

function rawRequest() {
  return fc
    .record({
      path: fc.constantFrom(...POST_ENDPOINTS),
      payload: rawPayload(),
      token: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    })
    .map(({ path, payload, token }) =>
      sent({
        method: 'POST',
        path,
        headers: {
          ...payload.headers,
          ...(path.startsWith('/api/public/manage') ? { 'X-Manage-Token': token } : {}),
        },
        body: payload.body,
        why: [payload.why],
      }),
    );
}

function healthRequest() {
  const junkQuery = fc.array(
    fc.tuple(
      fc.oneof(unknownKey, pollutionKey, fc.constant('a[b]')),
      fc.oneof(hostileText, fc.constantFrom(...SQL)),
    ),
    { maxLength: 4 },
  );
  const junkHeaders = fc
    .record(
      {
        Authorization: fc.oneof(headerText(200), fc.constant('Bearer x')),
        'X-Manage-Token': manageToken,
        'X-Request-Id': headerText(200),
        'Accept-Language': headerText(100),
      },
      { requiredKeys: [] },
    )
    .map((headers) => Object.fromEntries(Object.entries(headers)) as Record<string, string>);
  return fc
    .record({
      path: fc.constantFrom('/health/live', '/health/ready'),
      method: fc.constantFrom<Method>('GET', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
      query: junkQuery,
      headers: junkHeaders,
      body: fc.oneof(json.map(toJson), fc.constantFrom('{', 'x'.repeat(100_001))),
    })
    .map(({ path, method, query: pairs, headers, body }) =>
      sent({
        method,
        path: pairs.length > 0 ? `${path}?${query(pairs)}` : path,
        headers: method === 'GET' ? headers : { ...headers, ...jsonHeaders() },
        body: method === 'GET' ? undefined : body,
        why: [method === 'GET' ? '(health takes no input: 200 expected)' : `no ${method} route`],
      }),
    );
}

// ---------------------------------------------------------------------------------------------
// Staff endpoints: every route that takes input, as an admin and as a counsellor

/** An id that names nothing (fixed, so that fast-check can replay a failure). */
const NO_SUCH_ID = '7f1e2d3c-4b5a-4c69-8e7f-000000000000';

/** Tokens of an admin and of a counsellor-role account that is nobody's counsellor. */
let staffAuth: { admin: Record<string, string>; counsellor: Record<string, string> };

/** The test's own idea of a real day and instant, written apart from the API's validators. */
const DAY_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d(\.\d+)?)?(Z|([+-])(\d{2}):(\d{2}))$/;
const inYears = (year: number) => year >= 2000 && year <= 2200;
function isRealDay(text: unknown): boolean {
  const match = typeof text === 'string' ? DAY_TEXT.exec(text) : null;
  if (!match) return false;
  const date = DateTime.fromObject(
    { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) },
    { zone: 'UTC' },
  );
  return date.isValid && inYears(date.year);
}
function isRealInstant(text: unknown): boolean {
  const match = typeof text === 'string' ? INSTANT_TEXT.exec(text) : null;
  if (!match || !isRealDay(`${match[1]}-${match[2]}-${match[3]}`)) return false;
  if (match[8] === 'Z') return true;
  const minutes = Number(match[10]) * 60 + Number(match[11]);
  if (Number(match[11]) > 59) return false;
  return match[9] === '-' ? minutes <= 12 * 60 : minutes <= 14 * 60;
}

const someDay = fc.constantFrom('2027-06-08', '2027-06-12', '2027-07-01', '2028-02-29');
/** Days that do not exist, are out of range or are no day at all. */
const badDay = fc
  .oneof(
    fc
      .tuple(
        fc.constantFrom(Date.parse('2027-06-08T10:00:00Z'), Date.parse('2026-02-10T10:00:00Z')),
        impossibleParts,
      )
      .map(([at, parts]) => impossible(at, parts, '', true)),
    fc.constantFrom(
      '2026-02-30',
      '2027-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '1999-12-31',
      '2201-01-01',
      '0000-01-01',
      '9999-12-31',
      '2026-1-1',
      '2027-06-08T10:00:00Z',
      '2027-06-08 ',
      'tomorrow',
      '',
      '２０２７-０６-０８',
    ),
    hostileText,
  )
  .filter((text) => !isRealDay(text));
const someInstant = fc.constantFrom(
  '2027-06-08T10:00:00+02:00',
  '2027-06-08T12:00Z',
  '2027-06-09T08:30:00.000+14:00',
  '2027-06-09T08:30:00-12:00',
);
/** Instants that do not exist, carry no real offset or are no instant at all. */
const badInstant = fc
  .oneof(
    fc
      .tuple(
        fc.constantFrom(Date.parse('2027-06-08T10:00:00Z'), Date.parse('2026-02-10T10:00:00Z')),
        impossibleParts,
        fc.constantFrom('Z', '+02:00', '-05:00'),
      )
      .map(([at, parts, offset]) => impossible(at, parts, offset)),
    fc
      .constantFrom('+14:01', '+14:61', '+15:00', '-12:01', '-13:00', '+99:00', '+00:60', '-00:99')
      .map((offset) => `2027-06-08T10:00:00${offset}`),
    fc.constantFrom(
      '2027-06-08T24:00:00+02:00',
      '2027-06-08T10:00:00',
      '2027-06-08',
      '2027-06-08T10:00:00+0200',
      '1999-12-31T10:00:00Z',
      '2201-01-01T00:00:00Z',
      '2027-06-08T10:00:00+02:00\n',
      'now',
    ),
    hostileText,
  )
  .filter((text) => !isRealInstant(text));
const TIME_TEXT = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;
const badTime = fc
  .oneof(
    fc.constantFrom('24:01', '25:00', '9:00', '09:60', '0900', '09:00:00', '-01:00', '', 'noon'),
    hostileText,
  )
  .filter((text) => !TIME_TEXT.test(text));
const outOfRange = fc.oneof(
  fc.integer({ min: -1_000_000, max: -1 }),
  fc.integer({ min: 1_000_000 }),
  fc.double({ min: 0.1, max: 99.9, noNaN: true }).filter((n) => !Number.isInteger(n)),
);

type FieldKind =
  'day' | 'instant' | 'time' | 'text' | 'localized' | 'boolean' | 'weekday' | 'minutes' | 'codes';

interface StaffRoute {
  method: Method;
  path: (ids: { counsellor: string; type: string }) => string;
  /** Valid field values (some optional); a request is this with at least one breaker applied. */
  base: fc.Arbitrary<[string, unknown][]>;
  fields: Record<string, FieldKind>;
  /** Breakers that pass the DTO and are refused by the service. */
  deep?: fc.Arbitrary<Edit>;
  query?: true;
}

/**
 * Values each kind of field refuses. Never null: optional fields take null for "absent", which
 * could leave a request without any breaker.
 */
const badValueOf = (kind: FieldKind): fc.Arbitrary<unknown> => {
  switch (kind) {
    case 'day':
      return fc.oneof({ arbitrary: badDay, weight: 4 }, nonString(false));
    case 'instant':
      return fc.oneof({ arbitrary: badInstant, weight: 4 }, nonString(false));
    case 'time':
      return fc.oneof({ arbitrary: badTime, weight: 3 }, nonString(false));
    case 'text':
      return fc.oneof(
        nonString(false),
        fc.constant(''),
        hugeText.filter((text) => text.length > 2000),
      );
    case 'localized':
      return fc.constantFrom('', 'Fuzz', [], { xx: 'Fuzz' }, { de: '' }, { de: 1 }, { de: ' ' });
    case 'boolean':
      return nonBoolean;
    case 'weekday':
      return fc.oneof(fc.constantFrom(0, 8, -1, 1.5, '1'), outOfRange);
    case 'minutes':
      return fc.oneof(fc.constantFrom(-1, 100_000, 2.5), outOfRange);
    case 'codes':
      return fc.oneof(
        invalidLanguage.filter((code) => !TOPIC_CODES.includes(code)).map((code) => [code]),
        fc.constantFrom('de', {}, [1], [null]),
        fc.constant(Array.from({ length: 50 }, () => 'de')),
      );
  }
};

/** Names that no staff DTO knows. */
const STAFF_FIELDS = new Set([
  'weekday',
  'start',
  'end',
  'validFrom',
  'validUntil',
  'date',
  'startDate',
  'endDate',
  'startsAt',
  'endsAt',
  'displayName',
  'languages',
  'topics',
  'timeZone',
  'staffId',
  'active',
  'name',
  'description',
  'topic',
  'durationMinutes',
  'stepMinutes',
  'bufferBeforeMinutes',
  'bufferAfterMinutes',
  'minNoticeMinutes',
  'horizonDays',
  'channel',
  'reminderOffsetsMinutes',
  'counsellorIds',
  'changeCutoffMinutes',
  'joinOpensMinutesBefore',
  'joinClosesMinutesAfter',
  'e2ee',
  'autoAdmit',
  'email',
  'role',
  'password',
  'from',
  'to',
  'counsellorId',
  'since',
  'before',
  'limit',
  'year',
  'appointmentId',
  'outcome',
  'reason',
  'consultationTypeId',
  'counsellorLanguage',
  'pseudonym',
  'language',
  'contact',
  'note',
  'needsInterpreter',
]);
const staffUnknownKey = fc.oneof(
  fc.constantFrom('id', 'counsellor', 'isAdmin', 'version', 'officeId', 'createdAt'),
  fc
    .stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,20}$/)
    .filter((key) => !STAFF_FIELDS.has(key) && !ignoredKey(key)),
);

function staffBreakers(route: StaffRoute): fc.Arbitrary<Edit> {
  const names = Object.keys(route.fields);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .constantFrom(...names)
        .chain((key) =>
          badValueOf(route.fields[key]).map((value) => set(key, value, `${key} is invalid`)),
        ),
    },
    fc
      .tuple(staffUnknownKey, fc.oneof(hostileText, json))
      .map(([key, value]) => set(key, value, `unknown field ${key}`)),
    fc
      .tuple(pollutionKey, pollutionValue)
      .map(([key, value]) => set(key, value, `prototype key ${key}`)),
    ...(route.deep ? [{ weight: 2, arbitrary: route.deep }] : []),
  );
}

const ruleBase = fc
  .record({
    weekday: fc.constantFrom(6, 7),
    start: fc.constantFrom('08:00', '10:30'),
    end: fc.constantFrom('12:00', '24:00'),
    validFrom: fc.option(someDay, { nil: undefined }),
    validUntil: fc.option(fc.constantFrom('2029-12-31'), { nil: undefined }),
  })
  .map((fields) => Object.entries(fields).filter(([, value]) => value !== undefined));

const typeBase = fc.constant<[string, unknown][]>([
  ['name', { de: 'Fuzz', en: 'Fuzz' }],
  ['topic', 'work'],
  ['durationMinutes', 30],
  ['stepMinutes', 30],
  ['bufferBeforeMinutes', 0],
  ['bufferAfterMinutes', 0],
  ['minNoticeMinutes', 0],
  ['horizonDays', 10],
  ['channel', 'phone'],
]);
const TYPE_FIELDS: Record<string, FieldKind> = {
  name: 'localized',
  topic: 'text',
  durationMinutes: 'minutes',
  stepMinutes: 'minutes',
  bufferBeforeMinutes: 'minutes',
  horizonDays: 'minutes',
  channel: 'text',
};

const STAFF_ROUTES: StaffRoute[] = [
  {
    method: 'POST',
    path: ({ counsellor }) => `/api/counsellors/${counsellor}/absences`,
    base: fc.oneof(
      fc
        .tuple(someInstant, someInstant)
        .filter(([a, b]) => Date.parse(a) < Date.parse(b))
        .map(([a, b]): [string, unknown][] => [
          ['startsAt', a],
          ['endsAt', b],
        ]),
      fc.constant<[string, unknown][]>([
        ['startDate', '2027-06-08'],
        ['endDate', '2027-06-09'],
      ]),
    ),
    fields: { startsAt: 'instant', endsAt: 'instant', startDate: 'day', endDate: 'day' },
    deep: fc.oneof(
      fc.constant(set('endsAt', '2027-06-08T07:00:00+02:00', 'endsAt before startsAt')),
      fc.constant(set('endDate', '2027-06-07', 'endDate before startDate')),
    ),
  },
  {
    method: 'POST',
    path: ({ counsellor }) => `/api/counsellors/${counsellor}/rules`,
    base: ruleBase,
    fields: { weekday: 'weekday', start: 'time', end: 'time', validFrom: 'day', validUntil: 'day' },
    deep: fc.constant(set('end', '07:00', 'end before start')),
  },
  {
    method: 'POST',
    path: ({ counsellor }) => `/api/counsellors/${counsellor}/extra-hours`,
    base: fc.constant<[string, unknown][]>([
      ['date', '2027-06-12'],
      ['start', '10:00'],
      ['end', '12:00'],
    ]),
    fields: { date: 'day', start: 'time', end: 'time' },
    deep: fc.constant(set('start', '13:00', 'start after end')),
  },
  {
    method: 'POST',
    path: () => '/api/admin/counsellors',
    base: fc.constant<[string, unknown][]>([
      ['displayName', 'Fuzz Two'],
      ['languages', ['de']],
      ['topics', ['work']],
      ['timeZone', 'America/Santiago'],
    ]),
    fields: { displayName: 'text', languages: 'codes', timeZone: 'text', topics: 'codes' },
  },
  {
    method: 'PATCH',
    path: ({ counsellor }) => `/api/admin/counsellors/${counsellor}`,
    base: fc.constant<[string, unknown][]>([['displayName', 'Fuzz Renamed']]),
    fields: { displayName: 'text', languages: 'codes', timeZone: 'text', active: 'boolean' },
  },
  {
    method: 'POST',
    path: () => '/api/admin/consultation-types',
    base: typeBase,
    fields: TYPE_FIELDS,
  },
  {
    method: 'PATCH',
    path: ({ type }) => `/api/admin/consultation-types/${type}`,
    base: fc.constant<[string, unknown][]>([['horizonDays', 20]]),
    fields: TYPE_FIELDS,
  },
  {
    method: 'POST',
    path: () => '/api/admin/staff',
    base: fc.constant<[string, unknown][]>([
      ['email', 'fuzz.staff@example.org'],
      ['displayName', 'Fuzz Staff'],
      ['role', 'counsellor'],
      ['password', 'a long passphrase of words'],
    ]),
    fields: { email: 'text', displayName: 'text', role: 'text', password: 'text' },
  },
  {
    method: 'POST',
    path: () => `/api/appointments/${NO_SUCH_ID}/outcome`,
    base: fc.constant<[string, unknown][]>([['outcome', 'completed']]),
    fields: { outcome: 'text' },
    deep: fc.constant(set('outcome', 'no_show', 'no such appointment')),
  },
  {
    method: 'POST',
    path: () => `/api/admin/appointments/${NO_SUCH_ID}/reassign`,
    base: fc.constant<[string, unknown][]>([['counsellorId', NO_SUCH_ID]]),
    fields: { counsellorId: 'text' },
    deep: fc.constant(set('counsellorId', NO_SUCH_ID, 'no such appointment')),
  },
  {
    method: 'POST',
    path: () => '/api/appointments',
    base: fc.constant<[string, unknown][]>([
      ['consultationTypeId', NO_SUCH_ID],
      ['start', '2027-06-09T10:00:00+02:00'],
      ['pseudonym', 'Mariam'],
      ['language', 'ar'],
      ['contact', { channel: 'email', value: 'mariam@example.org' }],
    ]),
    fields: {
      consultationTypeId: 'text',
      start: 'instant',
      pseudonym: 'text',
      language: 'text',
      note: 'text',
      needsInterpreter: 'boolean',
    },
    deep: fc.constant(set('note', 'Called the office', 'no such consultation type')),
  },
  {
    method: 'POST',
    path: () => `/api/appointments/${NO_SUCH_ID}/reschedule`,
    base: fc.constant<[string, unknown][]>([['start', '2027-06-09T10:00:00+02:00']]),
    fields: { start: 'instant', counsellorId: 'text' },
    deep: fc.constant(set('counsellorId', NO_SUCH_ID, 'no such appointment')),
  },
  {
    method: 'POST',
    path: () => `/api/appointments/${NO_SUCH_ID}/cancel`,
    base: fc.constant<[string, unknown][]>([['reason', 'Client called to cancel']]),
    fields: { reason: 'text' },
    deep: fc.constant(set('reason', 'Client called: cannot come', 'no such appointment')),
  },
  {
    method: 'POST',
    path: () => `/api/admin/appointments/${NO_SUCH_ID}/cancel`,
    base: fc.constant<[string, unknown][]>([['reason', 'Counsellor ill']]),
    fields: { reason: 'text' },
    deep: fc.constant(set('reason', 'Counsellor ill, client told', 'no such appointment')),
  },
  {
    method: 'GET',
    path: () => '/api/appointments',
    query: true,
    base: fc.constant<[string, unknown][]>([
      ['from', '2027-06-07'],
      ['to', '2027-06-13'],
    ]),
    fields: { from: 'day', to: 'day', counsellorId: 'text' },
    deep: fc.oneof(
      fc.constant(set('to', '2027-06-01', 'to before from')),
      fc.constant(set('to', '2027-09-01', 'more than 62 days')),
    ),
  },
  {
    method: 'GET',
    path: () => '/api/admin/notifications/metrics',
    query: true,
    base: fc.constant<[string, unknown][]>([['since', '2027-06-01T00:00:00Z']]),
    fields: { since: 'instant' },
  },
  {
    method: 'GET',
    path: () => '/api/admin/notifications/failed',
    query: true,
    base: fc.constant<[string, unknown][]>([
      ['before', '2027-06-08T00:00:00+02:00'],
      ['limit', '10'],
    ]),
    fields: { before: 'instant', limit: 'minutes' },
  },
  {
    method: 'GET',
    path: () => '/api/admin/holidays',
    query: true,
    base: fc.constant<[string, unknown][]>([['year', '2027']]),
    fields: { year: 'minutes' },
  },
  {
    method: 'GET',
    path: () => '/api/admin/audit',
    query: true,
    base: fc.constant<[string, unknown][]>([['appointmentId', NO_SUCH_ID]]),
    fields: { appointmentId: 'text' },
  },
];

/**
 * A value as query text, cut to 300 characters so that the URL stays below Node's header limit
 * (which answers 431 without the application); no valid value is that long, so a cut stays bad.
 */
const asQueryValue = (value: unknown): string =>
  (typeof value === 'string' ? value : toJson(value)).slice(0, 300);

/** A request to a staff route with at least one breaker, as an admin or as a counsellor. */
function staffRequest(routes: StaffRoute[]) {
  return fc
    .record({
      route: fc.constantFrom(...routes),
      as: fc.constantFrom<'admin' | 'counsellor'>('admin', 'admin', 'counsellor'),
    })
    .chain(({ route, as }) =>
      fc
        .record({
          base: route.base,
          breakers: fc.array(staffBreakers(route), { minLength: 1, maxLength: 3 }),
        })
        .map(({ base, breakers }) => {
          const fields = applyEdits(base, breakers);
          const path = route.path({ counsellor: counsellorId, type: typeId });
          const why = [`as ${as}`, ...reasons(breakers)];
          if (route.query) {
            const pairs = [...fields].map(([key, value]): [string, string] => [
              key,
              asQueryValue(value),
            ]);
            return sent({
              method: route.method,
              path: pairs.length > 0 ? `${path}?${query(pairs)}` : path,
              headers: staffAuth[as],
              why,
            });
          }
          return sent({
            method: route.method,
            path,
            headers: jsonHeaders(staffAuth[as]),
            body: toJson(objectOf(fields)),
            why,
          });
        }),
    );
}

/** Path parameters that are no id or no real day, on every staff route that has one. */
function staffPathRequest() {
  const badId = fc
    .oneof(fc.constantFrom('1', 'me ', '00000000-0000-0000-0000-00000000000g'), hostileText)
    .filter((id) => !isUUID(id) && id !== 'me' && id.length > 0);
  const routes: ((id: string, day: string) => [Method, string])[] = [
    (id) => ['GET', `/api/counsellors/${id}/rules`],
    (id) => ['POST', `/api/counsellors/${id}/absences`],
    (id) => ['DELETE', `/api/counsellors/${counsellorId}/rules/${id}`],
    (id) => ['DELETE', `/api/counsellors/${counsellorId}/absences/${id}`],
    (id) => ['DELETE', `/api/counsellors/${counsellorId}/extra-hours/${id}`],
    (id) => ['GET', `/api/appointments/${id}`],
    (id) => ['POST', `/api/appointments/${id}/reschedule`],
    (id) => ['POST', `/api/appointments/${id}/cancel`],
    // Public, but a token in the path like the others' ids: anything not a live token is a 404.
    (id) => ['GET', `/api/calendar/${id}.ics`],
    (id) => ['PATCH', `/api/admin/counsellors/${id}`],
    (id) => ['PATCH', `/api/admin/staff/${id}`],
    (_id, day) => ['PUT', `/api/admin/holidays/${day}/open`],
    (_id, day) => ['DELETE', `/api/admin/holidays/${day}/open`],
  ];
  return fc
    .record({
      route: fc.constantFrom(...routes),
      id: fc.oneof(badId, fc.constant(NO_SUCH_ID)),
      day: badDay.filter((day) => day.length > 0),
      as: fc.constantFrom<'admin' | 'counsellor'>('admin', 'counsellor'),
    })
    .map(({ route, id, day, as }) => {
      const [method, path] = route(encode(id), encode(day));
      return sent({
        method,
        path,
        headers: jsonHeaders(staffAuth[as]),
        body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
        why: [`as ${as}`, `id ${JSON.stringify(id)} / day ${JSON.stringify(day)}`],
      });
    });
}

// ---------------------------------------------------------------------------------------------

describe('fuzzing the public endpoints', () => {
  beforeAll(async () => {
    t = await createTestApp({
      logs: { write: (line: string) => void logLines.push(line) },
      env: {
        RATE_LIMIT_PER_MINUTE: '1000000',
        BOOKING_RATE_LIMIT_PER_MINUTE: '1000000',
        MANAGE_RATE_LIMIT_PER_MINUTE: '1000000',
        LOGIN_RATE_LIMIT_PER_MINUTE: '10000', // the configuration's maximum
      },
    });
    // The clock first: sessions and the notice period are measured on it.
    t.clock.advance(new Date(NOW).getTime() - t.clock.now().getTime());
    const admin = await t.login('admin');
    staffEmails.add(admin.email.toLowerCase());
    const auth = { Authorization: `Bearer ${admin.token}` };
    // A counsellor-role account linked to no counsellor: it may call the staff routes, but owns
    // no availability and gets no agenda.
    const counsellor = await t.login('counsellor');
    staffEmails.add(counsellor.email.toLowerCase());
    staffAuth = { admin: auth, counsellor: { Authorization: `Bearer ${counsellor.token}` } };
    // Without a staff account: no agenda mail is planned for this counsellor while we fuzz.
    counsellorId = (
      await request(t.http)
        .post('/api/admin/counsellors')
        .set(auth)
        .send({
          displayName: 'Fuzz Counsellor',
          languages: COUNSELLOR_LANGUAGES,
          topics: ['residence'],
        })
        .expect(201)
    ).body.id;
    for (const weekday of [1, 2, 3, 4, 5]) {
      await request(t.http)
        .post(`/api/counsellors/${counsellorId}/rules`)
        .set(auth)
        .send({ weekday, start: '09:00', end: '17:00' })
        .expect(201);
    }
    typeId = (
      await request(t.http)
        .post('/api/admin/consultation-types')
        .set(auth)
        .send({
          name: { de: 'Beratung', en: 'Consultation' },
          topic: 'residence',
          durationMinutes: 60,
          stepMinutes: 60,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: NOTICE_MINUTES,
          horizonDays: HORIZON_DAYS,
          channel: 'video',
          counsellorIds: [counsellorId],
        })
        .expect(201)
    ).body.id;
    const found = await request(t.http)
      .get('/api/public/slots')
      .query({ consultationTypeId: typeId, from: FIRST_DAY, to: LAST_DAY })
      .expect(200);
    slots = (found.body.slots as { start: string }[]).map((slot) => Date.parse(slot.start));
    // The breakers rely on this grid: full hours 09–16 on weekdays, inside notice and horizon.
    expect(slots.length).toBeGreaterThan(100);
    const now = new Date(NOW).getTime();
    for (const slot of slots) {
      const local = DateTime.fromMillis(slot, { zone: ZONE });
      expect(local.minute + local.second + local.millisecond).toBe(0);
      expect(local.hour).toBeGreaterThanOrEqual(9);
      expect(local.hour).toBeLessThanOrEqual(16);
      expect(local.weekday).toBeLessThanOrEqual(5);
      expect(slot).toBeGreaterThanOrEqual(now + NOTICE_MINUTES * MINUTE);
      expect(slot).toBeLessThanOrEqual(now + HORIZON_DAYS * DAY);
    }
    baseline = await fingerprint();
  });
  afterAll(() => t?.close());

  it(
    'GET /api/public/topics with invalid queries',
    async () => {
      await fc.assert(
        fc.asyncProperty(listRequest('/api/public/topics', ['language']), (r) => mustFail(r)),
        FC_OPTIONS,
      );
      await expectDatabaseUnchanged();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'GET /api/public/consultation-types with invalid queries',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          listRequest('/api/public/consultation-types', ['language', 'topic']),
          (r) => mustFail(r),
        ),
        FC_OPTIONS,
      );
      await expectDatabaseUnchanged();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'GET /api/public/slots with invalid queries',
    async () => {
      await fc.assert(
        fc.asyncProperty(slotRequest(), (r) => mustFail(r)),
        FC_OPTIONS,
      );
      await expectDatabaseUnchanged();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'GET /api/public/slots at the edges of the calendar: 200 or 4xx, never 5xx',
    async () => {
      await fc.assert(
        fc.asyncProperty(extremeSlotRequest(), async (r) => {
          const res = await send(r);
          if (res.status === 200) {
            if (!Array.isArray(res.body?.slots))
              throw new Error(`200 without a slot list\n${show(r, res)}`);
            return;
          }
          checkError(r, res);
        }),
        FC_OPTIONS,
      );
      await expectDatabaseUnchanged();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'POST /api/public/appointments: nearly valid bodies that only the service can reject',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          bookingRequest(
            deepBreakers().map((edit) => [edit]),
            fc.array(
              fc.oneof(
                validHostileText(60).map((name) => set('pseudonym', name)),
                validHostileText(500).map((note) => set('note', note)),
                fc.constantFrom(...ZONES).map((zone) => set('timeZone', zone)),
              ),
              { maxLength: 2 },
            ),
          ),
          (r) => mustFail(r),
        ),
        FC_OPTIONS,
      );
      await expectDatabaseUnchanged();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'POST /api/public/appointments: malformed and hostile bodies',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          bookingRequest(
            fc.array(fc.oneof(dtoBreakers(), deepBreakers()), { minLength: 1, maxLength: 3 }),
            fc.array(decorations(), { maxLength: 4 }),
          ),
          (r) => mustFail(r),
        ),
        FC_OPTIONS,
      );
      await expectDatabaseUnchanged();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    '/api/public/manage (view, reschedule, cancel, video, video/events) with bad tokens',
    async () => {
      await fc.assert(
        fc.asyncProperty(manageRequest(), (r) => mustFail(r)),
        FC_OPTIONS,
      );
      await expectDatabaseUnchanged();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'POST /api/livekit/webhook with random bodies and bad signatures',
    async () => {
      await fc.assert(
        fc.asyncProperty(webhookRequest(), async (plan) => {
          const auth = await authorization(plan.signature, plan.body);
          const r = sent({
            method: 'POST',
            path: '/api/livekit/webhook',
            headers: {
              'Content-Type': plan.contentType,
              ...(auth === undefined ? {} : { Authorization: auth }),
            },
            body: plan.body,
            why: [`signature: ${JSON.stringify(plan.signature)}`],
          });
          await mustFail(r);
        }),
        FC_OPTIONS,
      );
      await expectDatabaseUnchanged();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'POST /api/auth/login with random bodies (emails without an account)',
    async () => {
      await fc.assert(
        fc.asyncProperty(loginRequest(), (r) => mustFail(r)),
        FC_OPTIONS,
      );
      await expectDatabaseUnchanged();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'every POST endpoint with bodies that are not JSON, wrongly encoded or over 100 kB',
    async () => {
      await fc.assert(
        fc.asyncProperty(rawRequest(), (r) => mustFail(r)),
        FC_OPTIONS,
      );
      await expectDatabaseUnchanged();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    '/health: GET answers 200 whatever the query (but a NUL byte), other methods 4xx',
    async () => {
      await fc.assert(
        fc.asyncProperty(healthRequest(), async (r) => {
          const res = await send(r);
          if (r.method !== 'GET') return checkError(r, res);
          // A NUL byte is refused at the edge on every route, health included.
          if (r.path.includes('%00') && res.body?.code === 'nul_character') {
            return checkError(r, res, [400]);
          }
          if (res.status !== 200 || res.body?.status !== 'ok')
            throw new Error(`health did not answer 200 ok\n${show(r, res)}`);
        }),
        FC_OPTIONS,
      );
      await expectDatabaseUnchanged();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'staff routes (availability, counsellors, types, staff, appointments, notifications, holidays, audit) with invalid bodies and queries, as admin and as counsellor',
    async () => {
      await fc.assert(
        fc.asyncProperty(staffRequest(STAFF_ROUTES), (r) => mustFail(r)),
        { ...FC_OPTIONS, numRuns: RUNS * 3 },
      );
      await expectDatabaseUnchanged();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'staff routes with impossible dates and instants only (absences, rules, extra hours, ranges)',
    async () => {
      const dated = STAFF_ROUTES.filter((route) =>
        Object.values(route.fields).some((kind) => kind === 'day' || kind === 'instant'),
      ).map((route) => ({
        ...route,
        fields: Object.fromEntries(
          Object.entries(route.fields).filter(([, kind]) => kind === 'day' || kind === 'instant'),
        ),
        deep: undefined,
      }));
      await fc.assert(
        fc.asyncProperty(staffRequest(dated), async (r) => {
          const res = await send(r);
          // Admins pass the role guard, so a date must be refused by validation: 400, by name.
          if (r.why[0] === 'as admin' && !r.why.some((why) => why.startsWith('unknown field'))) {
            checkError(r, res, [400]);
          } else checkError(r, res);
        }),
        FC_OPTIONS,
      );
      await expectDatabaseUnchanged();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'staff routes with malformed ids and days in the path',
    async () => {
      await fc.assert(
        fc.asyncProperty(staffPathRequest(), (r) => mustFail(r)),
        FC_OPTIONS,
      );
      await expectDatabaseUnchanged();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'logged none of the client data it was sent (pseudonyms, notes, contacts, manage tokens)',
    async () => {
      // Requests of its own, so that the check passes alone too: client data in refused bookings
      // (a NUL byte once made the database fail and log its parameters) and in manage calls.
      const canaries = {
        pseudonym: `Canary-${randomBytes(6).toString('hex')}`,
        note: `Canary note ${randomBytes(6).toString('hex')}`,
        email: `canary-${randomBytes(6).toString('hex')}@example.org`,
        token: randomBytes(32).toString('base64url'),
      };
      for (const nul of ['', '\u0000']) {
        await mustFail(
          sent({
            method: 'POST',
            path: '/api/public/appointments',
            headers: jsonHeaders(),
            body: toJson({
              consultationTypeId: typeId,
              start: '2027-06-12T10:00:00+02:00', // a Saturday: no slot
              pseudonym: `${canaries.pseudonym}${nul}`,
              language: 'de',
              note: `${canaries.note}${nul}`,
              contact: { channel: 'email', value: canaries.email },
            }),
            why: ['start is on a weekend', ...(nul ? ['NUL in pseudonym and note'] : [])],
          }),
        );
      }
      await mustFail(
        sent({
          method: 'GET',
          path: '/api/public/manage',
          headers: { 'X-Manage-Token': canaries.token },
          why: ['unknown manage token'],
        }),
      );
      expect(logLines.length).toBeGreaterThan(0);
      expect([...Object.values(canaries)].every((value) => clientData.has(value))).toBe(true);
      const leaked = leakedClientData();
      expect(
        leaked.map((value) => ({
          value,
          lines: logLines.filter((line) => line.includes(value)).map((line) => clip(line, 600)),
        })),
      ).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it('left every data table as it was', async () => {
    await expectDatabaseUnchanged();
  });
});
