import { ApiError, errorCode } from '../api/client';
import type { Message } from './types';

/**
 * Whose conversation: an appointment (its manage link's token) or a walk-in ticket (its ticket
 * token). Both APIs answer the same shapes under their own path and header; the token travels in
 * the header only, never in a URL (URLs end up in logs and browser history).
 */
export type ConversationOwner =
  { kind: 'appointment'; manageToken: string } | { kind: 'ticket'; ticketToken: string };

export function conversationBase(owner: ConversationOwner): string {
  return owner.kind === 'appointment'
    ? '/api/public/manage/conversation'
    : '/api/public/walk-in/ticket/conversation';
}

export function ownerHeaders(owner: ConversationOwner): Record<string, string> {
  return owner.kind === 'appointment'
    ? { 'X-Manage-Token': owner.manageToken }
    : { 'X-Ticket-Token': owner.ticketToken };
}

export function conversationKey(owner: ConversationOwner) {
  return [
    'conversation',
    owner.kind,
    owner.kind === 'appointment' ? owner.manageToken : owner.ticketToken,
  ] as const;
}

/**
 * Photos are made smaller in the browser before they leave the phone: a 12-megapixel photo of a
 * letter is 2–4 MB, far more than reading it needs, and a slow connection pays for every byte.
 *
 * - 2000 px on the long side: an A4 page (297 mm) gets about 6.7 px per mm (170 dpi), so the
 *   x-height of 10-point print is about 12 px and of 8-point small print about 10 px — legible,
 *   also zoomed in on a screen or printed at the office. At 1600 px small print starts to blur.
 * - JPEG quality 0.75: strokes of letters stay sharp; below 0.7 the ringing around thin strokes
 *   becomes visible on grey paper.
 * - at most 0.5 MB per page: the library lowers quality and size step by step only for a photo
 *   that is still bigger (much texture, e.g. a crumpled page); a ten-page letter stays about 5 MB.
 * - no web worker: the library's worker would load its code from a CDN (a request to a third party
 *   that our Content-Security-Policy forbids and that tells it who uses the app). On the main
 *   thread a page takes a moment on a slow phone; the pages are prepared one after the other while
 *   the client takes the next photo.
 * - the photo's EXIF data (place, time, phone model) is not kept.
 */
export const PHOTO_COMPRESSION = {
  maxWidthOrHeight: 2000,
  initialQuality: 0.75,
  maxSizeMB: 0.5,
  fileType: 'image/jpeg',
  useWebWorker: false,
  preserveExif: false,
} as const;

/** What "Choose files" offers and the API accepts. */
export const ACCEPTED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

export function isAcceptedType(type: string): boolean {
  return (ACCEPTED_TYPES as readonly string[]).includes(type);
}

/** A4 width in PDF points: every page of a combined document is this wide, as a letter is. */
const A4_WIDTH_PT = 595.28;

/** The size of a PDF page for a photo: A4 wide, the photo's own proportions. */
export function pdfPageSize(widthPx: number, heightPx: number): { width: number; height: number } {
  const width = A4_WIDTH_PT;
  return { width, height: Math.round(((width * heightPx) / widthPx) * 100) / 100 };
}

/**
 * The file name of what the client sends from photos: the date and time it was made, the same in
 * every language (the counsellor's list sorts them), e.g. "letter-2026-12-02-1430.pdf", or with
 * the page's number for photos sent one by one ("photo-2026-12-02-1430-2.jpg").
 */
export function documentName(
  kind: 'letter' | 'photo',
  at: Date,
  extension: 'pdf' | 'jpg',
  page?: number,
): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}`;
  return `${kind}-${stamp}${page === undefined ? '' : `-${page}`}.${extension}`;
}

/** How many documents the pending pages and files become (several photos as one PDF, or each). */
export function uploadsNeeded(photos: number, files: number, combine: boolean): number {
  return (combine && photos > 1 ? 1 : photos) + files;
}

/** "420 kB", "1.3 MB" in the reader's language (decimal units, as phones show file sizes). */
export function formatSize(bytes: number, locale: string): string {
  const mb = bytes >= 1_000_000;
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: mb ? 'megabyte' : 'kilobyte',
    unitDisplay: 'short',
    maximumFractionDigits: mb ? 1 : 0,
  }).format(mb ? bytes / 1_000_000 : Math.max(1, Math.round(bytes / 1000)));
}

/** The marks of a message the reader wrote: read implies delivered. */
export function deliveryState(message: Message): 'read' | 'delivered' | 'sent' {
  if (message.read) return 'read';
  return message.delivered ? 'delivered' : 'sent';
}

/** The counsellor's messages that were not there before: those are announced, nothing else. */
export function newFromCounterpart(
  seen: ReadonlySet<string>,
  messages: readonly Message[],
): Message[] {
  return messages.filter((message) => !message.mine && !seen.has(message.id));
}

/** Ctrl+Enter (Cmd+Enter on a Mac) sends; Enter alone is a new line, as in a letter. */
export function isSendShortcut(event: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
}): boolean {
  return event.key === 'Enter' && (event.ctrlKey || event.metaKey);
}

/** Wait before opening the event stream again: 1 s, 2 s, 4 s … at most 30 s, ±25 % jitter. */
export function reconnectDelay(failures: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}

/**
 * Splits what arrived of a server-sent event stream into complete events (their data lines) and the
 * rest still incomplete. Comment lines (": heartbeat") are not events.
 */
export function parseEvents(buffer: string): { events: string[]; rest: string } {
  const normalized = buffer.replace(/\r\n?/g, '\n');
  const events: string[] = [];
  let rest = normalized;
  let end;
  while ((end = rest.indexOf('\n\n')) >= 0) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    const data = block
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trim());
    if (data.length > 0) events.push(data.join('\n'));
  }
  return { events, rest };
}

/**
 * The conversation's own text for a failed send (conversation namespace), or undefined for the
 * general messages. 409 is either the closed conversation or the document limit, told apart by
 * the answer's code.
 */
export function sendErrorKey(error: unknown, what: 'message' | 'document'): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  switch (error.status) {
    case 409:
      if (errorCode(error) === 'conversation_closed') return 'conversation:errors.closed';
      return what === 'document'
        ? 'conversation:errors.documentLimit'
        : 'conversation:errors.closed';
    case 429:
      return 'conversation:errors.tooMany';
    case 413:
      return 'conversation:errors.tooLarge';
    case 415:
      return 'conversation:errors.type';
    case 400:
      return what === 'message' ? 'conversation:errors.invalidText' : undefined;
    default:
      return undefined;
  }
}

/** Minutes to wait after a 429, from its Retry-After (at least one). */
export function retryMinutes(error: unknown): number {
  return error instanceof ApiError && error.retryAfterSeconds
    ? Math.max(1, Math.ceil(error.retryAfterSeconds / 60))
    : 1;
}
