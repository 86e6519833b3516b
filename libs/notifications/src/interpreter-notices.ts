import { jobId, type AppointmentEventPayload, type NotificationPayload } from '@app/queue';
import type {
  InterpreterNoticeEntry,
  InterpreterNoticeView,
  InterpreterPlanningState,
} from './interpreter-notice.repository.js';

type InterpreterPayload = Extract<NotificationPayload, { interpreterId: string }>;

/** Once per appointment version, kind and interpreter. */
export function interpreterNoticeKey(payload: InterpreterPayload): string {
  return `${payload.kind}.${payload.appointmentId}.v${payload.version}.${payload.interpreterId}`;
}

/**
 * The interpreters told, before `version`, that they are on the appointment and not told since
 * that they are off it: each interpreter's latest notice below that version decides.
 */
export function toldBefore(entries: InterpreterNoticeEntry[], version: number): Set<string> {
  const latest = new Map<string, InterpreterNoticeEntry>();
  for (const entry of entries) {
    if (entry.version >= version) continue;
    const seen = latest.get(entry.interpreterId);
    // At one version a cancellation comes after what it cancels.
    const later =
      !seen ||
      entry.version > seen.version ||
      (entry.version === seen.version && entry.kind === 'interpreter-cancelled');
    if (later) latest.set(entry.interpreterId, entry);
  }
  return new Set(
    [...latest.values()]
      .filter((entry) => entry.kind !== 'interpreter-cancelled')
      .map((entry) => entry.interpreterId),
  );
}

/**
 * The interpreter notices one appointment event causes, from the appointment as it is now and the
 * notices logged before the event's version:
 * - booked, moved or given to another counsellor: the interpreter on it hears "booked" if they
 *   were not told before, "moved" on a move; every interpreter told before who is no longer on
 *   it hears "cancelled";
 * - cancelled: everyone told before, and the interpreter on it, hear "cancelled".
 * An event that is no longer the appointment's latest plans nothing: the later event does. The
 * same event, state and log always plan the same notices (reconciliation relies on it).
 */
export function interpreterNoticesOf(
  event: Pick<AppointmentEventPayload, 'type' | 'appointmentId' | 'version'>,
  state: InterpreterPlanningState | undefined,
  history: InterpreterNoticeEntry[],
): InterpreterPayload[] {
  if (!state || state.version !== event.version) return [];
  const told = toldBefore(history, event.version);
  const notice = (kind: InterpreterPayload['kind'], interpreterId: string): InterpreterPayload => ({
    kind,
    appointmentId: event.appointmentId,
    version: event.version,
    interpreterId,
  });
  switch (event.type) {
    case 'appointment.booked':
    case 'appointment.rescheduled':
    case 'appointment.reassigned': {
      const current = state.status === 'confirmed' ? state.interpreterId : null;
      const notices: InterpreterPayload[] = [];
      if (current && !told.has(current)) notices.push(notice('interpreter-booked', current));
      else if (current && event.type === 'appointment.rescheduled')
        notices.push(notice('interpreter-rescheduled', current));
      for (const interpreterId of told)
        if (interpreterId !== current) notices.push(notice('interpreter-cancelled', interpreterId));
      return notices;
    }
    case 'appointment.cancelled': {
      const everyone = new Set(told);
      if (state.interpreterId) everyone.add(state.interpreterId);
      return [...everyone].map((id) => notice('interpreter-cancelled', id));
    }
    case 'appointment.switched-to-phone':
    case 'appointment.outcome-recorded':
      return [];
  }
}

/** A planned job of an interpreter notice: its log key is its job id. */
export function interpreterJob(payload: InterpreterPayload): {
  id: string;
  payload: NotificationPayload;
  delay: number;
} {
  return { id: jobId(interpreterNoticeKey(payload)), payload, delay: 0 };
}

/**
 * Whether an interpreter's notice no longer fits the appointment. Every change plans its own, so
 * an older version's are stale; "booked" and "moved" need the interpreter still on the confirmed
 * appointment, "cancelled" an appointment cancelled or given to another interpreter.
 */
export function interpreterStaleness(
  payload: InterpreterPayload,
  view: InterpreterNoticeView,
): string | null {
  if (view.version !== payload.version) return 'appointment changed since';
  const onIt = view.currentInterpreterId === payload.interpreterId;
  if (payload.kind === 'interpreter-cancelled')
    return view.status === 'cancelled' || !onIt ? null : 'interpreter still on the appointment';
  if (!onIt) return 'interpreter no longer on the appointment';
  return view.status === 'confirmed' ? null : `appointment is ${view.status}`;
}
