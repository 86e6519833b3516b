import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/openapi';
import { useOfficeZone } from '../api/office';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { useLanguageName } from './useLanguageName';

type InterpreterDuty = components['schemas']['InterpreterDutyDto'];
type WalkInInterpreter = components['schemas']['WalkInInterpreterDto'];

export interface InterpreterDutySectionProps {
  /** The walk-in hour whose session (open now, else the next) the interpreters serve. */
  hourId: string;
}

/**
 * For admins, on a walk-in hour's page: the office's interpreters (and those of the pools it
 * chose), each put on or taken off duty for the session open now, else the next one. Clients of
 * that session may then ask for an interpreter in the languages on duty.
 */
export function InterpreterDutySection({ hourId }: InterpreterDutySectionProps) {
  const { t } = useTranslation('walkin');
  const { call } = useSession();
  const format = useFormat();
  const zone = useOfficeZone();
  const languageName = useLanguageName();
  const queryClient = useQueryClient();
  const key = ['walk-in', 'interpreters', hourId];
  const duty = useQuery({
    queryKey: key,
    queryFn: () => call<InterpreterDuty>(`/api/admin/walk-in-hours/${hourId}/interpreters`),
  });
  const toggle = useMutation({
    mutationFn: (interpreter: WalkInInterpreter) =>
      call<void>(`/api/admin/walk-in-hours/${hourId}/interpreters/${interpreter.id}`, {
        method: interpreter.onDuty ? 'DELETE' : 'PUT',
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
  if (duty.isPending) return <Loading />;
  if (!duty.data) return <ErrorNotice error={duty.error} />;
  const { session, interpreters } = duty.data;
  return (
    <section className="card stack" aria-labelledby={`interpreters-${hourId}`}>
      <h2 id={`interpreters-${hourId}`}>{t('admin.interpreters.title')}</h2>
      <p className="muted">
        {session
          ? t('admin.interpreters.session', {
              date: format.date(session.startsAt, zone),
              from: format.time(session.startsAt, zone),
              to: format.time(session.endsAt, zone),
            })
          : t('admin.interpreters.noSession')}
      </p>
      {interpreters.length === 0 ? (
        <p>{t('admin.interpreters.none')}</p>
      ) : (
        <ul className="stack">
          {interpreters.map((interpreter) => (
            <li key={interpreter.id} className="row">
              <span>
                <strong>{interpreter.displayName}</strong> (
                {interpreter.languages.map(languageName).join(', ')})
                {interpreter.onDuty ? ` · ${t('admin.interpreters.onDuty')}` : ''}
              </span>
              <button
                type="button"
                className="btn"
                disabled={!session || toggle.isPending}
                onClick={() => toggle.mutate(interpreter)}
              >
                {interpreter.onDuty
                  ? t('admin.interpreters.takeOff', { name: interpreter.displayName })
                  : t('admin.interpreters.putOn', { name: interpreter.displayName })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorNotice error={toggle.error} />
    </section>
  );
}
