import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import type { JoinAnswer } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { browserZone } from '../ui/format';
import { usePageTitle } from '../ui/usePageTitle';
import { CallRoom, type Connection } from './CallRoom';
import { Countdown } from './Countdown';
import { DeviceCheck } from './DeviceCheck';
import type { MediaChoices } from './media';
import './video.css';

type Phase =
  | { kind: 'check' }
  | { kind: 'asking' }
  | { kind: 'early'; opensAt: string }
  | { kind: 'call'; connection: Connection }
  | { kind: 'failed'; error: unknown };

/**
 * The interpreter's side of a call (`/interpreter/call/:appointmentId`, mounted by the interpreter
 * area): the same device check and room; camera and microphone only, no admin rights.
 */
export default function InterpreterVideoPage() {
  const { t } = useTranslation('video');
  usePageTitle(t('interpreterCall.title'));
  const { appointmentId = '' } = useParams();
  const { call } = useSession();
  const [choices, setChoices] = useState<MediaChoices>({ audioOnly: false });
  const [phase, setPhase] = useState<Phase>({ kind: 'check' });
  const back = (
    <Link className="btn" to="/interpreter">
      {t('interpreterCall.back')}
    </Link>
  );

  const start = () => {
    setPhase({ kind: 'asking' });
    call<JoinAnswer>(`/api/appointments/${appointmentId}/video/interpreter-token`, {
      method: 'POST',
    }).then(
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

  if (phase.kind === 'call') {
    return (
      <div className="video-page">
        <h1 className="visually-hidden">{t('interpreterCall.title')}</h1>
        <CallRoom
          connection={phase.connection}
          choices={choices}
          onChoicesChange={setChoices}
          otherName={t('people.role.counsellor')}
          afterLeave={back}
        />
      </div>
    );
  }

  return (
    <div className="video-page stack">
      <header className="card video-header">
        <h1>{t('interpreterCall.title')}</h1>
        <div aria-live="polite">
          {phase.kind === 'early' ? (
            <div className="notice">
              <p>
                <strong>{t('early.title')}</strong>
              </p>
              <Countdown opensAt={phase.opensAt} zone={browserZone()} onDone={start} />
            </div>
          ) : null}
          {phase.kind === 'failed' ? (
            phase.error ? (
              <ErrorNotice error={phase.error} overrides={{ 403: 'video:client.closed' }} />
            ) : (
              <p className="notice notice-error" role="alert">
                {t('call.failed')}
              </p>
            )
          ) : null}
        </div>
      </header>
      <DeviceCheck choices={choices} onChange={setChoices}>
        <div className="join-actions row">
          <button
            type="button"
            className="btn btn-primary btn-large"
            disabled={phase.kind === 'asking'}
            onClick={start}
          >
            {t('client.join')}
          </button>
          {back}
        </div>
      </DeviceCheck>
    </div>
  );
}
