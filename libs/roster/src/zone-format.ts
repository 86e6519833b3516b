import { DateTime } from 'luxon';
import { HOUR_MS } from '@app/scheduling';

/** toISOString() has the plain YYYY-MM-DDTHH:mm:ss.sssZ form only for years 0000–9999. */
const MAX_PLAIN_MS = 253_402_300_799_999;
const MAX_HOURS = 20_000;
const MAX_ZONES = 100;

interface Hour {
  offsetMs: number;
  /** What luxon writes after the seconds: `+01:00`, `-03:30` or `Z`. */
  suffix: string;
}

/**
 * Formats instants in one zone exactly as luxon's `toISO({ suppressMilliseconds: true })` does, but
 * asks luxon (that is, Intl) only once per hour of UTC time: a slot search formats hundreds of start
 * and end times, and each luxon call costs an Intl.DateTimeFormat#formatToParts. Within an hour whose
 * first and last millisecond have the same offset the offset is constant (no zone changes its offset
 * twice within an hour); other hours, and instants with milliseconds, go to luxon itself.
 */
export class ZoneFormatter {
  private static readonly byZone = new Map<string, ZoneFormatter>();

  /** The formatter of a zone, shared by all requests (the offsets of a zone never change). */
  static for(zone: string): ZoneFormatter {
    let formatter = ZoneFormatter.byZone.get(zone);
    if (!formatter) {
      if (ZoneFormatter.byZone.size >= MAX_ZONES) ZoneFormatter.byZone.clear();
      formatter = new ZoneFormatter(zone);
      ZoneFormatter.byZone.set(zone, formatter);
    }
    return formatter;
  }

  private readonly hours = new Map<number, Hour | null>();

  constructor(private readonly zone: string) {}

  format(ms: number): string {
    if (ms % 1000 !== 0 || ms < 0 || ms > MAX_PLAIN_MS) return this.slow(ms);
    const key = Math.floor(ms / HOUR_MS);
    let hour = this.hours.get(key);
    if (hour === undefined) {
      if (this.hours.size >= MAX_HOURS) this.hours.clear();
      hour = this.lookup(key);
      this.hours.set(key, hour);
    }
    if (hour === null) return this.slow(ms);
    return new Date(ms + hour.offsetMs).toISOString().slice(0, 19) + hour.suffix;
  }

  private lookup(key: number): Hour | null {
    const first = DateTime.fromMillis(key * HOUR_MS, { zone: this.zone });
    const last = DateTime.fromMillis((key + 1) * HOUR_MS - 1, { zone: this.zone });
    if (!first.isValid || first.offset !== last.offset) return null;
    const iso = first.toISO({ suppressMilliseconds: true });
    if (!iso || iso.length < 20) return null;
    return { offsetMs: first.offset * 60_000, suffix: iso.slice(19) };
  }

  private slow(ms: number): string {
    return DateTime.fromMillis(ms, { zone: this.zone }).toISO({ suppressMilliseconds: true }) ?? '';
  }
}
