/**
 * The shareable links of an office, its consultation types and its walk-in hours (pure: no Nest,
 * no database). They are short and readable, and the language is part of the path, so that a link
 * posted in an Arabic Telegram group opens, and previews, in Arabic:
 *
 *   /s/<office>/<lang>                      the office's booking page
 *   /s/<office>/<lang>/<type key>           … with a consultation type chosen
 *   /s/<office>/<lang>/walk-in/<hour key>   a walk-in hour's take-a-number page
 *
 * A key is a readable slug of the English (else German) name followed by the first 8 hex digits of
 * the id ("first-consultation-3f9a2c1b"). Only the digits identify the record, so renaming a type
 * does not break links already posted; the name is there for people reading the link.
 */
import {
  CLIENT_LANGUAGE_CODES,
  clientLanguageInfo,
  isClientLanguage,
  type ClientLanguageCode,
} from '@app/common';

/** Every client language (CLIENT_LANGUAGES): a link opens the pages in it. */
export const SHARE_LANGUAGES = CLIENT_LANGUAGE_CODES;
export type ShareLanguage = ClientLanguageCode;

export const isShareLanguage = (code: unknown): code is ShareLanguage => isClientLanguage(code);

export const directionOf = (language: ShareLanguage): 'ltr' | 'rtl' =>
  clientLanguageInfo(language)?.dir ?? 'ltr';

/** The language of links and previews that name none (the app's default too). */
export const DEFAULT_SHARE_LANGUAGE: ShareLanguage = 'de';

const ID_PREFIX_LENGTH = 8;
const MAX_SLUG_LENGTH = 32;
const KEY_PATTERN = /^(?:[a-z0-9]+(?:-[a-z0-9]+)*-)?([0-9a-f]{8})$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Lower-case ASCII words joined by hyphens ("Erstberatung: Aufenthalt" → "erstberatung-aufenthalt"). */
export function slugify(text: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG_LENGTH) break;
    slug = next;
  }
  return slug;
}

/** The readable key of a type or walk-in hour in links. */
export function shareKey(name: Record<string, string>, id: string): string {
  const slug = slugify(name.en ?? name.de ?? '');
  const prefix = id.replace(/-/g, '').slice(0, ID_PREFIX_LENGTH).toLowerCase();
  return slug ? `${slug}-${prefix}` : prefix;
}

/** Whether a key (or a full id, as the office page's ?type= carries) names the record with this id. */
export function keyMatches(key: string, id: string): boolean {
  if (UUID_PATTERN.test(key)) return key.toLowerCase() === id.toLowerCase();
  const prefix = KEY_PATTERN.exec(key)?.[1];
  return prefix !== undefined && id.toLowerCase().startsWith(prefix);
}

export const isShareKey = (key: string): boolean => KEY_PATTERN.test(key) || UUID_PATTERN.test(key);

export interface ShareTarget {
  office: string;
  language: ShareLanguage;
  /** A type key (or id): the booking page with this type chosen. */
  type?: string;
  /** A walk-in hour key (or id). */
  hour?: string;
}

export function sharePath({ office, language, type, hour }: ShareTarget): string {
  const base = `/s/${encodeURIComponent(office)}/${language}`;
  if (hour !== undefined) return `${base}/walk-in/${encodeURIComponent(hour)}`;
  if (type !== undefined) return `${base}/${encodeURIComponent(type)}`;
  return base;
}

/** What a page address asks to preview: a share link, or an office or walk-in page it leads to. */
export type SharedPage =
  | { kind: 'office'; target: ShareTarget }
  /** /walk-in/<id>: the office is known once the hour is read. */
  | { kind: 'walk-in-page'; hourId: string; language: ShareLanguage };

const OFFICE_SLUG = '[a-z0-9]+(?:-[a-z0-9]+)*';
const SHARE_PATH = new RegExp(
  `^/s/(${OFFICE_SLUG})/([a-z]{2})(?:/(?:walk-in/([a-z0-9-]{1,80})|([a-z0-9-]{1,80})))?/?$`,
);
const OFFICE_PATH = new RegExp(`^/o/(${OFFICE_SLUG})/?$`);
const WALK_IN_PATH = /^\/walk-in\/([0-9a-f-]{36})\/?$/i;

/**
 * The page a path and query ask for, or null for every other page (those keep the plain
 * index.html). A language the app does not speak, or a malformed key, is no share page either.
 */
export function parseSharedPage(path: string, query: URLSearchParams): SharedPage | null {
  const share = SHARE_PATH.exec(path);
  if (share) {
    const [, office, language, hour, type] = share;
    if (!isShareLanguage(language)) return null;
    const key = hour ?? type;
    if (key !== undefined && !isShareKey(key)) return null;
    return { kind: 'office', target: { office, language, type, hour } };
  }
  const queryLanguage = query.get('lang');
  const language = isShareLanguage(queryLanguage) ? queryLanguage : DEFAULT_SHARE_LANGUAGE;
  const office = OFFICE_PATH.exec(path);
  if (office) {
    const type = query.get('type') ?? undefined;
    return {
      kind: 'office',
      target: {
        office: office[1],
        language,
        type: type !== undefined && isShareKey(type) ? type : undefined,
      },
    };
  }
  const walkIn = WALK_IN_PATH.exec(path);
  if (walkIn && UUID_PATTERN.test(walkIn[1]))
    return { kind: 'walk-in-page', hourId: walkIn[1].toLowerCase(), language };
  return null;
}
