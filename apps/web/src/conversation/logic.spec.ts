import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import {
  conversationBase,
  deliveryState,
  documentName,
  formatSize,
  isAcceptedType,
  isSendShortcut,
  newFromCounterpart,
  ownerHeaders,
  parseEvents,
  pdfPageSize,
  reconnectDelay,
  retryMinutes,
  sendErrorKey,
  uploadsNeeded,
  type ConversationOwner,
} from './logic';
import type { Message } from './types';

const message = (id: string, change: Partial<Message> = {}): Message => ({
  id,
  author: 'counsellor',
  mine: false,
  text: 'Hallo',
  createdAt: '2026-12-02T10:00:00.000Z',
  delivered: false,
  read: false,
  ...change,
});

const error = (status: number, code?: string, retryAfterSeconds?: number) =>
  new ApiError(
    status,
    code ? { statusCode: status, error: 'x', message: 'x', code } : null,
    retryAfterSeconds,
  );

describe('conversation owner', () => {
  const appointment: ConversationOwner = { kind: 'appointment', manageToken: 'm-token' };
  const ticket: ConversationOwner = { kind: 'ticket', ticketToken: 't-token' };

  it('talks to the manage or the ticket API, the token in a header only', () => {
    expect(conversationBase(appointment)).toBe('/api/public/manage/conversation');
    expect(conversationBase(ticket)).toBe('/api/public/walk-in/ticket/conversation');
    expect(ownerHeaders(appointment)).toEqual({ 'X-Manage-Token': 'm-token' });
    expect(ownerHeaders(ticket)).toEqual({ 'X-Ticket-Token': 't-token' });
    expect(conversationBase(appointment)).not.toContain('token');
  });
});

describe('sendErrorKey', () => {
  it('tells a closed conversation from the document limit by the code of a 409', () => {
    expect(sendErrorKey(error(409, 'conversation_closed'), 'document')).toBe(
      'conversation:errors.closed',
    );
    expect(sendErrorKey(error(409, 'conversation_closed'), 'message')).toBe(
      'conversation:errors.closed',
    );
    expect(sendErrorKey(error(409, 'document_limit'), 'document')).toBe(
      'conversation:errors.documentLimit',
    );
  });

  it('has its own texts for too many, too large and the wrong type', () => {
    expect(sendErrorKey(error(429), 'message')).toBe('conversation:errors.tooMany');
    expect(sendErrorKey(error(413), 'document')).toBe('conversation:errors.tooLarge');
    expect(sendErrorKey(error(415), 'document')).toBe('conversation:errors.type');
    expect(sendErrorKey(error(400), 'message')).toBe('conversation:errors.invalidText');
  });

  it('leaves the rest to the general messages', () => {
    expect(sendErrorKey(error(500), 'message')).toBeUndefined();
    expect(sendErrorKey(error(0), 'document')).toBeUndefined();
    expect(sendErrorKey(new Error('x'), 'message')).toBeUndefined();
  });

  it('waits the whole minutes of Retry-After, at least one', () => {
    expect(retryMinutes(error(429, undefined, 30))).toBe(1);
    expect(retryMinutes(error(429, undefined, 610))).toBe(11);
    expect(retryMinutes(error(429))).toBe(1);
  });
});

describe('parseEvents', () => {
  it('returns complete events and keeps the incomplete rest', () => {
    expect(parseEvents('data: changed\n\n: heartbeat\n\ndata: chan')).toEqual({
      events: ['changed'],
      rest: 'data: chan',
    });
  });

  it('reads CRLF line ends and ignores comments', () => {
    expect(parseEvents(': ping\r\n\r\ndata: changed\r\n\r\n')).toEqual({
      events: ['changed'],
      rest: '',
    });
  });

  it('finds an event split across chunks', () => {
    const first = parseEvents('data: cha');
    expect(first.events).toEqual([]);
    expect(parseEvents(`${first.rest}nged\n\n`).events).toEqual(['changed']);
  });
});

describe('newFromCounterpart', () => {
  it("announces only the counsellor's messages not seen before", () => {
    const seen = new Set(['a']);
    const list = [message('a'), message('b', { mine: true, author: 'client' }), message('c')];
    expect(newFromCounterpart(seen, list).map((m) => m.id)).toEqual(['c']);
  });
});

describe('deliveryState', () => {
  it('shows read over delivered over sent', () => {
    expect(deliveryState(message('a', { delivered: true, read: true }))).toBe('read');
    expect(deliveryState(message('a', { delivered: true }))).toBe('delivered');
    expect(deliveryState(message('a'))).toBe('sent');
  });
});

describe('isSendShortcut', () => {
  it('sends on Ctrl+Enter and Cmd+Enter, not on Enter alone', () => {
    expect(isSendShortcut({ key: 'Enter', ctrlKey: true, metaKey: false })).toBe(true);
    expect(isSendShortcut({ key: 'Enter', ctrlKey: false, metaKey: true })).toBe(true);
    expect(isSendShortcut({ key: 'Enter', ctrlKey: false, metaKey: false })).toBe(false);
    expect(isSendShortcut({ key: 'a', ctrlKey: true, metaKey: false })).toBe(false);
  });
});

describe('reconnectDelay', () => {
  it('grows from 1 s to at most 30 s with ±25 % jitter', () => {
    expect(reconnectDelay(1, () => 0.5)).toBe(1000);
    expect(reconnectDelay(3, () => 0.5)).toBe(4000);
    expect(reconnectDelay(20, () => 0.5)).toBe(30_000);
    expect(reconnectDelay(1, () => 0)).toBe(750);
    expect(reconnectDelay(1, () => 1)).toBe(1250);
  });
});

describe('documents', () => {
  it('accepts PDF, JPEG and PNG only', () => {
    expect(isAcceptedType('application/pdf')).toBe(true);
    expect(isAcceptedType('image/png')).toBe(true);
    expect(isAcceptedType('image/heic')).toBe(false);
    expect(isAcceptedType('text/html')).toBe(false);
  });

  it('counts several photos as one document when combined', () => {
    expect(uploadsNeeded(3, 0, true)).toBe(1);
    expect(uploadsNeeded(3, 0, false)).toBe(3);
    expect(uploadsNeeded(1, 2, true)).toBe(3);
    expect(uploadsNeeded(0, 0, true)).toBe(0);
  });

  it('makes A4-wide PDF pages in the photo’s proportions', () => {
    expect(pdfPageSize(1500, 2000)).toEqual({ width: 595.28, height: 793.71 });
    expect(pdfPageSize(2000, 1500).height).toBeCloseTo(446.46, 2);
  });

  it('names documents by date and time, with the page for single photos', () => {
    const at = new Date(2026, 11, 2, 14, 5);
    expect(documentName('letter', at, 'pdf')).toBe('letter-2026-12-02-1405.pdf');
    expect(documentName('photo', at, 'jpg', 2)).toBe('photo-2026-12-02-1405-2.jpg');
  });

  it('formats sizes in kB and MB in the reader’s language', () => {
    expect(formatSize(420_000, 'en')).toBe('420 kB');
    expect(formatSize(1_250_000, 'en')).toBe('1.3 MB');
    expect(formatSize(1_250_000, 'de')).toBe('1,3 MB');
    expect(formatSize(12, 'en')).toBe('1 kB');
  });
});
