import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useEffect } from 'react';
import { errorCode } from '../api/client';
import { useSession } from '../auth/session';
import { readEventStream } from '../video/eventStream';

export type { Absence, Counsellor, ExtraHours, Rule, StaffAppointment } from '../api/availability';
import type { Counsellor, StaffAppointment } from '../api/availability';
import type { components } from '../api/openapi';

/** Shapes of the staff API used by the console, from its OpenAPI document (api/openapi.ts). */
type Schemas = components['schemas'];

/**
 * A client waiting in one of the counsellor's rooms; `waitingSince` is null when the client is not
 * in the waiting room but asks to be phoned (`phoneCallRequestedAt`).
 */
export type WaitingClient = Schemas['WaitingClientDto'];
/** Whether the counsellor has a calendar subscription, and since when. */
export type CalendarFeedInfo = Schemas['CalendarFeedInfoDto'];
/** A new calendar subscription: its URL is in this answer only. */
export type CalendarFeedCreated = Schemas['CalendarFeedCreatedDto'];
/** How an appointment ended, as the counsellor records it. */
export type Outcome = Schemas['OutcomeDto']['outcome'];
/** Why a counsellor cancels (or an admin cancels for them). */
export type StaffCancelRequest = Schemas['StaffCancelDto'];

/**
 * A conversation between the client and the assigned counsellor, from the counsellor's side:
 * messages oldest first, `mine` for the counsellor's own.
 */
export type Conversation = Schemas['ConversationDto'];
/** One message; `document` null when its document was deleted, `damaged` when it cannot be read. */
export type ConversationMessage = Schemas['MessageDto'];
/** A row of the inbox; admins get it without `clientName`. */
export type ConversationSummary = Schemas['ConversationSummaryDto'];
/** The counsellor's unread conversations and messages (the nav badge). */
export type UnreadConversations = Schemas['ConversationUnreadDto'];

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
        if (errorCode(error) === 'no_counsellor_profile') return null;
        throw error;
      }
    },
    staleTime: 300_000,
  });
}

/** After the waiting-room stream ended or broke: open it again after this pause. */
const STREAM_RETRY_MS = 5000;

/**
 * Clients waiting in the counsellor's open rooms (or asking to be phoned), pushed by the server on
 * an event stream as they change; a slow poll only covers the time the stream is down.
 */
export function useWaiting() {
  const { call } = useSession();
  const queryClient = useQueryClient();
  useEffect(() => {
    const abort = new AbortController();
    let timer: number | undefined;
    const open = () => {
      // The staff session cookie goes along; the server ends a stream after 20 minutes.
      readEventStream('/api/video/waiting/events', {}, abort.signal, (_, data) => {
        queryClient.setQueryData<WaitingClient[]>(['video', 'waiting'], data as WaitingClient[]);
      })
        .catch(() => undefined)
        .finally(() => {
          if (!abort.signal.aborted) timer = window.setTimeout(open, STREAM_RETRY_MS);
        });
    };
    open();
    return () => {
      abort.abort();
      window.clearTimeout(timer);
    };
  }, [queryClient]);
  return useQuery({
    queryKey: ['video', 'waiting'],
    queryFn: () => call<WaitingClient[]>('/api/video/waiting'),
    refetchInterval: 60_000,
    refetchIntervalInBackground: true,
    staleTime: 0,
  });
}

/**
 * Keeps the console's appointment lists fresh while it is open: the server says "changed" when a
 * client answered ("I will come", "running late") or cancelled by messenger or SMS, and the lists
 * are read again. Opened again after the stream ends (at most 20 minutes) or breaks, and the lists
 * read then too, since changes while it was down were not pushed.
 */
export function useAppointmentEvents(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const abort = new AbortController();
    let timer: number | undefined;
    const refresh = () => void queryClient.invalidateQueries({ queryKey: ['appointments'] });
    const open = () => {
      // The staff session cookie goes along.
      readEventStream('/api/appointments/events', {}, abort.signal, (event) => {
        if (event === 'changed') refresh();
      })
        .catch(() => undefined)
        .finally(() => {
          if (!abort.signal.aborted) {
            refresh();
            timer = window.setTimeout(open, STREAM_RETRY_MS);
          }
        });
    };
    open();
    return () => {
      abort.abort();
      window.clearTimeout(timer);
    };
  }, [queryClient]);
}
