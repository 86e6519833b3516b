import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useSession } from '../auth/session';
import type { Formatters } from '../ui/format';
import type { components } from './openapi';

/** Shapes the admin area and the counsellor console share, from the API's OpenAPI document. */
type Schemas = components['schemas'];

export type Counsellor = Schemas['CounsellorResponseDto'];
/** `weekday` is the ISO weekday, 1 = Monday. */
export type Rule = Schemas['RuleResponseDto'];
export type ExtraHours = Schemas['ExtraHoursResponseDto'];
export type Absence = Schemas['AbsenceResponseDto'];
/** With the consultation type's video join window (joinOpensAt … joinClosesAt). */
export type StaffAppointment = Schemas['StaffAppointmentDto'];

/** What each list of a counsellor's availability holds, and the body that adds to it. */
interface Kinds {
  rules: { item: Rule; create: Schemas['CreateRuleDto'] };
  'extra-hours': { item: ExtraHours; create: Schemas['CreateExtraHoursDto'] };
  absences: { item: Absence; create: Schemas['CreateAbsenceDto'] };
}
type Kind = keyof Kinds;

/**
 * A counsellor's rules, extra hours or absences (`/api/counsellors/:id/<kind>`): the list, adding and
 * removing, each change refreshing the list. The admin's roster and the counsellor's own page share it.
 */
export function useAvailability<K extends Kind>(
  counsellorId: string,
  kind: K,
  handlers: {
    onAdded?: (item: Kinds[K]['item']) => void;
    onRemoved?: (item: Kinds[K]['item']) => void;
  } = {},
) {
  type Item = Kinds[K]['item'];
  const { call } = useSession();
  const queryClient = useQueryClient();
  const key = ['counsellors', counsellorId, kind];
  const base = `/api/counsellors/${counsellorId}/${kind}`;
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const list = useQuery({ queryKey: key, queryFn: () => call<Item[]>(base) });
  const add = useMutation({
    mutationFn: (body: Kinds[K]['create']) => call<Item>(base, { method: 'POST', body }),
    onSuccess: async (item) => {
      handlers.onAdded?.(item);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (item: Item) => call<void>(`${base}/${item.id}`, { method: 'DELETE' }),
    onSuccess: async (_, item) => {
      handlers.onRemoved?.(item);
      await refresh();
    },
  });
  return { list, add, remove };
}

/** Whole local days (both ends at midnight in the zone) read as dates, end inclusive; else with times. */
export function absenceLabel(absence: Absence, zone: string, format: Formatters): string {
  const start = DateTime.fromISO(absence.startsAt, { zone });
  const end = DateTime.fromISO(absence.endsAt, { zone });
  const midnight = (value: DateTime) => value.equals(value.startOf('day'));
  if (midnight(start) && midnight(end)) {
    const last = end.minus({ days: 1 });
    const first = format.date(start.toISO() ?? '', zone);
    return last.hasSame(start, 'day')
      ? first
      : `${first} – ${format.date(last.toISO() ?? '', zone)}`;
  }
  return `${format.dateTime(absence.startsAt, zone)} – ${format.dateTime(absence.endsAt, zone)}`;
}
