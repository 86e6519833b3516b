import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../auth/session';
import {
  interpreterKeys,
  useInterpreterPools,
  useInterpreters,
  type Interpreter,
  type InterpreterBody,
} from '../interpreter/api';
import { useSpokenLanguageName } from '../interpreter/languageNames';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { localized, useStaffAccounts } from './api';
import { ActiveStatus, RosterPersonActions } from './RosterPersonFields';
import { SuccessNotice, TableWrap } from './ui';

/** The office's interpreters (with their rosters) and the pools whose interpreters it may book. */
export function InterpretersPage() {
  const { t } = useTranslation(['interpreter', 'admin']);
  usePageTitle(t('admin.title'));
  const { call } = useSession();
  const queryClient = useQueryClient();
  const interpreters = useInterpreters();
  const staff = useStaffAccounts();
  const languageName = useSpokenLanguageName();
  const [done, setDone] = useState<string | null>(null);

  const setActive = useMutation({
    mutationFn: (input: { interpreter: Interpreter; active: boolean }) =>
      call<Interpreter>(`/api/admin/counsellors/${input.interpreter.id}`, {
        method: 'PATCH',
        body: { active: input.active } satisfies InterpreterBody,
      }),
    onSuccess: (interpreter) => {
      setDone(
        t(interpreter.active ? 'admin.reactivated' : 'admin.deactivated', {
          name: interpreter.displayName,
        }),
      );
      void queryClient.invalidateQueries({ queryKey: interpreterKeys.list });
    },
  });

  const staffEmail = (id: string | null) =>
    id ? (staff.data?.find((account) => account.id === id)?.email ?? '') : '';
  const list = interpreters.data ?? [];

  return (
    <div className="stack">
      <section className="stack" aria-labelledby="interpreters-heading">
        <div className="admin-heading">
          <h1 id="interpreters-heading">{t('admin.title')}</h1>
          <Link to="/admin/interpreters/new" className="btn btn-primary">
            {t('admin.new')}
          </Link>
        </div>
        <p className="muted">{t('admin.intro')}</p>
        <SuccessNotice message={done} />
        <ErrorNotice error={setActive.error} />
        <ErrorNotice error={interpreters.error} />
        {interpreters.isPending ? (
          <Loading />
        ) : list.length === 0 ? (
          <p className="muted">{t('admin.empty')}</p>
        ) : (
          <TableWrap label={t('admin.title')}>
            <table>
              <caption className="visually-hidden">{t('admin.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.name')}</th>
                  <th scope="col">{t('admin.languages')}</th>
                  <th scope="col">{t('admin.timeZone')}</th>
                  <th scope="col">{t('admin.login')}</th>
                  <th scope="col">{t('admin.active')}</th>
                  <th scope="col">{t('admin:counsellors.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((interpreter) => (
                  <tr key={interpreter.id} className={interpreter.active ? undefined : 'inactive'}>
                    <th scope="row">{interpreter.displayName}</th>
                    <td>{interpreter.languages.map(languageName).join(', ')}</td>
                    <td>{interpreter.timeZone.replaceAll('_', ' ')}</td>
                    <td>{staffEmail(interpreter.staffId) || <span className="muted">–</span>}</td>
                    <td>
                      <ActiveStatus person={interpreter} texts="interpreter:admin" />
                    </td>
                    <td>
                      <RosterPersonActions
                        person={interpreter}
                        basePath="/admin/interpreters"
                        texts="interpreter:admin"
                        busy={setActive.isPending}
                        onActive={(active) => setActive.mutate({ interpreter, active })}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      <InterpreterPoolsSection />
    </div>
  );
}

/** The pools (offices of interpreters shared by several offices) whose interpreters may be booked. */
function InterpreterPoolsSection() {
  const { t, i18n } = useTranslation('interpreter');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const pools = useInterpreterPools();
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const current = chosen ?? (pools.data ?? []).filter((pool) => pool.chosen).map((pool) => pool.id);

  const save = useMutation({
    mutationFn: (poolIds: string[]) =>
      call('/api/office/interpreter-pools', { method: 'PUT', body: { poolIds } }),
    onSuccess: async () => {
      setDone(t('pools.saved'));
      setChosen(null);
      await queryClient.invalidateQueries({ queryKey: interpreterKeys.pools });
    },
  });
  const languageName = useSpokenLanguageName();

  return (
    <section className="card stack" aria-labelledby="pools-heading">
      <h2 id="pools-heading">{t('pools.title')}</h2>
      <p className="muted">{t('pools.intro')}</p>
      {pools.isPending ? <Loading /> : null}
      <ErrorNotice error={pools.error} />
      {pools.isSuccess && pools.data.length === 0 ? (
        <p className="muted">{t('pools.none')}</p>
      ) : null}
      {pools.isSuccess && pools.data.length > 0 ? (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            setDone(null);
            save.mutate(current);
          }}
        >
          <fieldset>
            <legend>{t('pools.legend')}</legend>
            <div className="checkbox-grid">
              {pools.data.map((pool) => (
                <label key={pool.id} className="choice">
                  <input
                    type="checkbox"
                    checked={current.includes(pool.id)}
                    onChange={(event) =>
                      setChosen(
                        event.target.checked
                          ? [...current, pool.id]
                          : current.filter((id) => id !== pool.id),
                      )
                    }
                  />
                  <span>
                    {localized(pool.name, i18n.language)}
                    {pool.languages.length > 0 ? (
                      <>
                        <br />
                        <span className="muted">{pool.languages.map(languageName).join(', ')}</span>
                      </>
                    ) : null}
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <ErrorNotice error={save.error} />
          <SuccessNotice message={done} />
          <div className="row">
            <button type="submit" className="btn btn-primary" disabled={save.isPending}>
              {t('pools.save')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
