import i18next from 'i18next';
import resourcesToBackend from 'i18next-resources-to-backend';
import { initReactI18next } from 'react-i18next';
import { linkLanguage } from '../share/links';
import { addScriptFonts } from './fonts';
import {
  FALLBACK_LANGUAGES,
  LANGUAGES,
  directionOf,
  hasTexts,
  htmlLangOf,
  initialLanguage,
  type LanguageCode,
} from './languages';

const STORAGE_KEY = 'sprechstunde.language';

/** Applies lang and dir to <html>, so the whole layout (logical CSS properties) follows. */
function applyToDocument(language: string): void {
  document.documentElement.lang = htmlLangOf(language);
  document.documentElement.dir = directionOf(language);
}

/**
 * i18next with one JSON file per language and area, loaded on demand (a client who books in Arabic
 * downloads the Arabic booking texts only). Staff areas exist in fewer languages (hasTexts): there
 * the others show English (Leichte Sprache: German) without asking for a file that is not there.
 */
export async function setUpI18n(): Promise<typeof i18next> {
  let saved: string | null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    saved = null;
  }
  // A shared link's language (/s/<office>/ar, ?lang=ar) wins for this visit, unsaved.
  const language = initialLanguage(
    linkLanguage(window.location) ?? saved,
    navigator.languages ?? [navigator.language],
  );
  addScriptFonts();
  applyToDocument(language);
  i18next.on('languageChanged', applyToDocument);
  await i18next
    .use(
      resourcesToBackend((lng: string, ns: string) =>
        hasTexts(lng, ns)
          ? (import(`./locales/${lng}/${ns}.json`) as Promise<object>)
          : Promise.resolve({}),
      ),
    )
    .use(initReactI18next)
    .init({
      lng: language,
      fallbackLng: FALLBACK_LANGUAGES,
      ns: ['common'],
      defaultNS: 'common',
      supportedLngs: LANGUAGES.map((l) => l.code),
      interpolation: { escapeValue: false },
      returnNull: false,
      react: { useSuspense: true },
    });
  return i18next;
}

export async function changeLanguage(language: LanguageCode): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  await i18next.changeLanguage(language);
}
