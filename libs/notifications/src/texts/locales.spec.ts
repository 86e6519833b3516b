import { localize } from '@app/roster';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkedCatalogues,
  CLIENT_LANGUAGE_CODES,
  CLIENT_LANGUAGES,
  translationProblems,
  whatsappTemplateLanguage,
} from '@app/common';
import { MESSENGER_TEXTS } from '@app/messengers';
import { renderMessengerNotice, templateBody } from '../messenger-message.js';
import { clientMessageLine, type ClientKind } from '../renderer.js';
import { renderWaitlistOffer } from '../waitlist-offer.js';
import { renderWalkInNotice } from '../walk-in-notice.js';
import { renderNewMessageNotice } from '../new-message-notice.js';
import { CLIENT_TEXTS, fill, TRANSLATION_STATUS } from './index.js';

/** The translation files as Weblate sees them: every JSON file in the two folders. */
const COMPONENTS = {
  notifications: fileURLToPath(new URL('./locales/', import.meta.url)),
  messengers: fileURLToPath(new URL('../../../messengers/src/locales/', import.meta.url)),
};
const read = (folder: string, file: string): unknown =>
  JSON.parse(readFileSync(`${folder}${file}`, 'utf8'));

describe.each(Object.entries(COMPONENTS))('the %s translation files', (component, folder) => {
  const files = readdirSync(folder).filter((file) => file.endsWith('.json'));
  const base = read(folder, 'de.json');

  it('are one per client language, no more', () => {
    expect(files.map((file) => file.replace(/\.json$/, '')).sort()).toEqual(
      [...CLIENT_LANGUAGE_CODES].sort(),
    );
  });

  it.each(files)('%s has every key of German with the same {placeholders}', (file) => {
    expect(translationProblems(base, read(folder, file))).toEqual([]);
  });

  it('each language has a review status', () => {
    for (const language of CLIENT_LANGUAGE_CODES) {
      expect(['reviewed', 'machine'], `${language} ${component}`).toContain(
        TRANSLATION_STATUS[language]?.[component],
      );
    }
  });
});

describe('the completeness check', () => {
  const de = CLIENT_TEXTS.de as unknown as Record<string, unknown>;
  const copy = (): Record<string, Record<string, unknown>> =>
    JSON.parse(JSON.stringify(read(COMPONENTS.notifications, 'fr.json')));

  it('finds a missing key, a lost placeholder, an extra key and an empty text', () => {
    const base = read(COMPONENTS.notifications, 'de.json');
    const missing = copy();
    delete missing.reminder.sms;
    expect(translationProblems(base, missing)).toEqual(['reminder.sms: missing']);
    const lost = copy();
    lost.reminder.subject = 'Rappel : votre rendez-vous';
    expect(translationProblems(base, lost)).toEqual([
      'reminder.subject: placeholders none, not when',
    ]);
    const extra = copy();
    extra.reminder.joke = 'x';
    expect(translationProblems(base, extra)).toEqual(['reminder.joke: not in the base file']);
    const empty = copy();
    empty.labels.when = ' ';
    expect(translationProblems(base, empty)).toEqual(['labels.when: empty']);
  });

  it('stops the loader with every problem named', () => {
    const broken = copy();
    delete broken.footer;
    expect(() => checkedCatalogues('notification', de, { fr: broken })).toThrow(
      /notification translations are incomplete:\nfr: footer: missing/,
    );
  });
});

