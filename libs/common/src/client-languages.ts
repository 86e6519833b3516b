import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isSpokenLanguage, SPOKEN_LANGUAGES_WITHOUT_TWO_LETTER_CODE } from './languages.js';

/**
 * The languages of the client pages and client messages (BCP 47 tags). Not the languages spoken
 * in a consultation (those are IsSpokenLanguage's): a client reads Leichte Sprache but speaks
 * German with the counsellor.
 */
export interface ClientLanguage {
  code: string;
  /** The language's name in itself, as a language menu shows it. */
  nativeName: string;
  dir: 'ltr' | 'rtl';
  /**
   * The language WhatsApp templates are registered in for it: WhatsApp offers no template
   * language for Dari, Pashto, Tigrinya, Kurmanji or Leichte Sprache, so a message we start (outside
   * the 24-hour window) goes out in the template of `whatsappFallback` instead. Chat answers, SMS
   * and mail are always in the language itself.
   */
  whatsapp: string | null;
  /** The template language used when `whatsapp` is null (see README "Languages and translations"). */
  whatsappFallback: string;
  /**
   * Where a text is missing in this language (a consultation type's name, a web page not yet
   * translated), the next language to look in; English after it, as for every language.
   */
  fallback: string | null;
}

export const CLIENT_LANGUAGES = [
  {
    code: 'de',
    nativeName: 'Deutsch',
    dir: 'ltr',
    whatsapp: 'de',
    whatsappFallback: 'de',
    fallback: null,
  },
  {
    code: 'en',
    nativeName: 'English',
    dir: 'ltr',
    whatsapp: 'en',
    whatsappFallback: 'en',
    fallback: null,
  },
  {
    code: 'ar',
    nativeName: 'العربية',
    dir: 'rtl',
    whatsapp: 'ar',
    whatsappFallback: 'ar',
    fallback: 'en',
  },
  {
    code: 'fa',
    nativeName: 'فارسی',
    dir: 'rtl',
    whatsapp: 'fa',
    whatsappFallback: 'fa',
    fallback: 'en',
  },
  {
    code: 'uk',
    nativeName: 'Українська',
    dir: 'ltr',
    whatsapp: 'uk',
    whatsappFallback: 'uk',
    fallback: 'en',
  },
  {
    code: 'ru',
    nativeName: 'Русский',
    dir: 'ltr',
    whatsapp: 'ru',
    whatsappFallback: 'ru',
    fallback: 'en',
  },
  {
    code: 'tr',
    nativeName: 'Türkçe',
    dir: 'ltr',
    whatsapp: 'tr',
    whatsappFallback: 'tr',
    fallback: 'en',
  },
  // Dari readers read Iranian Persian: same script, nearly the same written language.
  {
    code: 'prs',
    nativeName: 'دری',
    dir: 'rtl',
    whatsapp: null,
    whatsappFallback: 'fa',
    fallback: 'fa',
  },
  // Most Pashto speakers who come to Germany are from Afghanistan, where Dari is the common
  // written language: Persian reaches more of them than English.
  {
    code: 'ps',
    nativeName: 'پښتو',
    dir: 'rtl',
    whatsapp: null,
    whatsappFallback: 'fa',
    fallback: 'fa',
  },
  // Eritrea teaches in English from secondary school on; Amharic would be wrong for many Eritreans.
  {
    code: 'ti',
    nativeName: 'ትግርኛ',
    dir: 'ltr',
    whatsapp: null,
    whatsappFallback: 'en',
    fallback: 'en',
  },
  // Kurmanji speakers come from Turkey, Syria and Iraq alike: no one of their state languages fits all.
  {
    code: 'kmr',
    nativeName: 'Kurmancî',
    dir: 'ltr',
    whatsapp: null,
    whatsappFallback: 'en',
    fallback: 'en',
  },
  {
    code: 'fr',
    nativeName: 'Français',
    dir: 'ltr',
    whatsapp: 'fr',
    whatsappFallback: 'fr',
    fallback: 'en',
  },
  // Leichte Sprache: easy-to-read German (short sentences, one idea each, terms explained).
  {
    code: 'de-x-ls',
    nativeName: 'Leichte Sprache',
    dir: 'ltr',
    whatsapp: null,
    whatsappFallback: 'de',
    fallback: 'de',
  },
] as const satisfies readonly ClientLanguage[];

