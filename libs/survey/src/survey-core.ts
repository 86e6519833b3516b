/**
 * The survey's rules as plain values: no framework, no clock (now is passed in).
 */

/** How long a survey link lives after it was sent. */
export const SURVEY_LINK_DAYS = 14;
export const DAY_MS = 24 * 3_600_000;

/** The longest comment, in characters (code points). */
export const COMMENT_MAX_CHARS = 500;

/** Counts under this are shown as "<5"; comments are shown from this many answers on. */
export const SMALL_CELL = 5;
export const ROUND_TO = 5;
export const SUPPRESSED = '<5';

/** A published count: 0 or a multiple of 5, or "<5" for 1–4 (as the statistics, reports-contract). */
export type Count = number | typeof SUPPRESSED;

/** The true count, made safe to publish: 1–4 → "<5", others rounded to the nearest 5 (ties up). */
export function publishCount(count: number): Count {
  if (count > 0 && count < SMALL_CELL) return SUPPRESSED;
  return Math.floor((count + ROUND_TO / 2) / ROUND_TO) * ROUND_TO;
}

/** An average of 1–5 answers, one decimal; null when fewer than SMALL_CELL answered. */
export function publishAverage(sum: number, count: number): number | null {
  if (count < SMALL_CELL) return null;
  return Math.round((sum / count) * 10) / 10;
}

/** When a link sent at `sentAt` dies: 14 days, but never after the client's data is erased. */
export function linkExpiry(sentAt: Date, retentionEndsAt: Date): Date {
  return new Date(
    Math.min(sentAt.getTime() + SURVEY_LINK_DAYS * DAY_MS, retentionEndsAt.getTime()),
  );
}

// Control characters but newline and tab; bidi overrides and isolates; halves of a character.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A comment as it is stored: line breaks normalised, trimmed, null when empty. Returns the reason
 * when it is refused.
 */
export function cleanComment(
  text: string | null | undefined,
): { ok: true; value: string | null } | { ok: false; reason: string } {
  if (text === null || text === undefined) return { ok: true, value: null };
  const cleaned = text.replace(/\r\n?/g, '\n').trim();
  if (cleaned.length === 0) return { ok: true, value: null };
  if ([...cleaned].length > COMMENT_MAX_CHARS)
    return { ok: false, reason: `comment must be at most ${COMMENT_MAX_CHARS} characters` };
  if (CONTROL.test(cleaned))
    return {
      ok: false,
      reason: 'comment must not contain control characters (but newline and tab)',
    };
  if (BIDI_CONTROL.test(cleaned))
    return {
      ok: false,
      reason:
        'comment must not contain bidirectional override or isolate characters (U+202A–U+202E, U+2066–U+2069)',
    };
  if (LONE_SURROGATE.test(cleaned))
    return { ok: false, reason: 'comment must be valid Unicode (it holds half of a character)' };
  return { ok: true, value: cleaned };
}

/** The longest period a report covers, in months. */
export const MAX_PERIOD_MONTHS = 24;

const MONTH_OR_DAY = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

/** 'YYYY-MM' or 'YYYY-MM-DD' (a real date) → the first day of its month ('YYYY-MM-01'); null if not. */
export function monthOf(value: string): string | null {
  const match = MONTH_OR_DAY.exec(value);
  if (!match) return null;
  const [, year, month, day] = match;
  const m = Number(month);
  if (m < 1 || m > 12) return null;
  if (day !== undefined) {
    const date = new Date(Date.UTC(Number(year), m - 1, Number(day)));
    if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== Number(day)) return null;
  }
  return `${year}-${month}-01`;
}

/** Months from `from` to `to`, both 'YYYY-MM-01', inclusive. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm) + 1;
}
