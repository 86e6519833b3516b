import {
  DAY_MS,
  MINUTE_MS,
  type CounsellorRoster,
  type Interval,
  type LocalDate,
  type Slot,
  type SlotQuery,
} from './types.js';
import { ZoneCalendar } from './zone-calendar.js';

/** Sorts and joins overlapping or touching intervals. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  if (intervals.length < 2) return intervals;
  intervals.sort((a, b) => a.start - b.start);
  const merged: Interval[] = [{ ...intervals[0] }];
  for (let i = 1; i < intervals.length; i++) {
    const last = merged[merged.length - 1];
    const next = intervals[i];
    if (next.start <= last.end) {
      if (next.end > last.end) last.end = next.end;
    } else {
      merged.push({ ...next });
    }
  }
  return merged;
}

function applies(date: LocalDate, validFrom?: LocalDate, validUntil?: LocalDate): boolean {
  return (
    (validFrom === undefined || date >= validFrom) &&
    (validUntil === undefined || date <= validUntil)
  );
}

/**
 * The counsellor's availability windows around [from, to): weekly rules (not on closed dates) and
 * extra hours, converted to instants once per rule and day, then joined.
 */
export function availabilityWindows(
  roster: CounsellorRoster,
  calendar: ZoneCalendar,
  from: number,
  to: number,
  closedDates: ReadonlySet<LocalDate>,
): Interval[] {
  const extrasByDate = new Map<LocalDate, { startMinute: number; endMinute: number }[]>();
  for (const extra of roster.extraHours) {
    const list = extrasByDate.get(extra.date);
    if (list) list.push(extra);
    else extrasByDate.set(extra.date, [extra]);
  }
  const windows: Interval[] = [];
  // One day of margin on each side: a window that starts the day before may reach into the range.
  for (const { date, weekday } of calendar.daysBetween(from - DAY_MS, to + DAY_MS)) {
    if (!closedDates.has(date)) {
      for (const rule of roster.rules) {
        if (rule.weekday === weekday && applies(date, rule.validFrom, rule.validUntil)) {
          windows.push(...calendar.toIntervals(date, rule.startMinute, rule.endMinute));
        }
      }
    }
    for (const extra of extrasByDate.get(date) ?? []) {
      windows.push(...calendar.toIntervals(date, extra.startMinute, extra.endMinute));
    }
  }
  return mergeIntervals(windows.filter((window) => window.end > window.start));
}

/**
 * Times a slot may not overlap: absences as they are, and each appointment widened so that the
 * new slot's buffers and the appointment's own buffers never overlap. A slot [s, e) with buffers
 * (bb, ba) conflicts with an appointment [as, ae) with buffers (abb, aba) exactly when
 * [s - bb, e + ba) overlaps [as - abb, ae + aba), i.e. when [s, e) overlaps
 * [as - abb - ba, ae + aba + bb).
 */
export function blockedIntervals(
  roster: CounsellorRoster,
  bufferBeforeMinutes: number,
  bufferAfterMinutes: number,
): Interval[] {
  const blocked: Interval[] = roster.absences.map((absence) => ({
    start: absence.start,
    end: absence.end,
  }));
  for (const appointment of roster.appointments) {
    blocked.push({
      start: appointment.start - (appointment.bufferBeforeMinutes + bufferAfterMinutes) * MINUTE_MS,
      end: appointment.end + (appointment.bufferAfterMinutes + bufferBeforeMinutes) * MINUTE_MS,
    });
  }
  return mergeIntervals(blocked);
}

/** Slot start times of one counsellor, ascending. */
export function counsellorSlotStarts(
  roster: CounsellorRoster,
  query: SlotQuery,
  calendar: ZoneCalendar,
): number[] {
  const { requirements: req } = query;
  const duration = req.durationMinutes * MINUTE_MS;
  const step = req.stepMinutes * MINUTE_MS;
  const earliest = Math.max(query.from, query.now + req.minNoticeMinutes * MINUTE_MS);
  const latest = Math.min(query.to - 1, query.now + req.horizonDays * DAY_MS);
  if (earliest > latest || duration <= 0 || step <= 0) return [];

  const windows = availabilityWindows(roster, calendar, query.from, query.to, query.closedDates);
  const blocked = blockedIntervals(roster, req.bufferBeforeMinutes, req.bufferAfterMinutes);
  const starts: number[] = [];
  let b = 0;
  for (const window of windows) {
    if (window.end - duration < earliest) continue;
    if (window.start > latest) break;
    // First grid point of this window at or after `earliest`.
    let start =
      window.start < earliest
        ? window.start + Math.ceil((earliest - window.start) / step) * step
        : window.start;
    for (; start + duration <= window.end && start <= latest; start += step) {
      const end = start + duration;
      while (b < blocked.length && blocked[b].end <= start) b++;
      // Blocked intervals are disjoint and sorted: only the first one not yet behind us can overlap.
      if (b < blocked.length && blocked[b].start < end) {
        // Jump to the first grid point at or after the end of the blocking interval.
        const skip = Math.ceil((blocked[b].end - start) / step) - 1;
        if (skip > 0) start += skip * step;
        continue;
      }
      starts.push(start);
    }
  }
  return starts;
}

