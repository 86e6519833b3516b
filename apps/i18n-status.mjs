// Prints, per client language, which translation files a person has reviewed and which are still
// machine-quality: the client messages (libs/notifications/src/texts/translation-status.json, for
// the notification and messenger texts) and the web pages (apps/web/src/i18n/translation-status.json).
// Both files have the shape { "<language>": { "<file>": "reviewed" | "machine" } }. A file that is
// in a locale folder but missing from its status file is listed as "unknown" (`--strict`: exit 1).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const parts = [
  {
    name: 'messages',
    status: 'libs/notifications/src/texts/translation-status.json',
    // component → folder of <language>.json files
    files: {
      notifications: 'libs/notifications/src/texts/locales',
      messengers: 'libs/messengers/src/locales',
    },
  },
  {
    name: 'web',
    status: 'apps/web/src/i18n/translation-status.json',
    // one folder per language, one <namespace>.json per page group
    folders: 'apps/web/src/i18n/locales',
  },
];

function readJson(path) {
  return JSON.parse(readFileSync(join(root, path), 'utf8'));
}

/** The files that exist, as { language: [file, …] }. */
function existing(part) {
  const found = {};
  if (part.files) {
    for (const [component, folder] of Object.entries(part.files)) {
      if (!existsSync(join(root, folder))) continue;
      for (const file of readdirSync(join(root, folder)).filter((f) => f.endsWith('.json'))) {
        (found[file.slice(0, -5)] ??= []).push(component);
      }
    }
  }
  if (part.folders && existsSync(join(root, part.folders))) {
    for (const language of readdirSync(join(root, part.folders), { withFileTypes: true })) {
      if (!language.isDirectory()) continue;
      found[language.name] = readdirSync(join(root, part.folders, language.name))
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -5));
    }
  }
  return found;
}

let unknown = 0;
for (const part of parts) {
  if (!existsSync(join(root, part.status))) {
    console.log(`${part.name}: no ${part.status}\n`);
    continue;
  }
  const status = readJson(part.status);
  const files = existing(part);
  console.log(`${part.name} (${part.status})`);
  const languages = [...new Set([...Object.keys(status), ...Object.keys(files)])];
  for (const language of languages) {
    const names = [
      ...new Set([...Object.keys(status[language] ?? {}), ...(files[language] ?? [])]),
    ];
    const by = { reviewed: [], machine: [], unknown: [] };
    for (const name of names.sort()) {
      const state = status[language]?.[name];
      by[state === 'reviewed' || state === 'machine' ? state : 'unknown'].push(name);
    }
    unknown += by.unknown.length;
    const line = [
      by.reviewed.length ? `reviewed: ${by.reviewed.join(', ')}` : '',
      by.machine.length ? `machine: ${by.machine.join(', ')}` : '',
      by.unknown.length ? `unknown: ${by.unknown.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' | ');
    console.log(`  ${language.padEnd(8)} ${line}`);
  }
  console.log('');
}
if (unknown > 0) {
  console.log(`${unknown} file(s) without a status: add them to the status file.`);
  // `--strict` (for CI): fail while a file has no status.
  if (process.argv.includes('--strict')) process.exitCode = 1;
}
