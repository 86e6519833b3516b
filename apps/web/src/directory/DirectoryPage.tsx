import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { request } from '../api/client';
import type { Channel, CrossOfficeSearchResponse, PublicOffice, PublicTopic } from '../api/types';
import { SPOKEN_LANGUAGES, spokenLanguageOf } from '../i18n/languages';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { browserZone, useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';

const CHANNELS: Channel[] = ['video', 'audio', 'phone'];

interface Filters {
  language: string;
  topic: string;
  channel: string;
  district: string;
}

/** The page of one office, with a type chosen where the directory named one. */
export function officeLink(slug: string, typeId?: string): string {
  return `/o/${encodeURIComponent(slug)}${typeId ? `?type=${encodeURIComponent(typeId)}` : ''}`;
}

/**
 * The city's directory: every active office with matching counselling and its next free time, by
 * language, topic, channel and district, and the earliest time of any office.
 */
export function DirectoryPage() {
  const { t, i18n } = useTranslation('directory');
  usePageTitle(t('title'));
  const format = useFormat();
  const language = i18n.language;
  const [zone] = useState(browserZone);
  const [filters, setFilters] = useState<Filters>({
    language: '',
    topic: '',
    channel: '',
    district: '',
  });
  const set = (name: keyof Filters) => (event: { target: { value: string } }) =>
    setFilters((current) => ({ ...current, [name]: event.target.value }));

  const topics = useQuery({
    queryKey: ['topics', language],
    queryFn: ({ signal }) =>
      request<PublicTopic[]>('/api/public/topics', { query: { language }, signal }),
    staleTime: 5 * 60_000,
  });
  const offices = useQuery({
    queryKey: ['offices', language],
    queryFn: ({ signal }) =>
      request<PublicOffice[]>('/api/public/offices', { query: { language }, signal }),
    staleTime: 5 * 60_000,
  });
  const search = useQuery({
    queryKey: ['cross-office-search', filters, language, zone],
    queryFn: ({ signal }) =>
      request<CrossOfficeSearchResponse>('/api/public/search', {
        // Empty filters are left out of the query.
        query: { ...filters, displayLanguage: language, timeZone: zone },
        signal,
      }),
    staleTime: 30_000,
    // A changed filter keeps the cards in place until the new answer is there (no flicker).
    placeholderData: keepPreviousData,
  });
  const districts = [
    ...new Set(
      (offices.data ?? []).flatMap((office) => (office.district ? [office.district] : [])),
    ),
  ].sort((a, b) => a.localeCompare(b, language));
  const earliest = search.data?.earliest ?? null;
  const spoken = spokenLanguageOf(language);
  const myLanguage = SPOKEN_LANGUAGES.some((candidate) => candidate.code === spoken)
    ? spoken
    : 'de';

  return (
    <section className="directory stack">
      <div className="card stack">
        <h1>{t('title')}</h1>
        <p>{t('intro')}</p>
        <form
          className="directory-filters"
          aria-label={t('filters.label')}
          onSubmit={(event) => event.preventDefault()}
        >
          <Field label={t('filters.language')}>
            <select value={filters.language} onChange={set('language')}>
              <option value="">{t('filters.anyLanguage')}</option>
              {SPOKEN_LANGUAGES.map((candidate) => (
                <option key={candidate.code} value={candidate.code} lang={candidate.code}>
                  {candidate.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('filters.topic')}>
            <select value={filters.topic} onChange={set('topic')}>
              <option value="">{t('filters.anyTopic')}</option>
              {(topics.data ?? []).map((topic) => (
                <option key={topic.code} value={topic.code}>
                  {topic.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('filters.channel')}>
            <select value={filters.channel} onChange={set('channel')}>
              <option value="">{t('filters.anyChannel')}</option>
              {CHANNELS.map((channel) => (
                <option key={channel} value={channel}>
                  {t(`common:channel.${channel}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('filters.district')}>
            <select value={filters.district} onChange={set('district')}>
              <option value="">{t('filters.anyDistrict')}</option>
              {districts.map((district) => (
                <option key={district} value={district}>
                  {district}
                </option>
              ))}
            </select>
          </Field>
        </form>
        <div className="row">
          <button
            type="button"
            className="btn btn-primary btn-large"
            onClick={() => setFilters((current) => ({ ...current, language: myLanguage }))}
          >
            {t('earliest.action')}
          </button>
        </div>
        <div aria-live="polite" className="stack">
          {earliest && filters.language ? (
            <p className="notice earliest-offer">
              {t('earliest.found', {
                when: format.dateTime(earliest.slot.start, zone),
                office: earliest.office.name,
                type: earliest.name,
              })}{' '}
              <Link to={officeLink(earliest.office.slug, earliest.consultationTypeId)}>
                {t('earliest.book')}
              </Link>
            </p>
          ) : null}
        </div>
      </div>

      <h2>{t('results.title')}</h2>
      {search.isPending ? <Loading /> : null}
      <ErrorNotice error={search.error} />
      {search.isSuccess && search.data.offices.length === 0 ? (
        <p className="notice">{t('results.none')}</p>
      ) : null}
      <ul className="office-list" aria-label={t('results.title')}>
        {(search.data?.offices ?? []).map(({ office, offers }) => {
          const next = offers
            .flatMap((offer) => (offer.next ? [{ offer, slot: offer.next }] : []))
            .sort((a, b) => Date.parse(a.slot.start) - Date.parse(b.slot.start))[0];
          return (
            <li key={office.slug} className="card office-card">
              <h3>
                <Link to={officeLink(office.slug)}>{office.name}</Link>
              </h3>
              {office.district ? (
                <p className="muted">{t('results.district', { district: office.district })}</p>
              ) : null}
              <p>
                {next
                  ? t('results.next', {
                      when: format.dateTime(next.slot.start, zone),
                      type: next.offer.name,
                    })
                  : t('results.noneFree')}
              </p>
              <Link
                className="btn"
                to={officeLink(office.slug, next?.offer.consultationTypeId)}
                aria-label={t('results.bookAt', { office: office.name })}
              >
                {t('results.book')}
              </Link>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
