import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { components } from '../api/openapi';
import { useSession } from '../auth/session';
import { readEventStream } from '../video/eventStream';

type Schemas = components['schemas'];

/** An office's walk-in hour as the duty list shows it: open or next, who is on duty, am I. */
export type DutyHour = Schemas['DutyHourDto'];
/** The duty console: the queues of my sessions in my languages, and my current call. */
export type WalkInConsole = Schemas['ConsoleDto'];
export type ConsoleSession = Schemas['ConsoleSessionDto'];
export type ConsoleCall = Schemas['ConsoleCallDto'];
export type CalledTicket = Schemas['CalledTicketDto'];
export type CallJoin = Schemas['CallJoinDto'];
export type WalkInOutcome = Schemas['WalkInOutcomeDto']['outcome'];
export type FollowUpRequest = Schemas['FollowUpDto'];

export const walkInKeys = {
  duty: ['walk-in', 'duty'] as const,
  console: ['walk-in', 'console'] as const,
};

/** After the console stream ended or broke: open it again after this pause. */
const STREAM_RETRY_MS = 3000;

/**
 * The duty console, pushed by the server on every change of the queues (the staff session cookie
 * goes along with the stream); a slow poll only covers the time the stream is down.
 */
export function useWalkInConsole() {
  const { call } = useSession();
  const queryClient = useQueryClient();
  useEffect(() => {
    const abort = new AbortController();
    let timer: number | undefined;
    const open = () => {
      readEventStream('/api/walk-in/console/events', {}, abort.signal, (event, data) => {
        if (event === 'console')
          queryClient.setQueryData<WalkInConsole>(walkInKeys.console, data as WalkInConsole);
      })
        .catch(() => undefined)
        .finally(() => {
          if (!abort.signal.aborted) {
            void queryClient.invalidateQueries({ queryKey: walkInKeys.console });
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
  return useQuery({
    queryKey: walkInKeys.console,
    queryFn: () => call<WalkInConsole>('/api/walk-in/console'),
    refetchInterval: 60_000,
    staleTime: 0,
  });
}

export function useDuty() {
  const { call } = useSession();
  return useQuery({
    queryKey: walkInKeys.duty,
    queryFn: () => call<DutyHour[]>('/api/walk-in/duty'),
    refetchInterval: 60_000,
  });
}
