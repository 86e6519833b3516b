import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorCode, request } from '../api/client';
import type { JoinAnswer } from '../api/types';
import { useSpokenLanguageName } from '../interpreter/languageNames';
import { ErrorNotice } from '../ui/ErrorNotice';
import { browserZone, useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { CallRoom, type Connection } from './CallRoom';
import { Countdown } from './Countdown';
import { DeviceCheck } from './DeviceCheck';
import { manageTokenFromHash, type MediaChoices } from './media';
import { PeopleInCall } from './PeopleInCall';
import { roleLabel, type GuestCallInfo } from './people';
import { admittedTo, useWaitingRoom } from './useWaitingRoom';
import './video.css';

type Phase =
  | { kind: 'check' }
  | { kind: 'asking' }
  | { kind: 'early'; opensAt: string }
  | { kind: 'waiting' }
  | { kind: 'call'; connection: Connection }
  | { kind: 'ended'; reason: LinkProblem }
  | { kind: 'failed'; error: unknown };

/** Why a guest link does not (or no longer) work, each with its own sentence. */
type LinkProblem = 'used' | 'withdrawn' | 'expired' | 'invalid' | 'closed';

/** The guest's stream says only one thing: admitted, with the call's connection. */
const admittedOn = (event: string, data: unknown): Phase | null =>
  event === 'admitted' ? admittedTo(data as JoinAnswer) : null;

/** The device key this browser got when it first opened the link (the link works only here). */
const deviceStorageKey = (token: string) => `sprechstunde.guest.${token.slice(0, 16)}`;

function problemOf(error: unknown): LinkProblem | null {
  switch (errorCode(error)) {
    case 'guest_link_used':
      return 'used';
    case 'guest_invite_withdrawn':
      return 'withdrawn';
    case 'guest_link_expired':
      return 'expired';
    case 'guest_link_unknown':
    case 'guest_link_not_opened':
      return 'invalid';
    default:
      return null;
  }
}

/** A guest's call page (`/guest#token=…`): device check, waiting room until admitted, the call. */
export default function GuestCallPage() {
  const { t } = useTranslation('video');
  usePageTitle(t('guest.title'));
  const token = useMemo(() => manageTokenFromHash(), []);
  if (!token) {
    return (
      <section className="card narrow">
        <h1>{t('guest.title')}</h1>
        <p className="notice notice-error" role="alert">
          {t('guest.problem.invalid')}
        </p>
      </section>
    );
  }
  return <GuestCall token={token} />;
}

function GuestCall({ token }: { token: string }) {
  const device = useQuery({
    queryKey: ['guest-device', token],
    queryFn: async () => {
      const stored = window.localStorage.getItem(deviceStorageKey(token));
      if (stored) return stored;
      const { deviceKey } = await request<{ deviceKey: string }>('/api/public/video/guest/claim', {
        method: 'POST',
        headers: { 'X-Guest-Token': token },
      });
      window.localStorage.setItem(deviceStorageKey(token), deviceKey);
      return deviceKey;
    },
    retry: false,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  if (device.isPending) return <Loading />;
  if (device.isError) {
    return <LinkProblemCard problem={problemOf(device.error)} error={device.error} />;
  }
  return <GuestLobby token={token} deviceKey={device.data} />;
}

function LinkProblemCard({ problem, error }: { problem: LinkProblem | null; error?: unknown }) {
  const { t } = useTranslation('video');
  return (
    <section className="card narrow">
      <h1>{t('guest.title')}</h1>
      {problem ? (
        <p className="notice notice-error" role="alert">
          {t(`guest.problem.${problem}`)}
        </p>
      ) : (
        <ErrorNotice error={error} />
      )}
    </section>
  );
}

function GuestLobby({ token, deviceKey }: { token: string; deviceKey: string }) {
  const { t } = useTranslation('video');
  const format = useFormat();
  const languageName = useSpokenLanguageName();
  const headers = useMemo(
    () => ({ 'X-Guest-Token': token, 'X-Guest-Device': deviceKey }),
    [token, deviceKey],
  );
  const info = useQuery({
    queryKey: ['guest-info', token],
    queryFn: () => request<GuestCallInfo>('/api/public/video/guest', { headers }),
    refetchInterval: 10_000,
    refetchOnWindowFocus: false,
    retry: false,
  });
  const [choices, setChoices] = useState<MediaChoices>({ audioOnly: false });
  const [phase, setPhase] = useState<Phase>({ kind: 'check' });

  const ask = useCallback(async (): Promise<Phase> => {
    try {
      const answer = await request<JoinAnswer>('/api/public/video/guest/join', {
        method: 'POST',
        headers,
      });
      return admittedTo(answer) ?? { kind: 'waiting' };
    } catch (error) {
      const problem = problemOf(error);
      if (problem) return { kind: 'ended', reason: problem };
      if (error instanceof ApiError && error.status === 403) {
        return error.body?.opensAt
          ? { kind: 'early', opensAt: error.body.opensAt }
          : { kind: 'ended', reason: 'closed' };
      }
      return { kind: 'failed', error };
    }
  }, [headers]);

  const events = useMemo(() => ({ path: '/api/public/video/guest/events', headers }), [headers]);
  const { join } = useWaitingRoom({ phase, setPhase, ask, events, onEvent: admittedOn });

  if (info.isPending) return <Loading />;
  if (info.isError) return <LinkProblemCard problem={problemOf(info.error)} error={info.error} />;
  if (phase.kind === 'ended') return <LinkProblemCard problem={phase.reason} />;
  const details = info.data;
  const zone = browserZone();

  if (phase.kind === 'call') {
    return (
      <div className="video-page">
        <h1 className="visually-hidden">{t('guest.title')}</h1>
        <CallRoom
          connection={phase.connection}
          choices={choices}
          onChoicesChange={setChoices}
          otherName={t('client.yourCounsellor')}
          people={details.people}
        />
        <PeopleInCall people={details.people} />
      </div>
    );
  }

  return (
    <div className="video-page stack">
      <header className="card video-header">
        <h1>{t('guest.title')}</h1>
        <p>
          {t('guest.invited', {
            name: details.guest.name,
            role: roleLabel(
              t,
              { ...details.guest, guestRole: details.guest.role, role: 'guest' },
              languageName,
            ),
            date: format.date(details.startsAt, zone),
            time: format.time(details.startsAt, zone),
          })}
        </p>
        <div aria-live="polite" className="join-status">
          {phase.kind === 'check' ? <p>{t('guest.checkFirst')}</p> : null}
          {phase.kind === 'asking' ? (
            <p className="loading">
              <span className="spinner" aria-hidden="true" />
              {t('client.asking')}
            </p>
          ) : null}
          {phase.kind === 'early' ? (
            <div className="notice">
              <p>
                <strong>{t('early.title')}</strong>
              </p>
              <Countdown opensAt={phase.opensAt} zone={zone} onDone={join} />
              <p>{t('early.checkMeanwhile')}</p>
            </div>
          ) : null}
          {phase.kind === 'waiting' ? (
            <div className="notice waiting-room">
              <p>
                <span className="spinner" aria-hidden="true" />{' '}
                <strong>{t('waiting.title')}</strong>
              </p>
              <p>{t('guest.waiting')}</p>
            </div>
          ) : null}
          {phase.kind === 'failed' ? <ErrorNotice error={phase.error} /> : null}
        </div>
      </header>
      <PeopleInCall people={details.people} />
      <DeviceCheck choices={choices} onChange={setChoices}>
        {phase.kind === 'check' || phase.kind === 'failed' ? (
          <div className="join-actions">
            <button type="button" className="btn btn-primary btn-large" onClick={join}>
              {t('client.join')}
            </button>
          </div>
        ) : null}
      </DeviceCheck>
    </div>
  );
}
