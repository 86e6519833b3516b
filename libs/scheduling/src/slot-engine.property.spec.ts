import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { findSlots } from './slot-engine.js';
import { MINUTE_MS, type CounsellorRoster, type SlotQuery, type Weekday } from './types.js';

const DAY_MS = 86_400_000;

/**
 * The obviously-correct reference: walks minute by minute, asks luxon for each minute's local
 * date and time, and tests it against the rules as written. Slow, and independent of the engine's
 * interval arithmetic and its DST shortcuts.
 */
function referenceStarts(roster: CounsellorRoster, query: SlotQuery): number[] {
  const first = DateTime.fromMillis(query.from - DAY_MS, { zone: roster.timeZone })
    .startOf('day')
    .toMillis();
  const lastDate = DateTime.fromMillis(query.to + DAY_MS - 1, {
    zone: roster.timeZone,
  }).toISODate()!;
  const available = (t: number): boolean => {
    const local = DateTime.fromMillis(t, { zone: roster.timeZone });
    const date = local.toISODate()!;
    if (t < first || date > lastDate) return false;
    const minute = local.hour * 60 + local.minute;
    if (
      roster.extraHours.some(
        (x) => x.date === date && x.startMinute <= minute && minute < x.endMinute,
      )
    )
      return true;
    if (query.closedDates.has(date)) return false;
    return roster.rules.some(
      (r) =>
        r.weekday === local.weekday &&
        (r.validFrom === undefined || date >= r.validFrom) &&
        (r.validUntil === undefined || date <= r.validUntil) &&
        r.startMinute <= minute &&
        minute < r.endMinute,
    );
  };
  const req = query.requirements;
  const overlaps = (a0: number, a1: number, b0: number, b1: number) => a0 < b1 && b0 < a1;
  const free = (s: number, e: number) =>
    !roster.absences.some((a) => overlaps(s, e, a.start, a.end)) &&
    !roster.appointments.some((a) =>
      overlaps(
        s - req.bufferBeforeMinutes * MINUTE_MS,
        e + req.bufferAfterMinutes * MINUTE_MS,
        a.start - a.bufferBeforeMinutes * MINUTE_MS,
        a.end + a.bufferAfterMinutes * MINUTE_MS,
      ),
    );
  const result: number[] = [];
  const end = query.to + 2 * DAY_MS;
  let previous = false;
  for (let t = first; t < end; t += MINUTE_MS) {
    const now = available(t);
    if (now && !previous) {
      // A window starts here and lasts while the minutes stay available; its grid does not go beyond.
      let windowEnd = t;
      while (windowEnd < end && available(windowEnd)) windowEnd += MINUTE_MS;
      for (
        let s = t;
        s + req.durationMinutes * MINUTE_MS <= windowEnd;
        s += req.stepMinutes * MINUTE_MS
      ) {
        const e = s + req.durationMinutes * MINUTE_MS;
        if (
          s >= query.from &&
          s < query.to &&
          s >= query.now + req.minNoticeMinutes * MINUTE_MS &&
          s <= query.now + req.horizonDays * DAY_MS &&
          free(s, e)
        ) {
          result.push(s);
        }
      }
    }
    previous = now;
  }
  return result;
}

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];
/** Around DST changes of the zones above, and an ordinary week. */
const ANCHORS = [
  '2026-03-28',
  '2026-10-24',
  '2026-03-07',
  '2026-10-31',
  '2026-04-04',
  '2026-06-15',
];

const minuteOfDay = fc.integer({ min: 0, max: 96 }).map((q) => q * 15);
const window = fc
  .tuple(minuteOfDay, minuteOfDay)
  .filter(([a, b]) => a !== b)
  .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);

const scenario = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    anchor: fc.constantFrom(...ANCHORS),
    days: fc.integer({ min: 1, max: 3 }),
    rules: fc.array(fc.record({ weekday: fc.integer({ min: 1, max: 7 }), window }), {
      maxLength: 8,
    }),
    extras: fc.array(fc.record({ day: fc.integer({ min: 0, max: 3 }), window }), { maxLength: 2 }),
    closed: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }),
    absences: fc.array(
      fc.record({
        at: fc.integer({ min: 0, max: 4 * 96 }),
        length: fc.integer({ min: 1, max: 48 }),
      }),
      { maxLength: 2 },
    ),
    appointments: fc.array(
      fc.record({
        at: fc.integer({ min: 0, max: 4 * 96 }),
        length: fc.integer({ min: 1, max: 8 }),
        before: fc.constantFrom(0, 5, 15),
        after: fc.constantFrom(0, 10, 15),
      }),
      { maxLength: 4 },
    ),
    duration: fc.constantFrom(15, 30, 45, 60, 90),
    step: fc.constantFrom(15, 20, 30, 60),
    bufferBefore: fc.constantFrom(0, 5, 15),
    bufferAfter: fc.constantFrom(0, 10, 15),
    notice: fc.integer({ min: 0, max: 48 }).map((q) => q * 30),
    horizon: fc.integer({ min: 1, max: 4 }),
    nowOffset: fc.integer({ min: -96, max: 96 }).map((q) => q * 15),
  })
  .map((s) => {
    const base = DateTime.fromISO(s.anchor, { zone: s.zone }).startOf('day');
    const date = (day: number) => base.plus({ days: day }).toISODate()!;
    const instant = (quarter: number) => base.toMillis() + quarter * 15 * MINUTE_MS;
    const roster: CounsellorRoster = {
      id: 'c',
      timeZone: s.zone,
      rules: s.rules.map((r) => ({
        weekday: r.weekday as Weekday,
        startMinute: r.window[0],
        endMinute: r.window[1],
      })),
      extraHours: s.extras.map((x) => ({
        date: date(x.day),
        startMinute: x.window[0],
        endMinute: x.window[1],
      })),
      absences: s.absences.map((a) => ({ start: instant(a.at), end: instant(a.at + a.length) })),
      appointments: s.appointments.map((a) => ({
        start: instant(a.at),
        end: instant(a.at + a.length),
        bufferBeforeMinutes: a.before,
        bufferAfterMinutes: a.after,
      })),
    };
    const from = base.toMillis();
    const query: SlotQuery = {
      from,
      to: base.plus({ days: s.days }).toMillis(),
      now: from + s.nowOffset * MINUTE_MS,
      closedDates: new Set(s.closed.map(date)),
      requirements: {
        durationMinutes: s.duration,
        stepMinutes: s.step,
        bufferBeforeMinutes: s.bufferBefore,
        bufferAfterMinutes: s.bufferAfter,
        minNoticeMinutes: s.notice,
        horizonDays: s.horizon,
      },
    };
    return { roster, query };
  });

describe('findSlots equals the minute-by-minute reference', () => {
  it('for random rosters, holidays, absences and bookings around DST changes', () => {
    fc.assert(
      fc.property(scenario, ({ roster, query }) => {
        const engine = findSlots([roster], query).map((slot) => slot.start);
        expect(engine).toEqual(referenceStarts(roster, query));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 100) },
    );
  });
});
