import type { AppointmentEntity } from './appointment.entity.js';
import { MINUTE_MS } from '@app/scheduling';

/** When a call may be joined, if the appointment's type was not loaded with it: the types' defaults. */
export const DEFAULT_JOIN_OPENS_MINUTES_BEFORE = 15;
export const DEFAULT_JOIN_CLOSES_MINUTES_AFTER = 30;

export interface JoinWindow {
  opensAt: Date;
  closesAt: Date;
}

/**
 * The one rule for when an appointment's call can be joined: from its type's minutes before the
 * start to its minutes after the end. Tokens, the client's and the staff's answers all use it.
 */
export function joinWindowOf(
  appointment: Pick<AppointmentEntity, 'startsAt' | 'endsAt' | 'consultationType'>,
): JoinWindow {
  const type = appointment.consultationType;
  const before = type?.joinOpensMinutesBefore ?? DEFAULT_JOIN_OPENS_MINUTES_BEFORE;
  const after = type?.joinClosesMinutesAfter ?? DEFAULT_JOIN_CLOSES_MINUTES_AFTER;
  return {
    opensAt: new Date(appointment.startsAt.getTime() - before * MINUTE_MS),
    closesAt: new Date(appointment.endsAt.getTime() + after * MINUTE_MS),
  };
}
