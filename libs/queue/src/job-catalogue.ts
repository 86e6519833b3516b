/**
 * Every queue and job of Sprechstunde, with the payload each job carries. Payloads hold ids
 * only, never names or contact data: job data lives on in Redis and its append-only file.
 */
export enum QueueName {
  Maintenance = 'maintenance',
  DomainEvents = 'domain-events',
  Notifications = 'notifications',
}

export enum JobName {
  PurgeExpiredSessions = 'purge-expired-sessions',
  RelayOutbox = 'relay-outbox',
  SettleVideoAttendance = 'settle-video-attendance',
  /** One event; queued only by versions before batch delivery, still handled for upgrades. */
  AppointmentEvent = 'appointment-event',
  /** A batch of events, as the outbox relay claimed them. */
  AppointmentEvents = 'appointment-events',
  PurgePersonalData = 'purge-personal-data',
  SendDailyAgendas = 'send-daily-agendas',
  SendNotification = 'send-notification',
  /** Walk-in calls nobody answered in time, and tickets of long-ended sessions. */
  SettleWalkIn = 'settle-walk-in',
  /** Offers freed times to waitlisted clients; frees unanswered holds; ends past entries. */
  MatchWaitlist = 'match-waitlist',
  /** Each counsellor's morning digest of unread client messages (counts only). */
  SendMessageDigests = 'send-message-digests',
  /** The feedback survey of consultations that took place (completed appointments, served tickets). */
  PlanSurveys = 'plan-surveys',
}

export const APPOINTMENT_EVENT_TYPES = [
  'appointment.booked',
  'appointment.rescheduled',
  'appointment.reassigned',
  'appointment.cancelled',
  'appointment.outcome-recorded',
  /** The counsellor will phone the client instead of the video call. */
  'appointment.switched-to-phone',
] as const;
export type AppointmentEventType = (typeof APPOINTMENT_EVENT_TYPES)[number];

export interface AppointmentEventPayload {
  eventId: string;
  type: AppointmentEventType;
  appointmentId: string;
  /** The appointment's version after the change. */
  version: number;
}

/** What a notification says; client kinds go to the client, counsellor kinds to the counsellor. */
export const NOTIFICATION_KINDS = [
  'confirmation',
  'reminder',
  'rescheduled',
  'cancelled',
  'switched-to-phone',
  'counsellor-booked',
  'counsellor-rescheduled',
  'counsellor-cancelled',
  'counsellor-agenda',
  'walk-in-soon',
  'walk-in-turn',
  'waitlist-offer',
  /** A counsellor wrote in a conversation: the client hears that there is a message, not what it says. */
  'new-message',
  'counsellor-messages-digest',
  /** To an appointment's interpreter: booked with them, moved, cancelled (or given to another). */
  'interpreter-booked',
  'interpreter-rescheduled',
  'interpreter-cancelled',
  /** After a consultation that took place: the link to the feedback survey, once. */
  'survey',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type NotificationPayload =
  | {
      kind: AppointmentNotificationKind;
      appointmentId: string;
      /** The appointment's version the message was scheduled for: a later change makes it stale. */
      version: number;
      /** Reminders: minutes before the start. */
      offsetMinutes?: number;
      /** The copy of a client message for a bound messenger chat (telegram, viber, whatsapp). */
      route?: string;
    }
  | { kind: 'counsellor-agenda'; counsellorId: string; date: string }
  /** A walk-in ticket's client: nearly their turn, or their turn. */
  | { kind: WalkInNoticeKind; ticketId: string; route?: string }
  /** A waitlisted client: a time is held for them (one message per entry and held time). */
  | { kind: 'waitlist-offer'; entryId: string; appointmentId: string }
  /**
   * A conversation's client: there is a new message. One per conversation and quiet window (the
   * window's number: epoch milliseconds divided by the quiet period), whatever retries or repeats.
   */
  | { kind: 'new-message'; conversationId: string; window: number; route?: string }
  /** A counsellor's unread conversations, counted as of 07:30 of that office-local date. */
  | { kind: 'counsellor-messages-digest'; counsellorId: string; date: string }
  /**
   * One interpreter (by id: an interpreter taken off an appointment is told too) about one
   * version of an appointment.
   */
  | {
      kind: InterpreterNoticeKind;
      appointmentId: string;
      version: number;
      interpreterId: string;
    }
  /**
   * The feedback survey of one consultation that took place (once per appointment or ticket).
   * Named `subjectId`, not appointmentId/ticketId: the survey is no appointment or ticket notice.
   */
  | { kind: 'survey'; subject: 'appointment' | 'ticket'; subjectId: string };

export type InterpreterNoticeKind =
  'interpreter-booked' | 'interpreter-rescheduled' | 'interpreter-cancelled';

export type WalkInNoticeKind = 'walk-in-soon' | 'walk-in-turn';

/** The kinds sent about one appointment (and its version). */
export type AppointmentNotificationKind = Exclude<
  NotificationKind,
  | 'counsellor-agenda'
  | WalkInNoticeKind
  | 'waitlist-offer'
  | 'new-message'
  | 'counsellor-messages-digest'
  | InterpreterNoticeKind
  | 'survey'
>;

export interface JobPayloads {
  [JobName.PurgeExpiredSessions]: Record<string, never>;
  [JobName.RelayOutbox]: Record<string, never>;
  [JobName.SettleVideoAttendance]: Record<string, never>;
  [JobName.AppointmentEvent]: AppointmentEventPayload;
  [JobName.AppointmentEvents]: { events: AppointmentEventPayload[] };
  [JobName.PurgePersonalData]: Record<string, never>;
  [JobName.SendDailyAgendas]: Record<string, never>;
  [JobName.SendNotification]: NotificationPayload;
  [JobName.SettleWalkIn]: Record<string, never>;
  [JobName.MatchWaitlist]: Record<string, never>;
  [JobName.SendMessageDigests]: Record<string, never>;
  [JobName.PlanSurveys]: Record<string, never>;
}

export const JOB_QUEUE: { [K in JobName]: QueueName } = {
  [JobName.PurgeExpiredSessions]: QueueName.Maintenance,
  [JobName.RelayOutbox]: QueueName.Maintenance,
  [JobName.SettleVideoAttendance]: QueueName.Maintenance,
  [JobName.AppointmentEvent]: QueueName.DomainEvents,
  [JobName.AppointmentEvents]: QueueName.DomainEvents,
  [JobName.PurgePersonalData]: QueueName.Maintenance,
  [JobName.SendDailyAgendas]: QueueName.Maintenance,
  [JobName.SendNotification]: QueueName.Notifications,
  [JobName.SettleWalkIn]: QueueName.Maintenance,
  [JobName.MatchWaitlist]: QueueName.Maintenance,
  [JobName.SendMessageDigests]: QueueName.Maintenance,
  [JobName.PlanSurveys]: QueueName.Maintenance,
};

/** BullMQ job ids may not contain ':'; deterministic ids are built with this. */
export function jobId(...parts: string[]): string {
  for (const part of parts) {
    if (part.includes(':')) throw new Error(`Job id part "${part}" contains ':'`);
  }
  return parts.join('.');
}