describe('languages', () => {
  it('set right-to-left for Arabic script, and mark review status from the status file', () => {
    for (const language of CLIENT_LANGUAGES) {
      expect(CLIENT_TEXTS[language.code].direction).toBe(language.dir);
      expect(MESSENGER_TEXTS[language.code].direction).toBe(language.dir);
    }
    expect(
      ['ar', 'fa', 'prs', 'ps'].every((code) => CLIENT_TEXTS[code as 'ps'].direction === 'rtl'),
    ).toBe(true);
    expect(CLIENT_TEXTS.de.machineTranslated).toBe(false);
    expect(CLIENT_TEXTS.ps.machineTranslated).toBe(true);
  });

  it('write Dari, Pashto and Tigrinya in their own scripts, not a neighbour’s texts', () => {
    expect(CLIENT_TEXTS.prs.confirmation.lead).not.toBe(CLIENT_TEXTS.fa.confirmation.lead);
    expect(CLIENT_TEXTS.prs.confirmation.lead).toMatch(/جنتری/); // Dari's word for calendar
    expect(CLIENT_TEXTS.ps.confirmation.lead).toMatch(/[ټډړښږځڅ]/u); // letters only Pashto has
    expect(CLIENT_TEXTS.ti.confirmation.lead).toMatch(/^[\p{Script=Ethiopic}\s«»{}\w።፣]+$/u);
    expect(CLIENT_TEXTS.kmr.confirmation.lead).toMatch(/[êîûş]/);
  });

  it('localize names in the language, else its fallback (Leichte Sprache → German, Dari → Persian)', () => {
    const name = { de: 'Erstberatung', en: 'First consultation', fa: 'مشاوره اول' };
    expect(localize(name, 'de-x-ls')).toBe('Erstberatung');
    expect(localize(name, 'prs')).toBe('مشاوره اول');
    expect(localize(name, 'ti')).toBe('First consultation');
    expect(localize({ ...name, prs: 'مشورهٔ اول' }, 'prs')).toBe('مشورهٔ اول');
  });
});

describe('Leichte Sprache', () => {
  const texts = [
    ...Object.values(flatten(CLIENT_TEXTS['de-x-ls'])),
    ...Object.values(flatten(MESSENGER_TEXTS['de-x-ls'])),
  ].filter((text) => text.length > 3);
  const sentences = texts.flatMap((text) =>
    text
      .replace(/\{\w+\}/g, 'X')
      .split(/(?<=[.!?:])\s+/)
      .filter(Boolean),
  );

  it('has short sentences (at most 15 words)', () => {
    expect(sentences.length).toBeGreaterThan(80);
    const long = sentences.filter((sentence) => sentence.split(/\s+/).length > 15);
    expect(long).toEqual([]);
  });

  it('uses no abbreviations and writes numbers as digits', () => {
    const abbreviations = /\b(z\. ?B\.|bzw\.|ggf\.|usw\.|d\. ?h\.|ca\.|inkl\.|evtl\.|Nr\.)/;
    const numberWords =
      /\b(eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwölf|zwanzig|dreißig)\b/i;
    for (const text of texts) {
      expect(text).not.toMatch(abbreviations);
      expect(text).not.toMatch(numberWords);
    }
  });

  it('is its own text, not the German one', () => {
    expect(CLIENT_TEXTS['de-x-ls'].switchedToPhone.lead).not.toBe(
      CLIENT_TEXTS.de.switchedToPhone.lead,
    );
    expect(CLIENT_TEXTS['de-x-ls'].languageName).toBe('Leichte Sprache');
  });
});

function flatten(value: object, path = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(value).flatMap(([key, inner]) =>
      typeof inner === 'string'
        ? [[`${path}${key}`, inner]]
        : typeof inner === 'object' && inner !== null
          ? Object.entries(flatten(inner as object, `${path}${key}.`))
          : [],
    ),
  );
}

const LINK =
  'https://termine.example.org/manage#token=Zm9vYmFyYmF6cXV4cXV1eHh5enp5MTIzNDU2Nzg5MGFi';
const OFFICE = {
  name: { de: 'Willkommenszentrum Berlin', en: 'Welcome Centre Berlin' },
  privacyNotice: 'https://termine.example.org/o/wzb/privacy',
  contact: 'kontakt@wzb.example',
};

const line = (language: string, kind: ClientKind) =>
  clientMessageLine({
    kind,
    appointmentId: '00000000-0000-4000-8000-000000000001',
    version: 1,
    pseudonym: 'Sara',
    language,
    timeZone: 'Europe/Berlin',
    startsAt: new Date('2026-12-07T09:00:00Z'),
    endsAt: new Date('2026-12-07T09:45:00Z'),
    channel: 'video',
    typeName: { de: 'Erstberatung Aufenthalt', en: 'First consultation: residence' },
    counsellorName: 'Amira K.',
    joinOpensMinutesBefore: 10,
    link: LINK,
    bookingPage: 'https://termine.example.org/o/wzb',
    office: OFFICE,
    senderEmail: 'termine@example.org',
    retentionDays: 30,
  });

