import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { request } from '../api/client';
import { readEventStream } from '../video/eventStream';
import { isLive, retryDelay, ticketHeaders, type StreamCredential, type Ticket } from './logic';

export const ticketKey = (token: string) => ['walk-in', 'ticket', token] as const;

export function fetchTicket(token: string, signal?: AbortSignal): Promise<Ticket> {
  return request<Ticket>('/api/public/walk-in/ticket', { headers: ticketHeaders(token), signal });
}

/**
 * The ticket, kept up to date by the server's push while it is in the queue. The stream needs a
 * credential (EventSource-style URLs end up in logs, so never the token itself) that is valid for
 * opening only briefly: each (re)connection asks for a new one. A broken stream is opened again
 * with backoff; a phone waking up or coming back online reconnects at once and reads the ticket
 * afresh, since pushes sent while it slept are lost.
 */
export function useLiveTicket(token: string) {
  const queryClient = useQueryClient();
  const ticket = useQuery({
    queryKey: ticketKey(token),
    queryFn: ({ signal }) => fetchTicket(token, signal),
    staleTime: 0,
    // The stream keeps it fresh; a refetch on focus covers the time it was down.
    refetchOnWindowFocus: true,
  });
  const live = ticket.data !== undefined && isLive(ticket.data.status);
  const [wakeUps, setWakeUps] = useState(0);

  useEffect(() => {
    const wake = () => {
      if (document.visibilityState === 'visible') setWakeUps((count) => count + 1);
    };
    document.addEventListener('visibilitychange', wake);
    window.addEventListener('online', wake);
    return () => {
      document.removeEventListener('visibilitychange', wake);
      window.removeEventListener('online', wake);
    };
  }, []);

  useEffect(() => {
    if (!live) return;
    const abort = new AbortController();
    let timer: number | undefined;
    let failures = 0;
    const refetch = () => queryClient.invalidateQueries({ queryKey: ticketKey(token) });
    const open = async () => {
      try {
        const { credential } = await request<StreamCredential>(
          '/api/public/walk-in/ticket/stream',
          { method: 'POST', headers: ticketHeaders(token), signal: abort.signal },
        );
        await readEventStream(
          `/api/public/walk-in/ticket/events?credential=${encodeURIComponent(credential)}`,
          {},
          abort.signal,
          (event, data) => {
            if (event !== 'ticket') return;
            failures = 0;
            queryClient.setQueryData<Ticket>(ticketKey(token), data as Ticket);
          },
        );
      } catch {
        failures += 1;
      }
      if (abort.signal.aborted) return;
      // Ended (the ticket left the queue, or the server closed it) or broken: read the ticket;
      // while it is still live, open the stream again.
      void refetch();
      timer = window.setTimeout(() => void open(), retryDelay(Math.max(failures, 1)));
    };
    if (wakeUps > 0) void refetch();
    void open();
    return () => {
      abort.abort();
      window.clearTimeout(timer);
    };
  }, [live, token, queryClient, wakeUps]);

  return ticket;
}
