import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useEffect } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError, request } from '../api/client';
import type { PublicOffice } from '../api/types';
import { NotFoundPage } from '../app/NotFoundPage';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { SignLanguageIcon } from './icons';

/** Paragraphs of each section, in the order of easy.json. */
const SECTIONS = [
  { key: 'what', lines: 4 },
  { key: 'book', lines: 8 },
  { key: 'video', lines: 6 },
] as const;

/** Addresses a <video> element can play itself; anything else (a video platform's page) is linked. */
export function isVideoFile(url: string): boolean {
  try {
    const { protocol, pathname } = new URL(url);
    return protocol === 'https:' && /\.(mp4|m4v|webm|ogv|ogg|mov)$/i.test(pathname);
  } catch {
    return false;
  }
}

/**
 * /o/<slug>/leichte-sprache: what the office does, how to book, how the call works and what
 * happens to one's data, in Leichte Sprache, with the office's video in German Sign Language (as
 * BITV 2.0 asks of public bodies' sites). Always in Leichte Sprache, whatever the page language:
 * its texts are the `easy` namespace of `de-x-ls`, and the article is marked lang="de".
 */
export default function EasyLanguagePage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation('easy', { lng: 'de-x-ls' });
  const { hash } = useLocation();
  usePageTitle(t('title'));
  const office = useQuery({
    queryKey: ['office', slug, 'de'],
    queryFn: ({ signal }) =>
      request<PublicOffice>(`/api/public/offices/${encodeURIComponent(slug)}`, {
        query: { language: 'de' },
        signal,
      }),
    staleTime: 5 * 60_000,
  });
  const loaded = office.isSuccess;
  // The footer's "Gebärdensprache" link opens this page at the video.
  useEffect(() => {
    if (loaded && hash === '#gebaerdensprache')
      document.getElementById('gebaerdensprache')?.scrollIntoView();
  }, [loaded, hash]);
  if (office.isPending) return <Loading />;
  if (office.error instanceof ApiError && office.error.status === 404) return <NotFoundPage />;
  if (!office.data) return <ErrorNotice error={office.error} />;
  const { data } = office;
  const home = `/o/${encodeURIComponent(data.slug)}`;
  const video = data.signLanguageVideoUrl;
  return (
    <article className="easy-language card stack narrow" lang="de" dir="ltr">
      <h1>{t('title')}</h1>
      <p>{t('intro', { office: data.name })}</p>
      <section className="stack" aria-labelledby="easy-sign" id="gebaerdensprache">
        <h2 id="easy-sign">
          <SignLanguageIcon /> {t('sign.title')}
        </h2>
        {video && isVideoFile(video) ? (
          <>
            <p>{t('sign.video')}</p>
            <video
              className="sign-language-video"
              src={video}
              controls
              preload="metadata"
              playsInline
              aria-label={t('sign.title')}
              data-testid="sign-language-video"
            >
              {t('sign.unsupported')}
            </video>
          </>
        ) : video && video.startsWith('https://') ? (
          <p>
            <a href={video} rel="noopener noreferrer" data-testid="sign-language-link">
              {t('sign.link')}
            </a>
          </p>
        ) : (
          <p>{t('sign.none')}</p>
        )}
      </section>
      {SECTIONS.map(({ key, lines }) => (
        <section key={key} className="stack" aria-labelledby={`easy-${key}`}>
          <h2 id={`easy-${key}`}>{t(`${key}.title`)}</h2>
          {Array.from({ length: lines }, (_, i) => (
            <p key={i}>{t(`${key}.${i + 1}`)}</p>
          ))}
        </section>
      ))}
      <section className="stack" aria-labelledby="easy-privacy">
        <h2 id="easy-privacy">{t('privacy.title')}</h2>
        <p>{t('privacy.1')}</p>
        <p>{t('privacy.2')}</p>
        <p>{t('privacy.3')}</p>
        <p>{t('privacy.4', { count: data.privacy.retentionDays })}</p>
        <p>
          <Link to={`${home}/privacy`}>{t('privacy.more')}</Link>
        </p>
      </section>
      {data.contact.email || data.contact.phone ? (
        <section className="stack">
          <p>{t('contact')}</p>
          <ul>
            {data.contact.phone ? (
              <li>
                <a href={`tel:${data.contact.phone}`} dir="ltr">
                  {data.contact.phone}
                </a>
              </li>
            ) : null}
            {data.contact.email ? (
              <li>
                <a href={`mailto:${data.contact.email}`} dir="ltr">
                  {data.contact.email}
                </a>
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}
      <Link to={home} className="btn btn-primary">
        {t('bookNow')}
      </Link>
    </article>
  );
}
