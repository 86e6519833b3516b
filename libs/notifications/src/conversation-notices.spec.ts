import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  outsideNight,
  planNewMessageNotice,
  quietWindow,
  quietWindowStart,
} from './conversation-notices.js';

const BERLIN = 'Europe/Berlin';
const at = (iso: string) => new Date(iso);
const local = (date: Date, zone = BERLIN) =>
  DateTime.fromJSDate(date, { zone }).toFormat("yyyy-MM-dd'T'HH:mm ZZ");

describe('a new-message notice stays out of the client’s night', () => {
  it('goes at once by day', () => {
    expect(outsideNight(at('2026-12-07T12:15:00Z'), BERLIN)).toEqual(at('2026-12-07T12:15:00Z'));
    // 20:59 local is still day; 08:00 local is day again.
    expect(outsideNight(at('2026-12-07T19:59:00Z'), BERLIN)).toEqual(at('2026-12-07T19:59:00Z'));
    expect(outsideNight(at('2026-12-08T07:00:00Z'), BERLIN)).toEqual(at('2026-12-08T07:00:00Z'));
  });

  it('waits for 08:00 local from 21:00, and from after midnight', () => {
    expect(local(outsideNight(at('2026-12-07T20:00:00Z'), BERLIN))).toBe('2026-12-08T08:00 +01:00');
    expect(local(outsideNight(at('2026-12-08T01:30:00Z'), BERLIN))).toBe('2026-12-08T08:00 +01:00');
    expect(local(outsideNight(at('2026-12-08T06:59:59Z'), BERLIN))).toBe('2026-12-08T08:00 +01:00');
  });

  it('keeps to the client’s own zone, not the office’s', () => {
    // 20:30 in Berlin is 22:30 in Kyiv: night there.
    const sendAt = outsideNight(at('2026-12-07T19:30:00Z'), 'Europe/Kyiv');
    expect(local(sendAt, 'Europe/Kyiv')).toBe('2026-12-08T08:00 +02:00');
    expect(sendAt).toEqual(at('2026-12-08T06:00:00Z'));
  });

  it('ends the night the clocks go forward at 08:00 summer time (Berlin, 28 March 2027)', () => {
    const sendAt = outsideNight(at('2027-03-27T21:30:00Z'), BERLIN); // Saturday 22:30 CET
    expect(local(sendAt)).toBe('2027-03-28T08:00 +02:00');
    expect(sendAt).toEqual(at('2027-03-28T06:00:00Z')); // a night of 8.5 h, not 9.5 h
  });

  it('ends the night the clocks go back at 08:00 winter time (Berlin, 31 October 2027)', () => {
    const sendAt = outsideNight(at('2027-10-30T19:30:00Z'), BERLIN); // Saturday 21:30 CEST
    expect(local(sendAt)).toBe('2027-10-31T08:00 +01:00');
    expect(sendAt).toEqual(at('2027-10-31T07:00:00Z'));
    // 02:30 happens twice that night; both are night.
    expect(outsideNight(at('2027-10-31T00:30:00Z'), BERLIN)).toEqual(at('2027-10-31T07:00:00Z'));
    expect(outsideNight(at('2027-10-31T01:30:00Z'), BERLIN)).toEqual(at('2027-10-31T07:00:00Z'));
  });
});

describe('at most one notice per conversation and quiet period', () => {
  const Q = 60;
  const plan = (now: string, previous?: string) =>
    planNewMessageNotice({
      now: at(now),
      zone: BERLIN,
      quietMinutes: Q,
      previous: previous ? at(previous) : null,
    });

  it('numbers windows from the epoch, the same for every message in one', () => {
    expect(quietWindow(at('2026-12-07T10:00:00Z'), Q)).toBe(
      quietWindow(at('2026-12-07T10:59:59Z'), Q),
    );
    expect(quietWindow(at('2026-12-07T11:00:00Z'), Q)).toBe(
      quietWindow(at('2026-12-07T10:00:00Z'), Q) + 1,
    );
    expect(quietWindowStart(quietWindow(at('2026-12-07T10:17:00Z'), 15), 15)).toEqual(
      at('2026-12-07T10:15:00Z'),
    );
  });

  it('plans the first message’s notice at once', () => {
    expect(plan('2026-12-07T10:05:00Z')).toEqual({
      window: quietWindow(at('2026-12-07T10:05:00Z'), Q),
      sendAt: at('2026-12-07T10:05:00Z'),
      pending: false,
    });
  });

  it('leaves a message to the notice still pending, whichever window it is in', () => {
    // The notice of 10:59:59 has not gone yet at 11:00:01: it tells this message too.
    expect(plan('2026-12-07T09:59:01Z', '2026-12-07T09:59:59Z')).toEqual({
      window: quietWindow(at('2026-12-07T09:59:59Z'), Q),
      sendAt: at('2026-12-07T09:59:59Z'),
      pending: true,
    });
    expect(plan('2026-12-07T10:00:01Z', '2026-12-07T10:00:05Z').pending).toBe(true);
  });

  it('waits a quiet period after the notice that went, across a window boundary too', () => {
    const late = plan('2026-12-07T10:00:01Z', '2026-12-07T09:59:59Z');
    expect(late).toEqual({
      window: quietWindow(at('2026-12-07T10:59:59Z'), Q),
      sendAt: at('2026-12-07T10:59:59Z'),
      pending: false,
    });
    expect(late.window).toBe(quietWindow(at('2026-12-07T09:59:59Z'), Q) + 1);
    // A quiet period later it goes at once.
    expect(plan('2026-12-07T12:00:00Z', '2026-12-07T10:59:00Z').sendAt).toEqual(
      at('2026-12-07T12:00:00Z'),
    );
  });

  it('two notices a quiet period apart never share a window (the window names the notice)', () => {
    for (let minute = 0; minute < 180; minute += 7) {
      const previous = new Date(at('2026-12-07T09:00:00Z').getTime() + minute * 60_000 + 999);
      const next = plan(new Date(previous.getTime() + 1_000).toISOString(), previous.toISOString());
      expect(next.window).toBeGreaterThan(quietWindow(previous, Q));
    }
  });

  it('puts a night message into the morning, and a handed-on one out of the night', () => {
    const night = plan('2026-12-07T22:30:00Z');
    expect(night.sendAt).toEqual(at('2026-12-08T07:00:00Z'));
    expect(night.window).toBe(quietWindow(at('2026-12-08T07:00:00Z'), Q));
    const evening = plan('2026-12-07T19:50:00Z', '2026-12-07T19:40:00Z');
    expect(evening.sendAt).toEqual(at('2026-12-08T07:00:00Z'));
  });
});
