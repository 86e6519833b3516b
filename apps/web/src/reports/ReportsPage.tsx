import { useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { lazy, Suspense, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOfficeZone } from '../api/office';
import { useSession } from '../auth/session';
import { directionOf } from '../i18n/languages';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { localized, useCounsellors } from '../admin/api';
import { TableWrap, useLanguageName } from '../admin/ui';
import { usePlatformOffices } from '../platform/api';
import { SurveyResults } from './SurveyResults';
import { plotted, type Count, type Figures, type Statistics, type StatisticsFilter } from './types';
import './reports.css';

// chart.js comes with the first chart, never with any other page.
const BarChart = lazy(() => import('./BarChart'));

const CHANNELS = ['video', 'audio', 'phone'] as const;

/** A count as published: a number, or "<5" for a suppressed cell. */
function shown(count: Count): string {
  return typeof count === 'number' ? count.toLocaleString() : count;
}

/** The query string of a filter, without the empty fields (for the API and the downloads). */
function queryOf(filter: StatisticsFilter): Record<string, string> {
  return Object.fromEntries(
    Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
}

/**
 * Anonymous figures for funders and the office itself: cases, outcomes, languages, interpreters,
 * topics, channels, lead times, unmet demand, walk-in waits, month by month, with filters and CSV
 * and PDF exports. Whatever the role, the server decides the scope (a platform admin sees every
 * office side by side, an office admin their office, a counsellor their own figures) and publishes
 * no count under 5.
 */
export function ReportsPage() {
  const { t, i18n } = useTranslation('admin');
  usePageTitle(t('reports.title'));
  const { call, staff } = useSession();
  const zone = useOfficeZone();
  const ids = {
    from: useId(),
    to: useId(),
    office: useId(),
    counsellor: useId(),
    language: useId(),
    topic: useId(),
    channel: useId(),
  };
  const now = DateTime.now().setZone(zone);
  const [filter, setFilter] = useState<StatisticsFilter>({
    from: now.startOf('year').toFormat('yyyy-MM'),
    to: now.toFormat('yyyy-MM'),
  });
  const set = (key: keyof StatisticsFilter, value: string) =>
    setFilter((current) => ({ ...current, [key]: value || undefined }));
  const role = staff?.role;
  // Only the platform admin chooses an office, only an office admin a counsellor.
  const offices = usePlatformOffices(role === 'platform_admin');
  const counsellors = useCounsellors(role === 'admin');
  const query = queryOf(filter);
  const valid = Boolean(filter.from && filter.to && filter.from <= filter.to);
  const statistics = useQuery({
    queryKey: ['reports', 'statistics', query],
    queryFn: ({ signal }) => call<Statistics>('/api/reports/statistics', { query, signal }),
    enabled: valid,
    placeholderData: (previous) => previous,
  });
  const data = statistics.data;
  const languageName = useLanguageName();
  const direction = directionOf(i18n.language);
  const download = (format: 'csv' | 'pdf') =>
    `/api/reports/statistics.${format}?${new URLSearchParams(query).toString()}`;

  // What the filters offer: the values the current answer has (a filter never offers a value
  // that has no cases), and the one chosen.
  const languages = [
    ...new Set([...(data?.total.byLanguage ?? []).map((row) => row.key), filter.language ?? '']),
  ].filter(Boolean);
  const topics = new Map((data?.total.byTopic ?? []).map((row) => [row.key, row.label]));

  return (
    <section className="stack reports">
      <h1>{t('reports.title')}</h1>
      <p className="muted">{t('reports.intro')}</p>
      <form className="card stack" onSubmit={(event) => event.preventDefault()}>
        <h2>{t('reports.filters')}</h2>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={ids.from}>{t('reports.from')}</label>
            <input
              id={ids.from}
              type="month"
              value={filter.from}
              max={filter.to}
              onChange={(event) => set('from', event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.to}>{t('reports.to')}</label>
            <input
              id={ids.to}
              type="month"
              value={filter.to}
              min={filter.from}
              onChange={(event) => set('to', event.target.value)}
            />
          </div>
          {role === 'platform_admin' ? (
            <div className="field">
              <label htmlFor={ids.office}>{t('reports.office')}</label>
              <select
                id={ids.office}
                value={filter.officeId ?? ''}
                onChange={(event) => set('officeId', event.target.value)}
              >
                <option value="">{t('reports.allOffices')}</option>
                {(offices.data ?? []).map((office) => (
                  <option key={office.id} value={office.id}>
                    {localized(office.name, i18n.language)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {role === 'admin' ? (
            <div className="field">
              <label htmlFor={ids.counsellor}>{t('reports.counsellor')}</label>
              <select
                id={ids.counsellor}
                value={filter.counsellorId ?? ''}
                onChange={(event) => set('counsellorId', event.target.value)}
              >
                <option value="">{t('reports.allCounsellors')}</option>
                {(counsellors.data ?? []).map((counsellor) => (
                  <option key={counsellor.id} value={counsellor.id}>
                    {counsellor.displayName}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={ids.language}>{t('reports.language')}</label>
            <select
              id={ids.language}
              value={filter.language ?? ''}
              onChange={(event) => set('language', event.target.value)}
            >
              <option value="">{t('reports.allLanguages')}</option>
              {languages.map((code) => (
                <option key={code} value={code}>
                  {languageName(code)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.topic}>{t('reports.topic')}</label>
            <select
              id={ids.topic}
              value={filter.topic ?? ''}
              onChange={(event) => set('topic', event.target.value)}
            >
              <option value="">{t('reports.allTopics')}</option>
              {[...topics].map(([key, label]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.channel}>{t('reports.channel')}</label>
            <select
              id={ids.channel}
              value={filter.channel ?? ''}
              onChange={(event) => set('channel', event.target.value)}
            >
              <option value="">{t('reports.allChannels')}</option>
              {CHANNELS.map((channel) => (
                <option key={channel} value={channel}>
                  {t(`common:channel.${channel}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {!valid ? (
          <p className="notice notice-warning" role="alert">
            {t('reports.periodInvalid')}
          </p>
        ) : null}
        <div className="row">
          <a className="btn" href={download('csv')} download>
            {t('reports.csv')}
          </a>
          <a className="btn" href={download('pdf')} download>
            {t('reports.pdf')}
          </a>
        </div>
      </form>
      <p className="notice">{t('reports.suppression')}</p>
      <ErrorNotice error={statistics.error} />
      {statistics.isPending && valid ? <Loading /> : null}
      {data ? (
        <div className="stack" aria-busy={statistics.isFetching}>
          <FiguresView figures={data.total} languageName={languageName} direction={direction} />
          {data.offices.length > 0 ? <OfficesTable offices={data.offices} /> : null}
        </div>
      ) : null}
      {/* The survey's answers are for admins; counsellors see their own figures only. */}
      {valid && (role === 'admin' || role === 'platform_admin') ? (
        <SurveyResults filter={filter} />
      ) : null}
    </section>
  );
}

interface FiguresViewProps {
  figures: Figures;
  languageName: (code: string) => string;
  direction: 'ltr' | 'rtl';
}

function FiguresView({ figures, languageName, direction }: FiguresViewProps) {
  const { t } = useTranslation('admin');
  const monthName = (month: string) =>
    DateTime.fromFormat(month, 'yyyy-MM').toLocaleString({ month: 'short', year: 'numeric' });
  const monthly = useMemo(
    () => ({
      categories: figures.months.map((m) => monthName(m.month)),
      series: [
        { label: t('reports.cases'), values: figures.months.map((m) => plotted(m.cases)) },
        { label: t('reports.completed'), values: figures.months.map((m) => plotted(m.completed)) },
        { label: t('reports.noShow'), values: figures.months.map((m) => plotted(m.noShow)) },
      ],
    }),
    // monthName follows the page language, as t does.
    [figures.months, t],
  );
  const byLanguage = useMemo(
    () => ({
      categories: figures.byLanguage.map((row) => languageName(row.key)),
      series: [
        { label: t('reports.cases'), values: figures.byLanguage.map((row) => plotted(row.cases)) },
      ],
    }),
    [figures.byLanguage, languageName, t],
  );
  const days = (value: number | null) =>
    value === null ? t('reports.tooFew') : t('reports.days', { count: value });
  return (
    <>
      <section className="card stack" aria-labelledby="reports-overview">
        <h2 id="reports-overview">{t('reports.overview')}</h2>
        <dl className="facts">
          <dt>{t('reports.cases')}</dt>
          <dd>{shown(figures.cases.total)}</dd>
          <dt>{t('reports.appointments')}</dt>
          <dd>{shown(figures.cases.appointments)}</dd>
          <dt>{t('reports.walkInTickets')}</dt>
          <dd>{shown(figures.cases.walkInTickets)}</dd>
          <dt>{t('reports.familyMembers')}</dt>
          <dd>{shown(figures.familyMembers.total)}</dd>
          <dt>{t('reports.interpreterUsed')}</dt>
          <dd>{shown(figures.interpreter.used)}</dd>
          <dt>{t('reports.leadTime')}</dt>
          <dd>{days(figures.leadTime.medianDays)}</dd>
        </dl>
      </section>

      <section className="card stack" aria-labelledby="reports-months">
        <h2 id="reports-months">{t('reports.byMonth')}</h2>
        <Suspense fallback={<Loading />}>
          <BarChart
            label={t('reports.byMonthChart')}
            categories={monthly.categories}
            series={monthly.series}
            direction={direction}
          />
        </Suspense>
        <TableWrap label={t('reports.byMonth')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('reports.month')}</th>
                <th scope="col">{t('reports.cases')}</th>
                <th scope="col">{t('reports.appointments')}</th>
                <th scope="col">{t('reports.walkInTickets')}</th>
                <th scope="col">{t('reports.completed')}</th>
                <th scope="col">{t('reports.noShow')}</th>
                <th scope="col">{t('reports.cancelled')}</th>
                <th scope="col">{t('reports.unmetSearches')}</th>
              </tr>
            </thead>
            <tbody>
              {figures.months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{monthName(m.month)}</th>
                  <td>{shown(m.cases)}</td>
                  <td>{shown(m.appointments)}</td>
                  <td>{shown(m.walkInTickets)}</td>
                  <td>{shown(m.completed)}</td>
                  <td>{shown(m.noShow)}</td>
                  <td>{shown(m.cancelled)}</td>
                  <td>{shown(m.unmetSearches)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>

      <section className="card stack" aria-labelledby="reports-outcomes">
        <h2 id="reports-outcomes">{t('reports.outcomes')}</h2>
        <CountTable
          label={t('reports.outcomes')}
          rows={[
            [t('reports.completed'), figures.outcomes.completed],
            [t('reports.noShow'), figures.outcomes.noShow],
            [t('reports.cancelledByClient'), figures.outcomes.cancelledByClient],
            [t('reports.cancelledByStaff'), figures.outcomes.cancelledByStaff],
            [t('reports.cancelledBySystem'), figures.outcomes.cancelledBySystem],
            [t('reports.open'), figures.outcomes.open],
          ]}
        />
      </section>

      <section className="card stack" aria-labelledby="reports-languages">
        <h2 id="reports-languages">{t('reports.byLanguage')}</h2>
        {figures.byLanguage.length > 0 ? (
          <Suspense fallback={<Loading />}>
            <BarChart
              label={t('reports.byLanguageChart')}
              categories={byLanguage.categories}
              series={byLanguage.series}
              horizontal
              direction={direction}
            />
          </Suspense>
        ) : null}
        <CountTable
          label={t('reports.byLanguage')}
          rows={figures.byLanguage.map((row) => [languageName(row.key), row.cases])}
        />
        <h3>{t('reports.interpreterByLanguage')}</h3>
        <CountTable
          label={t('reports.interpreterByLanguage')}
          rows={figures.interpreter.byLanguage.map((row) => [languageName(row.key), row.cases])}
        />
      </section>

      <section className="card stack" aria-labelledby="reports-topics">
        <h2 id="reports-topics">{t('reports.byTopicAndChannel')}</h2>
        <CountTable
          label={t('reports.byTopic')}
          rows={figures.byTopic.map((row) => [row.label, row.cases])}
        />
        <CountTable
          label={t('reports.byChannel')}
          rows={figures.byChannel.map((row) => [t(`common:channel.${row.key}`), row.cases])}
        />
        <h3>{t('reports.leadTimeBuckets')}</h3>
        <CountTable
          label={t('reports.leadTimeBuckets')}
          rows={figures.leadTime.buckets.map((row) => [
            t('reports.dayRange', { range: row.key }),
            row.cases,
          ])}
        />
      </section>

      {figures.slotSearches ? (
        <section className="card stack" aria-labelledby="reports-demand">
          <h2 id="reports-demand">{t('reports.demand')}</h2>
          <p className="muted">{t('reports.demandIntro')}</p>
          <dl className="facts">
            <dt>{t('reports.searches')}</dt>
            <dd>{shown(figures.slotSearches.searches)}</dd>
            <dt>{t('reports.foundWithin14Days')}</dt>
            <dd>{shown(figures.slotSearches.foundWithin14Days)}</dd>
            <dt>{t('reports.unmet')}</dt>
            <dd>{shown(figures.slotSearches.unmet)}</dd>
            <dt>{t('reports.daysToFirstSlot')}</dt>
            <dd>{days(figures.slotSearches.medianDaysToFirstSlot)}</dd>
          </dl>
          <CountTable
            label={t('reports.unmetByLanguage')}
            rows={figures.slotSearches.unmetByLanguage.map((row) => [
              languageName(row.key),
              row.searches,
            ])}
          />
          <CountTable
            label={t('reports.unmetByTopic')}
            rows={figures.slotSearches.unmetByTopic.map((row) => [row.label, row.searches])}
          />
        </section>
      ) : null}

      <section className="card stack" aria-labelledby="reports-walk-in">
        <h2 id="reports-walk-in">{t('reports.walkIn')}</h2>
        <dl className="facts">
          <dt>{t('reports.walkInTickets')}</dt>
          <dd>{shown(figures.walkIn.tickets)}</dd>
          <dt>{t('reports.served')}</dt>
          <dd>{shown(figures.walkIn.served)}</dd>
          <dt>{t('reports.missed')}</dt>
          <dd>{shown(figures.walkIn.missed)}</dd>
          <dt>{t('reports.left')}</dt>
          <dd>{shown(figures.walkIn.left)}</dd>
          <dt>{t('reports.waitMedian')}</dt>
          <dd>
            {figures.walkIn.waitMedianMinutes === null
              ? t('reports.tooFew')
              : t('reports.minutes', { count: figures.walkIn.waitMedianMinutes })}
          </dd>
        </dl>
      </section>
    </>
  );
}

/** Rows of a name and a count; says so when there are none. */
function CountTable({ label, rows }: { label: string; rows: [string, Count][] }) {
  const { t } = useTranslation('admin');
  if (rows.length === 0) return <p className="muted">{t('reports.none', { what: label })}</p>;
  return (
    <TableWrap label={label}>
      <table>
        <thead>
          <tr>
            <th scope="col">{label}</th>
            <th scope="col">{t('reports.cases')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, count]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{shown(count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** Every office side by side (platform admins). */
function OfficesTable({ offices }: { offices: Statistics['offices'] }) {
  const { t } = useTranslation('admin');
  return (
    <section className="card stack" aria-labelledby="reports-offices">
      <h2 id="reports-offices">{t('reports.offices')}</h2>
      <TableWrap label={t('reports.offices')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('reports.office')}</th>
              <th scope="col">{t('reports.cases')}</th>
              <th scope="col">{t('reports.completed')}</th>
              <th scope="col">{t('reports.noShow')}</th>
              <th scope="col">{t('reports.interpreterUsed')}</th>
              <th scope="col">{t('reports.unmet')}</th>
            </tr>
          </thead>
          <tbody>
            {offices.map((office) => (
              <tr key={office.officeId}>
                <th scope="row">{office.officeName}</th>
                <td>{shown(office.figures.cases.total)}</td>
                <td>{shown(office.figures.outcomes.completed)}</td>
                <td>{shown(office.figures.outcomes.noShow)}</td>
                <td>{shown(office.figures.interpreter.used)}</td>
                <td>
                  {office.figures.slotSearches ? shown(office.figures.slotSearches.unmet) : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
