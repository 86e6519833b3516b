import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_NAMESPACES,
  EASY_NAMESPACE,
  LANGUAGES,
  NAMESPACES,
  STAFF_LANGUAGES,
  STAFF_ONLY_KEYS,
  hasTexts,
} from './languages';
import status from './translation-status.json';

type Tree = { [key: string]: string | Tree };

const PLURAL = /_(zero|one|two|few|many|other)$/;

const file = (language: string, namespace: string) =>
  new URL(`./locales/${language}/${namespace}.json`, import.meta.url);

function load(language: string, namespace: string): Tree {
  return JSON.parse(readFileSync(file(language, namespace), 'utf8')) as Tree;
}

/** key → text, plural forms folded into their base key (each language has its own forms). */
function flatten(tree: Tree, prefix = ''): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') {
      const base = `${prefix}${key.replace(PLURAL, '')}`;
      out.set(base, [...(out.get(base) ?? []), value]);
    } else {
      for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
    }
  }
  return out;
}

/** base key → the plural categories it has (["one", "other"]), for plural keys only. */
function pluralForms(tree: Tree, prefix = ''): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') {
      const match = PLURAL.exec(key);
      if (!match) continue;
      const base = `${prefix}${key.slice(0, match.index)}`;
      out.set(base, [...(out.get(base) ?? []), match[1]].sort());
    } else {
      for (const [k, v] of pluralForms(value, `${prefix}${key}.`)) out.set(k, v);
    }
  }
  return out;
}

const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

/** Keys of staff screens inside a client namespace: new languages may leave them to English. */
const isStaffKey = (namespace: string, key: string) =>
  ((STAFF_ONLY_KEYS as Record<string, readonly string[]>)[namespace] ?? []).some((prefix) =>
    key.startsWith(`${prefix}.`),
  );

const STAFF = STAFF_LANGUAGES as readonly string[];

describe('translations', () => {
  for (const namespace of NAMESPACES) {
    const german = flatten(load('de', namespace));
    const english = flatten(load('en', namespace));
    for (const { code } of LANGUAGES.filter((language) => language.code !== 'de')) {
      if (!hasTexts(code, namespace)) continue;
      it(`${code}/${namespace}.json has every text of German, with the same placeholders`, () => {
        const texts = flatten(load(code, namespace));
        // The languages staff work in have every text; the others every client text.
        const expected = [...german.keys()].filter(
          (key) => STAFF.includes(code) || !isStaffKey(namespace, key),
        );
        const extra = [...texts.keys()].filter((key) => !german.has(key));
        expect(extra, `${code}/${namespace}: keys German does not have`).toEqual([]);
        expect([...texts.keys()].filter((key) => expected.includes(key)).sort()).toEqual(
          expected.sort(),
        );
        for (const [key, [source]] of english) {
          for (const text of texts.get(key) ?? []) {
            // A plural form may leave out the count ("one minute"), but never add a placeholder.
            const allowed = new Set(placeholders(source));
            for (const name of placeholders(text))
              expect(allowed, `${code} ${key}`).toContain(name);
            if ((texts.get(key) ?? []).length === 1 && (english.get(key) ?? []).length === 1) {
              expect(placeholders(text), `${code} ${namespace}:${key}`).toEqual(
                placeholders(source),
              );
            }
          }
        }
      });
    }
  }

  it('gives every plural text exactly the forms i18next asks for in its language', () => {
    for (const { code } of LANGUAGES) {
      // What i18next uses: Intl's plural categories of the language ("ar": six, "fr": three).
      const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
      const wanted = [...categories].sort();
      for (const namespace of NAMESPACES) {
        if (!hasTexts(code, namespace)) continue;
        const english = pluralForms(load('en', namespace));
        const forms = pluralForms(load(code, namespace));
        for (const [key, found] of forms) {
          expect(english.has(key), `${code} ${namespace}:${key} is not plural in English`).toBe(
            true,
          );
          expect(found, `${code} ${namespace}:${key}`).toEqual(wanted);
        }
      }
    }
  });

  it('has no empty text in any language', () => {
    for (const { code } of LANGUAGES) {
      for (const namespace of [...NAMESPACES, EASY_NAMESPACE]) {
        if (!hasTexts(code, namespace)) continue;
        for (const [key, values] of flatten(load(code, namespace))) {
          for (const value of values)
            expect(value.trim(), `${code} ${namespace}:${key}`).not.toBe('');
        }
      }
    }
  });

  it('has a file wherever the app will ask for one, and none it never asks for', () => {
    for (const { code } of LANGUAGES) {
      for (const namespace of [...NAMESPACES, EASY_NAMESPACE]) {
        expect(existsSync(file(code, namespace)), `${code}/${namespace}.json`).toBe(
          hasTexts(code, namespace),
        );
      }
    }
  });

  it('says for every language and client text whether people reviewed it', () => {
    const statuses = status as Record<string, Record<string, string>>;
    for (const { code } of LANGUAGES) {
      for (const namespace of CLIENT_NAMESPACES) {
        expect(['reviewed', 'machine'], `${code} ${namespace}`).toContain(
          statuses[code]?.[namespace],
        );
      }
    }
  });

  it('writes Leichte Sprache in its own words, not as a copy of German', () => {
    for (const namespace of CLIENT_NAMESPACES) {
      const german = flatten(load('de', namespace));
      const easy = flatten(load('de-x-ls', namespace));
      const sentences = [...easy.values()].flat().filter((text) => /\p{L}[.!?] \p{L}/u.test(text));
      const copied = sentences.filter((text) =>
        [...german.values()].some((source) => source.includes(text)),
      );
      // Longer texts (two sentences or more) are rewritten; a short label may well stay the same.
      expect(copied, `de-x-ls/${namespace}`).toEqual([]);
    }
  });
});
