/**
 * Every queue and job of Sprechstunde, with the payload each job carries. Payloads hold ids
 * only, never names or contact data: job data lives on in Redis and its append-only file.
 */
export enum QueueName {
  Maintenance = 'maintenance',
  DomainEvents = 'domain-events',
}

export enum JobName {
  PurgeExpiredSessions = 'purge-expired-sessions',
  RelayOutbox = 'relay-outbox',
  SettleVideoAttendance = 'settle-video-attendance',
  AppointmentEvent = 'appointment-event',
}

export const APPOINTMENT_EVENT_TYPES = [
  'appointment.booked',
  'appointment.rescheduled',
  'appointment.reassigned',
  'appointment.cancelled',
  'appointment.outcome-recorded',
] as const;
export type AppointmentEventType = (typeof APPOINTMENT_EVENT_TYPES)[number];

export interface AppointmentEventPayload {
  eventId: string;
  type: AppointmentEventType;
  appointmentId: string;
  /** The appointment's version after the change. */
  version: number;
}

export interface JobPayloads {
  [JobName.PurgeExpiredSessions]: Record<string, never>;
  [JobName.RelayOutbox]: Record<string, never>;
  [JobName.SettleVideoAttendance]: Record<string, never>;
  [JobName.AppointmentEvent]: AppointmentEventPayload;
}

export const JOB_QUEUE: { [K in JobName]: QueueName } = {
  [JobName.PurgeExpiredSessions]: QueueName.Maintenance,
  [JobName.RelayOutbox]: QueueName.Maintenance,
  [JobName.SettleVideoAttendance]: QueueName.Maintenance,
  [JobName.AppointmentEvent]: QueueName.DomainEvents,
};

/** BullMQ job ids may not contain ':'; deterministic ids are built with this. */
export function jobId(...parts: string[]): string {
  for (const part of parts) {
    if (part.includes(':')) throw new Error(`Job id part "${part}" contains ':'`);
  }
  return parts.join('.');
}
