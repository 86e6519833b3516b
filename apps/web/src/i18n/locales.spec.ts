import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, NAMESPACES } from './languages';

type Tree = { [key: string]: string | Tree };

const PLURAL = /_(zero|one|two|few|many|other)$/;

function load(language: string, namespace: string): Tree {
  return JSON.parse(
    readFileSync(new URL(`./locales/${language}/${namespace}.json`, import.meta.url), 'utf8'),
  ) as Tree;
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

const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  for (const namespace of NAMESPACES) {
    const english = flatten(load('en', namespace));
    for (const { code } of LANGUAGES.filter((language) => language.code !== 'en')) {
      it(`${code}/${namespace}.json has every text of English, with the same placeholders`, () => {
        const texts = flatten(load(code, namespace));
        expect([...texts.keys()].sort()).toEqual([...english.keys()].sort());
        for (const [key, [source]] of english) {
          for (const text of texts.get(key) ?? []) {
            // A plural form may leave out the count ("one minute"), but never add a placeholder.
            const allowed = new Set(placeholders(source));
            for (const name of placeholders(text))
              expect(allowed, `${code} ${key}`).toContain(name);
            if (!PLURAL.test(key) && (texts.get(key) ?? []).length === 1) {
              expect(placeholders(text), `${code} ${namespace}:${key}`).toEqual(
                placeholders(source),
              );
            }
          }
        }
      });
    }
  }

  it('has no empty text in any language', () => {
    for (const { code } of LANGUAGES) {
      for (const namespace of NAMESPACES) {
        for (const [key, values] of flatten(load(code, namespace))) {
          for (const value of values)
            expect(value.trim(), `${code} ${namespace}:${key}`).not.toBe('');
        }
      }
    }
  });
});
