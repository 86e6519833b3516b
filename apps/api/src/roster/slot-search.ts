import { DateTime } from 'luxon';
import { ZoneFormatter, type SlotSearchResult } from '@app/roster';
import { ZoneCalendar } from '@app/scheduling';
import type { SlotSearchResponseDto } from './roster.dto.js';

/**
 * A search bound: a date means that whole local day in `zone`; an instant is taken as it is. `end`
 * dates are inclusive.
 */
export function searchBound(text: string, zone: string, edge: 'start' | 'end'): Date {
  if (text.length === 10) {
    // The scheduling core's days, not luxon's start of day: where the clock turns back over
    // midnight (America/Havana), luxon starts the day at its second midnight.
    const day = ZoneCalendar.for(zone).dayBounds(text);
    return new Date(edge === 'end' ? day.end : day.start);
  }
  return DateTime.fromISO(text, { setZone: true }).toJSDate();
}

/** The answer of a slot search, times in `zone`: the slots, and the counsellors who offer any. */
export function toSlotSearchResponse(
  result: SlotSearchResult,
  zone: string,
): SlotSearchResponseDto {
  const formatter = ZoneFormatter.for(zone);
  const format = (ms: number) => formatter.format(ms);
  // Who offers at least one slot; stops early once every counsellor is found (a long search has
  // hundreds of slots, each naming most counsellors).
  const offered = new Set<string>();
  for (const slot of result.slots) {
    if (offered.size === result.counsellors.length) break;
    for (const id of slot.counsellorIds) offered.add(id);
  }
  return {
    timeZone: zone,
    counsellors: result.counsellors
      .filter((counsellor) => offered.has(counsellor.id))
      .map((counsellor) => ({
        id: counsellor.id,
        displayName: counsellor.displayName,
        languages: counsellor.languages,
      })),
    slots: result.slots.map((slot) => ({ start: format(slot.start), end: format(slot.end) })),
  };
}
