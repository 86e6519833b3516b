import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** One header of a webhook call, whatever case the HTTP layer gave its name; the first if repeated. */
export function headerValue(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/**
 * Compares a received secret or signature with the expected one in constant time. Both sides are
 * hashed first: timingSafeEqual needs buffers of equal length, and comparing the lengths directly
 * would tell an attacker how long the secret is.
 */
export function secretsEqual(received: string | undefined, expected: string): boolean {
  if (received === undefined || received === '') return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(received), digest(expected));
}

/** Lower-case hex HMAC-SHA256 of the body exactly as it arrived (Viber's and Meta's signatures). */
export function hmacSha256Hex(key: string, rawBody: Buffer): string {
  return createHmac('sha256', key).update(rawBody).digest('hex');
}

/** JSON.parse that tells "not JSON" apart instead of throwing SyntaxError into the controller. */
export function parseJson(rawBody: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(rawBody.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Milliseconds to wait from a Retry-After header (seconds or an HTTP date), or undefined when the
 * header is absent or unreadable.
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Shortens to at most `max` characters (code points, so no emoji or Arabic letter is cut in half). */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const head = chars.slice(0, max - 1).join('');
  // Cut at the last word boundary when there is one in the last fifth: no half words.
  const space = head.search(/\s\S*$/);
  const cut = space > (head.length * 4) / 5 ? head.slice(0, space) : head;
  return `${cut.trimEnd()}…`;
}
