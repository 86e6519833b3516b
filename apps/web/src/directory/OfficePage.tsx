import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError, request } from '../api/client';
import type { PublicOffice } from '../api/types';
import { NotFoundPage } from '../app/NotFoundPage';
import { EasyLanguageIcon } from '../easy/icons';
import { BookingPage } from '../booking/BookingPage';
import { OfficeShareButtons } from '../share/OfficeShareButtons';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { WalkInHoursSection } from '../walkin/WalkInHoursSection';

/** One active office by the slug in the address; an unknown or suspended one answers 404. */
function useOffice() {
  const { slug = '' } = useParams();
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useQuery({
    queryKey: ['office', slug, language],
    queryFn: ({ signal }) =>
      request<PublicOffice>(`/api/public/offices/${encodeURIComponent(slug)}`, {
        query: { language },
        signal,
      }),
    staleTime: 5 * 60_000,
  });
}

const notFound = (error: unknown) => error instanceof ApiError && error.status === 404;

/** An office's own booking page (/o/<slug>, shareable): its types only, its privacy notice. */
export default function OfficePage() {
  const { t } = useTranslation('directory');
  const office = useOffice();
  const [params] = useSearchParams();
  if (office.isPending) return <Loading />;
  if (notFound(office.error)) return <NotFoundPage />;
  if (!office.data) return <ErrorNotice error={office.error} />;
  const { data } = office;
  return (
    <>
      <header className="office-header card stack">
        <p className="office-name">{data.name}</p>
        {data.description ? <p>{data.description}</p> : null}
        <p className="muted">
          {[data.district, data.address ?? t('office.remoteOnly')].filter(Boolean).join(' · ')}
        </p>
        <p className="row">
          <Link to={`/o/${encodeURIComponent(data.slug)}/privacy`}>{t('office.privacyLink')}</Link>
          <Link to="/">{t('office.directoryLink')}</Link>
          <Link to={`/o/${encodeURIComponent(data.slug)}/leichte-sprache`} lang="de">
            <EasyLanguageIcon /> Leichte Sprache · Gebärdensprache
          </Link>
        </p>
        <OfficeShareButtons office={data.slug} name={data.name} />
      </header>
      <WalkInHoursSection office={data.slug} />
      <BookingPage office={data.slug} initialTypeId={params.get('type') ?? undefined} />
    </>
  );
}

/** The office's privacy notice: each office is its own data controller. */
export function OfficePrivacyPage() {
  const { t } = useTranslation('directory');
  const office = useOffice();
  usePageTitle(t('privacy.title'));
  if (office.isPending) return <Loading />;
  if (notFound(office.error)) return <NotFoundPage />;
  if (!office.data) return <ErrorNotice error={office.error} />;
  const { data } = office;
  return (
    <section className="card stack narrow">
      <h1>{t('privacy.title')}</h1>
      <p>{t('privacy.office', { office: data.name })}</p>
      <dl className="facts">
        <dt>{t('privacy.controller')}</dt>
        <dd>{data.privacy.controller || data.name}</dd>
        <dt>{t('privacy.contact')}</dt>
        <dd>{data.privacy.contact || t('privacy.noContact')}</dd>
        <dt>{t('privacy.retention')}</dt>
        <dd>{t('privacy.retentionDays', { days: data.privacy.retentionDays })}</dd>
      </dl>
      <Link to={`/o/${encodeURIComponent(data.slug)}`} className="btn btn-primary">
        {t('privacy.back')}
      </Link>
    </section>
  );
}
