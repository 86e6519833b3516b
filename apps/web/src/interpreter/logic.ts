import { DateTime } from 'luxon';

interface Timed {
  start: string;
}

export interface AssignmentDay<T extends Timed> {
  /** yyyy-MM-dd in the interpreter's zone */
  date: string;
  assignments: T[];
}

/** Assignments by their local day in `zone`, days and times in order. */
export function groupAssignmentsByDay<T extends Timed>(
  assignments: readonly T[],
  zone: string,
): AssignmentDay<T>[] {
  const sorted = [...assignments].sort(
    (a, b) => DateTime.fromISO(a.start).toMillis() - DateTime.fromISO(b.start).toMillis(),
  );
  const days = new Map<string, T[]>();
  for (const assignment of sorted) {
    const date = DateTime.fromISO(assignment.start, { zone }).toISODate();
    if (!date) continue;
    days.set(date, [...(days.get(date) ?? []), assignment]);
  }
  return [...days].map(([date, list]) => ({ date, assignments: list }));
}

/** Whether the call of a confirmed assignment may be joined now (its join window). */
export function inJoinWindow(
  assignment: { status: string; joinOpensAt: string; joinClosesAt: string },
  now: DateTime,
): boolean {
  return (
    assignment.status === 'confirmed' &&
    now >= DateTime.fromISO(assignment.joinOpensAt) &&
    now < DateTime.fromISO(assignment.joinClosesAt)
  );
}