/**
 * Free slots of several counsellors for one consultation type: each slot with every counsellor who
 * could take it. Pure: `now` and all data come in as values.
 */
export function findSlots(rosters: readonly CounsellorRoster[], query: SlotQuery): Slot[] {
  const byStart = new Map<number, string[]>();
  for (const roster of rosters) {
    const calendar = ZoneCalendar.for(roster.timeZone);
    for (const start of counsellorSlotStarts(roster, query, calendar)) {
      const ids = byStart.get(start);
      if (ids) ids.push(roster.id);
      else byStart.set(start, [roster.id]);
    }
  }
  const duration = query.requirements.durationMinutes * MINUTE_MS;
  return [...byStart.keys()]
    .sort((a, b) => a - b)
    .map((start) => ({ start, end: start + duration, counsellorIds: byStart.get(start) ?? [] }));
}

/**
 * The times a roster person is free for a slot of these requirements: availability windows minus
 * the blocked intervals (absences, and appointments widened by both sides' buffers). A slot
 * [s, e) can be taken by them exactly when it lies inside one of these intervals. Sorted, disjoint.
 */
export function freeIntervals(
  roster: CounsellorRoster,
  query: SlotQuery,
  calendar: ZoneCalendar = ZoneCalendar.for(roster.timeZone),
): Interval[] {
  const windows = availabilityWindows(roster, calendar, query.from, query.to, query.closedDates);
  const blocked = blockedIntervals(
    roster,
    query.requirements.bufferBeforeMinutes,
    query.requirements.bufferAfterMinutes,
  );
  const free: Interval[] = [];
  let b = 0;
  for (const window of windows) {
    let start = window.start;
    while (b < blocked.length && blocked[b].end <= start) b++;
    // Blocked intervals are sorted and disjoint: walk those inside this window once.
    let k = b;
    while (k < blocked.length && blocked[k].start < window.end) {
      if (blocked[k].start > start) free.push({ start, end: blocked[k].start });
      if (blocked[k].end > start) start = blocked[k].end;
      if (blocked[k].end >= window.end) break;
      k++;
    }
    if (start < window.end) free.push({ start, end: window.end });
    b = k;
  }
  return free;
}

/**
 * Free slots of the counsellors that some interpreter can also take: findSlots, keeping only the
 * slots inside some interpreter's free intervals, each with `interpreterIds` (in the order the
 * interpreters were given). Each interpreter's free intervals are computed once; slots come in
 * ascending order with one duration, so one forward pointer per interpreter checks them all.
 */
export function findSlotsWithInterpreters(
  counsellors: readonly CounsellorRoster[],
  interpreters: readonly CounsellorRoster[],
  query: SlotQuery,
): Slot[] {
  if (interpreters.length === 0) return [];
  const slots = findSlots(counsellors, query);
  if (slots.length === 0) return [];
  const free = interpreters.map((roster) => freeIntervals(roster, query));
  const pointers = new Array<number>(interpreters.length).fill(0);
  const result: Slot[] = [];
  for (const slot of slots) {
    const ids: string[] = [];
    for (let i = 0; i < interpreters.length; i++) {
      const intervals = free[i];
      let p = pointers[i];
      // Intervals ending before this slot's end cannot hold it, nor any later slot (same duration).
      while (p < intervals.length && intervals[p].end < slot.end) p++;
      pointers[i] = p;
      if (p < intervals.length && intervals[p].start <= slot.start) ids.push(interpreters[i].id);
    }
    if (ids.length > 0) result.push({ ...slot, interpreterIds: ids });
  }
  return result;
}
