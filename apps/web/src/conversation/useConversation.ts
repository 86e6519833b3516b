import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { ApiError } from '../api/client';
import { fetchConversation, markRead, readChanges } from './api';
import {
  conversationKey,
  newFromCounterpart,
  reconnectDelay,
  type ConversationOwner,
} from './logic';
import type { Conversation } from './types';

/**
 * The conversation, kept up to date by the server's event stream: each "changed" reads it again
 * (which also tells the server it was delivered). The stream ends after at most 20 minutes, or
 * breaks: it is opened again, at once after a clean end, with growing waits after failures, and
 * at once when the phone wakes up or comes back online — then the conversation is read afresh,
 * since changes while it slept were not pushed.
 */
export function useConversation(owner: ConversationOwner) {
  const queryClient = useQueryClient();
  const conversation = useQuery({
    queryKey: conversationKey(owner),
    queryFn: ({ signal }) => fetchConversation(owner, signal),
    staleTime: 0,
    refetchOnWindowFocus: true,
    // 404: this appointment or ticket has no conversation (erased, or not offered).
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 2,
  });
  const exists = conversation.data !== undefined;
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
    if (!exists) return;
    const abort = new AbortController();
    let timer: number | undefined;
    let failures = 0;
    const refetch = () => void queryClient.invalidateQueries({ queryKey: conversationKey(owner) });
    const open = async () => {
      let reopened = false;
      try {
        await readChanges(
          owner,
          abort.signal,
          () => {
            reopened = true;
            failures = 0;
          },
          refetch,
        );
      } catch {
        failures += 1;
      }
      if (abort.signal.aborted) return;
      // A stream that ended after opening: what happened in between is read once, then again.
      if (reopened) refetch();
      timer = window.setTimeout(
        () => void open(),
        failures === 0 ? reconnectDelay(1) / 4 : reconnectDelay(failures),
      );
    };
    if (wakeUps > 0) refetch();
    void open();
    return () => {
      abort.abort();
      window.clearTimeout(timer);
    };
  }, [exists, owner, queryClient, wakeUps]);

  return conversation;
}

/**
 * What the polite live region says: "new message from your counsellor" once per arrival of new
 * counsellor messages after the first load, never the whole list (a screen reader would read it
 * all again on every change).
 */
export function useArrivals(conversation: Conversation | undefined): number {
  const seen = useRef<Set<string> | null>(null);
  const [arrivals, setArrivals] = useState(0);
  useEffect(() => {
    if (!conversation) return;
    if (seen.current === null) {
      seen.current = new Set(conversation.messages.map((message) => message.id));
      return;
    }
    const fresh = newFromCounterpart(seen.current, conversation.messages);
    for (const message of conversation.messages) seen.current.add(message.id);
    if (fresh.length > 0) setArrivals((count) => count + 1);
  }, [conversation]);
  return arrivals;
}

/**
 * Tells the server the client has read the conversation while it is on screen (the list at least
 * partly visible, the tab in front) and has unread messages; once per state of the list.
 */
export function useMarkRead(
  owner: ConversationOwner,
  conversation: Conversation | undefined,
  list: RefObject<HTMLElement | null>,
): void {
  const queryClient = useQueryClient();
  const [onScreen, setOnScreen] = useState(false);
  const [inFront, setInFront] = useState(() => document.visibilityState === 'visible');
  const marked = useRef<string | null>(null);
  const present = conversation !== undefined;

  useEffect(() => {
    const element = list.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) =>
      setOnScreen(entries.some((entry) => entry.isIntersecting)),
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [list, present]);

  useEffect(() => {
    const update = () => setInFront(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);

  const unread = conversation?.unread ?? 0;
  const last = conversation?.messages.at(-1)?.id ?? '';
  useEffect(() => {
    if (!onScreen || !inFront || unread === 0 || marked.current === last) return;
    marked.current = last;
    markRead(owner).then(
      () => {
        queryClient.setQueryData<Conversation>(conversationKey(owner), (current) =>
          current ? { ...current, unread: 0 } : current,
        );
      },
      () => {
        // Tried again with the next change of the list.
        marked.current = null;
      },
    );
  }, [onScreen, inFront, unread, last, owner, queryClient]);
}
