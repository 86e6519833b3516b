import { DateTime } from 'luxon';
import type { components } from '../api/openapi';

type Schemas = components['schemas'];

export type JoinWaitlistRequest = Schemas['JoinWaitlistDto'];
export type JoinedWaitlist = Schemas['JoinedWaitlistDto'];
export type WaitlistEntry = Schemas['WaitlistEntryDto'];
export type WaitlistStatus = WaitlistEntry['status'];
export type AcceptedOffer = Schemas['AcceptedOfferDto'];

/** The API's limit: an entry spans at most this many days, first and last included. */
export const MAX_WAITLIST_DAYS = 31;

/** The link to an entry: the same page the offer messages open, the token in the fragment. */
export function entryLink(origin: string, token: string): string {
  return `${origin}/waitlist/offer#token=${encodeURIComponent(token)}`;
}

/**
 * What is wrong with a range of days ("2026-12-14" … "2026-12-18"), checked as the API checks it,
 * or null. `today` is the first day that may be asked for.
 */
export function rangeProblem(
  from: string,
  to: string,
  today: string,
): 'from' | 'past' | 'to' | 'order' | 'long' | null {
  const first = DateTime.fromISO(from);
  const last = DateTime.fromISO(to);
  if (!first.isValid) return 'from';
  if (!last.isValid) return 'to';
  if (from < today) return 'past';
  if (last < first) return 'order';
  if (last.diff(first, 'days').days >= MAX_WAITLIST_DAYS) return 'long';
  return null;
}

/** A range of days shown to the client and prefilled: no longer than the API accepts. */
export function clampRange(from: string, to: string): { from: string; to: string } {
  const limit = DateTime.fromISO(from)
    .plus({ days: MAX_WAITLIST_DAYS - 1 })
    .toISODate();
  return { from, to: limit && to > limit ? limit : to };
}

/** A text the office wrote in several languages: the client's, else English, German, any. */
export function localized(text: Record<string, string>, language: string): string {
  return text[language] ?? text.en ?? text.de ?? Object.values(text)[0] ?? '';
}
