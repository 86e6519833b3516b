import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** The request id: the caller's X-Request-Id when it is well-formed, else a new UUID. */
export function requestIdOf(request: IncomingMessage & { id?: unknown }): string {
  if (typeof request.id === 'string') return request.id;
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Gives every request its id before anything else runs (body parsing included), so that even an
 * error raised by the body parser answers with the id the log line carries.
 */
export function assignRequestId(
  request: IncomingMessage & { id?: unknown },
  response: ServerResponse,
  next: () => void,
): void {
  const id = requestIdOf(request);
  request.id = id;
  response.setHeader('X-Request-Id', id);
  next();
}

/** What a log line may say about an error. */
export interface SafeError {
  type: string;
  message: string;
  stack?: string;
  code?: string;
  /** For database errors: where it happened, never with which values. */
  table?: string;
  column?: string;
  constraint?: string;
  routine?: string;
  cause?: SafeError;
}

const DATABASE_FIELDS = ['table', 'column', 'constraint', 'routine'] as const;

/** Results of safeError, so that serializing one again (filter, then pino) keeps it as it is. */
const alreadySafe = new WeakSet<object>();

/** Whether a class named so is among the error's ancestors (typeorm is not imported here). */
function descendsFrom(error: object, name: string): boolean {
  for (let proto = Object.getPrototypeOf(error) as object | null; proto;) {
    if ((proto as { constructor?: { name?: string } }).constructor?.name === name) return true;
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return false;
}

/**
 * A database error: TypeORM's (QueryFailedError carries `query`, `parameters` and the driver
 * error; EntityNotFoundError names the search criteria in its message) or the driver's own
 * (`severity` and a five-character SQLSTATE).
 */
function isDatabaseError(error: Record<string, unknown>): boolean {
  return (
    descendsFrom(error, 'TypeORMError') ||
    'query' in error ||
    'parameters' in error ||
    'driverError' in error ||
    (typeof error.severity === 'string' &&
      typeof error.code === 'string' &&
      /^[0-9A-Z]{5}$/.test(error.code))
  );
}

/**
 * An error reduced to what a log may carry. Database errors lose their message (PostgreSQL puts
 * input values in it: `invalid input syntax for type uuid: "…"`, `Key (email)=(…) already exists`)
 * and everything but their SQLSTATE and location; no error keeps its query, parameters or other
 * properties. Used by every log line's `err` serializer and by the exception filter.
 */
export function safeError(value: unknown, depth = 0): SafeError {
  // pino hands serializers its own serialization of the error, with the original as `raw`.
  const raw = (value as { raw?: unknown } | null)?.raw ?? value;
  if (typeof raw === 'object' && raw !== null && alreadySafe.has(raw)) return raw as SafeError;
  if (typeof raw !== 'object' || raw === null) {
    return { type: typeof raw, message: typeof raw === 'string' ? raw : 'non-error thrown' };
  }
  const error = raw as Record<string, unknown>;
  const type = error instanceof Error ? error.constructor.name : 'Object';
  const stack = typeof error.stack === 'string' ? error.stack : undefined;
  const result: SafeError = { type, message: '' };
  if (isDatabaseError(error)) {
    const driver = (error.driverError ?? error) as Record<string, unknown>;
    const sqlState = typeof driver.code === 'string' ? driver.code : undefined;
    result.message = `database error${sqlState ? ` ${sqlState}` : ''}`;
    if (sqlState) result.code = sqlState;
    for (const field of DATABASE_FIELDS) {
      if (typeof driver[field] === 'string') result[field] = driver[field];
    }
    if (stack) {
      // A stack begins with the message (as many lines as it has): keep only the frames after it.
      const messageLines = typeof error.message === 'string' ? error.message.split('\n').length : 1;
      const frames = stack
        .split('\n')
        .slice(messageLines)
        .filter((line) => /^\s+at /.test(line));
      result.stack = [`${type}: ${result.message}`, ...frames].join('\n');
    }
  } else {
    result.message = typeof error.message === 'string' ? error.message : '';
    if (typeof error.code === 'string') result.code = error.code;
    if (stack) result.stack = stack;
  }
  if (error.cause !== undefined && depth < 5) result.cause = safeError(error.cause, depth + 1);
  alreadySafe.add(result);
  return result;
}

/**
 * Structured JSON logs with a request id on every line. Nothing personal goes in: no client
 * address, no headers, no bodies, and URLs without their query strings.
 */
export function loggerParams(level: string, destination?: DestinationStream): Params {
  const options: Exclude<Params['pinoHttp'], DestinationStream | unknown[] | undefined> = {
    level,
    genReqId: (request: IncomingMessage, response: ServerResponse) => {
      const incoming = request.headers['x-request-id'];
      const id =
        typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      response.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (request: { id: string; method: string; url: string }) => ({
        id: request.id,
        method: request.method,
        path: request.url.split('?')[0],
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      err: (error: unknown) => safeError(error),
    },
    customLogLevel: (_request, response, error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (request) => (request.url ?? '').startsWith('/health/') },
  };
  // Standard output unless told otherwise (the tests read what would be logged).
  return { pinoHttp: destination ? [options, destination] : options };
}
