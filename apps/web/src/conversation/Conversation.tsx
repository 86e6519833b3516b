import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Suspense,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useErrorMessage } from '../api/errors';
import { browserZone, useFormat } from '../ui/format';
import { fetchDocument, sendText } from './api';
import { DocumentSender } from './DocumentSender';
import {
  conversationKey,
  deliveryState,
  formatSize,
  isSendShortcut,
  type ConversationOwner,
} from './logic';
import type { Conversation as ConversationData, ConversationDocument, Message } from './types';
import { useArrivals, useConversation, useMarkRead } from './useConversation';
import { useSendFailure } from './useSendFailure';
import './conversation.css';

export interface ConversationProps {
  /** Whose conversation: the appointment of a manage link or a walk-in ticket. */
  kind: ConversationOwner['kind'];
  token: string;
}

/**
 * The secure conversation between the client and their counsellor, on the manage page and the
 * ticket page: messages, documents (also photographed letters), live updates.
 */
export function ConversationSection(props: ConversationProps) {
  // Its own boundary: loading this section's texts must not blank the page around it.
  return (
    <Suspense fallback={null}>
      <Section {...props} />
    </Suspense>
  );
}

function Section({ kind, token }: ConversationProps) {
  const { t } = useTranslation('conversation');
  const format = useFormat();
  const owner = useMemo<ConversationOwner>(
    () =>
      kind === 'appointment'
        ? { kind: 'appointment', manageToken: token }
        : { kind: 'ticket', ticketToken: token },
    [kind, token],
  );
  const conversation = useConversation(owner);
  const data = conversation.data;
  const list = useRef<HTMLDivElement>(null);
  useMarkRead(owner, data, list);
  const arrivals = useArrivals(data);
  const [zone] = useState(browserZone);
  const headingId = useId();
  // Newest at the bottom: the list opens scrolled there, and follows new messages.
  const scroller = useRef<HTMLOListElement>(null);
  const count = data?.messages.length ?? 0;
  useEffect(() => {
    const element = scroller.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [count]);

  // No conversation for this appointment or ticket (erased, not offered): nothing to show.
  if (!data) return null;
  const name = data.counterpartName;
  return (
    <section className="card stack conversation" aria-labelledby={headingId}>
      <h2 id={headingId}>{name ? t('titleWith', { name }) : t('title')}</h2>
      <p className="muted">{t('intro')}</p>
      {data.open ? (
        data.closesAt ? (
          <p className="muted">{t('openUntil', { date: format.dateTime(data.closesAt, zone) })}</p>
        ) : null
      ) : (
        <p className="notice notice-warning">
          {data.closesAt
            ? t('closedSince', { date: format.dateTime(data.closesAt, zone) })
            : t('closed')}
        </p>
      )}
      <div ref={list}>
        {data.messages.length === 0 ? (
          <p className="conversation-empty">{t('empty')}</p>
        ) : (
          // Scrolls by itself when long: focusable, so a keyboard can scroll it too.
          <ol ref={scroller} className="message-list" aria-label={t('listLabel')} tabIndex={0}>
            {data.messages.map((message) => (
              <MessageItem
                key={message.id}
                message={message}
                owner={owner}
                counterpart={name}
                zone={zone}
              />
            ))}
          </ol>
        )}
      </div>
      {/* Says only what is new, never the whole list; a new node per arrival, so that the same
          sentence is announced again for the next message. */}
      <div className="visually-hidden" aria-live="polite" data-arrivals={arrivals}>
        {arrivals > 0 ? <p key={arrivals}>{t('live.newMessage')}</p> : null}
      </div>
      {conversation.isRefetchError ? <p className="muted">{t('offline')}</p> : null}
      {data.open ? (
        <>
          <Composer owner={owner} conversation={data} />
          <DocumentSender owner={owner} documentsLeft={data.limits.documentsLeft} />
        </>
      ) : null}
    </section>
  );
}

function MessageItem({
  message,
  owner,
  counterpart,
  zone,
}: {
  message: Message;
  owner: ConversationOwner;
  counterpart: string | undefined;
  zone: string;
}) {
  const { t } = useTranslation('conversation');
  const format = useFormat();
  const state = message.mine ? deliveryState(message) : null;
  return (
    <li className={message.mine ? 'message message-mine' : 'message message-theirs'}>
      <p className="message-meta">
        <span className="message-author">
          {message.mine ? t('you') : (counterpart ?? t('counsellor'))}
        </span>{' '}
        <time dateTime={message.createdAt}>
          {format.shortDate(message.createdAt, zone)}, {format.time(message.createdAt, zone)}
        </time>
      </p>
      {message.damaged ? (
        <p className="message-damaged">{t('damaged')}</p>
      ) : message.text ? (
        <p className="message-text" dir="auto">
          {message.text}
        </p>
      ) : null}
      {message.document === null ? (
        <p className="message-document muted">{t('documentDeleted')}</p>
      ) : message.document ? (
        <DocumentRow document={message.document} owner={owner} />
      ) : null}
      {state ? (
        <p className={`message-state message-state-${state}`}>
          <span aria-hidden="true">{state === 'sent' ? '✓' : '✓✓'}</span> {t(`state.${state}`)}
        </p>
      ) : null}
    </li>
  );
}

function DocumentRow({
  document,
  owner,
}: {
  document: ConversationDocument;
  owner: ConversationOwner;
}) {
  const { t, i18n } = useTranslation('conversation');
  const errorMessage = useErrorMessage();
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setFailure(null);
    setBusy(true);
    try {
      saveFile(await fetchDocument(owner, document.id), document.fileName);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="message-document">
      <span className="document-name" dir="auto">
        {document.fileName}
      </span>
      <span className="muted document-size">{formatSize(document.sizeBytes, i18n.language)}</span>
      <button
        type="button"
        className="btn btn-small"
        disabled={busy}
        aria-label={t('download', { name: document.fileName })}
        onClick={() => void save()}
      >
        {t('downloadShort')}
      </button>
      {failure ? (
        <p className="notice notice-error" role="alert">
          {errorMessage(failure)}
        </p>
      ) : null}
    </div>
  );
}

/** Offers a Blob as a file download (the token stayed in the request's header). */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Composer({
  owner,
  conversation,
}: {
  owner: ConversationOwner;
  conversation: ConversationData;
}) {
  const { t } = useTranslation('conversation');
  const queryClient = useQueryClient();
  const failure = useSendFailure();
  const [text, setText] = useState('');
  const [sent, setSent] = useState(false);
  const id = useId();
  const max = conversation.limits.maxChars;
  const send = useMutation({
    mutationFn: (body: string) => sendText(owner, body),
    onMutate: () => setSent(false),
    onSuccess: (message) => {
      setText('');
      setSent(true);
      queryClient.setQueryData<ConversationData>(conversationKey(owner), (current) =>
        current && !current.messages.some((m) => m.id === message.id)
          ? { ...current, messages: [...current.messages, message] }
          : current,
      );
      void queryClient.invalidateQueries({ queryKey: conversationKey(owner) });
    },
    onError: (error) => {
      // Closed meanwhile: read the conversation again, which then shows it read-only.
      if (error instanceof ApiError && error.status === 409)
        void queryClient.invalidateQueries({ queryKey: conversationKey(owner) });
    },
  });
  const trimmed = text.trim();
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (trimmed === '' || send.isPending) return;
    send.mutate(text);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (isSendShortcut(event)) {
      event.preventDefault();
      submit();
    }
  };
  return (
    <form className="stack composer" onSubmit={submit}>
      <label htmlFor={`${id}-text`}>{t('compose.label')}</label>
      <textarea
        id={`${id}-text`}
        rows={3}
        maxLength={max}
        value={text}
        dir="auto"
        aria-describedby={`${id}-hint`}
        onChange={(event) => {
          setText(event.target.value);
          setSent(false);
        }}
        onKeyDown={onKeyDown}
      />
      <p id={`${id}-hint`} className="muted composer-hint">
        {t('compose.hint')} <span>{t('compose.count', { length: text.length, max })}</span>
      </p>
      {send.isError ? (
        <p className="notice notice-error" role="alert">
          {failure(send.error, 'message')}
        </p>
      ) : null}
      <p role="status" className="visually-hidden">
        {sent ? t('compose.sent') : ''}
      </p>
      <div className="row">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={trimmed === '' || send.isPending}
        >
          {send.isPending ? t('compose.sending') : t('compose.send')}
        </button>
      </div>
    </form>
  );
}
