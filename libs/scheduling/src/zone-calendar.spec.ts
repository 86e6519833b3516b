import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { findSlots } from './slot-engine.js';
import { MINUTE_MS, type CounsellorRoster, type SlotQuery } from './types.js';
import { ZoneCalendar } from './zone-calendar.js';
import { transitionsIn } from './test/zone-transitions.js';

const HOUR_MS = 60 * MINUTE_MS;
const iso = (ms: number) => new Date(ms).toISOString();
const local = (ms: number, zone: string) =>
  DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mmZZ");

/**
 * The first instant whose local date is `date` or later, found by bisection over luxon's local date
 * of each instant: independent of how ZoneCalendar resolves midnights.
 */
function referenceDayStart(zone: string, date: string): number {
  const naive = Date.parse(`${date}T00:00:00Z`);
  let before = naive - 15 * HOUR_MS; // every offset lies within -12:00..+14:00
  let after = naive + 15 * HOUR_MS;
  while (after - before > MINUTE_MS) {
    const middle = before + Math.floor((after - before) / 2 / MINUTE_MS) * MINUTE_MS;
    if (DateTime.fromMillis(middle, { zone }).toISODate()! >= date) after = middle;
    else before = middle;
  }
  return after;
}

const nextDate = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('ZoneCalendar: days in zones whose clocks change at midnight', () => {
  it.each([
    // zone, day, its first instant, the instant it ends
    // Santiago springs forward 00:00 -> 01:00: the day begins at 01:00 -03, not at 23:00 the day before.
    ['America/Santiago', '2026-09-06', '2026-09-06T04:00:00.000Z', '2026-09-07T03:00:00.000Z'],
    ['America/Santiago', '2026-09-05', '2026-09-05T04:00:00.000Z', '2026-09-06T04:00:00.000Z'],
    // ...and falls back 24:00 -> 23:00: Saturday has 25 hours, Sunday begins after the second 23:59.
    ['America/Santiago', '2026-04-04', '2026-04-04T03:00:00.000Z', '2026-04-05T04:00:00.000Z'],
    ['America/Santiago', '2026-04-05', '2026-04-05T04:00:00.000Z', '2026-04-06T04:00:00.000Z'],
    ['Asia/Beirut', '2026-03-29', '2026-03-28T22:00:00.000Z', '2026-03-29T21:00:00.000Z'],
    ['Asia/Beirut', '2026-10-24', '2026-10-23T21:00:00.000Z', '2026-10-24T22:00:00.000Z'],
    ['America/Havana', '2026-03-08', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
    // Havana falls back 01:00 -> 00:00: midnight happens twice, the day begins at the first one.
    ['America/Havana', '2026-11-01', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z'],
    ['America/Havana', '2026-10-31', '2026-10-31T04:00:00.000Z', '2026-11-01T04:00:00.000Z'],
    ['Africa/Cairo', '2026-04-24', '2026-04-23T22:00:00.000Z', '2026-04-24T21:00:00.000Z'],
    ['Africa/Cairo', '2026-10-29', '2026-10-28T21:00:00.000Z', '2026-10-29T22:00:00.000Z'],
    // Scoresbysund springs 23:00 -> 00:00: Saturday loses its last hour, Sunday's midnight exists.
    ['America/Scoresbysund', '2026-03-28', '2026-03-28T02:00:00.000Z', '2026-03-29T01:00:00.000Z'],
    ['America/Scoresbysund', '2026-03-29', '2026-03-29T01:00:00.000Z', '2026-03-30T01:00:00.000Z'],
  ])('%s %s runs from %s to %s', (zone, date, start, end) => {
    const bounds = new ZoneCalendar(zone).dayBounds(date);
    expect({ start: iso(bounds.start), end: iso(bounds.end) }).toEqual({ start, end });
  });

  it('gives a Sunday 00:00–03:00 rule on Santiago’s change day only 01:00–03:00 of that Sunday', () => {
    const zone = 'America/Santiago';
    const intervals = new ZoneCalendar(zone).toIntervals('2026-09-06', 0, 180);
    expect(intervals.map((i) => [local(i.start, zone), local(i.end, zone)])).toEqual([
      ['2026-09-06T01:00-03:00', '2026-09-06T03:00-03:00'],
    ]);
  });

  it('gives a Sunday 00:00–00:30 rule in Havana both passes through the repeated midnight', () => {
    const intervals = new ZoneCalendar('America/Havana').toIntervals('2026-11-01', 0, 30);
    expect(intervals.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ['2026-11-01T04:00:00.000Z', '2026-11-01T04:30:00.000Z'],
      ['2026-11-01T05:00:00.000Z', '2026-11-01T05:30:00.000Z'],
    ]);
  });

  it.each([
    ['America/Santiago', '2026-09-05T00:00:00-04:00', '2026-09-07T00:00:00-03:00'],
    ['Asia/Beirut', '2026-03-28T00:00:00+02:00', '2026-03-30T00:00:00+03:00'],
    ['America/Havana', '2026-03-07T00:00:00-05:00', '2026-03-09T00:00:00-04:00'],
    ['Africa/Cairo', '2026-04-23T00:00:00+02:00', '2026-04-25T00:00:00+03:00'],
  ])('offers no Saturday-evening slot for a Sunday-night rule in %s', (zone, from, to) => {
    const roster: CounsellorRoster = {
      id: 'c',
      timeZone: zone,
      rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        weekday: weekday as 1,
        startMinute: 0,
        endMinute: 180,
      })),
      extraHours: [],
      absences: [],
      appointments: [],
    };
    const query: SlotQuery = {
      from: Date.parse(from),
      to: Date.parse(to),
      now: Date.parse('2026-01-01T00:00:00Z'),
      closedDates: new Set(),
      requirements: {
        durationMinutes: 30,
        stepMinutes: 30,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 0,
        horizonDays: 365,
      },
    };
    const hours = findSlots([roster], query).map((slot) =>
      DateTime.fromMillis(slot.start, { zone }).toFormat('HH:mm'),
    );
    expect(hours.length).toBeGreaterThan(0);
    expect(hours.every((hour) => hour < '03:00')).toBe(true);
  });

  it('agrees with luxon’s local dates on every day boundary near every 2026 transition of every zone', () => {
    const wrong: string[] = [];
    for (const { zone, instant } of transitionsIn(
      Date.parse('2026-01-01T00:00:00Z'),
      Date.parse('2027-01-01T00:00:00Z'),
    )) {
      const calendar = new ZoneCalendar(zone);
      let date = DateTime.fromMillis(instant - 86_400_000, { zone }).toISODate()!;
      for (let i = 0; i < 3; i++, date = nextDate(date)) {
        const bounds = calendar.dayBounds(date);
        const expected = {
          start: referenceDayStart(zone, date),
          end: referenceDayStart(zone, nextDate(date)),
        };
        if (bounds.start !== expected.start || bounds.end !== expected.end) {
          wrong.push(`${zone} ${date}: ${iso(bounds.start)}–${iso(bounds.end)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
