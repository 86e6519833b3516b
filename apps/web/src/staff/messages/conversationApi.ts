import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ApiError, download, type ApiErrorBody } from '../../api/client';
import { useSession } from '../../auth/session';
import type {
  Conversation,
  ConversationMessage,
  ConversationSummary,
  UnreadConversations,
} from '../staffApi';

/** Every query of this area starts with this key: one "changed" event refreshes them all. */
const CONVERSATIONS = ['conversations'] as const;

/** After the event stream was refused (not just dropped): open it again after this pause. */
const STREAM_RETRY_MS = 30_000;

/** Changes closer together than this are read once. */
const MIN_REFRESH_MS = 1000;

/** A document upload may take longer than a JSON request on a slow line. */
const UPLOAD_TIMEOUT_MS = 120_000;

/** Whether the logged-in staff member has conversations of their own or sees the office's. */
function useHasInbox(): boolean {
  const role = useSession().staff?.role;
  return role === 'counsellor' || role === 'admin';
}

/**
 * Keeps every conversation query fresh: the server says "changed" on `/api/conversations/events`
 * whenever one of the staff member's conversations got a message or a read mark (and once at once
 * after connecting, which covers what changed while the stream was down), and they are read again.
 * Mounted once for the staff area (the nav badge needs it on every page). EventSource sends the
 * session cookie and reconnects by itself after the server ends a stream; a refused stream (401,
 * 403) it gives up on: it is opened again after a pause, and the slow polls cover the time between.
 */
export function useConversationEvents(): void {
  const queryClient = useQueryClient();
  const enabled = useHasInbox();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let timer: number | undefined;
    // At most one read per second: a burst of changes (a busy office, a client sending several
    // photos) becomes one refresh now and one at the end, never a request per event.
    let last = 0;
    let trailing: number | undefined;
    const invalidate = () => {
      last = Date.now();
      void queryClient.invalidateQueries({ queryKey: CONVERSATIONS });
    };
    const refresh = () => {
      const wait = last + MIN_REFRESH_MS - Date.now();
      if (wait <= 0) invalidate();
      else if (trailing === undefined) {
        trailing = window.setTimeout(() => {
          trailing = undefined;
          invalidate();
        }, wait);
      }
    };
    const open = () => {
      source = new EventSource('/api/conversations/events');
      source.addEventListener('changed', refresh);
      source.addEventListener('error', () => {
        if (source?.readyState !== EventSource.CLOSED) return;
        source.close();
        timer = window.setTimeout(open, STREAM_RETRY_MS);
      });
    };
    open();
    return () => {
      window.clearTimeout(timer);
      window.clearTimeout(trailing);
      source?.close();
    };
  }, [enabled, queryClient]);
}

/** The counsellor's unread conversations and messages, for the nav badge. */
export function useUnreadConversations() {
  const { call } = useSession();
  return useQuery({
    queryKey: [...CONVERSATIONS, 'unread'],
    queryFn: () => call<UnreadConversations>('/api/conversations/unread'),
    enabled: useHasInbox(),
    // Covers the time the event stream is down.
    refetchInterval: 60_000,
  });
}

/** The inbox: the counsellor's conversations, unread first, then newest (the API's order). */
export function useInbox(enabled = true) {
  const { call } = useSession();
  return useQuery({
    queryKey: [...CONVERSATIONS, 'list'],
    queryFn: () => call<ConversationSummary[]>('/api/conversations'),
    enabled: useHasInbox() && enabled,
    refetchInterval: 60_000,
  });
}

/** One conversation by its id (the inbox). */
export function useConversation(conversationId: string) {
  const { call } = useSession();
  return useQuery({
    queryKey: [...CONVERSATIONS, 'one', conversationId],
    queryFn: () => call<Conversation>(`/api/conversations/${encodeURIComponent(conversationId)}`),
    retry: (failures, error) => !isRefusal(error) && failures < 2,
    // Covers the time the event stream is down.
    refetchInterval: 60_000,
  });
}

/** The conversation of an appointment (the console, beside the appointment). */
export function useAppointmentConversation(appointmentId: string) {
  const { call } = useSession();
  return useQuery({
    queryKey: [...CONVERSATIONS, 'appointment', appointmentId],
    queryFn: () =>
      call<Conversation>(`/api/appointments/${encodeURIComponent(appointmentId)}/conversation`),
    retry: (failures, error) => !isRefusal(error) && failures < 2,
    // Covers the time the event stream is down.
    refetchInterval: 60_000,
  });
}

/** 403 and 404 are answers, not failures to retry. */
function isRefusal(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 403 || error.status === 404);
}

/** What the counsellor does in a conversation: write, send a document, mark it read. */
export function useConversationActions(conversationId: string) {
  const { call } = useSession();
  const queryClient = useQueryClient();
  const base = `/api/conversations/${encodeURIComponent(conversationId)}`;
  // Also after a failure: a 409 "closed" means the conversation changed under the page.
  const refresh = () => queryClient.invalidateQueries({ queryKey: CONVERSATIONS });
  const sendText = useMutation({
    mutationFn: (text: string) => call<ConversationMessage>(`${base}/messages`, { body: { text } }),
    onSettled: refresh,
  });
  const sendDocument = useMutation({
    mutationFn: (file: File) => uploadFile<ConversationMessage>(`${base}/documents`, file),
    onSettled: refresh,
  });
  const markRead = useMutation({
    mutationFn: () => call<void>(`${base}/read`, { method: 'POST' }),
    onSettled: refresh,
  });
  return { sendText, sendDocument, markRead };
}

/**
 * A document of a conversation as a Blob, fetched in the staff session. The server sends it as an
 * attachment (never to be rendered as a page of ours); the caller saves it or, for JPEG and PNG
 * only, shows it in an <img>.
 */
export function fetchDocument(conversationId: string, documentId: string): Promise<Blob> {
  return download(
    `/api/conversations/${encodeURIComponent(conversationId)}/documents/${encodeURIComponent(documentId)}`,
  );
}

/** A JPEG or PNG document's bytes for a thumbnail, fetched once per document. */
export function useDocumentImage(conversationId: string, documentId: string, enabled: boolean) {
  return useQuery({
    // Not under CONVERSATIONS: a document never changes, every event need not fetch it again.
    queryKey: ['conversation-document', conversationId, documentId],
    queryFn: () => fetchDocument(conversationId, documentId),
    enabled,
    staleTime: Infinity,
    gcTime: 5 * 60_000,
    retry: false,
  });
}

/**
 * Sends one file as multipart form data (field `file`). The JSON request helper cannot: this is the
 * same request with a FormData body, its failures turned into the same ApiError.
 */
async function uploadFile<T>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { Accept: 'application/json' },
      body: form,
      credentials: 'same-origin',
      cache: 'no-store',
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
  } catch {
    throw new ApiError(0, null);
  }
  if (!response.ok) {
    const body = await response.json().then(
      (json) => json as ApiErrorBody,
      () => null,
    );
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ApiError(
      response.status,
      body,
      response.headers.has('retry-after') && Number.isFinite(retryAfter) ? retryAfter : undefined,
    );
  }
  return (await response.json()) as T;
}
