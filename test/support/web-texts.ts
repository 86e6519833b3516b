import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Tree = { [key: string]: string | Tree };

/**
 * The web app's own texts, so browser tests find controls by what a user of that language reads
 * (and fail when a translation is missing).
 */
export function texts(
  language: string,
  namespace: string,
): (key: string, values?: Record<string, string>) => string {
  const tree = JSON.parse(
    readFileSync(
      join(process.cwd(), 'apps/web/src/i18n/locales', language, `${namespace}.json`),
      'utf8',
    ),
  ) as Tree;
  return (key, values = {}) => {
    let node: string | Tree | undefined = tree;
    for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
    if (typeof node !== 'string') throw new Error(`no text ${language}/${namespace}:${key}`);
    return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => values[name] ?? '');
  };
}

/** A RegExp that matches a text with its placeholders filled by anything. */
export function pattern(text: string): RegExp {
  return new RegExp(
    text
      .split(/\{\{\s*\w+\s*\}\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*'),
  );
}
