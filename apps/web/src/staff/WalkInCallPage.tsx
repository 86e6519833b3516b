import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { usePageTitle } from '../ui/usePageTitle';
import { CallRoom, type Connection } from '../video/CallRoom';
import { DeviceCheck } from '../video/DeviceCheck';
import type { MediaChoices } from '../video/media';
import '../video/video.css';
import { useLanguageName } from '../walkin/useLanguageName';
import { useWalkInConsole, type CallJoin } from './walkInApi';

type Phase =
  | { kind: 'check' }
  | { kind: 'asking' }
  | { kind: 'call'; connection: Connection }
  | { kind: 'failed'; error: unknown };

/**
 * The counsellor's side of a walk-in call: the same device check and room as an appointment's.
 * The client is admitted at once when they answer, so there is no waiting room to watch.
 */
export default function WalkInCallPage() {
  const { t } = useTranslation('walkin');
  usePageTitle(t('console.callPage'));
  const { ticketId = '' } = useParams();
  const { call } = useSession();
  const [choices, setChoices] = useState<MediaChoices>({ audioOnly: false });
  const [phase, setPhase] = useState<Phase>({ kind: 'check' });
  const languageName = useLanguageName();
  // The call as the console shows it: whether an interpreter joins, and who.
  const current = useWalkInConsole().data?.call;
  const interpreter = current?.ticketId === ticketId ? current.interpreter : null;
  const interpreterNote = interpreter ? (
    <p className="walk-in-interpreter" role="status">
      {t('console.interpreterJoins', {
        name: interpreter.name,
        language: languageName(interpreter.language),
      })}
    </p>
  ) : null;
  const back = (
    <Link className="btn" to="/staff/walk-in">
      {t('console.back')}
    </Link>
  );

  const start = () => {
    setPhase({ kind: 'asking' });
    call<CallJoin>(`/api/walk-in/tickets/${ticketId}/join`, { method: 'POST' }).then(
      (answer) =>
        setPhase(
          answer.url && answer.token
            ? {
                kind: 'call',
                connection: { url: answer.url, token: answer.token, e2eeKey: answer.e2eeKey },
              }
            : { kind: 'failed', error: null },
        ),
      (error: unknown) => setPhase({ kind: 'failed', error }),
    );
  };

  if (phase.kind === 'call') {
    return (
      <div className="video-page">
        <h1 className="visually-hidden">{t('console.callPage')}</h1>
        {interpreterNote}
        <CallRoom
          connection={phase.connection}
          choices={choices}
          onChoicesChange={setChoices}
          otherName={t('console.theClient')}
          afterLeave={back}
        />
      </div>
    );
  }
  return (
    <div className="video-page stack">
      <header className="card video-header">
        <h1>{t('console.callPage')}</h1>
        {interpreterNote}
        <div aria-live="polite">
          {phase.kind === 'failed' ? (
            phase.error ? (
              <ErrorNotice error={phase.error} />
            ) : (
              <p className="notice notice-error" role="alert">
                {t('call.noVideo')}
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
            {t('call.enter')}
          </button>
          {back}
        </div>
      </DeviceCheck>
    </div>
  );
}
