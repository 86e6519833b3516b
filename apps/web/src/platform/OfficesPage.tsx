import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { localized } from '../admin/api';
import { SuccessNotice, TableWrap } from '../admin/ui';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useNumber } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { usePlatformOffices, type PlatformOffice } from './api';
import { HealthPanel } from './HealthPanel';
import { OfficeStatusButton } from './OfficeStatusButton';

/** Every office of the instance, suspended ones too, with what each has going on. */
export function OfficesPage() {
  const { t, i18n } = useTranslation('platform');
  usePageTitle(t('offices.title'));
  const number = useNumber();
  const offices = usePlatformOffices();
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const nameOf = (office: PlatformOffice) => localized(office.name, i18n.language);
  const list = [...(offices.data ?? [])].sort(
    (a, b) =>
      Number(a.status === 'suspended') - Number(b.status === 'suspended') ||
      nameOf(a).localeCompare(nameOf(b), i18n.language),
  );

  const statusChanged = (office: PlatformOffice) => {
    setFailure(null);
    setDone(
      t(office.status === 'suspended' ? 'status.suspended' : 'status.reactivated', {
        name: nameOf(office),
      }),
    );
  };

  return (
    <section className="stack">
      <div className="admin-heading">
        <h1>{t('offices.title')}</h1>
        <Link to="/platform/offices/new" className="btn btn-primary">
          {t('nav.newOffice')}
        </Link>
      </div>
      <p className="muted">{t('offices.intro')}</p>
      <HealthPanel />
      <section className="stack" aria-labelledby="offices-heading">
        <h2 id="offices-heading">{t('offices.listTitle')}</h2>
        <SuccessNotice message={done} />
        <ErrorNotice error={failure} />
        <ErrorNotice error={offices.error} />
        {offices.isPending ? (
          <Loading />
        ) : list.length === 0 ? (
          <p className="muted">{t('offices.empty')}</p>
        ) : (
          <TableWrap label={t('offices.listTitle')}>
            <table>
              <caption className="visually-hidden">{t('offices.listTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('offices.name')}</th>
                  <th scope="col">{t('offices.slug')}</th>
                  <th scope="col">{t('offices.district')}</th>
                  <th scope="col">{t('offices.status')}</th>
                  <th scope="col" className="num">
                    {t('offices.counsellors')}
                  </th>
                  <th scope="col" className="num">
                    {t('offices.appointmentsAhead')}
                  </th>
                  <th scope="col">{t('offices.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((office) => (
                  <tr
                    key={office.id}
                    className={office.status === 'suspended' ? 'inactive' : undefined}
                  >
                    <th scope="row">
                      <Link to={`/platform/offices/${office.id}`}>{nameOf(office)}</Link>
                      {office.kind === 'interpreter_pool' ? (
                        <>
                          {' '}
                          <span className="status">{t('kind.poolBadge')}</span>
                        </>
                      ) : null}
                    </th>
                    <td dir="ltr" className="mono">
                      {office.slug}
                    </td>
                    <td>{office.district ?? '–'}</td>
                    <td>
                      <span
                        className={`status ${office.status === 'active' ? 'status-ok' : 'status-off'}`}
                      >
                        {t(`statuses.${office.status}`)}
                      </span>
                    </td>
                    <td className="num">{number(office.counsellors)}</td>
                    <td className="num">{number(office.appointmentsAhead)}</td>
                    <td>
                      <div className="row row-tight">
                        <Link
                          to={`/platform/offices/${office.id}`}
                          className="btn btn-small"
                          aria-label={t('offices.editLabel', { name: nameOf(office) })}
                        >
                          {t('offices.edit')}
                        </Link>
                        <OfficeStatusButton
                          office={office}
                          onDone={statusChanged}
                          onError={(error) => {
                            setDone(null);
                            setFailure(error);
                          }}
                        />
                      </div>
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
