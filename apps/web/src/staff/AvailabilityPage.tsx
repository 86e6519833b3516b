import { useTranslation } from 'react-i18next';
import { AvailabilityEditor } from '../availability/AvailabilityEditor';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { useMe } from './staffApi';

export function AvailabilityPage() {
  const { t } = useTranslation('staff');
  usePageTitle(t('availability.title'));
  const me = useMe();
  const format = useFormat();
  if (me.isPending) return <Loading />;
  if (me.isError) {
    return (
      <>
        <h1>{t('availability.title')}</h1>
        <ErrorNotice error={me.error} />
      </>
    );
  }
  if (!me.data) {
    return (
      <>
        <h1>{t('availability.title')}</h1>
        <p className="notice notice-warning">{t('console.noProfile')}</p>
      </>
    );
  }
  return (
    <div className="staff-availability">
      <h1>{t('availability.title')}</h1>
      <p className="notice">{t('zoneNote', { zone: format.zone(me.data.timeZone) })}</p>
      <AvailabilityEditor counsellor={me.data} />
    </div>
  );
}
