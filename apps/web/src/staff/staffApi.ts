import { useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import type { AppointmentStatus, Channel } from '../api/types';
import { useSession } from '../auth/session';

/** Shapes of the staff API used by the console (see /api/docs). */

export interface Counsellor {
  id: string;
  displayName: string;
  languages: string[];
  topics: string[];
  timeZone: string;
  staffId: string | null;
  active: boolean;
}

export interface StaffAppointment {
  id: string;
  status: AppointmentStatus;
  startsAt: string;
  endsAt: string;
  consultationType: { id: string; name: string; channel: Channel };
  counsellor: { id: string; displayName: string };
  pseudonym: string | null;
  language: string;
  clientTimeZone: string;
  contact: { channel: string; value: string } | null;
  note: string | null;
  needsInterpreter: boolean;
  version: number;
  /** The consultation type's video join window. */
  joinOpensAt: string;
  joinClosesAt: string;
}

export interface WaitingClient {
  appointmentId: string;
  pseudonym: string;
  startsAt: string;
  waitingSince: string;
}

export interface Rule {
  id: string;
  /** ISO weekday, 1 = Monday */
  weekday: number;
  start: string;
  end: string;
  validFrom: string | null;
  validUntil: string | null;
}

export interface ExtraHours {
  id: string;
  date: string;
  start: string;
  end: string;
}

export interface Absence {
  id: string;
  startsAt: string;
  endsAt: string;
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
