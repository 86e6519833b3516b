import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFieldTexts } from '../api/errors';

/** The fields a 400 answer names, each with the admin area's own text for that field. */
export function useFieldErrors(error: unknown): Record<string, string> {
  return useFieldTexts(error, 'admin');
}

export { ConfirmButton, Dialog } from '../ui/ConfirmButton';

/** A polite live message after a successful save ("Saved."). */
export function SuccessNotice({ message }: { message: string | null }) {
  return (
    <div role="status" aria-live="polite">
      {message ? <p className="notice notice-success">{message}</p> : null}
    </div>
  );
}

export { useWeekdays } from '../ui/weekdays';

/** Language names in the UI language ("ar" → "Arabisch"), the code if the browser does not know it. */
export function useLanguageName(): (code: string) => string {
  const { i18n } = useTranslation();
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([i18n.language], { type: 'language' });
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
}

/** A table's scroll box: on a phone it scrolls sideways, so it is focusable and named for keyboards. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** A left-to-right value (a zone, a code) inside a sentence that may run right to left. */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
