import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { keys, type Holiday } from './api';
import { SuccessNotice, TableWrap } from './ui';
import { useOfficeZone } from '../api/office';

export function HolidaysPage() {
  const officeZone = useOfficeZone();
  const { t } = useTranslation('admin');
  usePageTitle(t('holidays.title'));
  const { call } = useSession();
  const queryClient = useQueryClient();
  const format = useFormat();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [done, setDone] = useState<string | null>(null);

  const holidays = useQuery({
    queryKey: keys.holidays(year),
    queryFn: () => call<Holiday[]>('/api/admin/holidays', { query: { year } }),
  });
  const toggle = useMutation({
    mutationFn: (holiday: Holiday) =>
      call<Holiday>(`/api/admin/holidays/${holiday.date}/open`, {
        method: holiday.open ? 'DELETE' : 'PUT',
      }),
    onSuccess: async (holiday) => {
      setDone(t(holiday.open ? 'holidays.nowOpen' : 'holidays.nowClosed', { name: holiday.name }));
      await queryClient.invalidateQueries({ queryKey: ['admin', 'holidays'] });
    },
  });

  const years = [thisYear - 1, thisYear, thisYear + 1, thisYear + 2];
  return (
    <section className="stack">
      <h1>{t('holidays.title')}</h1>
      <p className="muted">{t('holidays.intro')}</p>
      <div className="narrow-field">
        <Field label={t('holidays.year')}>
          <select value={year} onChange={(event) => setYear(Number(event.target.value))}>
            {years.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <SuccessNotice message={done} />
      <ErrorNotice error={toggle.error} />
      <ErrorNotice error={holidays.error} />
      {holidays.isPending ? (
        <Loading />
      ) : (holidays.data ?? []).length === 0 ? (
        <p className="muted">{t('holidays.empty')}</p>
      ) : (
        <TableWrap label={t('holidays.caption', { year })}>
          <table>
            <caption className="visually-hidden">{t('holidays.caption', { year })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('holidays.date')}</th>
                <th scope="col">{t('holidays.name')}</th>
                <th scope="col">{t('holidays.state')}</th>
                <th scope="col">{t('counsellors.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {(holidays.data ?? []).map((holiday) => (
                <tr key={holiday.date}>
                  <td>{format.date(`${holiday.date}T12:00:00`, officeZone)}</td>
                  <th scope="row">{holiday.name}</th>
                  <td>
                    <span className={`status ${holiday.open ? 'status-ok' : 'status-off'}`}>
                      {holiday.open ? t('holidays.open') : t('holidays.closed')}
                    </span>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={toggle.isPending}
                      aria-label={t(holiday.open ? 'holidays.closeOf' : 'holidays.openOf', {
                        name: holiday.name,
                      })}
                      onClick={() => {
                        setDone(null);
                        toggle.mutate(holiday);
                      }}
                    >
                      {holiday.open ? t('holidays.close') : t('holidays.openAction')}
                    </button>
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