/**
 * SMS parts a text takes: 160/153 characters in the GSM 7-bit alphabet, else 70/67 UTF-16 units
 * (UCS-2: Arabic script, Ethiopic, Cyrillic, and also „“ or ş).
 */
function smsSegments(text: string): number {
  const gsm =
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
  const extension = '^{}\\[~]|€\f';
  const chars = Array.from(text);
  if (chars.every((c) => gsm.includes(c) || extension.includes(c))) {
    const units = chars.reduce((sum, c) => sum + (extension.includes(c) ? 2 : 1), 0);
    return units <= 160 ? 1 : Math.ceil(units / 153);
  }
  return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
}

describe('SMS length', () => {
  const KINDS: ClientKind[] = [
    'confirmation',
    'reminder',
    'rescheduled',
    'cancelled',
    'switched-to-phone',
  ];

  it('counts GSM and UCS-2 parts as a gateway does', () => {
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('a'.repeat(161))).toBe(2);
    expect(smsSegments('ት'.repeat(70))).toBe(1);
    expect(smsSegments('ት'.repeat(71))).toBe(2);
  });

  // German and Arabic took 4 parts for the phone switch before the new languages: no language may take more.
  it.each(CLIENT_LANGUAGE_CODES)(
    '%s: every client SMS fits in 4 parts with a full link',
    (language) => {
      const shorts = [
        ...KINDS.map((kind) => {
          const l = line(language, kind);
          return `${fill(l.template, l.values)} ${LINK}`;
        }),
        renderWaitlistOffer({
          language,
          typeName: { de: 'Erstberatung Aufenthalt' },
          officeName: OFFICE.name,
          timeZone: 'Europe/Berlin',
          startsAt: new Date('2026-12-07T09:00:00Z'),
          endsAt: new Date('2026-12-07T09:45:00Z'),
          expiresAt: new Date('2026-12-05T18:00:00Z'),
          link: LINK,
          privacyNotice: OFFICE.privacyNotice,
        }).short,
        ...(['walk-in-soon', 'walk-in-turn'] as const).map(
          (kind) =>
            renderWalkInNotice({
              kind,
              language,
              label: 'A12',
              place: 3,
              estimate: { minMinutes: 10, maxMinutes: 20 },
              hourName: { de: 'Offene Sprechstunde Asyl' },
              officeName: OFFICE.name,
              link: LINK,
              privacyNotice: OFFICE.privacyNotice,
            }).short,
        ),
        renderNewMessageNotice({
          language,
          officeName: OFFICE.name,
          link: LINK,
          privacyNotice: OFFICE.privacyNotice,
        }).short,
      ];
      for (const short of shorts) expect(smsSegments(short), short).toBeLessThanOrEqual(4);
    },
  );
});

describe('WhatsApp templates of languages WhatsApp lacks', () => {
  const FALLBACKS = {
    prs: 'fa',
    ps: 'fa',
    ti: 'en',
    kmr: 'en',
    'de-x-ls': 'de',
    fr: 'fr',
    ar: 'ar',
  };

  it.each(Object.entries(FALLBACKS))(
    '%s: the chat text in its own language, the template of %s with its parameters in that template’s order',
    (language, templateLanguage) => {
      expect(whatsappTemplateLanguage(language)).toBe(templateLanguage);
      const l = line(language, 'reminder');
      const message = renderMessengerNotice('reminder', l, LINK, []);
      expect(message.text).toContain(MESSENGER_TEXTS[language as 'ps'].appointmentHint);
      expect(message.language).toBe(language);
      const template = message.messenger?.template;
      expect(template?.language).toBe(templateLanguage);
      const registered = templateBody('reminder', {
        language: templateLanguage,
        template: CLIENT_TEXTS[templateLanguage as 'fa'].reminder.sms,
      });
      const values: Record<string, string | number> = { ...l.values, link: LINK };
      expect(template?.params).toEqual(registered.params.map((name) => String(values[name])));
    },
  );

  it('an unknown language gets English texts and the English template', () => {
    expect(whatsappTemplateLanguage('so')).toBe('en');
    expect(line('so', 'reminder').language).toBe('en');
  });
});
