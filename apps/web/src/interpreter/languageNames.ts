import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { localeOf } from '../ui/format';

/**
 * The tags without a two-letter code that the API accepts (libs/common/src/languages.ts), with the
 * name each has in its own language and the written language to mark it with (`lang`): browsers name
 * some of them (prs, kmr), none names most sign languages.
 */
export const SPECIAL_LANGUAGES: Readonly<
  Record<string, { native: string; lang: string; sign?: true }>
> = {
  prs: { native: 'دری', lang: 'fa' },
  kmr: { native: 'Kurmancî', lang: 'ku' },
  ckb: { native: 'کوردیی ناوەندی', lang: 'ckb' },
  tig: { native: 'ትግረ', lang: 'tig' },
  gsg: { native: 'Deutsche Gebärdensprache (DGS)', lang: 'de', sign: true },
  ase: { native: 'American Sign Language (ASL)', lang: 'en', sign: true },
  bfi: { native: 'British Sign Language (BSL)', lang: 'en', sign: true },
  ukl: { native: 'Українська жестова мова (УЖМ)', lang: 'uk', sign: true },
  sgn: { native: 'International Sign', lang: 'en', sign: true },
};

/**
 * Own names of the languages interpreters are most often booked for, for browsers without locale
 * data of the language itself (Chromium names Tigrinya, Pashto or Somali only in English).
 */
const NATIVE_NAMES: Readonly<Record<string, string>> = {
  am: 'አማርኛ',
  ar: 'العربية',
  bg: 'български',
  de: 'Deutsch',
  en: 'English',
  es: 'español',
  fa: 'فارسی',
  fr: 'français',
  it: 'italiano',
  ku: 'Kurdî',
  pl: 'polski',
  ps: 'پښتو',
  ro: 'română',
  ru: 'русский',
  so: 'Soomaali',
  sq: 'shqip',
  sr: 'српски',
  ti: 'ትግርኛ',
  tr: 'Türkçe',
  uk: 'українська',
  ur: 'اردو',
  vi: 'Tiếng Việt',
  zh: '中文',
};

/** Whether an interpreter for this tag signs rather than speaks. */
export function isSignLanguage(tag: string): boolean {
  return SPECIAL_LANGUAGES[tag]?.sign === true;
}

function displayName(tag: string, locale: string): string | undefined {
  try {
    return new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' }).of(tag);
  } catch {
    return undefined;
  }
}

/** The name of `tag` in its own language, if the browser has that language's locale data. */
function ownDisplayName(tag: string): string | undefined {
  try {
    const names = new Intl.DisplayNames([tag], { type: 'language', fallback: 'none' });
    // Without data for the language the browser answers in its default one: not an own name.
    if (new Intl.Locale(names.resolvedOptions().locale).language !== tag) return undefined;
    return names.of(tag);
  } catch {
    return undefined;
  }
}

/** A language's name in its own language ("ti" → "ትግርኛ"), for a client choosing it. */
export function nativeLanguageName(tag: string): string {
  const special = SPECIAL_LANGUAGES[tag];
  if (special?.sign) return special.native;
  return (
    special?.native ?? NATIVE_NAMES[tag] ?? ownDisplayName(tag) ?? displayName(tag, 'en') ?? tag
  );
}

/**
 * A language's name in the reader's language ("ti" in German → "Tigrinya"); sign languages and tags
 * the browser cannot name keep their own name.
 */
export function languageNameIn(tag: string, uiLanguage: string): string {
  const special = SPECIAL_LANGUAGES[tag];
  if (special?.sign) return special.native;
  return displayName(tag, localeOf(uiLanguage)) ?? special?.native ?? tag;
}

/** The value for a `lang` attribute on a language's own name. */
export function langAttribute(tag: string): string {
  return SPECIAL_LANGUAGES[tag]?.lang ?? tag;
}

export interface LanguageLabel {
  tag: string;
  /** In its own language. */
  native: string;
  /** In the reader's language; null when it is the same as `native`. */
  translated: string | null;
  lang: string;
}

/** A language as a client sees it in a choice: its own name, and the reader's name for it if other. */
export function languageLabel(tag: string, uiLanguage: string): LanguageLabel {
  const native = nativeLanguageName(tag);
  const translated = languageNameIn(tag, uiLanguage);
  return {
    tag,
    native,
    translated: translated.toLocaleLowerCase() === native.toLocaleLowerCase() ? null : translated,
    lang: langAttribute(tag),
  };
}

/** `languageNameIn` for the UI language of the page. */
export function useSpokenLanguageName(): (tag: string) => string {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const language = i18n.language;
    return (tag: string) => languageNameIn(tag, language);
  }, [i18n.language]);
}
