import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useFormat } from '../ui/format';
import { SwitchToPhone } from './SwitchToPhone';
import { useWaiting, type WaitingClient } from './staffApi';

interface WaitingPanelProps {
  zone: string;
  /** Only this appointment's client (the video page); all open rooms otherwise. */
  appointmentId?: string;
  /** A heading level that fits the page. */
  headingLevel?: 2 | 3;
}

/**
 * Who is waiting to be let in (or asks to be phoned), pushed by the server as it changes. The
 * summary line is a live region, so a screen reader hears "Mariam is waiting" without moving focus.
 */
export function WaitingPanel({ zone, appointmentId, headingLevel = 2 }: WaitingPanelProps) {
  const { t } = useTranslation('staff');
  const video = useTranslation('video').t;
  const { call } = useSession();
  const format = useFormat();
  const queryClient = useQueryClient();
  const waiting = useWaiting();
  const [admitted, setAdmitted] = useState<string | null>(null);
  const [phoneToCall, setPhoneToCall] = useState<string | null>(null);
  const admit = useMutation({
    // A waiting guest is let in with the guest's own route; the client with the appointment's.
    mutationFn: (client: WaitingClient) =>
      call<void>(
        client.guest
          ? `/api/appointments/${client.appointmentId}/video/guests/${client.guest.id}/admit`
          : `/api/appointments/${client.appointmentId}/video/admit`,
        { method: 'POST' },
      ),
    onSuccess: async (_, client) => {
      setAdmitted(nameOf(client));
      await queryClient.invalidateQueries({ queryKey: ['video', 'waiting'] });
      await queryClient.invalidateQueries({ queryKey: ['video', 'guests', client.appointmentId] });
    },
  });
  const clients = (waiting.data ?? []).filter(
    (client) => !appointmentId || client.appointmentId === appointmentId,
  );
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const summary =
    clients.length === 0
      ? t('waiting.none')
      : clients.length === 1
        ? t('waiting.one', { name: nameOf(clients[0]) })
        : t('waiting.many', { count: clients.length });
  return (
    <section
      className={`card waiting-panel${clients.length > 0 ? ' waiting-panel-active' : ''}`}
      aria-labelledby="waiting-heading"
    >
      <Heading id="waiting-heading">{t('waiting.title')}</Heading>
      <p role="status" aria-live="polite" className="waiting-summary">
        {summary}
        {admitted ? ` ${t('waiting.admitted', { name: admitted })}` : ''}
        {phoneToCall ? ` ${t('video.switched', { phone: phoneToCall })}` : ''}
      </p>
      {waiting.isError ? <ErrorNotice error={waiting.error} /> : null}
      {clients.length > 0 ? (
        <ul className="waiting-list">
          {clients.map((client) => (
            <li
              key={
                client.guest ? `${client.appointmentId}:${client.guest.id}` : client.appointmentId
              }
              className="waiting-item"
            >
              <span>
                <strong>{nameOf(client)}</strong>{' '}
                {client.guest ? (
                  <span className="people-role">
                    {video('guests.waitingGuest', { client: client.pseudonym })}
                  </span>
                ) : null}{' '}
                <span className="muted">
                  {client.waitingSince
                    ? t('waiting.details', {
                        start: format.time(client.startsAt, zone),
                        since: format.time(client.waitingSince, zone),
                      })
                    : null}
                  {client.phoneCallRequestedAt
                    ? ` ${t('waiting.phoneRequested', { name: client.pseudonym })}`
                    : null}
                </span>
              </span>
              <span className="row">
                {client.phoneCallRequestedAt ? (
                  <SwitchToPhone
                    appointmentId={client.appointmentId}
                    label={t('waiting.switchToPhone', { name: client.pseudonym })}
                    onSwitched={setPhoneToCall}
                  />
                ) : null}
                {client.waitingSince ? (
                  <button
                    type="button"
                    className="btn btn-primary"
                    disabled={admit.isPending}
                    onClick={() => admit.mutate(client)}
                  >
                    {t('waiting.admit', { name: nameOf(client) })}
                  </button>
                ) : null}
                {appointmentId ? null : (
                  <Link className="btn" to={`/staff/video/${client.appointmentId}`}>
                    {t('console.join')}
                  </Link>
                )}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorNotice error={admit.error} />
    </section>
  );
}

/** Who waits: the client's pseudonym, or an invited guest's name. */
function nameOf(client: WaitingClient): string {
  return client.guest?.name ?? client.pseudonym;
}
