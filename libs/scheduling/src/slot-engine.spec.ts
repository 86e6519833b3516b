import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { findSlots } from './slot-engine.js';
import type { CounsellorRoster, SlotQuery, SlotRequirements, WeeklyRule } from './types.js';

const ZONE = 'Europe/Berlin';
const at = (iso: string, zone = ZONE) => DateTime.fromISO(iso, { zone }).toMillis();
const local = (ms: number, zone = ZONE) =>
  DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mmZZ");
const hm = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

const everyDay = (start: string, end: string): WeeklyRule[] =>
  ([1, 2, 3, 4, 5, 6, 7] as const).map((weekday) => ({
    weekday,
    startMinute: hm(start),
    endMinute: hm(end),
  }));

function roster(overrides: Partial<CounsellorRoster> = {}): CounsellorRoster {
  return {
    id: 'c1',
    timeZone: ZONE,
    rules: everyDay('09:00', '17:00'),
    extraHours: [],
    absences: [],
    appointments: [],
    ...overrides,
  };
}

const REQ: SlotRequirements = {
  durationMinutes: 60,
  stepMinutes: 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minNoticeMinutes: 0,
  horizonDays: 365,
};

function query(
  fromIso: string,
  toIso: string,
  overrides: Partial<SlotQuery> = {},
  req: Partial<SlotRequirements> = {},
): SlotQuery {
  return {
    from: at(fromIso),
    to: at(toIso),
    now: at('2026-01-01T00:00'),
    requirements: { ...REQ, ...req },
    closedDates: new Set(),
    ...overrides,
  };
}

const starts = (rosters: CounsellorRoster[], q: SlotQuery, zone = ZONE) =>
  findSlots(rosters, q).map((slot) => local(slot.start, zone));

describe('findSlots: DST in Europe/Berlin', () => {
  it('keeps a 09:00–17:00 rule at local 09:00–17:00 on the spring-forward day (29 March 2026)', () => {
    const slots = starts([roster()], query('2026-03-28T00:00', '2026-03-30T00:00'));
    expect(slots.filter((s) => s.startsWith('2026-03-28'))[0]).toBe('2026-03-28T09:00+01:00');
    const sunday = slots.filter((s) => s.startsWith('2026-03-29'));
    expect(sunday[0]).toBe('2026-03-29T09:00+02:00');
    expect(sunday.at(-1)).toBe('2026-03-29T16:00+02:00');
    expect(sunday).toHaveLength(8);
  });

  it('keeps a 09:00–17:00 rule at local 09:00–17:00 on the fall-back day (25 October 2026)', () => {
    const sunday = starts([roster()], query('2026-10-25T00:00', '2026-10-26T00:00'));
    expect(sunday[0]).toBe('2026-10-25T09:00+01:00');
    expect(sunday).toHaveLength(8);
  });

  it('gives a night window through the missing hour its true length: no slot in 02:00–03:00 local', () => {
    const rules: WeeklyRule[] = [{ weekday: 7, startMinute: hm('01:00'), endMinute: hm('04:00') }];
    const slots = starts(
      [roster({ rules })],
      query('2026-03-29T00:00', '2026-03-30T00:00', {}, { durationMinutes: 30, stepMinutes: 30 }),
    );
    // 01:00–04:00 local is only two real hours that night.
    expect(slots).toEqual([
      '2026-03-29T01:00+01:00',
      '2026-03-29T01:30+01:00',
      '2026-03-29T03:00+02:00',
      '2026-03-29T03:30+02:00',
    ]);
  });

  it('offers the repeated hour twice on the fall-back night, with distinct offsets', () => {
    const rules: WeeklyRule[] = [{ weekday: 7, startMinute: hm('01:00'), endMinute: hm('04:00') }];
    const slots = starts([roster({ rules })], query('2026-10-25T00:00', '2026-10-26T00:00'));
    expect(slots).toEqual([
      '2026-10-25T01:00+02:00',
      '2026-10-25T02:00+02:00',
      '2026-10-25T02:00+01:00',
      '2026-10-25T03:00+01:00',
    ]);
    const all = findSlots([roster({ rules })], query('2026-10-25T00:00', '2026-10-26T00:00'));
    expect(all.every((slot) => slot.end - slot.start === 3_600_000)).toBe(true);
  });

  // 01:00–02:30 on 25 October: 01:00–02:29 summer time, then (02:30–02:59 summer time is past the rule's
  // end) again 02:00–02:29 winter time. Two windows, not one stretch from 01:00 to 02:30 winter time.
  it('covers exactly the instants whose local time is inside the rule: both passes of the repeated hour, none of the skipped one', () => {
    const req = { durationMinutes: 30, stepMinutes: 30 };
    const fallBack: WeeklyRule[] = [
      { weekday: 7, startMinute: hm('01:00'), endMinute: hm('02:30') },
    ];
    expect(
      starts([roster({ rules: fallBack })], query('2026-10-25T00:00', '2026-10-26T00:00', {}, req)),
    ).toEqual([
      '2026-10-25T01:00+02:00',
      '2026-10-25T01:30+02:00',
      '2026-10-25T02:00+02:00',
      '2026-10-25T02:00+01:00',
    ]);
    const springForward: WeeklyRule[] = [
      { weekday: 7, startMinute: hm('02:30'), endMinute: hm('04:00') },
    ];
    expect(
      starts(
        [roster({ rules: springForward })],
        query('2026-03-29T00:00', '2026-03-30T00:00', {}, req),
      ),
    ).toEqual(['2026-03-29T03:00+02:00', '2026-03-29T03:30+02:00']);
  });

  it('computes in the counsellor’s zone, whatever zone the query was made in', () => {
    const kyiv = roster({ id: 'kyiv', timeZone: 'Europe/Kyiv', rules: everyDay('10:00', '12:00') });
    const slots = findSlots([kyiv], query('2026-06-01T00:00', '2026-06-02T00:00'));
    expect(slots.map((slot) => local(slot.start, 'Europe/Kyiv'))).toEqual([
      '2026-06-01T10:00+03:00',
      '2026-06-01T11:00+03:00',
    ]);
  });
});

