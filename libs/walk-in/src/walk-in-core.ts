import {
  availabilityWindows,
  MINUTE_MS,
  ZoneCalendar,
  type ExtraHours,
  type Interval,
  type LocalDate,
  type WeeklyRule,
} from '@app/scheduling';

/** A walk-in hour's plan in its office's zone: weekly windows and one-off dates. */
export interface WalkInPlan {
  timeZone: string;
  rules: readonly WeeklyRule[];
  /** Extra hours on single dates (they apply on public holidays too, as a roster's do). */
  extraHours: readonly ExtraHours[];
  /** Public holidays (not opened) and cancelled dates: no weekly window on them. */
  closedDates: ReadonlySet<LocalDate>;
}

/**
 * The occurrences of a walk-in hour that overlap [from, to): the rosters' wall-clock semantics
 * (a window that the clock skips shrinks, one it repeats grows; touching windows join).
 */
export function walkInSessions(plan: WalkInPlan, from: number, to: number): Interval[] {
  const windows = availabilityWindows(
    {
      id: 'walk-in',
      timeZone: plan.timeZone,
      rules: plan.rules,
      extraHours: plan.extraHours,
      absences: [],
      appointments: [],
    },
    ZoneCalendar.for(plan.timeZone),
    from,
    to,
    plan.closedDates,
  );
  return windows.filter((window) => window.end > from && window.start < to);
}

/** A client's wait, as a range of whole minutes (rounded out to 5). */
export interface WaitEstimate {
  minMinutes: number;
  maxMinutes: number;
}

export interface EstimateInput {
  /** Waiting tickets ahead of the client's place. */
  ahead: number;
  /** Counsellors on duty who speak the client's language. */
  servers: number;
  /** All counsellors on duty (the ones who do not speak it still shorten the queue ahead). */
  onDuty: number;
  /** Recent handling times of this walk-in hour, in minutes (call to outcome). */
  recentHandlingMinutes: readonly number[];
  /** Until there are enough recent ones: the hour's configured handling time. */
  defaultHandlingMinutes: number;
}

/** Below this many recent calls the configured handling time is used, ± a quarter. */
export const MIN_HANDLING_SAMPLES = 5;

/**
 * An honest range rather than a precise minute. Handling time h is the 25th–75th percentile of the
 * hour's recent calls (the configured time ± 25 % until there are enough). At best, every counsellor
 * on duty works through the tickets ahead: ⌊ahead / onDuty⌋ rounds of the short h. At worst, only
 * those who speak the client's language do, and each is just starting a call: ⌊ahead / servers⌋ + 1
 * rounds of the long h. Null when nobody on duty speaks the language: no estimate, not a false one.
 */
export function estimateWait(input: EstimateInput): WaitEstimate | null {
  return estimateFrom(
    input,
    handlingRange(input.recentHandlingMinutes, input.defaultHandlingMinutes),
  );
}

/** The same, with the handling range worked out once for many clients of one queue. */
export function estimateFrom(
  input: Pick<EstimateInput, 'ahead' | 'servers' | 'onDuty'>,
  [short, long]: readonly [number, number],
): WaitEstimate | null {
  if (input.servers < 1) return null;
  const bestRounds = Math.floor(input.ahead / Math.max(input.onDuty, input.servers));
  const worstRounds = Math.floor(input.ahead / input.servers) + 1;
  return {
    minMinutes: Math.floor((bestRounds * short) / 5) * 5,
    maxMinutes: Math.max(5, Math.ceil((worstRounds * long) / 5) * 5),
  };
}

/** Short and long handling time in minutes: the recent calls' 25th and 75th percentile. */
export function handlingRange(recent: readonly number[], fallback: number): [number, number] {
  if (recent.length < MIN_HANDLING_SAMPLES) return [fallback * 0.75, fallback * 1.25];
  const sorted = [...recent].sort((a, b) => a - b);
  return [quantile(sorted, 0.25), quantile(sorted, 0.75)];
}

/** Linear interpolation between the closest ranks of a sorted list. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/** Clients may take a number this long before a walk-in hour opens: the queue forms at the door. */
export const OPENS_EARLY_MS = 15 * MINUTE_MS;

/** "A-023": the prefix and the number, three digits at least, to say aloud. */
export function ticketLabel(prefix: string, number: number): string {
  return `${prefix}-${String(number).padStart(3, '0')}`;
}
