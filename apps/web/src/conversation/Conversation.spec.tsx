// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createInstance } from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import common from '../i18n/locales/en/common.json';
import conversation from '../i18n/locales/en/conversation.json';
import { ConversationSection } from './Conversation';
import type { Conversation, Message } from './types';

const TOKEN = 'manage-token-of-the-test';

const message = (id: string, change: Partial<Message> = {}): Message => ({
  id,
  author: 'counsellor',
  mine: false,
  createdAt: '2026-12-02T10:00:00.000Z',
  delivered: true,
  read: false,
  ...change,
});

const CONVERSATION: Conversation = {
  id: 'c1',
  subject: 'appointment',
  open: true,
  closesAt: '2026-12-20T10:00:00.000Z',
  counterpartName: 'Rana Haddad',
  unread: 1,
  messages: [
    message('m1', { author: 'client', mine: true, text: 'Guten Tag', delivered: true, read: true }),
    message('m2', { text: 'Bitte schicken Sie den Bescheid.' }),
    message('m3', { damaged: true }),
    message('m4', {
      document: {
        id: 'd1',
        fileName: 'antwort.pdf',
        contentType: 'application/pdf',
        sizeBytes: 420_000,
      },
    }),
    message('m5', { author: 'client', mine: true, text: 'Danke', delivered: false, read: false }),
  ],
  limits: { maxChars: 4000, documentsLeft: 9 },
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

/** The event stream: open until the test's page goes away. */
const openStream = (signal: AbortSignal) =>
  new Promise<Response>((resolve) => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        signal.addEventListener('abort', () =>
          controller.error(new DOMException('aborted', 'AbortError')),
        );
      },
    });
    resolve(new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }));
  });

class VisibleObserver {
  constructor(private readonly callback: (entries: { isIntersecting: boolean }[]) => void) {}
  observe() {
    this.callback([{ isIntersecting: true }]);
  }
  disconnect() {}
}

async function setUp(data: Conversation) {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({
    lng: 'en',
    resources: { en: { common, conversation } },
    defaultNS: 'common',
    interpolation: { escapeValue: false },
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={client}>
        <ConversationSection kind="appointment" token={TOKEN} />
      </QueryClientProvider>
    </I18nextProvider>,
  );
  await screen.findByRole('heading', { name: 'Messages with Rana Haddad' });
  return data;
}

describe('the client’s conversation', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  let current: Conversation;

  beforeEach(() => {
    current = structuredClone(CONVERSATION);
    fetchMock = vi.fn((url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      if (url.endsWith('/events')) return openStream(init.signal as AbortSignal);
      if (url === '/api/public/manage/conversation' && method === 'GET')
        return Promise.resolve(json(200, current));
      if (url.endsWith('/read')) return Promise.resolve(json(204, null));
      if (url.endsWith('/messages'))
        return Promise.resolve(
          json(409, {
            statusCode: 409,
            error: 'Conflict',
            message: 'closed',
            code: 'conversation_closed',
          }),
        );
      return Promise.resolve(json(404, { statusCode: 404, error: 'Not Found', message: 'x' }));
    });
    vi.stubGlobal('fetch', fetchMock);
    vi.stubGlobal('IntersectionObserver', VisibleObserver);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows messages with their marks as text, damaged ones as such, documents with their size', async () => {
    await setUp(current);
    const list = screen.getByRole('list', { name: conversation.listLabel });
    expect(list.querySelectorAll('li')).toHaveLength(5);
    expect(screen.getByText('Read')).toBeTruthy();
    expect(screen.getByText('Sent')).toBeTruthy();
    expect(screen.getByText(conversation.damaged)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Download antwort.pdf' })).toBeTruthy();
    expect(screen.getByText('420 kB')).toBeTruthy();
    // Every request carried the token in its header, none in its address.
    for (const [url, init] of fetchMock.mock.calls as [string, RequestInit][]) {
      expect(url).not.toContain(TOKEN);
      expect((init.headers as Record<string, string>)['X-Manage-Token']).toBe(TOKEN);
    }
  });

  it('marks the conversation read while it is on screen and has unread messages', async () => {
    await setUp(current);
    await waitFor(() =>
      expect(fetchMock).toHaveBeenCalledWith(
        '/api/public/manage/conversation/read',
        expect.objectContaining({ method: 'POST' }),
      ),
    );
  });

  it('sends with Ctrl+Enter and says in words that the conversation closed', async () => {
    await setUp(current);
    const box = screen.getByLabelText(conversation.compose.label);
    expect(box.getAttribute('maxlength')).toBe('4000');
    fireEvent.change(box, { target: { value: 'Noch eine Frage' } });
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    expect(await screen.findByText(conversation.errors.closed)).toBeTruthy();
    const sent = (fetchMock.mock.calls as [string, RequestInit][]).find(([url]) =>
      url.endsWith('/messages'),
    );
    expect(JSON.parse(sent?.[1].body as string)).toEqual({ text: 'Noch eine Frage' });
  });

  it('is read-only once closed, with the reason', async () => {
    current.open = false;
    current.unread = 0;
    await setUp(current);
    expect(screen.queryByLabelText(conversation.compose.label)).toBeNull();
    expect(screen.queryByRole('button', { name: conversation.documents.takePhoto })).toBeNull();
    expect(screen.getByText(/This conversation closed on/)).toBeTruthy();
  });
});
