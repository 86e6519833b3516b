import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { AvailabilityEditor } from '../availability/AvailabilityEditor';
import { useInterpreters } from '../interpreter/api';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { useCounsellors } from './api';
import { isolate } from './ui';

/**
 * A roster person's weekly hours, extra hours and absences: a counsellor's, or an interpreter's (the
 * same roster routes and the same editor).
 */
export function RosterPage({ kind = 'counsellor' }: { kind?: 'counsellor' | 'interpreter' }) {
  const { id = '' } = useParams();
  const { t } = useTranslation(['admin', 'interpreter']);
  const counsellors = useCounsellors();
  const interpreters = useInterpreters(kind === 'interpreter');
  const people = kind === 'interpreter' ? interpreters : counsellors;
  const format = useFormat();
  const person = people.data?.find((c) => c.id === id);
  const list = kind === 'interpreter' ? '/admin/interpreters' : '/admin/counsellors';
  const backToList =
    kind === 'interpreter' ? t('interpreter:admin.backToList') : t('counsellor.backToList');
  usePageTitle(t('roster.title', { name: person?.displayName ?? '' }));

  if (people.isPending) return <Loading />;
  if (people.error) return <ErrorNotice error={people.error} />;
  if (!person) {
    return (
      <section>
        <h1>{t('roster.title', { name: '' })}</h1>
        <p className="notice notice-error" role="alert">
          {kind === 'interpreter' ? t('interpreter:admin.notFound') : t('counsellor.notFound')}
        </p>
        <Link to={list}>{backToList}</Link>
      </section>
    );
  }
  return (
    <section className="stack">
      <p>
        <Link to={list}>{backToList}</Link>
        {' · '}
        <Link to={`${list}/${person.id}`}>{t('roster.toProfile')}</Link>
      </p>
      <h1>{t('roster.title', { name: person.displayName })}</h1>
      <p className="notice">
        {t('roster.zoneNote', { zone: isolate(format.zone(person.timeZone)) })}
      </p>
      {!person.active ? (
        <p className="notice notice-warning">
          {kind === 'interpreter'
            ? t('interpreter:admin.inactiveNote')
            : t('counsellor.inactiveNote')}
        </p>
      ) : null}
      <AvailabilityEditor counsellor={person} />
    </section>
  );
}