export type ClientLanguageCode = (typeof CLIENT_LANGUAGES)[number]['code'];

export const CLIENT_LANGUAGE_CODES: readonly ClientLanguageCode[] = CLIENT_LANGUAGES.map(
  (language) => language.code,
);

const BY_CODE = new Map<string, ClientLanguage>(
  CLIENT_LANGUAGES.map((language) => [language.code, language]),
);

export function isClientLanguage(value: unknown): value is ClientLanguageCode {
  return typeof value === 'string' && BY_CODE.has(value);
}

/** The registry entry of a client language; undefined for any other tag. */
export function clientLanguageInfo(code: string): ClientLanguage | undefined {
  return BY_CODE.get(code);
}

/** Where to look for a text, in order: the language, its fallback, English ("prs" → prs, fa, en). */
export function clientLanguageChain(code: string): string[] {
  const chain: string[] = [];
  for (let next: string | null | undefined = code; next && !chain.includes(next);) {
    chain.push(next);
    next = BY_CODE.get(next)?.fallback;
  }
  if (!chain.includes('en')) chain.push('en');
  return chain;
}

/** The language of the WhatsApp template a message we start in this language is sent with. */
export function whatsappTemplateLanguage(code: string): string {
  const language = BY_CODE.get(code);
  return language ? (language.whatsapp ?? language.whatsappFallback) : 'en';
}

/**
 * A client's language as a request names it: one of the client languages, or any spoken language
 * (ISO 639-1, as the API always took, or one of SPOKEN_LANGUAGES_WITHOUT_TWO_LETTER_CODE). Texts we
 * have not translated into it follow clientLanguageChain: a Spanish-speaking client of a Santiago
 * office is served, with English messages, until Spanish texts exist.
 */
export function IsLanguageOfClient(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLanguageOfClient',
      validator: {
        validate: (value) => isClientLanguage(value) || isSpokenLanguage(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be an ISO 639-1 code or one of ${[...new Set([...CLIENT_LANGUAGE_CODES.filter((code) => !isSpokenLanguage(code)), ...Object.keys(SPOKEN_LANGUAGES_WITHOUT_TWO_LETTER_CODE)])].join(', ')}`,
      },
    },
    options,
  );
}

/**
 * What a translation lacks against the base file (German): keys missing or extra, a text where
 * the base has a group or the reverse, an empty text, {placeholders} not the same. Empty when the
 * translation is complete; loaders refuse to start with an incomplete one.
 */
export function translationProblems(base: unknown, translated: unknown, path = ''): string[] {
  const where = path || '(root)';
  if (typeof base === 'string') {
    if (typeof translated !== 'string') return [`${where}: not a text`];
    if (translated.trim() === '') return [`${where}: empty`];
    const wanted = placeholders(base);
    const found = placeholders(translated);
    return wanted === found ? [] : [`${where}: placeholders ${found || 'none'}, not ${wanted}`];
  }
  if (!isPlainObject(base)) return [`${where}: the base file holds neither a text nor a group`];
  if (!isPlainObject(translated)) return [`${where}: not a group`];
  const problems: string[] = [];
  for (const key of Object.keys(base)) {
    const at = path ? `${path}.${key}` : key;
    if (!(key in translated)) problems.push(`${at}: missing`);
    else problems.push(...translationProblems(base[key], translated[key], at));
  }
  for (const key of Object.keys(translated)) {
    if (!(key in base)) problems.push(`${path ? `${path}.${key}` : key}: not in the base file`);
  }
  return problems;
}

/**
 * One catalogue per language, each checked against the base: throws at start-up, naming every
 * problem, when a file is incomplete (a translation platform can commit a half-done file).
 */
export function checkedCatalogues<T>(
  name: string,
  base: T,
  files: Record<string, unknown>,
): Record<string, T> {
  const problems = Object.entries(files).flatMap(([language, file]) =>
    translationProblems(base, file).map((problem) => `${language}: ${problem}`),
  );
  if (problems.length > 0) {
    throw new Error(`The ${name} translations are incomplete:\n${problems.join('\n')}`);
  }
  return files as Record<string, T>;
}

function placeholders(text: string): string {
  return [...new Set(Array.from(text.matchAll(/\{(\w+)\}/g), (match) => match[1]))]
    .sort()
    .join(',');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
