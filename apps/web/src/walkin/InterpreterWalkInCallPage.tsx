import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { components } from '../api/openapi';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { browserZone, useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { CallRoom, type Connection } from '../video/CallRoom';
import { DeviceCheck } from '../video/DeviceCheck';
import type { MediaChoices } from '../video/media';
import '../video/video.css';
import { textIn } from './logic';
import { useLanguageName } from './useLanguageName';

type Schemas = components['schemas'];
/** The interpreter's walk-in duties and the call they are assigned to now. */
export type InterpreterWalkIn = Schemas['InterpreterWalkInDto'];
type CallJoin = Schemas['CallJoinDto'];

export interface InterpreterWalkInCallPageProps {
  /** Where "back" leads (the interpreter area's start page); default `/interpreter`. */
  backTo?: string;
}

/** How often the page asks whether a call took this interpreter (a counsellor pressed "call next"). */
const REFRESH_MS = 5000;

type Phase =
  | { kind: 'check' }
  | { kind: 'asking' }
  | { kind: 'call'; connection: Connection }
  | { kind: 'failed'; error: unknown };

/**
 * The interpreter's walk-in call: the walk-in hours they are on duty for, and when a counsellor's
 * "call next" took them for a client, that call (number, counsellor, languages; no client contact
 * data), the device check and the same room as client and counsellor. Mount it in the
 * interpreter area (staff login with the role interpreter), e.g. at `/interpreter/walk-in`.
 */
export function InterpreterWalkInCallPage({
  backTo = '/interpreter',
}: InterpreterWalkInCallPageProps) {
  const { t, i18n } = useTranslation('walkin');
  usePageTitle(t('console.interpreterCall.title'));
  const { call } = useSession();
  const format = useFormat();
  const [zone] = useState(browserZone);
  const languageName = useLanguageName();
  const current = useQuery({
    queryKey: ['walk-in', 'interpreter', 'current'],
    queryFn: () => call<InterpreterWalkIn>('/api/walk-in/interpreter/current'),
    refetchInterval: REFRESH_MS,
  });
  const [choices, setChoices] = useState<MediaChoices>({ audioOnly: false });
  const [phase, setPhase] = useState<Phase>({ kind: 'check' });
  const back = (
    <Link className="btn" to={backTo}>
      {t('console.interpreterCall.back')}
    </Link>
  );

  if (current.isPending) return <Loading />;
  if (!current.data) return <ErrorNotice error={current.error} />;
  const { duties, call: assigned } = current.data;

  if (phase.kind === 'call') {
    return (
      <div className="video-page">
        <h1 className="visually-hidden">{t('console.interpreterCall.title')}</h1>
        <CallRoom
          connection={phase.connection}
          choices={choices}
          onChoicesChange={setChoices}
          otherName={assigned?.counsellorName ?? t('console.theClient')}
          afterLeave={back}
        />
      </div>
    );
  }

  const start = (ticketId: string) => {
    setPhase({ kind: 'asking' });
    call<CallJoin>(`/api/walk-in/interpreter/tickets/${ticketId}/join`, { method: 'POST' }).then(
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

  return (
    <div className="video-page stack">
      <header className="card video-header stack">
        <h1>{t('console.interpreterCall.title')}</h1>
        {duties.length === 0 ? (
          <p>{t('console.interpreterCall.noDuty')}</p>
        ) : (
          <ul>
            {duties.map((duty) => (
              <li key={duty.sessionId}>
                {t('console.interpreterCall.duty', {
                  name: textIn(duty.hourName, i18n.language),
                  from: format.time(duty.startsAt, zone),
                  to: format.time(duty.endsAt, zone),
                })}
              </li>
            ))}
          </ul>
        )}
        <div aria-live="polite">
          {assigned ? (
            <p className="notice notice-success" role="status">
              {t('console.interpreterCall.assigned', {
                label: assigned.label,
                counsellor: assigned.counsellorName ?? '—',
                language: languageName(assigned.language),
                interpreterLanguage: languageName(assigned.interpreterLanguage),
              })}
            </p>
          ) : (
            <p role="status">{t('console.interpreterCall.noCall')}</p>
          )}
          {phase.kind === 'failed' ? (
            phase.error ? (
              <ErrorNotice error={phase.error} />
            ) : (
              <p className="notice notice-error" role="alert">
                {t('console.interpreterCall.noVideo')}
              </p>
            )
          ) : null}
        </div>
      </header>
      {assigned ? (
        <DeviceCheck choices={choices} onChange={setChoices}>
          <div className="join-actions row">
            <button
              type="button"
              className="btn btn-primary btn-large"
              disabled={phase.kind === 'asking'}
              onClick={() => start(assigned.ticketId)}
            >
              {t('call.enter')}
            </button>
            {back}
          </div>
        </DeviceCheck>
      ) : (
        <p>{back}</p>
      )}
    </div>
  );
}

export default InterpreterWalkInCallPage;
