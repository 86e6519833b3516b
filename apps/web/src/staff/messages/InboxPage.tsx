import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useOfficeZone } from '../../api/office';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useFormat, useNumber } from '../../ui/format';
import { Loading } from '../../ui/Loading';
import { usePageTitle } from '../../ui/usePageTitle';
import { useMe, type ConversationSummary } from '../staffApi';
import { ConversationPane } from './ConversationPane';
import { useConversation, useInbox } from './conversationApi';
import { conversationErrors, useFileSize, useMessageTime } from './format';

/**
 * /staff/messages[/:conversationId]: the counsellor's conversations with their clients, unread
 * first, and the one opened beside the list (on a phone: instead of it).
 */
export function InboxPage() {
  const { t } = useTranslation('staff');
  usePageTitle(t('messages.title'));
  const me = useMe();
  const officeZone = useOfficeZone();
  if (me.isPending) return <Loading />;
  return <Inbox zone={me.data?.timeZone ?? officeZone} />;
}

/**
 * /admin/messages: the office's conversations as the API gives them to an admin, that they exist
 * and their size; no names, nothing to open.
 */
export function OfficeConversationsPage() {
  const { t } = useTranslation('staff');
  usePageTitle(t('messages.title'));
  return <OfficeConversations zone={useOfficeZone()} />;
}

function Inbox({ zone }: { zone: string }) {
  const { t } = useTranslation('staff');
  const format = useFormat();
  const { conversationId } = useParams();
  const inbox = useInbox();
  const list = inbox.data ?? [];
  return (
    <div className="inbox">
      <h1>{t('messages.title')}</h1>
      <p className="muted">
        {t('messages.intro')} {t('zoneNote', { zone: format.zone(zone) })}
      </p>
      <div className={`inbox-layout${conversationId ? ' inbox-has-selection' : ''}`}>
        <section className="card inbox-list" aria-labelledby="inbox-heading">
          <h2 id="inbox-heading">{t('messages.list')}</h2>
          {inbox.isPending ? <Loading /> : null}
          <ErrorNotice error={inbox.error} />
          {inbox.isSuccess && list.length === 0 ? <p>{t('messages.none')}</p> : null}
          {list.length > 0 ? (
            <InboxList list={list} selected={conversationId ?? null} zone={zone} />
          ) : null}
        </section>
        {conversationId ? (
          <section className="card inbox-conversation" aria-label={t('messages.conversation')}>
            <Link to="/staff/messages" className="inbox-back">
              {t('messages.back')}
            </Link>
            <ConversationById key={conversationId} conversationId={conversationId} zone={zone} />
          </section>
        ) : list.length > 0 ? (
          <p className="inbox-placeholder muted">{t('messages.choose')}</p>
        ) : null}
      </div>
    </div>
  );
}

/**
 * The rows are links (Tab walks through them, Enter opens); the arrow keys, Home and End move
 * between them too, as in a mail program's list.
 */
function InboxList({
  list,
  selected,
  zone,
}: {
  list: ConversationSummary[];
  selected: string | null;
  zone: string;
}) {
  const { t } = useTranslation('staff');
  const format = useFormat();
  const time = useMessageTime(zone);
  const ref = useRef<HTMLUListElement>(null);
  const move = (event: KeyboardEvent<HTMLUListElement>) => {
    const links = [...(ref.current?.querySelectorAll<HTMLAnchorElement>('a.inbox-row') ?? [])];
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    const next =
      event.key === 'ArrowDown'
        ? Math.min(at + 1, links.length - 1)
        : event.key === 'ArrowUp'
          ? Math.max(at - 1, 0)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? links.length - 1
              : null;
    if (next === null || links.length === 0) return;
    event.preventDefault();
    links[next].focus();
  };
  return (
    <ul className="inbox-rows" ref={ref} onKeyDown={move}>
      {list.map((c) => {
        const when = c.startsAt
          ? `${format.shortDate(c.startsAt, zone)}, ${format.time(c.startsAt, zone)}`
          : '';
        return (
          <li key={c.id}>
            <Link
              to={`/staff/messages/${c.id}`}
              className={`inbox-row${c.unread > 0 ? ' inbox-row-unread' : ''}`}
              aria-current={selected === c.id ? 'page' : undefined}
            >
              <span className="inbox-row-top">
                <span className="inbox-name">{c.clientName ?? t('console.erased')}</span>
                {c.unread > 0 ? (
                  <span className="count-badge">{t('messages.unread', { count: c.unread })}</span>
                ) : null}
              </span>
              <span>
                {c.subject === 'appointment'
                  ? t('messages.appointmentAt', { time: when })
                  : t('messages.walkInAt', { time: when })}
              </span>
              <span className="muted">
                {c.lastMessageAt
                  ? t('messages.lastMessage', { time: time(c.lastMessageAt) })
                  : t('messages.noMessages')}
                {' · '}
                {c.open ? t('messages.isOpen') : t('messages.isClosed')}
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function ConversationById({ conversationId, zone }: { conversationId: string; zone: string }) {
  const conversation = useConversation(conversationId);
  if (conversation.isPending) return <Loading />;
  if (conversation.isError) {
    return (
      <ErrorNotice
        error={conversation.error}
        overrides={conversationErrors(conversation.error, 'text')}
      />
    );
  }
  return <ConversationPane conversation={conversation.data} zone={zone} headingLevel={2} />;
}

/** The admin's view: the office's conversations, when and how large, without names or content. */
function OfficeConversations({ zone }: { zone: string }) {
  const { t } = useTranslation('staff');
  const format = useFormat();
  const time = useMessageTime(zone);
  const size = useFileSize();
  const number = useNumber();
  const inbox = useInbox();
  const list = inbox.data ?? [];
  return (
    <div className="inbox">
      <h1>{t('messages.title')}</h1>
      <p className="muted">
        {t('messages.adminIntro')} {t('zoneNote', { zone: format.zone(zone) })}
      </p>
      <section className="card" aria-labelledby="office-conversations-heading">
        <h2 id="office-conversations-heading">{t('messages.officeList')}</h2>
        {inbox.isPending ? <Loading /> : null}
        <ErrorNotice error={inbox.error} />
        {inbox.isSuccess && list.length === 0 ? <p>{t('messages.none')}</p> : null}
        {list.length > 0 ? (
          <div
            className="table-wrap"
            tabIndex={0}
            role="region"
            aria-labelledby="office-conversations-heading"
          >
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('messages.columns.subject')}</th>
                  <th scope="col">{t('messages.columns.when')}</th>
                  <th scope="col">{t('messages.columns.messages')}</th>
                  <th scope="col">{t('messages.columns.size')}</th>
                  <th scope="col">{t('messages.columns.last')}</th>
                  <th scope="col">{t('messages.columns.status')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((c) => (
                  <tr key={c.id}>
                    <td>
                      {c.subject === 'appointment'
                        ? t('messages.subjectAppointment')
                        : t('messages.subjectWalkIn')}
                    </td>
                    <td className="nowrap">
                      {c.startsAt
                        ? `${format.shortDate(c.startsAt, zone)}, ${format.time(c.startsAt, zone)}`
                        : ''}
                    </td>
                    <td>{number(c.messageCount)}</td>
                    <td className="nowrap">{size(c.sizeBytes)}</td>
                    <td className="nowrap">{c.lastMessageAt ? time(c.lastMessageAt) : ''}</td>
                    <td>{c.open ? t('messages.isOpen') : t('messages.isClosed')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </div>
  );
}
