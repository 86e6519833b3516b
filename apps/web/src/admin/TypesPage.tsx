import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { TableWrap, useLanguageName } from './ui';
import {
  localized,
  missingNameLanguages,
  useConsultationTypes,
  useCounsellors,
  useTopics,
} from './api';

export function TypesPage() {
  const { t, i18n } = useTranslation('admin');
  usePageTitle(t('types.title'));
  const types = useConsultationTypes();
  const counsellors = useCounsellors();
  const topics = useTopics();
  const languageName = useLanguageName();
  const topicName = (code: string) =>
    topics.data?.find((topic) => topic.code === code)?.name ?? code;
  const active = new Set((counsellors.data ?? []).filter((c) => c.active).map((c) => c.id));

  return (
    <section>
      <div className="admin-heading">
        <h1>{t('types.title')}</h1>
        <Link to="/admin/types/new" className="btn btn-primary">
          {t('types.new')}
        </Link>
      </div>
      <ErrorNotice error={types.error} />
      {types.isPending ? (
        <Loading />
      ) : (types.data ?? []).length === 0 ? (
        <p className="muted">{t('types.empty')}</p>
      ) : (
        <TableWrap label={t('types.title')}>
          <table>
            <caption className="visually-hidden">{t('types.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('types.name')}</th>
                <th scope="col">{t('types.topic')}</th>
                <th scope="col">{t('types.duration')}</th>
                <th scope="col">{t('types.channel')}</th>
                <th scope="col">{t('types.counsellors')}</th>
                <th scope="col">{t('types.state')}</th>
                <th scope="col">{t('counsellors.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {(types.data ?? []).map((type) => {
                const name = localized(type.name, i18n.language);
                const serving = type.counsellorIds.filter((id) => active.has(id)).length;
                const missing = missingNameLanguages(type.name);
                return (
                  <tr key={type.id} className={type.active ? undefined : 'inactive'}>
                    <th scope="row">
                      {name}
                      {missing.length > 0 ? (
                        <>
                          <br />
                          <span className="status status-warn">
                            {t('types.namesMissing', {
                              languages: missing.map(languageName).join(', '),
                            })}
                          </span>
                        </>
                      ) : null}
                    </th>
                    <td>{topicName(type.topic)}</td>
                    <td>{t('units.minutesValue', { count: type.durationMinutes })}</td>
                    <td>{t(`common:channel.${type.channel}`)}</td>
                    <td>
                      {serving === 0 ? (
                        <span className="status status-warn">{t('types.nobody')}</span>
                      ) : (
                        serving
                      )}
                    </td>
                    <td>
                      <span className={`status ${type.active ? 'status-ok' : 'status-off'}`}>
                        {type.active ? t('counsellors.isActive') : t('counsellors.isInactive')}
                      </span>
                    </td>
                    <td>
                      <Link
                        to={`/admin/types/${type.id}`}
                        className="btn btn-small"
                        aria-label={t('types.editOf', { name })}
                      >
                        {t('common:actions.edit')}
                      </Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
