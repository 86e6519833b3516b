import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import type { JoinAnswer } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { CallRoom, type Connection } from '../video/CallRoom';
import { Countdown } from '../video/Countdown';
import { DeviceCheck } from '../video/DeviceCheck';
import { GuestsPanel } from '../video/GuestsPanel';
import type { MediaChoices } from '../video/media';
import '../video/video.css';
import { useMe, type StaffAppointment } from './staffApi';
import { WaitingPanel } from './WaitingPanel';
import { useOfficeZone } from '../api/office';

type Phase =
  | { kind: 'check' }
  | { kind: 'asking' }
  | { kind: 'early'; opensAt: string }
  | { kind: 'call'; connection: Connection }
  | { kind: 'failed'; error: unknown };

/** The counsellor's side of a call: the same device check and room, plus the admit button. */
export default function StaffVideoPage() {
  const { t } = useTranslation('staff');
  const video = useTranslation('video').t;
  usePageTitle(t('video.title'));
  const { appointmentId = '' } = useParams();
  const { call } = useSession();
  const format = useFormat();
  const me = useMe();
  const officeZone = useOfficeZone();
  const zone = me.data?.timeZone ?? officeZone;
  const appointment = useQuery({
    queryKey: ['appointments', 'one', appointmentId],
    queryFn: () => call<StaffAppointment>(`/api/appointments/${appointmentId}`),
  });
  const [choices, setChoices] = useState<MediaChoices>({ audioOnly: false });
  const [phase, setPhase] = useState<Phase>({ kind: 'check' });

  const start = () => {
    setPhase({ kind: 'asking' });
    call<JoinAnswer>(`/api/appointments/${appointmentId}/video/token`, { method: 'POST' }).then(
      (answer) =>
        setPhase(
          answer.url && answer.token
            ? {
                kind: 'call',
                connection: { url: answer.url, token: answer.token, e2eeKey: answer.e2eeKey },
              }
            : { kind: 'failed', error: null },
        ),
      (error: unknown) =>
        setPhase(
          error instanceof ApiError && error.status === 403 && error.body?.opensAt
            ? { kind: 'early', opensAt: error.body.opensAt }
            : { kind: 'failed', error },
        ),
    );
  };

  if (appointment.isPending) return <Loading />;
  if (appointment.isError) {
    return (
      <section className="card">
        <h1>{t('video.title')}</h1>
        <ErrorNotice error={appointment.error} />
        <Link to="/staff">{t('video.back')}</Link>
      </section>
    );
  }
  const details = appointment.data;
  const name = details.pseudonym ?? t('console.erased');
  const back = (
    <Link className="btn" to="/staff">
      {t('video.back')}
    </Link>
  );
  const waiting = <WaitingPanel zone={zone} appointmentId={appointmentId} />;
  const guests = <GuestsPanel appointmentId={appointmentId} />;

  if (phase.kind === 'call') {
    return (
      <div className="video-page">
        <h1 className="visually-hidden">{t('video.titleWith', { name })}</h1>
        <CallRoom
          connection={phase.connection}
          choices={choices}
          onChoicesChange={setChoices}
          otherName={name}
          afterLeave={back}
        >
          {waiting}
        </CallRoom>
        {guests}
      </div>
    );
  }

  return (
    <div className="video-page stack">
      <header className="card video-header">
        <h1>{t('video.titleWith', { name })}</h1>
        <p>
          {format.date(details.startsAt, zone)}, {format.time(details.startsAt, zone)}–
          {format.time(details.endsAt, zone)} · {details.consultationType.name}
          {details.needsInterpreter ? ` · ${t('interpreter.needed')}` : ''}
        </p>
        <div aria-live="polite">
          {phase.kind === 'early' ? (
            <div className="notice">
              <p>
                <strong>{video('early.title')}</strong>
              </p>
              <Countdown opensAt={phase.opensAt} zone={zone} onDone={start} />
            </div>
          ) : null}
          {phase.kind === 'failed' ? (
            phase.error ? (
              <ErrorNotice error={phase.error} overrides={{ 403: 'video:client.closed' }} />
            ) : (
              <p className="notice notice-error" role="alert">
                {video('call.failed')}
              </p>
            )
          ) : null}
        </div>
      </header>
      {waiting}
      {guests}
      <DeviceCheck choices={choices} onChange={setChoices}>
        <div className="join-actions row">
          <button
            type="button"
            className="btn btn-primary btn-large"
            disabled={phase.kind === 'asking'}
            onClick={start}
          >
            {t('video.start')}
          </button>
          {back}
        </div>
      </DeviceCheck>
    </div>
  );
}
