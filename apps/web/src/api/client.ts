import type { components } from './openapi';

/**
 * The API's error body (ErrorResponseDto): one shape for every 4xx/5xx. `code` is stable and
 * machine-readable: decide by it, never by the message. With `rule_overlaps`, `clashingRule` is the
 * existing weekly rule the new one overlaps; with a 409 on booking, `nextFreeSlots` offers others.
 */
export type ApiErrorBody = components['schemas']['ErrorResponseDto'];

/** A failed call: `status` 0 means the network failed (offline, timeout) and no answer came. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | null,
    readonly retryAfterSeconds?: number,
  ) {
    super(body?.message ?? (status === 0 ? 'network error' : `HTTP ${status}`));
    this.name = 'ApiError';
  }
}

/** The stable `code` of a failed call's answer: decide by it, never by the message. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof ApiError ? error.body?.code : undefined;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /**
   * A staff token (Authorization: Bearer), for API clients; the web app's staff session is its
   * HttpOnly cookie, which the browser sends by itself.
   */
  token?: string | null;
  /** The key of a client's manage link (X-Manage-Token). */
  manageToken?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

const TIMEOUT_MS = 20_000;

function url(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** Sends one request to the API; resolves the JSON answer (undefined for 204) or throws ApiError. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

/** Like request, but answers the raw body as a Blob (downloads). */
export async function download(path: string, options: RequestOptions = {}): Promise<Blob> {
  return (await send(path, options)).blob();
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.manageToken) headers['X-Manage-Token'] = options.manageToken;
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url(path, options.query), {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, null);
  }
  if (response.ok) return response;
  const body = await response.json().then(
    (json) => json as ApiErrorBody,
    () => null,
  );
  const retryAfter = Number(response.headers.get('retry-after'));
  throw new ApiError(response.status, body, Number.isFinite(retryAfter) ? retryAfter : undefined);
}
