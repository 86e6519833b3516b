import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorCode } from '../api/client';
import { useErrorMessage } from '../api/errors';
import {
  MESSENGERS,
  messengersKey,
  requestMessengerLink,
  stopMessenger,
  useMessengerBindings,
  type MessengerBindings,
  type MessengerName,
  type MessengerOwner,
} from './api';
import './messengers.css';

/** What the live region says last: a link being opened, a chat stopped, or a failure. */
type Said =
  | { kind: 'opening'; channel: MessengerName; url: string }
  | { kind: 'stopped'; channel: MessengerName }
  | { kind: 'failed'; channel: MessengerName; error: unknown };

/**
 * "Get your messages in Telegram / Viber / WhatsApp": one button per messenger the server offers
 * (nothing at all when it offers none). A tap asks for a one-time deep link and follows it, so a
 * phone opens the messenger app at our bot's chat; the chat is bound when the client taps Start
 * there, and this list shows it as connected, with a way to stop it, when they come back.
 */
export function MessengerOptIn({ owner }: { owner: MessengerOwner }) {
  // Its own boundary: loading this section's texts must not blank the page around it.
  return (
    <Suspense fallback={null}>
      <OptIn owner={owner} />
    </Suspense>
  );
}

function OptIn({ owner }: { owner: MessengerOwner }) {
  const { t } = useTranslation('messengers');
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const bindings = useMessengerBindings(owner);
  const [said, setSaid] = useState<Said | null>(null);
  const headingId = useId();

  const open = useMutation({
    mutationFn: (channel: MessengerName) => requestMessengerLink(owner, channel),
    onMutate: () => setSaid(null),
    onSuccess: (link, channel) => {
      setSaid({ kind: 'opening', channel, url: link.url });
      // t.me and wa.me open the app on a phone (else their web page); viber:// needs the app.
      window.location.assign(link.url);
    },
    onError: (error, channel) => setSaid({ kind: 'failed', channel, error }),
  });
  const stop = useMutation({
    mutationFn: (channel: MessengerName) => stopMessenger(owner, channel),
    onMutate: () => setSaid(null),
    onSuccess: (next, channel) => {
      queryClient.setQueryData<MessengerBindings>(messengersKey(owner), next);
      setSaid({ kind: 'stopped', channel });
    },
    onError: (error, channel) => setSaid({ kind: 'failed', channel, error }),
  });

  // An optional extra: while loading, or when the list cannot be read, the page stays as it was.
  if (!bindings.data) return null;
  const { available, bound } = bindings.data;
  // A chat bound before the office switched a messenger off can still be stopped.
  const shown = MESSENGERS.filter((m) => available.includes(m) || bound.includes(m));
  if (shown.length === 0) return null;
  const name = (channel: MessengerName) => t(`names.${channel}`);
  const busy = open.isPending || stop.isPending;

  const failure = (channel: MessengerName, error: unknown): string => {
    if (!(error instanceof ApiError) || error.status !== 422) return errorMessage(error);
    if (errorCode(error) === 'messenger_not_configured') {
      return t('errors.notOffered', { name: name(channel) });
    }
    return owner.kind === 'appointment' ? t('errors.appointmentEnded') : t('errors.ticketEnded');
  };

  return (
    <section className="card stack messengers" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('title')}</h2>
      <p>{owner.kind === 'appointment' ? t('howAppointment') : t('howTicket')}</p>
      <ul className="messenger-list">
        {shown.map((channel) =>
          bound.includes(channel) ? (
            <li key={channel} className="messenger-bound">
              <span className="messenger-connected">
                <span aria-hidden="true">✓ </span>
                {t('connected', { name: name(channel) })}
              </span>
              <button
                type="button"
                className="btn"
                disabled={busy}
                aria-label={t('stopLabel', { name: name(channel) })}
                onClick={() => stop.mutate(channel)}
              >
                {t('stop')}
              </button>
            </li>
          ) : (
            <li key={channel}>
              <button
                type="button"
                className="btn btn-large messenger-open"
                disabled={busy}
                onClick={() => open.mutate(channel)}
              >
                {t('open', { name: name(channel) })}
              </button>
            </li>
          ),
        )}
      </ul>
      <p className="muted">{t('privacy')}</p>
      <div role="status" aria-live="polite" aria-atomic="true">
        {said?.kind === 'opening' ? (
          <p>
            {t('opening', { name: name(said.channel) })}{' '}
            {/* Where the link opens nothing (viber:// on a computer without Viber). */}
            <a href={said.url}>{t('openAgain', { name: name(said.channel) })}</a>
          </p>
        ) : null}
        {said?.kind === 'stopped' ? <p>{t('stopped', { name: name(said.channel) })}</p> : null}
        {said?.kind === 'failed' ? (
          <p className="notice notice-error">{failure(said.channel, said.error)}</p>
        ) : null}
      </div>
    </section>
  );
}
