import { useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useSession } from '../auth/session';

export type { Absence, Counsellor, ExtraHours, Rule, StaffAppointment } from '../api/availability';
import type { Counsellor, StaffAppointment } from '../api/availability';

/** Shapes of the staff API used by the console (see /api/docs). */

export interface WaitingClient {
  appointmentId: string;
  pseudonym: string;
  startsAt: string;
  waitingSince: string;
}

export const OFFICE_ZONE = 'Europe/Berlin';
export function inJoinWindow(appointment: StaffAppointment, now: DateTime): boolean {
  if (appointment.status !== 'confirmed' || appointment.consultationType.channel === 'phone') {
    return false;
  }
  return (
    now >= DateTime.fromISO(appointment.joinOpensAt) &&
    now < DateTime.fromISO(appointment.joinClosesAt)
  );
}

/** The counsellor profile of the logged-in account (null when none is linked). */
export function useMe() {
  const { call } = useSession();
  return useQuery({
    queryKey: ['counsellors', 'me'],
    queryFn: async () => {
      try {
        return await call<Counsellor>('/api/counsellors/me');
      } catch (error) {
        if (error instanceof Error && 'status' in error && error.status === 404) return null;
        throw error;
      }
    },
    staleTime: 300_000,
  });
}

/** Clients waiting in the counsellor's open rooms, polled every 5 seconds. */
export function useWaiting() {
  const { call } = useSession();
  return useQuery({
    queryKey: ['video', 'waiting'],
    queryFn: () => call<WaitingClient[]>('/api/video/waiting'),
    refetchInterval: 5000,
    refetchIntervalInBackground: true,
    staleTime: 0,
  });
}
