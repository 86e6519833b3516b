import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { findSlots, findSlotsWithInterpreters, freeIntervals } from './slot-engine.js';
import type { CounsellorRoster, SlotQuery, SlotRequirements, WeeklyRule } from './types.js';

const BERLIN = 'Europe/Berlin';
const at = (iso: string, zone = BERLIN) => DateTime.fromISO(iso, { zone }).toMillis();
const local = (ms: number, zone = BERLIN) =>
  DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mmZZ");
const hm = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

const everyDay = (start: string, end: string): WeeklyRule[] =>
  ([1, 2, 3, 4, 5, 6, 7] as const).map((weekday) => ({
    weekday,
    startMinute: hm(start),
    endMinute: hm(end),
  }));

function roster(id: string, overrides: Partial<CounsellorRoster> = {}): CounsellorRoster {
  return {
    id,
    timeZone: BERLIN,
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
  horizonDays: 1000,
};

function query(fromIso: string, toIso: string, req: Partial<SlotRequirements> = {}): SlotQuery {
  return {
    from: at(fromIso),
    to: at(toIso),
    now: at('2026-01-01T00:00'),
    requirements: { ...REQ, ...req },
    closedDates: new Set(),
  };
}

const hours = (slots: { start: number }[], date: string) =>
  slots
    .map((slot) => local(slot.start))
    .filter((s) => s.startsWith(date))
    .map((s) => s.slice(11));

describe('findSlotsWithInterpreters', () => {
  it('offers only times when a counsellor and an interpreter are both free, with who can interpret', () => {
    const q = query('2026-06-15T00:00', '2026-06-16T00:00');
    const slots = findSlotsWithInterpreters(
      [roster('c1'), roster('c2', { rules: everyDay('12:00', '18:00') })],
      [
        roster('i1', { rules: everyDay('08:00', '11:00') }),
        roster('i2', { rules: everyDay('10:00', '13:30') }),
      ],
      q,
    );
    expect(
      slots.map((slot) => [
        local(slot.start).slice(11, 16),
        slot.counsellorIds,
        slot.interpreterIds,
      ]),
    ).toEqual([
      ['09:00', ['c1'], ['i1']],
      ['10:00', ['c1'], ['i1', 'i2']],
      ['11:00', ['c1'], ['i2']],
      ['12:00', ['c1', 'c2'], ['i2']],
    ]);
  });

  it('gives nothing without interpreters, and the plain slots with an always-free one', () => {
    const q = query('2026-06-15T00:00', '2026-06-17T00:00');
    const counsellors = [roster('c1')];
    expect(findSlotsWithInterpreters(counsellors, [], q)).toEqual([]);
    const always = roster('i', { rules: everyDay('00:00', '24:00') });
    expect(findSlotsWithInterpreters(counsellors, [always], q)).toEqual(
      findSlots(counsellors, q).map((slot) => ({ ...slot, interpreterIds: ['i'] })),
    );
  });

  it('applies the type’s buffers against the interpreter’s appointments, and their own buffers', () => {
    const q = query('2026-06-15T00:00', '2026-06-16T00:00', {
      bufferBeforeMinutes: 15,
      bufferAfterMinutes: 15,
    });
    const interpreter = roster('i', {
      appointments: [
        {
          start: at('2026-06-15T12:00'),
          end: at('2026-06-15T13:00'),
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 30,
        },
      ],
    });
    // Blocked for a new slot: [11:45, 13:45) (15 + 30 after, 15 + 0 before): 11:00 to 13:00 are not offered.
    expect(hours(findSlotsWithInterpreters([roster('c')], [interpreter], q), '2026-06-15')).toEqual(
      ['09:00+02:00', '10:00+02:00', '14:00+02:00', '15:00+02:00', '16:00+02:00'],
    );
  });

  it('respects the interpreter’s absences', () => {
    const q = query('2026-06-15T00:00', '2026-06-16T00:00');
    const interpreter = roster('i', {
      absences: [{ start: at('2026-06-15T10:30'), end: at('2026-06-15T14:00') }],
    });
    expect(hours(findSlotsWithInterpreters([roster('c')], [interpreter], q), '2026-06-15')).toEqual(
      ['09:00+02:00', '14:00+02:00', '15:00+02:00', '16:00+02:00'],
    );
  });

  it('spring forward (28 March 2027): Berlin counsellor, New York interpreter 08:00–12:00 local', () => {
    // New York is on summer time since 14 March: 5 h behind Berlin until Berlin changes, then 6 h.
    const interpreter = roster('i', {
      timeZone: 'America/New_York',
      rules: everyDay('08:00', '12:00'),
    });
    const slots = findSlotsWithInterpreters(
      [roster('c')],
      [interpreter],
      query('2027-03-27T00:00', '2027-03-29T00:00'),
    );
    expect(hours(slots, '2027-03-27')).toEqual([
      '13:00+01:00',
      '14:00+01:00',
      '15:00+01:00',
      '16:00+01:00',
    ]);
    expect(hours(slots, '2027-03-28')).toEqual(['14:00+02:00', '15:00+02:00', '16:00+02:00']);
  });

  it('fall back (25 October 2026): Berlin counsellor, Kolkata interpreter 15:30–21:30 local', () => {
    const interpreter = roster('i', {
      timeZone: 'Asia/Kolkata',
      rules: everyDay('15:30', '21:30'),
    });
    const slots = findSlotsWithInterpreters(
      [roster('c')],
      [interpreter],
      query('2026-10-24T00:00', '2026-10-26T00:00'),
    );
    expect(hours(slots, '2026-10-24')).toEqual([
      '12:00+02:00',
      '13:00+02:00',
      '14:00+02:00',
      '15:00+02:00',
      '16:00+02:00',
    ]);
    expect(hours(slots, '2026-10-25')).toEqual([
      '11:00+01:00',
      '12:00+01:00',
      '13:00+01:00',
      '14:00+01:00',
      '15:00+01:00',
      '16:00+01:00',
    ]);
  });
});

describe('freeIntervals', () => {
  it('cuts the windows at absences and widened appointments', () => {
    const q = query('2026-06-15T00:00', '2026-06-16T00:00', { bufferAfterMinutes: 10 });
    const free = freeIntervals(
      roster('i', {
        absences: [{ start: at('2026-06-15T08:00'), end: at('2026-06-15T09:30') }],
        appointments: [
          {
            start: at('2026-06-15T12:00'),
            end: at('2026-06-15T13:00'),
            bufferBeforeMinutes: 5,
            bufferAfterMinutes: 0,
          },
          {
            start: at('2026-06-15T16:30'),
            end: at('2026-06-15T18:00'),
            bufferBeforeMinutes: 0,
            bufferAfterMinutes: 0,
          },
        ],
      }),
      q,
    )
      .map(
        (interval) => `${local(interval.start).slice(0, 16)}/${local(interval.end).slice(11, 16)}`,
      )
      .filter((text) => text.startsWith('2026-06-15'));
    expect(free).toEqual(['2026-06-15T09:30/11:45', '2026-06-15T13:00/16:20']);
  });
});
