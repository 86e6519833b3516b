import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { AvailabilityEditor } from '../availability/AvailabilityEditor';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { useCounsellors } from './api';
import { isolate } from './ui';

export function RosterPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('admin');
  const counsellors = useCounsellors();
  const format = useFormat();
  const counsellor = counsellors.data?.find((c) => c.id === id);
  usePageTitle(t('roster.title', { name: counsellor?.displayName ?? '' }));

  if (counsellors.isPending) return <Loading />;
  if (counsellors.error) return <ErrorNotice error={counsellors.error} />;
  if (!counsellor) {
    return (
      <section>
        <h1>{t('roster.title', { name: '' })}</h1>
        <p className="notice notice-error" role="alert">
          {t('counsellor.notFound')}
        </p>
        <Link to="/admin/counsellors">{t('counsellor.backToList')}</Link>
      </section>
    );
  }
  return (
    <section className="stack">
      <p>
        <Link to="/admin/counsellors">{t('counsellor.backToList')}</Link>
        {' · '}
        <Link to={`/admin/counsellors/${counsellor.id}`}>{t('roster.toProfile')}</Link>
      </p>
      <h1>{t('roster.title', { name: counsellor.displayName })}</h1>
      <p className="notice">
        {t('roster.zoneNote', { zone: isolate(format.zone(counsellor.timeZone)) })}
      </p>
      {!counsellor.active ? (
        <p className="notice notice-warning">{t('counsellor.inactiveNote')}</p>
      ) : null}
      <AvailabilityEditor counsellor={counsellor} />
    </section>
  );
}
