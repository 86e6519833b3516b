import { ar } from './ar.js';
import { de } from './de.js';
import { en } from './en.js';
import { fa } from './fa.js';
import { ru } from './ru.js';
import { tr } from './tr.js';
import type { NotificationTexts } from './types.js';
import { uk } from './uk.js';

export * from './staff.js';
export type * from './types.js';

export const CLIENT_TEXTS = { de, en, ar, fa, uk, ru, tr } satisfies Record<
  string,
  NotificationTexts
>;
export type NotificationLanguage = keyof typeof CLIENT_TEXTS;

/** The client's language when we have texts in it, else English (newcomers read it more often than German). */
export function clientLanguage(language: string): NotificationLanguage {
  return language in CLIENT_TEXTS ? (language as NotificationLanguage) : 'en';
}

/** Fills {placeholders}; a placeholder without a value is a programming error. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`No value for {${name}} in "${template}"`);
    return String(values[name]);
  });
}
