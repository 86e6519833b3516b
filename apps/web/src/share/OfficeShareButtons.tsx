import { useTranslation } from 'react-i18next';
import { ShareButtons } from './ShareButtons';
import { useShareLinks } from './useShareLinks';

/** The office page's share buttons: its short link in the page's language (/s/<office>/<lang>). */
export function OfficeShareButtons({ office, name }: { office: string; name: string }) {
  const { t, i18n } = useTranslation('share');
  const links = useShareLinks(office, i18n.language);
  // Until the short link is known, the page's own address in this language.
  const url =
    links.data?.office.url ??
    `${window.location.origin}/o/${encodeURIComponent(office)}?lang=${i18n.language}`;
  return <ShareButtons url={url} text={t('text.office', { office: name })} />;
}
