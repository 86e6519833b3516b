import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { estimateWait, quantile, ticketLabel, walkInSessions } from './walk-in-core.js';

const at = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();
const iso = (ms: number) => DateTime.fromMillis(ms, { zone: 'Europe/Berlin' }).toISO();

describe('walkInSessions', () => {
  const plan = {
    timeZone: 'Europe/Berlin',
    // Sundays 01:00–04:00 (across both DST changes) and Tuesdays 10:00–12:00.
    rules: [
      { weekday: 7 as const, startMinute: 60, endMinute: 240 },
      { weekday: 2 as const, startMinute: 600, endMinute: 720 },
    ],
    extraHours: [],
    closedDates: new Set<string>(),
  };

  it('keeps wall-clock times across the spring change (the hour is two hours long that night)', () => {
    const sessions = walkInSessions(plan, at('2026-03-29T00:00:00Z'), at('2026-03-30T00:00:00Z'));
    expect(sessions.map((s) => [iso(s.start), iso(s.end)])).toEqual([
      ['2026-03-29T01:00:00.000+01:00', '2026-03-29T04:00:00.000+02:00'],
    ]);
    expect((sessions[0].end - sessions[0].start) / 3_600_000).toBe(2);
  });

  it('and across the autumn change (four hours long)', () => {
    const [session] = walkInSessions(
      plan,
      at('2026-10-25T00:00:00+02:00'),
      at('2026-10-26T00:00:00+01:00'),
    );
    expect((session.end - session.start) / 3_600_000).toBe(4);
  });

  it('closes on holidays and cancelled dates, opens on extra dates (holidays too)', () => {
    const week = (
      closed: string[],
      extra: { date: string; startMinute: number; endMinute: number }[],
    ) =>
      walkInSessions(
        { ...plan, closedDates: new Set(closed), extraHours: extra },
        at('2026-12-21T00:00:00+01:00'),
        at('2026-12-28T00:00:00+01:00'),
      ).map((s) => iso(s.start));
    expect(week([], [])).toEqual([
      '2026-12-22T10:00:00.000+01:00',
      '2026-12-27T01:00:00.000+01:00',
    ]);
    expect(week(['2026-12-22'], [])).toEqual(['2026-12-27T01:00:00.000+01:00']);
    expect(
      week(['2026-12-25'], [{ date: '2026-12-25', startMinute: 900, endMinute: 960 }]),
    ).toEqual([
      '2026-12-22T10:00:00.000+01:00',
      '2026-12-25T15:00:00.000+01:00',
      '2026-12-27T01:00:00.000+01:00',
    ]);
  });

  it('includes the occurrence under way', () => {
    const now = at('2026-12-22T11:00:00+01:00');
    expect(walkInSessions(plan, now, now + 1).map((s) => iso(s.start))).toEqual([
      '2026-12-22T10:00:00.000+01:00',
    ]);
  });
});

describe('estimateWait', () => {
  const base = { recentHandlingMinutes: [], defaultHandlingMinutes: 12 };

  it('gives no estimate when nobody on duty speaks the language', () => {
    expect(estimateWait({ ...base, ahead: 0, servers: 0, onDuty: 3 })).toBeNull();
  });

  it('is a range: best with everyone on duty, worst with only the speakers, each just starting', () => {
    // h = 9–15 min; 6 ahead; 3 on duty, 1 speaks it: best 2 rounds × 9, worst 7 rounds × 15.
    expect(estimateWait({ ...base, ahead: 6, servers: 1, onDuty: 3 })).toEqual({
      minMinutes: 15,
      maxMinutes: 105,
    });
    expect(estimateWait({ ...base, ahead: 0, servers: 2, onDuty: 2 })).toEqual({
      minMinutes: 0,
      maxMinutes: 15,
    });
  });

  it("learns the hour's handling time from its recent calls once there are enough", () => {
    const recent = [5, 6, 7, 8, 9, 10, 30];
    expect(
      estimateWait({ ...base, recentHandlingMinutes: recent, ahead: 4, servers: 2, onDuty: 2 }),
    ).toEqual({
      // h = 6–9.5: best 2 × 6 = 12 → 10, worst 3 × 9.5 = 28.5 → 30
      minMinutes: 10,
      maxMinutes: 30,
    });
  });

  it('widens as the queue ahead grows', () => {
    const estimates = [0, 2, 5, 10, 20].map(
      (ahead) => estimateWait({ ...base, ahead, servers: 2, onDuty: 4 }) as { maxMinutes: number },
    );
    for (let i = 1; i < estimates.length; i++)
      expect(estimates[i].maxMinutes).toBeGreaterThanOrEqual(estimates[i - 1].maxMinutes);
  });
});

describe('helpers', () => {
  it('interpolates quantiles and labels tickets', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(ticketLabel('A', 23)).toBe('A-023');
    expect(ticketLabel('B', 1234)).toBe('B-1234');
  });
});
