import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, request } from '../api/client';
import { ConfirmButton } from '../ui/ConfirmButton';
import { ConversationSection } from '../conversation/Conversation';
import { ErrorNotice } from '../ui/ErrorNotice';
import { browserZone, useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { MessengerOptIn } from '../messengers/MessengerOptIn';
import { usePageTitle } from '../ui/usePageTitle';
import { Alert, useTurnAlert } from './alert';
import {
  forgetTicket,
  isTheirTurn,
  rememberTicket,
  takeTicketToken,
  textIn,
  ticketHeaders,
  type CallJoin,
  type Ticket,
} from './logic';
import { ticketKey, useLiveTicket } from './useLiveTicket';
import { useLanguageName } from './useLanguageName';

/**
 * The client's ticket: the number to say aloud, the place and an honest estimate, live; "it is your
 * turn" loud enough to notice (assertive live region, optional sound and vibration) with one big
 * button into the call. The token comes from the link's fragment or this device's storage.
 */
export function TicketPage() {
  const { t } = useTranslation('walkin');
  const [token] = useState(() => takeTicketToken());
  usePageTitle(t('ticket.title'));
  if (!token) return <BadLink />;
  return <TicketView token={token} />;
}

function BadLink() {
  const { t } = useTranslation('walkin');
  return (
    <section className="card narrow stack">
      <h1>{t('ticket.title')}</h1>
      <p className="notice notice-error" role="alert">
        {t('ticket.badLink')}
      </p>
      <Link className="btn" to="/">
        {t('ticket.toDirectory')}
      </Link>
    </section>
  );
}

function TicketView({ token }: { token: string }) {
  const { t, i18n } = useTranslation('walkin');
  const ticket = useLiveTicket(token);
  const data = ticket.data;
  const turn = data !== undefined && isTheirTurn(data.status);
  usePageTitle(turn ? t('turn.title') : t('ticket.title'));
  const alert = useTurnAlert(turn);

  // The hour's page finds this ticket again (reopened on the same phone).
  useEffect(() => {
    if (data) rememberTicket(token, data.hourId);
  }, [token, data]);
  const unknown = ticket.error instanceof ApiError && ticket.error.status === 404;
  useEffect(() => {
    if (unknown) forgetTicket(token);
  }, [unknown, token]);

  if (unknown) return <BadLink />;
  if (!data) {
    return ticket.isPending ? <Loading /> : <ErrorNotice error={ticket.error} />;
  }
  const hourLink = `/walk-in/${encodeURIComponent(data.hourId)}`;
  const officeLink = `/o/${encodeURIComponent(data.officeSlug)}`;
  return (
    <section className="walk-in ticket stack narrow">
      <header className="card stack ticket-card">
        <h1>{textIn(data.hourName, i18n.language)}</h1>
        <p className="ticket-caption">{t('ticket.yourNumber')}</p>
        <p className="ticket-label" dir="ltr">
          {data.label}
        </p>
        {/* Announced without moving focus: a screen reader hears the place change. */}
        <div aria-live="polite" aria-atomic="true" className="ticket-status">
          {data.status === 'waiting' ? <Waiting ticket={data} /> : null}
        </div>
        {data.status === 'waiting' ? (
          <details>
            <summary>{t('ticket.howTitle')}</summary>
            <p>{t('ticket.how')}</p>
          </details>
        ) : null}
        <div aria-live="assertive" aria-atomic="true">
          {turn ? <p className="ticket-turn">{t('turn.title')}</p> : null}
        </div>
        {turn ? <YourTurn ticket={data} token={token} /> : null}
        {!turn && data.status !== 'waiting' ? (
          <Finished ticket={data} token={token} hourLink={hourLink} officeLink={officeLink} />
        ) : null}
      </header>
      {ticket.isError ? <ErrorNotice error={ticket.error} /> : null}
      {data.status === 'waiting' || turn ? (
        <div className="card stack">
          <Alert alert={alert} />
          <p className="muted">{t('ticket.keepOpen')}</p>
          <LeaveButton token={token} />
        </div>
      ) : null}
      {/* "Nearly your turn" and "your turn" in the messenger too, for a phone put away. */}
      {data.status === 'waiting' ? (
        <MessengerOptIn owner={{ kind: 'ticket', ticketToken: token }} />
      ) : null}
      {/* The secure conversation with the counsellor (absent while the ticket has none). */}
      <ConversationSection kind="ticket" token={token} />
    </section>
  );
}

function Waiting({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation('walkin');
  const place = ticket.place ?? 1;
  return (
    <>
      <p className="ticket-place">
        {place === 1 ? t('ticket.placeNext') : t('ticket.place', { place })}
      </p>
      <p>
        {ticket.estimate
          ? ticket.estimate.minMinutes === 0
            ? t('ticket.estimateUpTo', { max: ticket.estimate.maxMinutes })
            : t('ticket.estimate', {
                min: ticket.estimate.minMinutes,
                max: ticket.estimate.maxMinutes,
              })
          : t('ticket.noEstimate')}
      </p>
      {ticket.interpreterLanguage ? <InterpreterNote ticket={ticket} /> : null}
    </>
  );
}

/** The interpreter the client asked for: waited for while busy, joining once called. */
function InterpreterNote({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation('walkin');
  const languageName = useLanguageName();
  const language = languageName(ticket.interpreterLanguage ?? '');
  return (
    <p className="notice" role="status">
      {ticket.interpreterJoins
        ? t('ticket.interpreterJoins', { language })
        : t('ticket.interpreterAsked', { language })}
    </p>
  );
}

/** Called: into the call (video, audio), or wait for the counsellor's phone call. */
function YourTurn({ ticket, token }: { ticket: Ticket; token: string }) {
  const { t } = useTranslation('walkin');
  const phone = useMutation({
    mutationFn: () =>
      request<CallJoin>('/api/public/walk-in/ticket/join', {
        method: 'POST',
        headers: ticketHeaders(token),
      }),
  });
  if (ticket.channel === 'phone') {
    return (
      <div className="stack">
        {phone.isSuccess || ticket.status === 'in_call' ? (
          <p className="notice notice-success" role="status">
            {t('turn.phoneReady')}
          </p>
        ) : (
          <>
            <p>{t('turn.phoneText')}</p>
            <button
              type="button"
              className="btn btn-primary btn-large"
              disabled={phone.isPending}
              onClick={() => phone.mutate()}
            >
              {t('turn.phoneButton')}
            </button>
          </>
        )}
        <ErrorNotice error={phone.error} />
      </div>
    );
  }
  return (
    <div className="stack">
      <p>{t('turn.text')}</p>
      {ticket.interpreterJoins ? <InterpreterNote ticket={ticket} /> : null}
      <Link
        className="btn btn-primary btn-large ticket-join"
        to={{ pathname: '/walk-in/call', hash: `token=${token}` }}
      >
        {t('turn.join')}
      </Link>
    </div>
  );
}

function Finished({
  ticket,
  token,
  hourLink,
  officeLink,
}: {
  ticket: Ticket;
  token: string;
  hourLink: string;
  officeLink: string;
}) {
  const { t } = useTranslation('walkin');
  const format = useFormat();
  const queryClient = useQueryClient();
  const [zone] = useState(browserZone);
  const rejoin = useMutation({
    mutationFn: () =>
      request<Ticket>('/api/public/walk-in/ticket/rejoin', {
        method: 'POST',
        headers: ticketHeaders(token),
      }),
    onSuccess: (next) => queryClient.setQueryData(ticketKey(token), next),
  });
  return (
    <div className="stack">
      <p className="ticket-place" role="status">
        {t(`final.${ticket.status}`)}
      </p>
      {ticket.status === 'missed' && ticket.canRejoin ? (
        <>
          <p>{t('final.rejoinText')}</p>
          <button
            type="button"
            className="btn btn-primary btn-large"
            disabled={rejoin.isPending}
            onClick={() => rejoin.mutate()}
          >
            {t('final.rejoin')}
          </button>
          <ErrorNotice error={rejoin.error} />
        </>
      ) : null}
      {ticket.followUpAppointmentId ? (
        <p className="notice notice-success">{t('final.followUp')}</p>
      ) : null}
      {ticket.status === 'expired' ? (
        <p>{t('final.endedAt', { time: format.time(ticket.sessionEndsAt, zone) })}</p>
      ) : null}
      <p className="row">
        {ticket.status === 'left' || ticket.status === 'missed' ? (
          <Link className="btn" to={hourLink}>
            {t('final.newNumber')}
          </Link>
        ) : null}
        <Link className="btn" to={officeLink}>
          {t('hour.bookInstead')}
        </Link>
      </p>
    </div>
  );
}

function LeaveButton({ token }: { token: string }) {
  const { t } = useTranslation('walkin');
  const queryClient = useQueryClient();
  const leave = useMutation({
    mutationFn: () =>
      request<Ticket>('/api/public/walk-in/ticket/leave', {
        method: 'POST',
        headers: ticketHeaders(token),
      }),
    onSuccess: (next) => queryClient.setQueryData(ticketKey(token), next),
  });
  return (
    <div>
      <ConfirmButton
        label={t('ticket.leave')}
        question={t('ticket.leaveQuestion')}
        confirmLabel={t('ticket.leaveConfirm')}
        disabled={leave.isPending}
        onConfirm={() => leave.mutate()}
        className="btn"
      />
      <ErrorNotice error={leave.error} />
    </div>
  );
}
