import { checkedCatalogues, CLIENT_LANGUAGES, type ClientLanguageCode } from '@app/common';
import ar from './locales/ar.json' with { type: 'json' };
import deXLs from './locales/de-x-ls.json' with { type: 'json' };
import de from './locales/de.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };
import fa from './locales/fa.json' with { type: 'json' };
import fr from './locales/fr.json' with { type: 'json' };
import kmr from './locales/kmr.json' with { type: 'json' };
import prs from './locales/prs.json' with { type: 'json' };
import ps from './locales/ps.json' with { type: 'json' };
import ru from './locales/ru.json' with { type: 'json' };
import ti from './locales/ti.json' with { type: 'json' };
import tr from './locales/tr.json' with { type: 'json' };
import uk from './locales/uk.json' with { type: 'json' };
import status from './translation-status.json' with { type: 'json' };
import type { NotificationCatalogue, NotificationTexts } from './types.js';

export * from './staff.js';
export type * from './types.js';

/** German is the base file: the compiler checks it against the schema, the others are checked against it. */
const BASE: NotificationCatalogue = de;

export type TranslationState = 'reviewed' | 'machine';
/** Per language and component ("notifications", "messengers"): reviewed by a person, or machine-quality. */
export const TRANSLATION_STATUS: Record<
  string,
  Record<string, TranslationState>
> = status as Record<string, Record<string, TranslationState>>;

const CATALOGUES = checkedCatalogues('notification', BASE, {
  de,
  en,
  ar,
  fa,
  uk,
  ru,
  tr,
  prs,
  ps,
  ti,
  kmr,
  fr,
  'de-x-ls': deXLs,
} satisfies Record<ClientLanguageCode, unknown>);

export type NotificationLanguage = ClientLanguageCode;

/** Every client language's texts, with the direction from CLIENT_LANGUAGES and the review status. */
export const CLIENT_TEXTS = Object.fromEntries(
  CLIENT_LANGUAGES.map((language) => [
    language.code,
    {
      ...CATALOGUES[language.code],
      direction: language.dir,
      machineTranslated: TRANSLATION_STATUS[language.code]?.notifications !== 'reviewed',
    },
  ]),
) as Record<NotificationLanguage, NotificationTexts>;

/**
 * The client's language when we have texts in it, else English (newcomers read it more often than
 * German). Every client language has complete texts: Dari gets Dari, not Persian.
 */
export function clientLanguage(language: string): NotificationLanguage {
  return Object.hasOwn(CLIENT_TEXTS, language) ? (language as NotificationLanguage) : 'en';
}

/** Fills {placeholders}; a placeholder without a value is a programming error. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`No value for {${name}} in "${template}"`);
    return String(values[name]);
  });
}
