import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useNumber } from '../ui/format';
import { Loading } from '../ui/Loading';
import { QUEUE_DASHBOARD_PATH, usePlatformHealth } from './api';

/** The instance at a glance (queue backend, offices), and the way into the queue dashboard. */
export function HealthPanel() {
  const { t } = useTranslation('platform');
  const { call } = useSession();
  const number = useNumber();
  const health = usePlatformHealth();
  // bull-board is a page of its own: it is opened with a dashboard session cookie, then visited.
  const dashboard = useMutation({
    mutationFn: () => call<void>('/api/admin/queue-dashboard/session', { method: 'POST' }),
    onSuccess: () => window.location.assign(QUEUE_DASHBOARD_PATH),
  });
  return (
    <section className="card stack" aria-labelledby="health-heading">
      <h2 id="health-heading">{t('health.title')}</h2>
      <ErrorNotice error={health.error} />
      {health.isPending ? (
        <Loading />
      ) : health.data ? (
        <dl className="metric-list">
          <div>
            <dt>{t('health.queue')}</dt>
            <dd>
              <span
                className={`status ${health.data.queue === 'up' ? 'status-ok' : 'status-warn'}`}
              >
                {t(`health.${health.data.queue}`)}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('health.activeOffices')}</dt>
            <dd>{number(health.data.activeOffices)}</dd>
          </div>
          <div>
            <dt>{t('health.suspendedOffices')}</dt>
            <dd>{number(health.data.suspendedOffices)}</dd>
          </div>
        </dl>
      ) : null}
      <p className="muted">{t('health.dashboardHint')}</p>
      <ErrorNotice error={dashboard.error} />
      <div className="row">
        <button
          type="button"
          className="btn"
          disabled={dashboard.isPending}
          onClick={() => dashboard.mutate()}
        >
          {t('health.dashboard')}
        </button>
      </div>
    </section>
  );
}
