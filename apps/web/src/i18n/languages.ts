/**
 * The languages the app speaks: the office's languages and those most often needed in Berlin's
 * migration counselling. Tags are BCP 47: `prs` is Dari (not `fa`: Afghan vocabulary and forms),
 * `kmr` Kurmanji (Northern Kurdish, Latin script), `ti` Tigrinya (Ge'ez script) and `de-x-ls`
 * Leichte Sprache, easy-to-read German (a private-use subtag: there is no registered one).
 *
 * `lang` is what <html lang> and `lang` attributes say. For Leichte Sprache it is "de": screen
 * readers choose their voice by the primary subtag, and several (NVDA's and TalkBack's language
 * detection among them) do not strip private-use subtags reliably, so "de-x-ls" risked an
 * English voice reading German. Leichte Sprache is German, just simpler; nothing is lost.
 */
export const LANGUAGES = [
  { code: 'de', name: 'Deutsch', dir: 'ltr', lang: 'de' },
  { code: 'de-x-ls', name: 'Leichte Sprache', dir: 'ltr', lang: 'de' },
  { code: 'en', name: 'English', dir: 'ltr', lang: 'en' },
  { code: 'ar', name: 'العربية', dir: 'rtl', lang: 'ar' },
  { code: 'fa', name: 'فارسی', dir: 'rtl', lang: 'fa' },
  { code: 'prs', name: 'دری', dir: 'rtl', lang: 'prs' },
  { code: 'ps', name: 'پښتو', dir: 'rtl', lang: 'ps' },
  { code: 'uk', name: 'Українська', dir: 'ltr', lang: 'uk' },
  { code: 'ru', name: 'Русский', dir: 'ltr', lang: 'ru' },
  { code: 'tr', name: 'Türkçe', dir: 'ltr', lang: 'tr' },
  { code: 'kmr', name: 'Kurmancî', dir: 'ltr', lang: 'kmr' },
  { code: 'ti', name: 'ትግርኛ', dir: 'ltr', lang: 'ti' },
  { code: 'fr', name: 'Français', dir: 'ltr', lang: 'fr' },
] as const;

export type LanguageCode = (typeof LANGUAGES)[number]['code'];

export const NAMESPACES = [
  'common',
  'booking',
  'manage',
  'video',
  'staff',
  'admin',
  'availability',
  'directory',
  'platform',
  'walkin',
  'waitlist',
  'share',
  'messengers',
  'conversation',
  'interpreter',
  'survey',
] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** What clients read: these exist in every language. */
export const CLIENT_NAMESPACES = [
  'common',
  'booking',
  'manage',
  'video',
  'directory',
  'walkin',
  'waitlist',
  'share',
  'messengers',
  'conversation',
  'survey',
] as const satisfies readonly Namespace[];

/** The texts of the "Information in Leichte Sprache" page (de-x-ls/easy.json only). */
export const EASY_NAMESPACE = 'easy';

/**
 * Staff pages (console, office and platform administration, availability) are translated into the
 * languages staff work in; in the others they show English (German for Leichte Sprache).
 */
export const STAFF_LANGUAGES = ['de', 'en', 'ar', 'fa', 'uk', 'ru', 'tr'] as const;

/**
 * Staff screens whose texts live in a client namespace (the walk-in console, the share panel, the
 * staff login, the interpreter's call page): in languages staff do not work in, they show English like the staff pages.
 */
export const STAFF_ONLY_KEYS: Partial<Record<Namespace, readonly string[]>> = {
  common: ['nav', 'login', 'password'],
  walkin: ['console', 'followUp', 'admin', 'statistics'],
  share: ['panel'],
  // The counsellor's guest invitations and the interpreter's own call page.
  video: ['guests', 'interpreterCall'],
};

/** Whether `language` has its own file for `namespace` (else i18next falls back without asking). */
export function hasTexts(language: string, namespace: string): boolean {
  // The "Information in Leichte Sprache" page: in Leichte Sprache only, whatever the page language.
  if (namespace === EASY_NAMESPACE) return language === 'de-x-ls';
  return (
    (CLIENT_NAMESPACES as readonly string[]).includes(namespace) ||
    (STAFF_LANGUAGES as readonly string[]).includes(language)
  );
}

/**
 * Safety net only: every client text exists in every language (locales.spec.ts). Leichte Sprache
 * readers read German more easily than English.
 */
export const FALLBACK_LANGUAGES = { 'de-x-ls': ['de', 'en'], default: ['en', 'de'] };

/**
 * The languages a client can ask to be counselled in: every page language but Leichte Sprache,
 * which one reads, not speaks (its readers speak German with the counsellor).
 */
export const SPOKEN_LANGUAGES = LANGUAGES.filter((language) => language.code !== 'de-x-ls');

/** The spoken language of a page language (Leichte Sprache → German). */
export function spokenLanguageOf(code: string): string {
  return code === 'de-x-ls' ? 'de' : code;
}

export function isLanguage(code: string | null | undefined): code is LanguageCode {
  return LANGUAGES.some((language) => language.code === code);
}

export function directionOf(code: string): 'ltr' | 'rtl' {
  return LANGUAGES.find((language) => language.code === code)?.dir ?? 'ltr';
}

/** The `lang` attribute for a language of the app (see above for Leichte Sprache). */
export function htmlLangOf(code: string): string {
  return LANGUAGES.find((language) => language.code === code)?.lang ?? code;
}

/**
 * The browser's first preferred language we speak ("ar-SY" counts as "ar", "fa-AF" as Dari),
 * else German. An explicit choice (saved by the language switcher) wins.
 */
export function initialLanguage(saved: string | null, preferred: readonly string[]): LanguageCode {
  if (isLanguage(saved)) return saved;
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower === 'fa-af') return 'prs';
    if (lower === 'ku' || lower.startsWith('ku-')) return 'kmr';
    const base = lower.split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'de';
}
