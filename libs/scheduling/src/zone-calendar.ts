import { DateTime, IANAZone } from 'luxon';
import { DAY_MS, MINUTE_MS, type Interval, type LocalDate, type Weekday } from './types.js';

const CALENDARS = new Map<string, ZoneCalendar>();

export interface LocalDay {
  date: LocalDate;
  weekday: Weekday;
}

interface DayInfo {
  /** Epoch ms of local midnight as if the zone were UTC: only a base for arithmetic. */
  naiveMidnight: number;
  weekday: Weekday;
  /**
   * `naiveMidnight - offsetAtStart` is the day's first instant and `naiveMidnight + 24 h -
   * offsetAtEnd` its end (the next day's first instant); they differ on a DST day.
   */
  offsetAtStart: number;
  offsetAtEnd: number;
}

/**
 * Converts local wall-clock times of one zone to instants. Each local date is looked up through
 * luxon once; on a day without an offset change the conversion is then plain arithmetic, and only
 * on DST days does luxon resolve each boundary (a time in the skipped hour moves forward, as luxon
 * does). Shared by all counsellors in the same zone.
 */
export class ZoneCalendar {
  private readonly days = new Map<LocalDate, DayInfo>();
  private readonly zone: IANAZone;

  constructor(readonly timeZone: string) {
    this.zone = IANAZone.create(timeZone);
  }

  static isValidZone(timeZone: string): boolean {
    return IANAZone.isValidZone(timeZone);
  }

  private lastRange?: { from: number; to: number; days: LocalDay[] };

  /** The local dates whose days overlap [from, to); remembered, as every counsellor of a zone asks the same. */
  daysBetween(from: number, to: number): LocalDay[] {
    if (this.lastRange?.from === from && this.lastRange.to === to) return this.lastRange.days;
    const days = this.computeDaysBetween(from, to);
    this.lastRange = { from, to, days };
    return days;
  }

  private computeDaysBetween(from: number, to: number): LocalDay[] {
    const first = this.localDateOf(from);
    const last = this.localDateOf(Math.max(from, to - 1));
    const result: LocalDay[] = [];
    for (let day = Date.parse(`${first}T00:00:00Z`); ; day += DAY_MS) {
      const date = new Date(day).toISOString().slice(0, 10);
      if (date > last) break;
      result.push({ date, weekday: this.info(date).weekday });
    }
    return result;
  }

  /** The local calendar date of an instant in this zone. */
  localDateOf(instant: number): LocalDate {
    return new Date(instant + this.zone.offset(instant) * MINUTE_MS).toISOString().slice(0, 10);
  }

  /** One calendar per zone for the whole process: the per-day lookups are shared by all searches. */
  static for(timeZone: string): ZoneCalendar {
    let calendar = CALENDARS.get(timeZone);
    if (!calendar) {
      calendar = new ZoneCalendar(timeZone);
      CALENDARS.set(timeZone, calendar);
    }
    return calendar;
  }

  /**
   * The instants whose local time on `date` lies in [startMinute, endMinute) (1440 = the next
   * midnight). On a normal day one interval by arithmetic. On a DST day local time is
   * `instant + offsetBefore` up to the change and `instant + offsetAfter` from it, so the set is the
   * union of two intervals: a window never covers the skipped hour, and one that ends inside the
   * repeated hour covers both passes through it, as the wall clock does.
   */
  toIntervals(date: LocalDate, startMinute: number, endMinute: number): Interval[] {
    const info = this.info(date);
    const start = info.naiveMidnight + startMinute * MINUTE_MS;
    const end = info.naiveMidnight + endMinute * MINUTE_MS;
    if (info.offsetAtStart === info.offsetAtEnd) {
      const shift = info.offsetAtStart * MINUTE_MS;
      return [{ start: start - shift, end: end - shift }];
    }
    const change = this.changeInstant(info);
    const before = info.offsetAtStart * MINUTE_MS;
    const after = info.offsetAtEnd * MINUTE_MS;
    const pieces = [
      { start: start - before, end: Math.min(end - before, change) },
      { start: Math.max(start - after, change), end: end - after },
    ];
    return pieces.filter((piece) => piece.end > piece.start);
  }

  /** The instants of one whole local day: from its midnight to the next. */
  dayBounds(date: LocalDate): Interval {
    const pieces = this.toIntervals(date, 0, 1440);
    return { start: pieces[0].start, end: pieces[pieces.length - 1].end };
  }

  /**
   * When the day's local time switches from `offsetAtStart` to `offsetAtEnd`: bisection over whole
   * minutes within the day. At the day's first instant when the clock jumped over midnight.
   */
  private changeInstant(info: DayInfo): number {
    let before = info.naiveMidnight - info.offsetAtStart * MINUTE_MS;
    let after = info.naiveMidnight + 1440 * MINUTE_MS - info.offsetAtEnd * MINUTE_MS;
    if (this.zone.offset(before) !== info.offsetAtStart) return before;
    while (after - before > MINUTE_MS) {
      const middle = before + Math.floor((after - before) / 2 / MINUTE_MS) * MINUTE_MS;
      if (this.zone.offset(middle) === info.offsetAtStart) before = middle;
      else after = middle;
    }
    return after;
  }

  private info(date: LocalDate): DayInfo {
    let info = this.days.get(date);
    if (!info) {
      const { naiveMidnight, weekday, start } = this.dayStart(date);
      const next = this.dayStart(new Date(naiveMidnight + DAY_MS).toISOString().slice(0, 10));
      info = {
        naiveMidnight,
        weekday,
        // Not luxon's offset at the first instant: where the clock jumps at midnight, that is the
        // offset after the change, and local 00:00 is then an instant of the day before.
        offsetAtStart: (naiveMidnight - start) / MINUTE_MS,
        // The next day's start, so that consecutive days touch and never overlap or leave a gap.
        offsetAtEnd: (next.naiveMidnight - next.start) / MINUTE_MS,
      };
      this.days.set(date, info);
    }
    return info;
  }

  /**
   * The first instant of a local date. luxon's start of the day is right when midnight exists once
   * or was skipped (then the day begins with the jump), but where the clock turned back over
   * midnight (America/Havana, 01:00 -> 00:00) luxon picks the second pass: the day began an hour
   * earlier, with the offset in force just before luxon's instant.
   */
  private dayStart(date: LocalDate): { naiveMidnight: number; weekday: Weekday; start: number } {
    const start = DateTime.fromISO(date, { zone: this.timeZone }).startOf('day');
    const naiveMidnight = Date.UTC(start.year, start.month - 1, start.day);
    const luxonStart = start.toMillis();
    const firstPass = naiveMidnight - this.zone.offset(luxonStart - 1) * MINUTE_MS;
    const isMidnight = firstPass + this.zone.offset(firstPass) * MINUTE_MS === naiveMidnight;
    return {
      naiveMidnight,
      weekday: start.weekday as Weekday,
      start: isMidnight && firstPass < luxonStart ? firstPass : luxonStart,
    };
  }
}
