import { DateTime } from 'luxon';
import type { BookingRequest, Slot } from '../api/types';

/** The days shown at once in the slot picker. */
export const DAYS_PER_PAGE = 7;

export interface SlotDay {
  /** yyyy-MM-dd in the chosen zone */
  date: string;
  slots: Slot[];
}

/** Slots grouped by their local day in `zone`, in time order (the API answers in that zone already). */
export function groupSlotsByDay(slots: readonly Slot[], zone: string): SlotDay[] {
  const days = new Map<string, Slot[]>();
  const sorted = [...slots].sort(
    (a, b) => DateTime.fromISO(a.start).toMillis() - DateTime.fromISO(b.start).toMillis(),
  );
  for (const slot of sorted) {
    const date = DateTime.fromISO(slot.start, { zone }).toISODate();
    if (!date) continue;
    const list = days.get(date) ?? [];
    list.push(slot);
    days.set(date, list);
  }
  return [...days].map(([date, list]) => ({ date, slots: list }));
}

/** The date range of one page of the picker: `page` 0 starts today in `zone`. */
export function pageRange(
  page: number,
  zone: string,
  now: DateTime = DateTime.now(),
): { from: string; to: string } {
  const first = now
    .setZone(zone)
    .startOf('day')
    .plus({ days: page * DAYS_PER_PAGE });
  return {
    from: first.toISODate() ?? '',
    to: first.plus({ days: DAYS_PER_PAGE - 1 }).toISODate() ?? '',
  };
}

/** Every IANA zone the browser knows, the user's own first; falls back to a short list. */
export function timeZones(own: string): string[] {
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = ['Europe/Berlin', 'UTC'];
  }
  return [own, ...zones.filter((zone) => zone !== own)];
}

export type ContactChannel = 'email' | 'phone';

/**
 * A first check in the browser, so mistakes show before sending; the API validates properly
 * (libphonenumber, RFC email) and its answer wins.
 */
export function contactProblem(
  channel: ContactChannel,
  value: string,
): 'empty' | 'email' | 'phone' | null {
  const text = value.trim();
  if (text === '') return 'empty';
  if (channel === 'email') return /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(text) ? null : 'email';
  // International (+49 …) or national (0176 …): the API reads a national number as one of the
  // office's country and decides whether it exists.
  const digits = text.replace(/[\s()./-]/g, '');
  return /^(\+[1-9]\d{6,14}|\d{6,15})$/.test(digits) ? null : 'phone';
}

/** A phone number without separators; the API stores it in international form. */
export function normalisePhone(value: string): string {
  return value.trim().replace(/[\s()./-]/g, '');
}

export interface BookingDetails {
  consultationTypeId: string;
  start: string;
  counsellorLanguage?: string;
  /** Staff booking into one counsellor's calendar. */
  counsellorId?: string;
  pseudonym: string;
  language: string;
  timeZone: string;
  contactChannel: ContactChannel;
  contactValue: string;
  note: string;
  /** Only a wish for an interpreter (the type has none to book). */
  needsInterpreter: boolean;
  /** An interpreter for this language is booked together with the counsellor. */
  interpreterLanguage?: string;
}

/** The body of POST /api/public/appointments. */
export function bookingRequest(details: BookingDetails): BookingRequest {
  const note = details.note.trim();
  return {
    consultationTypeId: details.consultationTypeId,
    start: details.start,
    ...(details.counsellorLanguage ? { counsellorLanguage: details.counsellorLanguage } : {}),
    ...(details.counsellorId ? { counsellorId: details.counsellorId } : {}),
    pseudonym: details.pseudonym.trim(),
    language: details.language,
    timeZone: details.timeZone,
    contact: {
      channel: details.contactChannel,
      value:
        details.contactChannel === 'phone'
          ? normalisePhone(details.contactValue)
          : details.contactValue.trim(),
    },
    ...(note ? { note } : {}),
    // A booked interpreter replaces the wish: the flag is only for bookings without one.
    needsInterpreter: details.interpreterLanguage ? false : details.needsInterpreter,
    ...(details.interpreterLanguage ? { interpreterLanguage: details.interpreterLanguage } : {}),
  };
}

/**
 * The interpreter languages a client may choose for a type, by their own names in the reader's
 * alphabet order; none when the type's office has no interpreter (then only the wish is offered).
 */
export function interpreterChoices<L extends { native: string }>(
  tags: readonly string[] | undefined,
  label: (tag: string) => L,
  uiLanguage: string,
): L[] {
  const collator = new Intl.Collator(uiLanguage);
  return [...new Set(tags ?? [])].map(label).sort((a, b) => collator.compare(a.native, b.native));
}

/** The chosen interpreter language while the chosen type still offers it, else none. */
export function offeredInterpreterLanguage(
  chosen: string,
  tags: readonly string[] | undefined,
): string | undefined {
  return chosen && (tags ?? []).includes(chosen) ? chosen : undefined;
}

/**
 * The manage link carries its token in the fragment: browsers never send a fragment to a server, so
 * the token stays out of server and proxy logs and out of Referer headers.
 */
export function manageLink(origin: string, token: string): string {
  return `${origin}/manage#token=${encodeURIComponent(token)}`;
}

/** The token of a manage link's fragment ("#token=…"), or null. */
export function tokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token && /^[A-Za-z0-9_-]{20,200}$/.test(token) ? token : null;
}

/** Whole minutes (rounded up) until `iso`, never negative. */
export function minutesUntil(iso: string, now: DateTime = DateTime.now()): number {
  return Math.max(0, Math.ceil(DateTime.fromISO(iso).diff(now, 'minutes').minutes));
}
