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

/**
 * The join window as the API applies it by default (15 minutes before the start until 30 after the
 * end). The staff appointment list does not carry the type's own window; the video page shows the
 * API's answer (with its opening time) if a type differs.
 */
export const JOIN_OPENS_BEFORE_MINUTES = 15;
export const JOIN_CLOSES_AFTER_MINUTES = 30;

export function inJoinWindow(appointment: StaffAppointment, now: DateTime): boolean {
  if (appointment.status !== 'confirmed' || appointment.consultationType.channel === 'phone') {
    return false;
  }
  const opens = DateTime.fromISO(appointment.startsAt).minus({
    minutes: JOIN_OPENS_BEFORE_MINUTES,
  });
  const closes = DateTime.fromISO(appointment.endsAt).plus({ minutes: JOIN_CLOSES_AFTER_MINUTES });
  return now >= opens && now < closes;
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
