import { useTranslation } from 'react-i18next';
import { ShareButtons } from './ShareButtons';
import { useShareLinks } from './useShareLinks';

/** The walk-in page's share buttons: the hour's short link in the page's language. */
export function WalkInShareButtons({
  hourId,
  office,
  name,
}: {
  hourId: string;
  office: string;
  name: string;
}) {
  const { t, i18n } = useTranslation('share');
  const links = useShareLinks(office, i18n.language);
  const hour = links.data?.walkInHours.find((candidate) => candidate.id === hourId);
  // Until the short link is known (or if the hour left the list), the page's own address.
  const url = hour?.url ?? `${window.location.origin}/walk-in/${hourId}?lang=${i18n.language}`;
  return <ShareButtons url={url} text={t('text.walkIn', { name })} />;
}
