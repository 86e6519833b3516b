import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { NotFoundPage } from '../app/NotFoundPage';
import { isLanguage } from '../i18n/languages';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { findByKey } from './links';
import { useShareLinks } from './useShareLinks';

/**
 * A shared link (/s/<office>/<lang>[/<type key> | /walk-in/<hour key>]) opens the page it names
 * in its language: the office's booking page, with the type chosen, or the walk-in hour. The
 * server has already answered crawlers with the link's preview card.
 */
export default function SharedLinkPage() {
  const { slug = '', lang = '', '*': rest = '' } = useParams();
  const { i18n } = useTranslation();
  const language = isLanguage(lang) ? lang : null;
  // Opened inside the app (not as the first page): the language follows the link, unsaved.
  useEffect(() => {
    if (language && i18n.language !== language) void i18n.changeLanguage(language);
  }, [language, i18n]);
  const parts = rest.split('/').filter(Boolean);
  const needsLinks = parts.length > 0;
  const links = useShareLinks(needsLinks && language ? slug : undefined, language ?? 'de');
  if (!language || parts.length > 2) return <NotFoundPage />;
  const office = `/o/${encodeURIComponent(slug)}`;
  if (!needsLinks) return <Navigate replace to={`${office}?lang=${language}`} />;
  if (links.isPending) return <Loading />;
  if (links.error instanceof ApiError && links.error.status === 404) return <NotFoundPage />;
  if (!links.data) return <ErrorNotice error={links.error} />;
  if (parts[0] === 'walk-in' && parts.length === 2) {
    const hour = findByKey(links.data.walkInHours, parts[1]);
    return hour ? (
      <Navigate replace to={`/walk-in/${hour.id}?lang=${language}`} />
    ) : (
      <NotFoundPage />
    );
  }
  const type = parts.length === 1 ? findByKey(links.data.types, parts[0]) : undefined;
  return type ? (
    <Navigate replace to={`${office}?type=${type.id}&lang=${language}`} />
  ) : (
    <NotFoundPage />
  );
}
