import { useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useOfficeZone } from '../api/office';
import type { components } from '../api/openapi';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { localized, useTopics } from './api';
import { TableWrap, useLanguageName } from './ui';

type Schemas = components['schemas'];
type Statistics = Schemas['WalkInStatisticsDto'];
type Group = Schemas['StatisticsGroupDto'];
type WalkInHour = Schemas['WalkInHourResponseDto'];

/** A walk-in hour's anonymous counts for a period (office days): outcomes, waits, demand turned away. */
export function WalkInStatisticsPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('walkin');
  usePageTitle(t('statistics.title'));
  const { call } = useSession();
  const zone = useOfficeZone();
  const languageName = useLanguageName();
  const topics = useTopics();
  const today = DateTime.now().setZone(zone);
  const [from, setFrom] = useState(today.startOf('month').toISODate() ?? '');
  const [to, setTo] = useState(today.toISODate() ?? '');
  const hour = useQuery({
    queryKey: ['admin', 'walk-in-hours', id],
    queryFn: () => call<WalkInHour>(`/api/admin/walk-in-hours/${id}`),
  });
  const statistics = useQuery({
    queryKey: ['admin', 'walk-in-statistics', id, from, to],
    queryFn: () =>
      call<Statistics>(`/api/admin/walk-in-hours/${id}/statistics`, { query: { from, to } }),
    enabled: from !== '' && to !== '' && from <= to,
  });
  const topicName = (code: string) =>
    topics.data?.find((topic) => topic.code === code)?.name ?? code;
  const data = statistics.data;
  return (
    <section className="stack">
      <h1>
        {t('statistics.title')}
        {hour.data ? `: ${localized(hour.data.name, i18n.language)}` : ''}
      </h1>
      <p className="muted">{t('statistics.intro')}</p>
      <div className="row card">
        <div className="field">
          <label htmlFor="statistics-from">{t('statistics.from')}</label>
          <input
            id="statistics-from"
            type="date"
            value={from}
            onChange={(event) => setFrom(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="statistics-to">{t('statistics.to')}</label>
          <input
            id="statistics-to"
            type="date"
            value={to}
            onChange={(event) => setTo(event.target.value)}
          />
        </div>
      </div>
      <ErrorNotice error={statistics.error ?? hour.error} />
      {statistics.isFetching && !data ? <Loading /> : null}
      {data ? (
        <>
          <dl className="facts card">
            <dt>{t('statistics.sessions')}</dt>
            <dd>{data.sessions}</dd>
            <dt>{t('statistics.closedEarly')}</dt>
            <dd>{data.closedEarly}</dd>
            <dt>{t('statistics.turnedAway')}</dt>
            <dd>{data.turnedAway}</dd>
          </dl>
          <GroupTable
            title={t('statistics.total')}
            groups={[data.total]}
            name={() => t('statistics.all')}
          />
          <GroupTable
            title={t('statistics.byLanguage')}
            groups={data.byLanguage}
            name={languageName}
          />
          <GroupTable title={t('statistics.byTopic')} groups={data.byTopic} name={topicName} />
        </>
      ) : null}
      <Link to="/admin/walk-in">{t('admin.back')}</Link>
    </section>
  );
}

function GroupTable({
  title,
  groups,
  name,
}: {
  title: string;
  groups: Group[];
  name: (key: string) => string;
}) {
  const { t } = useTranslation('walkin');
  const minutes = (value: number | null) =>
    value === null ? '—' : t('console.minutes', { count: Math.round(value) });
  return (
    <section className="card stack">
      <h2>{title}</h2>
      {groups.length === 0 ? (
        <p className="muted">{t('statistics.none')}</p>
      ) : (
        <TableWrap label={title}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('statistics.group')}</th>
                <th scope="col">{t('statistics.tickets')}</th>
                <th scope="col">{t('statistics.served')}</th>
                <th scope="col">{t('statistics.missed')}</th>
                <th scope="col">{t('statistics.left')}</th>
                <th scope="col">{t('statistics.expired')}</th>
                <th scope="col">{t('statistics.handedOver')}</th>
                <th scope="col">{t('statistics.waitMedian')}</th>
                <th scope="col">{t('statistics.waitP90')}</th>
                <th scope="col">{t('statistics.handling')}</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((group) => (
                <tr key={group.key}>
                  <th scope="row">{name(group.key)}</th>
                  <td>{group.tickets}</td>
                  <td>{group.served}</td>
                  <td>{group.missed}</td>
                  <td>{group.left}</td>
                  <td>{group.expired}</td>
                  <td>{group.handedOver}</td>
                  <td>{minutes(group.waitMedianMinutes)}</td>
                  <td>{minutes(group.waitP90Minutes)}</td>
                  <td>{minutes(group.handlingMedianMinutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
