import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorCode, request } from '../api/client';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { CallRoom, type Connection } from '../video/CallRoom';
import { DeviceCheck } from '../video/DeviceCheck';
import type { MediaChoices } from '../video/media';
import '../video/video.css';
import { takeTicketToken, ticketHeaders, type CallJoin } from './logic';

/**
 * The walk-in client's call: answering the call (which tells the counsellor they are coming and
 * stops the "missed" clock), the device check, then the counsellor's room, where they are admitted
 * at once. The same device check and room as a booked appointment's call.
 */
export default function WalkInCallPage() {
  const { t } = useTranslation('walkin');
  usePageTitle(t('call.title'));
  const [token] = useState(() => takeTicketToken());
  if (!token) {
    return (
      <section className="card narrow">
        <h1>{t('call.title')}</h1>
        <p className="notice notice-error" role="alert">
          {t('ticket.badLink')}
        </p>
      </section>
    );
  }
  return <WalkInCall token={token} />;
}

function WalkInCall({ token }: { token: string }) {
  const { t } = useTranslation('walkin');
  // Answering once per visit: it marks the ticket answered and returns the room's token.
  const join = useQuery({
    queryKey: ['walk-in', 'join', token],
    queryFn: () =>
      request<CallJoin>('/api/public/walk-in/ticket/join', {
        method: 'POST',
        headers: ticketHeaders(token),
      }),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
  });
  const [chosen, setChosen] = useState<MediaChoices | null>(null);
  const [entered, setEntered] = useState(false);
  // An audio walk-in hour starts without camera; the switch still lets one change it.
  const choices = chosen ?? { audioOnly: join.data?.audioOnly ?? false };

  const back = (
    <Link className="btn" to={{ pathname: '/walk-in/ticket', hash: `token=${token}` }}>
      {t('call.back')}
    </Link>
  );

  if (join.isPending) return <Loading />;
  const answer = join.data;
  const connection: Connection | null =
    answer?.kind === 'video' && answer.url && answer.token
      ? { url: answer.url, token: answer.token, e2eeKey: answer.e2eeKey }
      : null;
  if (connection && entered) {
    return (
      <div className="video-page">
        <h1 className="visually-hidden">{t('call.title')}</h1>
        <CallRoom
          connection={connection}
          choices={choices}
          onChoicesChange={setChosen}
          otherName={t('call.counsellor')}
          afterLeave={back}
        />
      </div>
    );
  }
  if (!connection) {
    const code = errorCode(join.error);
    return (
      <section className="card narrow stack">
        <h1>{t('call.title')}</h1>
        {answer?.kind === 'phone' ? (
          <p className="notice notice-success" role="status">
            {t('turn.phoneReady')}
          </p>
        ) : code === 'not_called' ? (
          <p className="notice notice-warning" role="alert">
            {t('call.notCalled')}
          </p>
        ) : code === 'video_not_configured' || answer ? (
          <p className="notice notice-warning" role="alert">
            {t('call.noVideo')}
          </p>
        ) : (
          <ErrorNotice error={join.error} />
        )}
        {back}
      </section>
    );
  }
  return (
    <div className="video-page stack">
      <header className="card video-header">
        <h1>{t('call.title')}</h1>
        <p>{t('call.checkFirst')}</p>
      </header>
      <DeviceCheck choices={choices} onChange={setChosen}>
        <div className="join-actions">
          <button
            type="button"
            className="btn btn-primary btn-large"
            onClick={() => setEntered(true)}
          >
            {t('call.enter')}
          </button>
        </div>
      </DeviceCheck>
    </div>
  );
}
