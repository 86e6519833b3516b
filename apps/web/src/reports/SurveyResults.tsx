import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/openapi';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { TableWrap } from '../admin/ui';
import type { Count, StatisticsFilter } from './types';

type SurveyReport = components['schemas']['SurveyReportDto'];

const shown = (count: Count): string =>
  typeof count === 'number' ? count.toLocaleString() : count;

/**
 * What clients said in the feedback survey, for the page's period, office, language and channel
 * (the survey keeps no counsellor and knows topics by their code, so those filters do not apply):
 * counts suppressed as the statistics are, averages from five answers on, and comments for office
 * admins only when the selection holds five answers or more.
 */
export function SurveyResults({ filter }: { filter: StatisticsFilter }) {
  const { t } = useTranslation('admin');
  const { call } = useSession();
  const query = Object.fromEntries(
    Object.entries({
      from: filter.from,
      to: filter.to,
      officeId: filter.officeId,
      language: filter.language,
      channel: filter.channel,
    }).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  const report = useQuery({
    queryKey: ['reports', 'survey', query],
    queryFn: ({ signal }) => call<SurveyReport>('/api/reports/survey', { query, signal }),
    placeholderData: (previous) => previous,
  });
  const data = report.data;
  const average = (value: number | null) =>
    value === null
      ? t('reports.tooFew')
      : value.toLocaleString(undefined, { maximumFractionDigits: 1 });
  return (
    <section className="card stack" aria-labelledby="reports-survey">
      <h2 id="reports-survey">{t('reports.survey.title')}</h2>
      <p className="muted">{t('reports.survey.intro')}</p>
      <ErrorNotice error={report.error} />
      {report.isPending ? <Loading /> : null}
      {data ? (
        <>
          <dl className="facts">
            <dt>{t('reports.survey.answers')}</dt>
            <dd>{shown(data.answers)}</dd>
            <dt>{t('reports.survey.helpful')}</dt>
            <dd>{average(data.helpful.average)}</dd>
            <dt>{t('reports.survey.technology')}</dt>
            <dd>{average(data.technologyEasy.average)}</dd>
            <dt>{t('reports.survey.again')}</dt>
            <dd>
              {t('reports.survey.yesNo', {
                yes: shown(data.useAgain.yes),
                no: shown(data.useAgain.no),
              })}
            </dd>
          </dl>
          <TableWrap label={t('reports.survey.distribution')}>
            <table>
              <caption>{t('reports.survey.distribution')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reports.survey.answer')}</th>
                  <th scope="col">{t('reports.survey.helpful')}</th>
                  <th scope="col">{t('reports.survey.technology')}</th>
                </tr>
              </thead>
              <tbody>
                {[0, 1, 2, 3, 4].map((index) => (
                  <tr key={index}>
                    <th scope="row">{index + 1}</th>
                    <td>{shown(data.helpful.distribution[index] ?? 0)}</td>
                    <td>{shown(data.technologyEasy.distribution[index] ?? 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <h3>{t('reports.survey.comments')}</h3>
          {data.comments.shown ? (
            data.comments.items.length > 0 ? (
              <ul className="survey-comments">
                {data.comments.items.map((comment, index) => (
                  // Comments have no id (nothing may lead back to an answer).
                  <li key={index} dir="auto">
                    {comment}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('reports.survey.noComments')}</p>
            )
          ) : (
            <p className="muted">
              {data.comments.withheld === 'office_admins_only'
                ? t('reports.survey.commentsAdminsOnly')
                : t('reports.survey.commentsTooFew')}
            </p>
          )}
        </>
      ) : null}
    </section>
  );
}
