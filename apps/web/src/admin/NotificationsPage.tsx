import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useFormat, useNumber } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { TableWrap } from './ui';
import { keys, useCounsellors, type FailedNotification, type NotificationMetrics } from './api';
import { useOfficeZone } from '../api/office';

export function NotificationsPage() {
  const officeZone = useOfficeZone();
  const { t } = useTranslation('admin');
  usePageTitle(t('notifications.title'));
  const { call } = useSession();
  const format = useFormat();
  const number = useNumber();
  const counsellors = useCounsellors();
  const metrics = useQuery({
    queryKey: [...keys.notifications, 'metrics'],
    queryFn: () => call<NotificationMetrics>('/api/admin/notifications/metrics'),
    refetchInterval: 60_000,
  });
  const failed = useQuery({
    queryKey: [...keys.notifications, 'failed'],
    queryFn: () =>
      call<FailedNotification[]>('/api/admin/notifications/failed', { query: { limit: 100 } }),
    refetchInterval: 60_000,
  });
  const kind = (code: string) =>
    t(`notifications.kinds.${code.replace(/-/g, '_')}`, { defaultValue: code });
  const counsellorName = (id: string | null) =>
    id ? (counsellors.data?.find((c) => c.id === id)?.displayName ?? id.slice(0, 8)) : '–';

  return (
    <section className="stack">
      <h1>{t('notifications.title')}</h1>
      <section className="card stack" aria-labelledby="metrics-heading">
        <h2 id="metrics-heading">{t('notifications.metrics')}</h2>
        <ErrorNotice error={metrics.error} />
        {metrics.isPending ? (
          <Loading />
        ) : metrics.data ? (
          <>
            <TableWrap label={t('notifications.metrics')}>
              <table>
                <caption className="visually-hidden">{t('notifications.metrics')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('notifications.kind')}</th>
                    <th scope="col" className="num">
                      {t('notifications.sent')}
                    </th>
                    <th scope="col" className="num">
                      {t('notifications.failed')}
                    </th>
                    <th scope="col" className="num">
                      {t('notifications.pending')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {metrics.data.kinds.map((row) => (
                    <tr key={row.kind}>
                      <th scope="row">{kind(row.kind)}</th>
                      <td className="num">{number(row.sent)}</td>
                      <td className={`num${row.failed > 0 ? ' bad' : ''}`}>{number(row.failed)}</td>
                      <td className="num">{number(row.pending)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <h3>{t('notifications.queue')}</h3>
            <dl className="metric-list">
              {Object.entries(metrics.data.queue).map(([state, count]) => (
                <div key={state}>
                  <dt>{t(`notifications.queueStates.${state}`, { defaultValue: state })}</dt>
                  <dd>{number(count)}</dd>
                </div>
              ))}
            </dl>
          </>
        ) : null}
      </section>
      <section className="card stack" aria-labelledby="failed-heading">
        <h2 id="failed-heading">{t('notifications.failedTitle')}</h2>
        <p className="muted">{t('notifications.failedIntro')}</p>
        <ErrorNotice error={failed.error} />
        {failed.isPending ? (
          <Loading />
        ) : (failed.data ?? []).length === 0 ? (
          <p className="notice notice-success">{t('notifications.noneFailed')}</p>
        ) : (
          <TableWrap label={t('notifications.failedTitle')}>
            <table>
              <caption className="visually-hidden">{t('notifications.failedTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('notifications.failedAt')}</th>
                  <th scope="col">{t('notifications.kind')}</th>
                  <th scope="col">{t('notifications.channel')}</th>
                  <th scope="col">{t('notifications.recipient')}</th>
                  <th scope="col" className="num">
                    {t('notifications.attempts')}
                  </th>
                  <th scope="col">{t('notifications.lastError')}</th>
                </tr>
              </thead>
              <tbody>
                {(failed.data ?? []).map((row) => (
                  <tr key={row.id}>
                    <th scope="row">
                      {format.shortDate(row.failedAt, officeZone)}{' '}
                      <span dir="ltr">{format.time(row.failedAt, officeZone)}</span>
                    </th>
                    <td>{kind(row.kind)}</td>
                    <td>
                      {t(`notifications.channels.${row.channel}`, { defaultValue: row.channel })}
                    </td>
                    <td>
                      {row.recipient === 'counsellor' && row.counsellorId ? (
                        counsellorName(row.counsellorId)
                      ) : row.appointmentId ? (
                        <Link to={`/admin/audit?appointmentId=${row.appointmentId}`}>
                          {t('notifications.client', { id: row.appointmentId.slice(0, 8) })}
                        </Link>
                      ) : (
                        '–'
                      )}
                    </td>
                    <td className="num">{number(row.attempts)}</td>
                    <td className="error-text" dir="ltr">
                      {row.lastError ?? '–'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </section>
  );
}
