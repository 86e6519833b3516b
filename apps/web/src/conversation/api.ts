import { ApiError, download, request, type ApiErrorBody } from '../api/client';
import { conversationBase, ownerHeaders, parseEvents, type ConversationOwner } from './logic';
import type { Conversation, Message, PostMessageRequest } from './types';

/** The conversation (the server marks the counsellor's messages as delivered to the client). */
export function fetchConversation(
  owner: ConversationOwner,
  signal?: AbortSignal,
): Promise<Conversation> {
  return request<Conversation>(conversationBase(owner), { headers: ownerHeaders(owner), signal });
}

export function sendText(owner: ConversationOwner, text: string): Promise<Message> {
  return request<Message>(`${conversationBase(owner)}/messages`, {
    headers: ownerHeaders(owner),
    body: { text } satisfies PostMessageRequest,
  });
}

/** Everything up to now is read by the client. */
export function markRead(owner: ConversationOwner): Promise<void> {
  return request<void>(`${conversationBase(owner)}/read`, {
    method: 'POST',
    headers: ownerHeaders(owner),
  });
}

/** A document's bytes, fetched with the token in the header (never in the URL). */
export function fetchDocument(owner: ConversationOwner, documentId: string): Promise<Blob> {
  return download(`${conversationBase(owner)}/documents/${encodeURIComponent(documentId)}`, {
    headers: ownerHeaders(owner),
  });
}

/**
 * Uploads one document. XMLHttpRequest rather than fetch: only it reports upload progress, which a
 * client on a slow connection needs to see for a letter of several megabytes.
 */
export function uploadDocument(
  owner: ConversationOwner,
  file: Blob,
  fileName: string,
  onProgress: (sent: number, total: number) => void,
  signal?: AbortSignal,
): Promise<Message> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${conversationBase(owner)}/documents`);
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [name, value] of Object.entries(ownerHeaders(owner)))
      xhr.setRequestHeader(name, value);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    };
    const body = (): unknown => {
      try {
        return JSON.parse(xhr.responseText) as unknown;
      } catch {
        return null;
      }
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body() as Message);
        return;
      }
      const retryAfter = Number(xhr.getResponseHeader('retry-after'));
      reject(
        new ApiError(
          xhr.status,
          body() as ApiErrorBody | null,
          Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
        ),
      );
    };
    xhr.onerror = () => reject(new ApiError(0, null));
    xhr.ontimeout = () => reject(new ApiError(0, null));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, fileName);
    xhr.send(form);
  });
}

/**
 * Reads the conversation's event stream with fetch (EventSource cannot send the token header) and
 * calls `onChange` per "changed". Resolves when the server ends the stream (after at most 20
 * minutes), rejects when it fails or breaks: either way the caller opens it again.
 */
export async function readChanges(
  owner: ConversationOwner,
  signal: AbortSignal,
  onOpen: () => void,
  onChange: () => void,
): Promise<void> {
  const response = await fetch(`${conversationBase(owner)}/events`, {
    headers: { Accept: 'text/event-stream', ...ownerHeaders(owner) },
    signal,
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (!response.ok || !response.body) throw new ApiError(response.status, null);
  onOpen();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    const { events, rest } = parseEvents(buffer + value);
    buffer = rest;
    if (events.length > 0) onChange();
  }
}
