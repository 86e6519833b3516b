import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ZoneFormatter } from './zone-format.js';

const luxon = (ms: number, zone: string) =>
  DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true });

describe('ZoneFormatter', () => {
  it('writes every instant exactly as luxon does, in every IANA zone, around every transition of 2027', () => {
    const zones = ['UTC', 'Etc/GMT+3', ...Intl.supportedValuesOf('timeZone')];
    const start = Date.UTC(2027, 0, 1);
    const end = Date.UTC(2028, 0, 1);
    let compared = 0;
    for (const zone of zones) {
      const formatter = new ZoneFormatter(zone);
      const instants: number[] = [];
      // Every quarter hour of two days around each offset change (months with a change searched
      // day by day), and a few instants with seconds and milliseconds.
      const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
      for (let month = 0; month < 12; month++) {
        const monthStart = Date.UTC(2027, month, 1);
        const monthEnd = Date.UTC(2027, month + 1, 1);
        if (offsetAt(monthStart) === offsetAt(monthEnd)) continue;
        for (let day = monthStart; day < monthEnd; day += 86_400_000) {
          if (offsetAt(day) === offsetAt(day + 86_400_000)) continue;
          for (let ms = day - 43_200_000; ms < day + 129_600_000; ms += 900_000) {
            instants.push(ms);
          }
        }
      }
      instants.push(start + 12_345_000, start + 61_001, end - 60_000);
      for (const ms of instants)
        expect(formatter.format(ms), `${zone} ${ms}`).toBe(luxon(ms, zone));
      compared += instants.length;
    }
    expect(compared).toBeGreaterThan(10_000);
  });

  it('formats the slot times of a DST day in Berlin and in a zone with half-hour offsets', () => {
    const berlin = ZoneFormatter.for('Europe/Berlin');
    expect(berlin.format(Date.parse('2027-03-28T00:30:00Z'))).toBe('2027-03-28T01:30:00+01:00');
    expect(berlin.format(Date.parse('2027-03-28T01:00:00Z'))).toBe('2027-03-28T03:00:00+02:00');
    expect(ZoneFormatter.for('Asia/Kolkata').format(Date.parse('2027-03-28T01:00:00Z'))).toBe(
      '2027-03-28T06:30:00+05:30',
    );
    expect(ZoneFormatter.for('UTC').format(Date.parse('2027-03-28T01:00:00Z'))).toBe(
      '2027-03-28T01:00:00Z',
    );
  });
});
