import type { components } from '../api/openapi';
import { isLanguage, type LanguageCode } from '../i18n/languages';

/** An office's share links in one language (GET /api/public/share/links). */
export type ShareLinks = components['schemas']['ShareLinksDto'];
export type ShareLink = components['schemas']['ShareLinkDto'];

/**
 * The language a shared link asks for: /s/<office>/<lang>/… or ?lang= (the pages a share link
 * leads to). It wins over the saved choice for this visit, and is not saved: the person opened a
 * link in that language, the next visit is theirs to choose.
 */
export function linkLanguage(location: { pathname: string; search: string }): LanguageCode | null {
  const fromPath = /^\/s\/[^/]+\/([a-z]{2})(\/|$)/.exec(location.pathname)?.[1];
  if (isLanguage(fromPath)) return fromPath;
  const fromQuery = new URLSearchParams(location.search).get('lang');
  return isLanguage(fromQuery) ? fromQuery : null;
}

/**
 * The record a key of a share link names: the API builds keys as a readable slug and the id's first
 * 8 hex digits ("first-consultation-3f9a2c1b"); only the digits count, so old links survive renames.
 */
export function findByKey<T extends { id: string; key: string }>(
  records: readonly T[],
  key: string,
): T | undefined {
  const prefix = /(?:^|-)([0-9a-f]{8})$/.exec(key)?.[1];
  return records.find(
    (record) => record.key === key || (prefix !== undefined && record.id.startsWith(prefix)),
  );
}

export type SharePlatform = 'whatsapp' | 'telegram' | 'viber' | 'facebook';

/**
 * The platforms' own plain share addresses: a link, no script of theirs on our pages, nothing
 * sent anywhere until the person taps and chooses a chat.
 */
export function shareTargets(
  url: string,
  text: string,
): { platform: SharePlatform; href: string }[] {
  const both = encodeURIComponent(`${text} ${url}`);
  return [
    { platform: 'whatsapp', href: `https://wa.me/?text=${both}` },
    {
      platform: 'telegram',
      href: `https://t.me/share/url?url=${encodeURIComponent(url)}&text=${encodeURIComponent(text)}`,
    },
    { platform: 'viber', href: `viber://forward?text=${both}` },
    {
      platform: 'facebook',
      href: `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}`,
    },
  ];
}
