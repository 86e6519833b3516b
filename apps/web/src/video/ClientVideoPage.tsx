import { useMutation, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, errorCode, request } from '../api/client';
import type { ClientAppointment, ClientVideoStatus, JoinAnswer } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { browserZone, useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { CallRoom, type Connection } from './CallRoom';
import { Countdown } from './Countdown';
import { DeviceCheck } from './DeviceCheck';
import { manageTokenFromHash, type MediaChoices } from './media';
import { PeopleInCall } from './PeopleInCall';
import type { CallPerson } from './people';
import { admittedTo, useWaitingRoom } from './useWaitingRoom';
import './video.css';

type Phase =
  | { kind: 'check' }
  | { kind: 'asking' }
  | { kind: 'early'; opensAt: string }
  | { kind: 'waiting' }
  | { kind: 'call'; connection: Connection }
  | { kind: 'closed' }
  /** No video on this server (no LiveKit), or the counsellor switched to a phone call. */
  | { kind: 'noVideo' }
  | { kind: 'failed'; error: unknown };

/** Who is in the call is read again this often (a guest invited or admitted meanwhile). */
const PEOPLE_REFRESH_MS = 10_000;

/** The client's video page: device check, countdown, waiting room, then the call. */
export default function ClientVideoPage() {
  const { t } = useTranslation('video');
  usePageTitle(t('client.title'));
  const token = useMemo(() => manageTokenFromHash(), []);
  if (!token) {
    return (
      <section className="card narrow">
        <h1>{t('client.title')}</h1>
        <p className="notice notice-error" role="alert">
          {t('client.badLink')}
        </p>
      </section>
    );
  }
  return <ClientVideo token={token} />;
}

function ClientVideo({ token }: { token: string }) {
  const { t } = useTranslation('video');
  const format = useFormat();
  const appointment = useQuery({
    // The manage page's key: a change made there (moved, erased) is seen here.
    queryKey: ['manage', token],
    queryFn: () => request<ClientAppointment>('/api/public/manage', { manageToken: token }),
    // A refetch must never end a call that is running (e.g. an outcome recorded meanwhile).
    refetchOnWindowFocus: false,
  });
  const status = useQuery({
    queryKey: ['video-status', token],
    queryFn: () => request<ClientVideoStatus>('/api/public/manage/video', { manageToken: token }),
    refetchOnWindowFocus: false,
  });
  const refetchStatus = status.refetch;
  const people = useQuery({
    queryKey: ['video-people', token],
    queryFn: () => request<CallPerson[]>('/api/public/manage/video/people', { manageToken: token }),
    refetchInterval: PEOPLE_REFRESH_MS,
    refetchOnWindowFocus: false,
  });
  const [refused, setRefused] = useState<string | null>(null);
  const refuse = useMutation({
    mutationFn: (person: CallPerson) =>
      request<void>(`/api/public/manage/video/guests/${person.guestId ?? ''}/refuse`, {
        method: 'POST',
        manageToken: token,
      }),
    onSuccess: async (_, person) => {
      setRefused(t('people.refused', { name: person.name }));
      await people.refetch();
    },
  });
  const [choices, setChoices] = useState<MediaChoices>({ audioOnly: false });
  const [phase, setPhase] = useState<Phase>({ kind: 'check' });
  const audioDefaulted = useRef(false);

  // An audio appointment starts without camera; the switch still lets one change it.
  useEffect(() => {
    if (appointment.data?.consultationType.channel === 'audio' && !audioDefaulted.current) {
      audioDefaulted.current = true;
      setChoices((current) => ({ ...current, audioOnly: true }));
    }
  }, [appointment.data]);

  const ask = useCallback(async (): Promise<Phase> => {
    try {
      const answer = await request<JoinAnswer>('/api/public/manage/video', {
        method: 'POST',
        manageToken: token,
      });
      return admittedTo(answer) ?? { kind: 'waiting' };
    } catch (error) {
      const code = errorCode(error);
      if (code === 'video_not_configured' || code === 'switched_to_phone') {
        void refetchStatus();
        return { kind: 'noVideo' };
      }
      if (error instanceof ApiError && error.status === 403) {
        return error.body?.opensAt
          ? { kind: 'early', opensAt: error.body.opensAt }
          : { kind: 'closed' };
      }
      return { kind: 'failed', error };
    }
  }, [token, refetchStatus]);

  const events = useMemo(
    () => ({ path: '/api/public/manage/video/events', headers: { 'X-Manage-Token': token } }),
    [token],
  );
  const onEvent = useCallback(
    (event: string, data: unknown): Phase | null => {
      if (event === 'phone') {
        void refetchStatus();
        return { kind: 'noVideo' };
      }
      return event === 'admitted' ? admittedTo(data as JoinAnswer) : null;
    },
    [refetchStatus],
  );
  const { join } = useWaitingRoom({ phase, setPhase, ask, events, onEvent });

  const zone = appointment.data?.timeZone ?? browserZone();
  const backLink = (
    <Link className="btn" to={{ pathname: '/manage', hash: `token=${token}` }}>
      {t('client.backToAppointment')}
    </Link>
  );

  if (appointment.isError) {
    const invalid = appointment.error instanceof ApiError && appointment.error.status === 404;
    return (
      <section className="card narrow">
        <h1>{t('client.title')}</h1>
        {invalid ? (
          <p className="notice notice-error" role="alert">
            {t('client.badLink')}
          </p>
        ) : (
          <ErrorNotice error={appointment.error} />
        )}
      </section>
    );
  }
  if (appointment.isPending || status.isPending) return <Loading />;
  const details = appointment.data;
  const noVideo =
    phase.kind === 'noVideo' ||
    (status.data !== undefined &&
      !status.data.videoAvailable &&
      details.consultationType.channel !== 'phone');
  if (phase.kind !== 'call' && noVideo && details.status === 'confirmed') {
    return (
      <section className="card narrow">
        <h1>{t('client.title')}</h1>
        <p className="notice" role="status">
          {status.data?.byPhone ? t('client.byPhone') : t('client.notConfigured')}
        </p>
        {status.data?.byPhone ? null : <PhoneRequest token={token} status={status.data} />}
        {backLink}
      </section>
    );
  }
  if (
    phase.kind !== 'call' &&
    (details.consultationType.channel === 'phone' || details.status !== 'confirmed')
  ) {
    return (
      <section className="card narrow">
        <h1>{t('client.title')}</h1>
        <p className="notice" role="status">
          {details.consultationType.channel === 'phone' ? t('client.phone') : t('client.closed')}
        </p>
        {backLink}
      </section>
    );
  }

  const peoplePanel = people.data ? (
    <>
      <PeopleInCall
        people={people.data}
        onRefuse={(person) => refuse.mutate(person)}
        refusing={refuse.isPending}
        notice={refused}
      />
      <ErrorNotice error={refuse.error} />
    </>
  ) : null;

  if (phase.kind === 'call') {
    return (
      <div className="video-page">
        <h1 className="visually-hidden">{t('client.title')}</h1>
        <CallRoom
          connection={phase.connection}
          choices={choices}
          onChoicesChange={setChoices}
          otherName={t('client.yourCounsellor')}
          afterLeave={backLink}
          phoneFallback={<PhoneRequest token={token} status={status.data} />}
          people={people.data}
          pinSignLanguage
        />
        {peoplePanel}
      </div>
    );
  }

  return (
    <div className="video-page stack">
      <header className="card video-header">
        <h1>{t('client.title')}</h1>
        <p>
          {t('client.appointment', {
            name: details.counsellor.displayName,
            date: format.date(details.start, zone),
            time: format.time(details.start, zone),
          })}
        </p>
        <div aria-live="polite" className="join-status">
          <JoinStatus phase={phase} zone={zone} onOpen={join} />
        </div>
      </header>
      {peoplePanel}
      <DeviceCheck choices={choices} onChange={setChoices}>
        {phase.kind === 'check' || phase.kind === 'failed' ? (
          <div className="join-actions">
            <button type="button" className="btn btn-primary btn-large" onClick={join}>
              {t('client.join')}
            </button>
          </div>
        ) : null}
      </DeviceCheck>
      {phase.kind === 'closed' ? backLink : null}
    </div>
  );
}

/** "Please call me by phone": the counsellor sees the request among those waiting. */
function PhoneRequest({ token, status }: { token: string; status: ClientVideoStatus | undefined }) {
  const { t } = useTranslation('video');
  const requestCall = useMutation({
    mutationFn: () =>
      request<void>('/api/public/manage/video/phone-request', {
        method: 'POST',
        manageToken: token,
      }),
  });
  if (status && !status.phoneNumberKnown) {
    return <p className="notice">{t('client.noPhoneNumber')}</p>;
  }
  if (requestCall.isSuccess || status?.phoneCallRequested) {
    return (
      <p className="notice notice-success" role="status">
        {t('client.callRequested')}
      </p>
    );
  }
  return (
    <>
      <button
        type="button"
        className="btn btn-large"
        disabled={requestCall.isPending}
        onClick={() => requestCall.mutate()}
      >
        {t('client.requestCall')}
      </button>
      <ErrorNotice error={requestCall.error} />
    </>
  );
}

function JoinStatus({ phase, zone, onOpen }: { phase: Phase; zone: string; onOpen: () => void }) {
  const { t } = useTranslation('video');
  switch (phase.kind) {
    case 'check':
      return <p>{t('client.checkFirst')}</p>;
    case 'asking':
      return (
        <p className="loading">
          <span className="spinner" aria-hidden="true" />
          {t('client.asking')}
        </p>
      );
    case 'early':
      return (
        <div className="notice">
          <p>
            <strong>{t('early.title')}</strong>
          </p>
          <Countdown opensAt={phase.opensAt} zone={zone} onDone={onOpen} />
          <p>{t('early.checkMeanwhile')}</p>
        </div>
      );
    case 'waiting':
      return (
        <div className="notice waiting-room">
          <p>
            <span className="spinner" aria-hidden="true" /> <strong>{t('waiting.title')}</strong>
          </p>
          <p>{t('waiting.text')}</p>
        </div>
      );
    case 'closed':
      return (
        <p className="notice notice-error" role="alert">
          {t('client.closed')}
        </p>
      );
    case 'failed':
      return <ErrorNotice error={phase.error} />;
    case 'call':
    case 'noVideo':
      return null;
  }
}
