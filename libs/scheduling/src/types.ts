/** A local calendar date, `YYYY-MM-DD`, in the zone of whoever it belongs to. */
export type LocalDate = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const MINUTES_PER_DAY = 1440;
/** Durations in milliseconds: of fixed length, so only for instants (a local day may be 23 or 25 h). */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/**
 * A weekly availability rule in local wall-clock time. `endMinute` may be 1440 (midnight at the end
 * of the day); a rule never crosses midnight: a night shift is two rules, and the engine joins
 * windows that touch, so 22:00–24:00 on Monday and 00:00–02:00 on Tuesday are one window.
 */
export interface WeeklyRule {
  weekday: Weekday;
  startMinute: number;
  endMinute: number;
  /** First and last local date the rule applies to (inclusive); open-ended when absent. */
  validFrom?: LocalDate;
  validUntil?: LocalDate;
}

/** Extra hours on one local date; they apply even on a public holiday. */
export interface ExtraHours {
  date: LocalDate;
  startMinute: number;
  endMinute: number;
}

/** A half-open interval of epoch milliseconds, [start, end). */
export interface Interval {
  start: number;
  end: number;
}

/** An existing appointment: its time and the buffers it was booked with. */
export interface BusyAppointment {
  start: number;
  end: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
}

export interface CounsellorRoster {
  id: string;
  timeZone: string;
  rules: readonly WeeklyRule[];
  extraHours: readonly ExtraHours[];
  /** Closed periods (vacation, sick leave), as instants. */
  absences: readonly Interval[];
  appointments: readonly BusyAppointment[];
}

export interface SlotRequirements {
  durationMinutes: number;
  /** Start times lie on a grid of this step, counted from the start of each availability window. */
  stepMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
}

export interface SlotQuery {
  /** Slots starting in [from, to). */
  from: number;
  to: number;
  now: number;
  requirements: SlotRequirements;
  /** Office-wide closed local dates (public holidays not explicitly opened), applied in each counsellor's zone. */
  closedDates: ReadonlySet<LocalDate>;
}

export interface Slot {
  start: number;
  end: number;
  /** Who could take it, in the order the counsellors were given. */
  counsellorIds: string[];
  /**
   * When interpreters were asked for: those free for the whole slot (with the type's buffers
   * against their appointments), in the order the interpreters were given; never empty.
   */
  interpreterIds?: string[];
}
