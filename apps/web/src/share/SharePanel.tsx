import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { components } from '../api/openapi';
import { useSession } from '../auth/session';
import { LANGUAGES, isLanguage, type LanguageCode } from '../i18n/languages';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { QrCode } from './QrCode';
import { ShareButtons } from './ShareButtons';
import { useShareLinks } from './useShareLinks';

type OfficeSettings = components['schemas']['OfficeSettingsResponseDto'];

/**
 * The admin's share panel (/admin/share): pick what to share (the office, a type or a walk-in
 * hour) and the language of the link; get the short link, the share buttons, its QR code, the
 * preview the groups will show, and the office's printable poster in that language. The choice
 * lives in the address (?language=ar&hour=…), so the walk-in hour page can link here preset.
 */
export function SharePanel() {
  const { t } = useTranslation('share');
  usePageTitle(t('panel.title'));
  const { call } = useSession();
  const [params, setParams] = useSearchParams();
  const ids = { language: useId(), target: useId() };
  const office = useQuery({
    queryKey: ['admin', 'office'],
    queryFn: () => call<OfficeSettings>('/api/office'),
  });
  const requested = params.get('language');
  const language: LanguageCode = isLanguage(requested) ? requested : 'de';
  const links = useShareLinks(office.data?.slug, language);
  // The message goes with the link, so it is in the link's language, not the admin's.
  const { t: inLink } = useTranslation('share', { lng: language });
  if (office.isPending || (office.data && links.isPending)) return <Loading />;
  if (!office.data || !links.data) return <ErrorNotice error={office.error ?? links.error} />;

  const data = links.data;
  const target = params.get('hour')
    ? `hour:${params.get('hour')}`
    : params.get('type')
      ? `type:${params.get('type')}`
      : 'office';
  const chosen =
    data.walkInHours.find((hour) => target === `hour:${hour.id}`) ??
    data.types.find((type) => target === `type:${type.id}`);
  const url = chosen?.url ?? data.office.url;
  const text = chosen
    ? inLink(data.walkInHours.includes(chosen) ? 'text.walkIn' : 'text.type', {
        name: chosen.name,
        office: data.office.name,
      })
    : inLink('text.office', { office: data.office.name });
  const preview = chosen
    ? `${ownPath(data.previewUrl)}&${data.walkInHours.includes(chosen) ? 'hour' : 'type'}=${encodeURIComponent(chosen.key)}`
    : ownPath(data.previewUrl);
  // From the address bar, not this render's parameters: a change of language renders in a
  // transition (its texts load) while the old screen stays, and a choice made meanwhile must not
  // undo it.
  const choose = (next: { language?: string; target?: string }) =>
    setParams(
      () => {
        const query = new URLSearchParams(window.location.search);
        if (next.language) query.set('language', next.language);
        if (next.target !== undefined) {
          query.delete('hour');
          query.delete('type');
          if (next.target.startsWith('hour:')) query.set('hour', next.target.slice(5));
          if (next.target.startsWith('type:')) query.set('type', next.target.slice(5));
        }
        return query;
      },
      { replace: true },
    );

  return (
    <section className="stack">
      <h1>{t('panel.title')}</h1>
      <p className="field-hint">{t('panel.hint')}</p>
      <div className="card stack">
        <div className="row">
          <label htmlFor={ids.target}>{t('panel.what')}</label>
          <select
            id={ids.target}
            value={target}
            onChange={(event) => choose({ target: event.target.value })}
          >
            <option value="office">{t('panel.wholeOffice', { office: data.office.name })}</option>
            {data.types.length > 0 ? (
              <optgroup label={t('panel.types')}>
                {data.types.map((type) => (
                  <option key={type.id} value={`type:${type.id}`}>
                    {type.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {data.walkInHours.length > 0 ? (
              <optgroup label={t('panel.walkInHours')}>
                {data.walkInHours.map((hour) => (
                  <option key={hour.id} value={`hour:${hour.id}`}>
                    {hour.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
          <label htmlFor={ids.language}>{t('panel.language')}</label>
          <select
            id={ids.language}
            value={language}
            onChange={(event) => choose({ language: event.target.value })}
          >
            {LANGUAGES.map(({ code, name }) => (
              <option key={code} value={code} lang={code}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <p className="share-link">
          <a href={url} dir="ltr">
            {url}
          </a>
        </p>
        <ShareButtons url={url} text={text} title={t('panel.buttons')} />
      </div>
      <div className="card stack">
        <h2>{t('panel.qr')}</h2>
        <QrCode
          link={url}
          fileName={`qr-${office.data.slug}-${language}.svg`}
          alt={t('panel.qrAlt', { link: url })}
          downloadLabel={t('panel.qrDownload')}
        />
      </div>
      <div className="card stack">
        <h2>{t('panel.preview')}</h2>
        <p className="field-hint">{t('panel.previewHint')}</p>
        <img
          className="share-preview"
          src={preview}
          width={600}
          height={315}
          alt={t('panel.previewAlt')}
          loading="lazy"
        />
      </div>
      <div className="card stack">
        <h2>{t('panel.poster')}</h2>
        <p className="field-hint">{t('panel.posterHint')}</p>
        <p>
          <a
            className="btn"
            href={ownPath(data.posterUrl)}
            download={`poster-${office.data.slug}-${language}.pdf`}
          >
            {t('panel.posterDownload', {
              language: LANGUAGES.find((l) => l.code === language)?.name,
            })}
          </a>
        </p>
      </div>
    </section>
  );
}

/** An API address of ours as a path: the page's own origin serves it (CSP img-src 'self'). */
function ownPath(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}
