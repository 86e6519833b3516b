/** The languages the app speaks: the office's languages and those of most newcomers. */
export const LANGUAGES = [
  { code: 'de', name: 'Deutsch', dir: 'ltr' },
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
  { code: 'fa', name: 'فارسی', dir: 'rtl' },
  { code: 'uk', name: 'Українська', dir: 'ltr' },
  { code: 'ru', name: 'Русский', dir: 'ltr' },
  { code: 'tr', name: 'Türkçe', dir: 'ltr' },
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
] as const;
export type Namespace = (typeof NAMESPACES)[number];

export function isLanguage(code: string | null | undefined): code is LanguageCode {
  return LANGUAGES.some((language) => language.code === code);
}

export function directionOf(code: string): 'ltr' | 'rtl' {
  return LANGUAGES.find((language) => language.code === code)?.dir ?? 'ltr';
}

/**
 * The browser's first preferred language we speak ("ar-SY" counts as "ar"), else German.
 * An explicit choice (saved by the language switcher) wins.
 */
export function initialLanguage(saved: string | null, preferred: readonly string[]): LanguageCode {
  if (isLanguage(saved)) return saved;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'de';
}
