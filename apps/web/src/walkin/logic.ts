import { tokenFromHash } from '../booking/logic';
import type { components } from '../api/openapi';

type Schemas = components['schemas'];

/** A walk-in hour as clients find it: open now or next, and how many wait. */
export type PublicWalkInHour = Schemas['PublicWalkInHourDto'];
/** The client's ticket: number, place, estimate, status (also the data of its event stream). */
export type Ticket = Schemas['TicketDto'];
export type TakenTicket = Schemas['TakenTicketDto'];
export type TakeNumberRequest = Schemas['TakeNumberDto'];
export type TicketStatus = Ticket['status'];
export type StreamCredential = Schemas['StreamCredentialDto'];
/** The answer to "join": the counsellor's room, or for phone walk-ins "wait for the call". */
export type CallJoin = Schemas['CallJoinDto'];

/** The statuses of a ticket still in the queue; the others are final. */
export const LIVE_STATUSES: readonly TicketStatus[] = ['waiting', 'called', 'in_call'];

export function isLive(status: TicketStatus): boolean {
  return LIVE_STATUSES.includes(status);
}

/** Called and not yet finished: the client should join now. */
export function isTheirTurn(status: TicketStatus): boolean {
  return status === 'called' || status === 'in_call';
}

/** The refusals of "take a number" that come with the next session and the office's booking page. */
export const REFUSALS = ['walk_in_closed', 'walk_in_full', 'walk_in_closing', 'already_in_queue'];

/**
 * How long to wait before opening a broken event stream again: 1 s, 2 s, 4 s … up to 30 s, with
 * some jitter so that a thousand phones coming back from a server restart do not return at once.
 */
export function retryDelay(failures: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}

/** Whole minutes since `iso` (never negative), for the console's waiting times. */
export function minutesSince(iso: string, now: number): number {
  return Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
}

const STORAGE_KEY = 'sprechstunde.walkin';

interface Stored {
  /** The ticket opened last on this device. */
  current?: string;
  /** Each walk-in hour's ticket on this device, so its page can say "you already have a number". */
  byHour?: Record<string, string>;
}

function load(): Stored {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Stored;
  } catch {
    return {};
  }
}

function save(stored: Stored): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
  } catch {
    // Private mode or full storage: the ticket link in the address still works.
  }
}

/**
 * Keeps a ticket's token on this device: a reload, a browser that dropped the page while the phone
 * slept, or the walk-in hour's page opened again finds the ticket without the link.
 */
export function rememberTicket(token: string, hourId?: string): void {
  const stored = load();
  save({
    current: token,
    byHour: hourId ? { ...stored.byHour, [hourId]: token } : stored.byHour,
  });
}

export function rememberedTicket(hourId?: string): string | null {
  const stored = load();
  return (hourId ? stored.byHour?.[hourId] : stored.current) ?? null;
}

/** A token the server no longer knows (erased, or never valid) is dropped everywhere. */
export function forgetTicket(token: string): void {
  const stored = load();
  save({
    current: stored.current === token ? undefined : stored.current,
    byHour: Object.fromEntries(
      Object.entries(stored.byHour ?? {}).filter(([, value]) => value !== token),
    ),
  });
}

/**
 * The ticket token of this page: from the link's fragment (`#token=…`, never sent to a server), which
 * is then kept on the device and removed from the address bar (a screenshot or a shared screen
 * does not show it), else the one this device kept.
 */
export function takeTicketToken(location: Location = window.location): string | null {
  const fromLink = tokenFromHash(location.hash);
  if (fromLink) {
    rememberTicket(fromLink);
    window.history.replaceState(window.history.state, '', location.pathname + location.search);
    return fromLink;
  }
  return rememberedTicket();
}

/** The request headers that prove the ticket. */
export function ticketHeaders(token: string): Record<string, string> {
  return { 'X-Ticket-Token': token };
}

/**
 * A localized text in the UI language, else English, else German (the app's own fallbacks: a
 * newcomer reading Persian more likely reads English than German), else any.
 */
export function textIn(text: Record<string, string> | undefined, language: string): string {
  if (!text) return '';
  return text[language] ?? text.en ?? text.de ?? Object.values(text)[0] ?? '';
}
