import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { groupAssignmentsByDay, inJoinWindow } from './logic';

describe('interpreter agenda logic', () => {
  it("groups assignments by the interpreter's local day, in time order", () => {
    // 23:30 UTC on 1 December is already 2 December in Berlin.
    const list = [
      { id: 'b', start: '2026-12-02T09:00:00+01:00' },
      { id: 'c', start: '2026-12-01T23:30:00Z' },
      { id: 'a', start: '2026-12-01T10:00:00+01:00' },
    ];
    expect(
      groupAssignmentsByDay(list, 'Europe/Berlin').map((day) => [
        day.date,
        day.assignments.map((a) => a.id),
      ]),
    ).toEqual([
      ['2026-12-01', ['a']],
      ['2026-12-02', ['c', 'b']],
    ]);
    expect(groupAssignmentsByDay(list, 'UTC').map((day) => day.date)).toEqual([
      '2026-12-01',
      '2026-12-02',
    ]);
  });

  it('opens the call only inside the join window of a confirmed assignment', () => {
    const assignment = {
      status: 'confirmed',
      joinOpensAt: '2026-12-01T09:50:00Z',
      joinClosesAt: '2026-12-01T11:00:00Z',
    };
    expect(inJoinWindow(assignment, DateTime.fromISO('2026-12-01T09:49:59Z'))).toBe(false);
    expect(inJoinWindow(assignment, DateTime.fromISO('2026-12-01T09:50:00Z'))).toBe(true);
    expect(inJoinWindow(assignment, DateTime.fromISO('2026-12-01T11:00:00Z'))).toBe(false);
    expect(
      inJoinWindow({ ...assignment, status: 'cancelled' }, DateTime.fromISO('2026-12-01T10:00Z')),
    ).toBe(false);
  });
});
