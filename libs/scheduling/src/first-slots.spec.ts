import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { firstSlots, type SlotOffer } from './first-slots.js';
import { findSlots } from './slot-engine.js';
import type { CounsellorRoster, SlotRequirements } from './types.js';

const ZONE = 'Europe/Berlin';
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();

const REQ: SlotRequirements = {
  durationMinutes: 45,
  stepMinutes: 45,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minNoticeMinutes: 0,
  horizonDays: 365,
};

/** Tuesdays 09:10–17:00 only, booked out on the first Tuesday: the first slot lies a week ahead. */
const tuesdays: CounsellorRoster = {
  id: 'c1',
  timeZone: ZONE,
  rules: [{ weekday: 2, startMinute: 9 * 60 + 10, endMinute: 17 * 60 }],
  extraHours: [],
  absences: [{ start: at('2027-03-02T00:00'), end: at('2027-03-02T12:00') }],
  appointments: [],
};

describe('firstSlots', () => {
  const offers: SlotOffer[] = [
    { key: 'tuesdays', rosters: [tuesdays], requirements: REQ, closedDates: new Set() },
    {
      key: 'closed',
      rosters: [tuesdays],
      requirements: REQ,
      closedDates: new Set(['2027-03-02', '2027-03-09']),
    },
    { key: 'nobody', rosters: [], requirements: REQ, closedDates: new Set() },
  ];

  it('finds the same first slot as a search over the whole range, from any start', () => {
    const to = at('2027-03-15T00:00');
    const now = at('2027-01-01T00:00');
    // Starts inside a window and off its grid, too: the grid stays the window's.
    for (const from of [at('2027-03-01T00:00'), at('2027-03-02T13:00'), at('2027-03-09T09:20')]) {
      const found = firstSlots(offers, { from, to, now });
      const whole = findSlots([tuesdays], {
        from,
        to,
        now,
        requirements: REQ,
        closedDates: new Set(),
      });
      expect(found.get('tuesdays')).toEqual(whole[0]);
    }
    const found = firstSlots(offers, { from: at('2027-03-01T00:00'), to, now });
    expect(DateTime.fromMillis(found.get('tuesdays')!.start, { zone: ZONE }).toISO()).toBe(
      '2027-03-02T12:10:00.000+01:00',
    );
  });

  it('answers null where nothing is free in the range', () => {
    const found = firstSlots(offers, {
      from: at('2027-03-01T00:00'),
      to: at('2027-03-15T00:00'),
      now: at('2027-01-01T00:00'),
    });
    expect(found.get('closed')).toBeNull();
    expect(found.get('nobody')).toBeNull();
  });
});
