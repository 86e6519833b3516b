import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Field } from '../../ui/Field';
import { useFormat } from '../../ui/format';
import type { Conversation, ConversationMessage } from '../staffApi';
import { fetchDocument, useConversationActions, useDocumentImage } from './conversationApi';
import { conversationErrors, isPicture, typeLabel, useFileSize, useMessageTime } from './format';

interface ConversationPaneProps {
  conversation: Conversation;
  /** The counsellor's zone: every time is shown in it. */
  zone: string;
  /** A heading level that fits the page (the inbox: 2; beside an appointment in the console: 4). */
  headingLevel: 2 | 3 | 4;
}

/** What a browser may pick for an answer: the document API takes these three types only. */
const ACCEPTED_FILES = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';

/**
 * One conversation with a client, as the counsellor sees it: the messages (newest at the bottom),
 * documents as rows to open, and the form to answer with a text or a file. What is shown counts as
 * read: unread client messages are marked read while the page is visible.
 */
export function ConversationPane({ conversation, zone, headingLevel }: ConversationPaneProps) {
  const { t } = useTranslation('staff');
  const format = useFormat();
  const { sendText, sendDocument, markRead } = useConversationActions(conversation.id);
  const list = useRef<HTMLOListElement>(null);
  const lastId = conversation.messages.at(-1)?.id;
  const name = conversation.counterpartName ?? t('console.erased');
  const Heading = `h${headingLevel}` as const;

  // The newest message in sight, as in any messenger.
  useEffect(() => {
    const element = list.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [lastId]);

  // Shown is read, but only while the tab is in front: a console left open in the background
  // must not tell the client that their message was read.
  const { mutate: markAsRead } = markRead;
  const unread = conversation.unread;
  useEffect(() => {
    if (unread === 0) return;
    let done = false;
    const mark = () => {
      if (done || document.visibilityState !== 'visible') return;
      done = true;
      markAsRead();
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [unread, lastId, markAsRead]);

  return (
    <div className="conversation">
      <Heading className="conversation-heading">{t('messages.conversationWith', { name })}</Heading>
      {conversation.open ? (
        conversation.closesAt ? (
          <p className="muted">
            {t('messages.openUntil', { time: format.dateTime(conversation.closesAt, zone) })}
          </p>
        ) : null
      ) : (
        <p className="notice">{t('messages.closedNotice')}</p>
      )}
      {conversation.messages.length === 0 ? (
        <p>{t('messages.empty')}</p>
      ) : (
        <ol
          ref={list}
          className="conversation-messages"
          aria-label={t('messages.messagesOf', { name })}
          // Scrolls by keyboard too.
          tabIndex={0}
        >
          {conversation.messages.map((message) => (
            <li
              key={message.id}
              className={`message ${message.mine ? 'message-mine' : 'message-theirs'}`}
            >
              <MessageView
                message={message}
                conversationId={conversation.id}
                name={name}
                zone={zone}
              />
            </li>
          ))}
        </ol>
      )}
      {conversation.open ? (
        <Composer
          conversation={conversation}
          sendText={(text) => sendText.mutateAsync(text)}
          sendDocument={(file) => sendDocument.mutateAsync(file)}
          textError={sendText.error}
          documentError={sendDocument.error}
          pending={sendText.isPending || sendDocument.isPending}
        />
      ) : null}
    </div>
  );
}

function MessageView({
  message,
  conversationId,
  name,
  zone,
}: {
  message: ConversationMessage;
  conversationId: string;
  name: string;
  zone: string;
}) {
  const { t } = useTranslation('staff');
  const time = useMessageTime(zone);
  const mark = message.mine
    ? message.read
      ? t('messages.read')
      : message.delivered
        ? t('messages.delivered')
        : t('messages.sent')
    : null;
  return (
    <>
      <p className="message-meta">
        <span className="message-author">{message.mine ? t('messages.you') : name}</span>{' '}
        <time dateTime={message.createdAt}>{time(message.createdAt)}</time>
        {mark ? <span className="message-mark"> · {mark}</span> : null}
      </p>
      {message.damaged ? (
        <p className="message-damaged">{t('messages.damaged')}</p>
      ) : message.text ? (
        // The writer's direction: a client may write Arabic to a German counsellor.
        <p className="message-text" dir="auto">
          {message.text}
        </p>
      ) : null}
      {message.document === null ? (
        <p className="message-damaged">{t('messages.documentDeleted')}</p>
      ) : message.document ? (
        <DocumentRow conversationId={conversationId} document={message.document} />
      ) : null}
    </>
  );
}

/** Saves a Blob under its name: always a download, never opened as a page of ours. */
function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(new Blob([blob], { type: 'application/octet-stream' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function DocumentRow({
  conversationId,
  document: doc,
}: {
  conversationId: string;
  document: NonNullable<ConversationMessage['document']>;
}) {
  const { t } = useTranslation('staff');
  const size = useFileSize();
  const [opening, setOpening] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const open = async () => {
    setFailure(null);
    setOpening(true);
    try {
      saveFile(await fetchDocument(conversationId, doc.id), doc.fileName);
    } catch (error) {
      setFailure(error);
    } finally {
      setOpening(false);
    }
  };
  return (
    <div className="message-document">
      {isPicture(doc.contentType) ? (
        <Thumbnail conversationId={conversationId} document={doc} />
      ) : null}
      <div className="message-document-row">
        <span className="message-document-name" dir="auto">
          {doc.fileName}
        </span>
        <span className="muted">
          {typeLabel(doc.contentType)}, {size(doc.sizeBytes)}
        </span>
        <button
          type="button"
          className="btn btn-small"
          disabled={opening}
          aria-label={t('messages.openDocument', { name: doc.fileName })}
          onClick={() => void open()}
        >
          {t('messages.open')}
        </button>
      </div>
      <ErrorNotice error={failure} />
    </div>
  );
}

/**
 * A JPEG or PNG shown small, from the fetched bytes under the document's declared image type (an
 * object URL in an <img>: decoded as a picture, never run or rendered as a page).
 */
function Thumbnail({
  conversationId,
  document: doc,
}: {
  conversationId: string;
  document: NonNullable<ConversationMessage['document']>;
}) {
  const { t } = useTranslation('staff');
  const image = useDocumentImage(conversationId, doc.id, isPicture(doc.contentType));
  const img = useRef<HTMLImageElement>(null);
  // The object URL lives as long as the picture is shown.
  useEffect(() => {
    const element = img.current;
    if (!image.data || !element) return;
    const url = URL.createObjectURL(new Blob([image.data], { type: doc.contentType }));
    element.src = url;
    return () => URL.revokeObjectURL(url);
  }, [image.data, doc.contentType]);
  if (!image.data) return null;
  return (
    <img
      ref={img}
      className="message-thumbnail"
      alt={t('messages.preview', { name: doc.fileName })}
    />
  );
}

function Composer({
  conversation,
  sendText,
  sendDocument,
  textError,
  documentError,
  pending,
}: {
  conversation: Conversation;
  sendText: (text: string) => Promise<unknown>;
  sendDocument: (file: File) => Promise<unknown>;
  textError: unknown;
  documentError: unknown;
  pending: boolean;
}) {
  const { t } = useTranslation('staff');
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  // A new key empties the file input after a file was sent.
  const [fileInput, setFileInput] = useState(0);
  const [sent, setSent] = useState<string | null>(null);
  const { maxChars, documentsLeft } = conversation.limits;

  const submitText = async (event?: FormEvent) => {
    event?.preventDefault();
    const message = text.trim();
    if (!message || pending) return;
    setSent(null);
    try {
      await sendText(message);
      setText('');
      setSent(t('messages.textSent'));
    } catch {
      // Shown below the form (textError).
    }
  };
  const submitFile = async (event: FormEvent) => {
    event.preventDefault();
    if (!file || pending) return;
    setSent(null);
    try {
      await sendDocument(file);
      setFile(null);
      setFileInput((key) => key + 1);
      setSent(t('messages.fileSent', { name: file.name }));
    } catch {
      // Shown below the form (documentError).
    }
  };

  return (
    <div className="conversation-compose stack">
      <form onSubmit={(event) => void submitText(event)} className="stack">
        <Field
          label={t('messages.text')}
          hint={t('messages.textHint', { count: maxChars - text.length, max: maxChars })}
        >
          <textarea
            value={text}
            rows={3}
            maxLength={maxChars}
            dir="auto"
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              // Ctrl+Enter (⌘+Enter) sends; Enter alone is a new line.
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submitText();
            }}
          />
        </Field>
        <button type="submit" className="btn btn-primary" disabled={pending || !text.trim()}>
          {t('messages.send')}
        </button>
        <ErrorNotice error={textError} overrides={conversationErrors(textError, 'text')} />
      </form>
      <form onSubmit={(event) => void submitFile(event)} className="stack">
        <Field
          label={t('messages.file')}
          hint={
            documentsLeft > 0
              ? t('messages.documentsLeft', { count: documentsLeft })
              : t('messages.noDocumentsLeft')
          }
        >
          <input
            key={fileInput}
            type="file"
            accept={ACCEPTED_FILES}
            disabled={documentsLeft <= 0}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </Field>
        <button type="submit" className="btn" disabled={pending || !file || documentsLeft <= 0}>
          {t('messages.sendFile')}
        </button>
        <ErrorNotice
          error={documentError}
          overrides={conversationErrors(documentError, 'document')}
        />
      </form>
      <p role="status" aria-live="polite" className="muted">
        {sent ?? ''}
      </p>
    </div>
  );
}
