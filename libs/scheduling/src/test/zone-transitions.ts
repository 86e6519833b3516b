import { IANAZone } from 'luxon';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface ZoneTransition {
  zone: string;
  /** The first instant with the new offset. */
  instant: number;
  offsetBefore: number;
  offsetAfter: number;
}

/** Samples this far apart: zones change their offset at most every few weeks (Morocco's Ramadan). */
const STEP_MS = 7 * DAY_MS;

/**
 * Every offset change of every IANA zone the runtime knows, in [from, to): offsets sampled once a
 * week, each change then pinned to the minute by bisection. For tests that must not depend on a
 * hand-picked list of zones.
 */
export function transitionsIn(from: number, to: number): ZoneTransition[] {
  const result: ZoneTransition[] = [];
  for (const name of Intl.supportedValuesOf('timeZone')) {
    if (!IANAZone.isValidZone(name)) continue;
    const zone = IANAZone.create(name);
    let previous = zone.offset(from);
    for (let sample = from + STEP_MS; sample < to + STEP_MS; sample += STEP_MS) {
      const offset = zone.offset(Math.min(sample, to));
      if (offset === previous) continue;
      let before = sample - STEP_MS;
      let after = Math.min(sample, to);
      while (after - before > MINUTE_MS) {
        const middle = before + Math.floor((after - before) / 2 / MINUTE_MS) * MINUTE_MS;
        if (zone.offset(middle) === previous) before = middle;
        else after = middle;
      }
      result.push({ zone: name, instant: after, offsetBefore: previous, offsetAfter: offset });
      previous = offset;
    }
  }
  return result;
}
