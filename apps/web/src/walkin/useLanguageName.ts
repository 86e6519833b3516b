import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { localeOf } from '../ui/format';

/** A language's name in the UI language ("fa" → "Persisch"), the code if the browser has none. */
export function useLanguageName(): (code: string) => string {
  const { i18n } = useTranslation();
  return useMemo(() => {
    let names: Intl.DisplayNames | null;
    try {
      names = new Intl.DisplayNames([localeOf(i18n.language)], { type: 'language' });
    } catch {
      names = null;
    }
    return (code: string) => {
      try {
        return names?.of(code) ?? code;
      } catch {
        return code;
      }
    };
  }, [i18n.language]);
}