describe('findSlots: rules, buffers and limits', () => {
  it('joins windows that touch across midnight into one (rules never cross midnight themselves)', () => {
    const rules: WeeklyRule[] = [
      { weekday: 1, startMinute: hm('22:00'), endMinute: 1440 },
      { weekday: 2, startMinute: 0, endMinute: hm('02:00') },
    ];
    const slots = starts(
      [roster({ rules })],
      query('2026-06-01T00:00', '2026-06-03T00:00', {}, { durationMinutes: 90, stepMinutes: 90 }),
    );
    expect(slots).toEqual(['2026-06-01T22:00+02:00', '2026-06-01T23:30+02:00']);
  });

  it('respects valid-from and valid-until dates', () => {
    const rules: WeeklyRule[] = [
      {
        weekday: 1,
        startMinute: hm('09:00'),
        endMinute: hm('10:00'),
        validFrom: '2026-06-08',
        validUntil: '2026-06-15',
      },
    ];
    const slots = starts([roster({ rules })], query('2026-06-01T00:00', '2026-06-30T00:00'));
    expect(slots).toEqual(['2026-06-08T09:00+02:00', '2026-06-15T09:00+02:00']);
  });

  it('keeps buffers of both appointments apart, and allows slots exactly at the edges', () => {
    const appointment = {
      start: at('2026-06-01T12:00'),
      end: at('2026-06-01T13:00'),
      bufferBeforeMinutes: 15,
      bufferAfterMinutes: 15,
    };
    const slots = starts(
      [roster({ appointments: [appointment] })],
      query(
        '2026-06-01T00:00',
        '2026-06-02T00:00',
        {},
        { durationMinutes: 30, stepMinutes: 15, bufferBeforeMinutes: 15, bufferAfterMinutes: 0 },
      ),
    );
    // Our slot needs 15 min before it; the appointment needs 15 min before and after it.
    expect(slots).toContain('2026-06-01T11:15+02:00'); // ends 11:45, the appointment's buffer starts 11:45
    expect(slots).not.toContain('2026-06-01T11:30+02:00');
    expect(slots).not.toContain('2026-06-01T13:15+02:00'); // its buffer ends 13:15, ours would start 13:00
    expect(slots).toContain('2026-06-01T13:30+02:00');
  });

  it('applies minimum notice and booking horizon', () => {
    const now = at('2026-06-01T10:20');
    const slots = starts(
      [roster()],
      query(
        '2026-06-01T00:00',
        '2026-06-10T00:00',
        { now },
        { minNoticeMinutes: 120, horizonDays: 2 },
      ),
    );
    expect(slots[0]).toBe('2026-06-01T13:00+02:00'); // 10:20 + 2 h = 12:20 → next grid point 13:00
    expect(slots.at(-1)).toBe('2026-06-03T10:00+02:00'); // now + 2 days = 3 June 10:20
  });

  it('closes public holidays, but extra hours open them', () => {
    const closed = new Set(['2026-10-03']);
    const slots = starts(
      [roster()],
      query('2026-10-03T00:00', '2026-10-04T00:00', { closedDates: closed }),
    );
    expect(slots).toEqual([]);
    const extra = starts(
      [
        roster({
          extraHours: [{ date: '2026-10-03', startMinute: hm('10:00'), endMinute: hm('11:00') }],
        }),
      ],
      query('2026-10-03T00:00', '2026-10-04T00:00', { closedDates: closed }),
    );
    expect(extra).toEqual(['2026-10-03T10:00+02:00']);
  });

  it('removes absences, to the minute', () => {
    const absences = [{ start: at('2026-06-01T10:30'), end: at('2026-06-02T14:00') }];
    const slots = starts([roster({ absences })], query('2026-06-01T00:00', '2026-06-03T00:00'));
    expect(slots.filter((s) => s.startsWith('2026-06-01'))).toEqual(['2026-06-01T09:00+02:00']);
    expect(slots.filter((s) => s.startsWith('2026-06-02'))).toEqual([
      '2026-06-02T14:00+02:00',
      '2026-06-02T15:00+02:00',
      '2026-06-02T16:00+02:00',
    ]);
  });

  it('lists every counsellor who could take a slot', () => {
    const slots = findSlots(
      [roster({ id: 'a' }), roster({ id: 'b', rules: everyDay('12:00', '14:00') })],
      query('2026-06-01T00:00', '2026-06-02T00:00'),
    );
    expect(
      slots.find((slot) => local(slot.start) === '2026-06-01T12:00+02:00')?.counsellorIds,
    ).toEqual(['a', 'b']);
    expect(
      slots.find((slot) => local(slot.start) === '2026-06-01T09:00+02:00')?.counsellorIds,
    ).toEqual(['a']);
  });

  it('returns slots that start in [from, to) only', () => {
    const slots = starts([roster()], query('2026-06-01T10:00', '2026-06-01T12:00'));
    expect(slots).toEqual(['2026-06-01T10:00+02:00', '2026-06-01T11:00+02:00']);
  });
});
