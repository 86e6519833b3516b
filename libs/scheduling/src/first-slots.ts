import { findSlots } from './slot-engine.js';
import {
  DAY_MS,
  type CounsellorRoster,
  type LocalDate,
  type Slot,
  type SlotRequirements,
} from './types.js';

/** One offer to search: a consultation type with the rosters of who serves it. */
export interface SlotOffer {
  key: string;
  rosters: readonly CounsellorRoster[];
  requirements: SlotRequirements;
  closedDates: ReadonlySet<LocalDate>;
}

/**
 * The first free slot of each offer starting in [from, to), or null where there is none. Searches
 * a day first and doubles the window until a slot is found: a directory wants the next time, and
 * most offers have one soon, so this reads a fraction of the range. Slots keep their grid (it is
 * anchored on the availability windows, not on `from`), so the windows find exactly what one
 * search over the whole range would find first.
 */
export function firstSlots(
  offers: readonly SlotOffer[],
  range: { from: number; to: number; now: number },
): Map<string, Slot | null> {
  const found = new Map<string, Slot | null>();
  for (const offer of offers) {
    let start = range.from;
    let width = DAY_MS;
    let slot: Slot | null = null;
    while (start < range.to && !slot) {
      const end = Math.min(range.to, start + width);
      slot =
        findSlots(offer.rosters, {
          from: start,
          to: end,
          now: range.now,
          requirements: offer.requirements,
          closedDates: offer.closedDates,
        })[0] ?? null;
      start = end;
      width *= 2;
    }
    found.set(offer.key, slot);
  }
  return found;
}
