import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import {
  keys,
  useConsultationTypes,
  useCounsellors,
  useStaffAccounts,
  useTopics,
  type Counsellor,
  type UpdateCounsellorRequest,
} from './api';
import { ActiveStatus, RosterPersonActions } from './RosterPersonFields';
import { SuccessNotice, useLanguageName, TableWrap } from './ui';

export function CounsellorsPage() {
  const { t } = useTranslation('admin');
  usePageTitle(t('counsellors.title'));
  const { call } = useSession();
  const queryClient = useQueryClient();
  const counsellors = useCounsellors();
  const staff = useStaffAccounts();
  const topics = useTopics();
  const types = useConsultationTypes();
  const languageName = useLanguageName();
  const [showInactive, setShowInactive] = useState(true);
  const [done, setDone] = useState<string | null>(null);

  const setActive = useMutation({
    mutationFn: (input: { counsellor: Counsellor; active: boolean }) =>
      call<Counsellor>(`/api/admin/counsellors/${input.counsellor.id}`, {
        method: 'PATCH',
        body: { active: input.active } satisfies UpdateCounsellorRequest,
      }),
    onSuccess: (counsellor) => {
      setDone(
        t(counsellor.active ? 'counsellors.reactivated' : 'counsellors.deactivated', {
          name: counsellor.displayName,
        }),
      );
      void queryClient.invalidateQueries({ queryKey: keys.counsellors });
      void queryClient.invalidateQueries({ queryKey: keys.types });
    },
  });

  const topicName = (code: string) =>
    topics.data?.find((topic) => topic.code === code)?.name ?? code;
  const staffEmail = (id: string | null) =>
    id ? (staff.data?.find((account) => account.id === id)?.email ?? '') : '';
  const list = (counsellors.data ?? []).filter((c) => showInactive || c.active);
  // A counsellor no type names is never offered to clients, however full their roster.
  const offering = new Set((types.data ?? []).flatMap((type) => type.counsellorIds));

  return (
    <section>
      <div className="admin-heading">
        <h1>{t('counsellors.title')}</h1>
        <Link to="/admin/counsellors/new" className="btn btn-primary">
          {t('counsellors.new')}
        </Link>
      </div>
      <label className="choice">
        <input
          type="checkbox"
          checked={showInactive}
          onChange={(event) => setShowInactive(event.target.checked)}
        />
        {t('counsellors.showInactive')}
      </label>
      <SuccessNotice message={done} />
      <ErrorNotice error={setActive.error} />
      <ErrorNotice error={counsellors.error} />
      {counsellors.isPending ? (
        <Loading />
      ) : list.length === 0 ? (
        <p className="muted">{t('counsellors.empty')}</p>
      ) : (
        <TableWrap label={t('counsellors.title')}>
          <table>
            <caption className="visually-hidden">{t('counsellors.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('counsellors.name')}</th>
                <th scope="col">{t('counsellors.languages')}</th>
                <th scope="col">{t('counsellors.topics')}</th>
                <th scope="col">{t('counsellors.timeZone')}</th>
                <th scope="col">{t('counsellors.login')}</th>
                <th scope="col">{t('counsellors.active')}</th>
                <th scope="col">{t('counsellors.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((counsellor) => (
                <tr key={counsellor.id} className={counsellor.active ? undefined : 'inactive'}>
                  <th scope="row">
                    {counsellor.displayName}
                    {types.isSuccess && !offering.has(counsellor.id) ? (
                      <>
                        {' '}
                        <span className="status status-warn">{t('counsellors.noTypes')}</span>
                      </>
                    ) : null}
                  </th>
                  <td>{counsellor.languages.map(languageName).join(', ')}</td>
                  <td>{counsellor.topics.map(topicName).join(', ')}</td>
                  <td>{counsellor.timeZone.replaceAll('_', ' ')}</td>
                  <td>{staffEmail(counsellor.staffId) || <span className="muted">–</span>}</td>
                  <td>
                    <ActiveStatus person={counsellor} texts="admin:counsellors" />
                  </td>
                  <td>
                    <RosterPersonActions
                      person={counsellor}
                      basePath="/admin/counsellors"
                      texts="admin:counsellors"
                      busy={setActive.isPending}
                      onActive={(active) => setActive.mutate({ counsellor, active })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
