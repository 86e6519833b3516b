import status from './translation-status.json';
import { CLIENT_NAMESPACES } from './languages';

export type TranslationStatus = 'reviewed' | 'machine';

/**
 * Which texts people have checked, per language and area (translation-status.json, kept beside the
 * Weblate-readable locale files and updated when a reviewer signs a namespace off).
 */
export const TRANSLATION_STATUS: Record<
  string,
  Record<string, TranslationStatus>
> = status as Record<string, Record<string, TranslationStatus>>;

/** Whether any client text of `language` is machine-quality (so the client pages say so). */
export function isMachineTranslated(language: string): boolean {
  const areas = TRANSLATION_STATUS[language];
  if (!areas) return false;
  return CLIENT_NAMESPACES.some((namespace) => areas[namespace] !== 'reviewed');
}
