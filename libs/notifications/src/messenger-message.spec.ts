import { describe, expect, it } from 'vitest';
import { MESSENGER_TEXTS, replyButtons } from '@app/messengers';
import { clientMessageLine, type ClientKind } from './renderer.js';
import { newMessageLine } from './new-message-notice.js';
import { surveyMessageLine } from './survey-notice.js';
import { walkInMessageLine } from './walk-in-notice.js';
import {
  MESSENGER_KINDS,
  REPLIES_OF,
  renderMessengerNotice,
  templateBody,
  WHATSAPP_TEMPLATE_LANGUAGES,
  whatsappTemplates,
} from './messenger-message.js';

interface Template {
  name: string;
  language: string;
  category: string;
  components: {
    type: string;
    text?: string;
    example?: { body_text: string[][] };
    buttons?: { type: string; text: string }[];
  }[];
}

describe('messenger messages and the WhatsApp templates', () => {
  const templates = whatsappTemplates() as Template[];

  it('ships one template per kind and language, named as the code sends them', () => {
    expect(templates).toHaveLength(MESSENGER_KINDS.length * WHATSAPP_TEMPLATE_LANGUAGES.length);
    expect([...WHATSAPP_TEMPLATE_LANGUAGES].sort()).toEqual([
      'ar',
      'de',
      'en',
      'fa',
      'fr',
      'ru',
      'tr',
      'uk',
    ]);
    const names = new Set(templates.map((t) => `${t.name}/${t.language}`));
    expect(names.size).toBe(templates.length);
    for (const t of templates) {
      expect(t.name).toMatch(/^[a-z0-9_]{1,512}$/);
      expect(t.category).toBe('UTILITY');
    }
  });

  it('follows Meta’s rules for every body: numbered variables in order, none at the start or end, an example each', () => {
    for (const t of templates) {
      const body = t.components.find((c) => c.type === 'BODY');
      const text = body?.text ?? '';
      const numbers = [...text.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1]));
      const distinct = [...new Set(numbers)];
      expect(distinct, `${t.name}/${t.language}`).toEqual(distinct.map((_, i) => i + 1));
      expect(text.trim().startsWith('{{'), `${t.name}/${t.language}`).toBe(false);
      expect(text.trim().endsWith('}}'), `${t.name}/${t.language}`).toBe(false);
      expect(text).not.toMatch(/\{[a-z]\w*\}/); // no placeholder left unnumbered
      expect(text.length).toBeLessThanOrEqual(1024);
      expect(body?.example?.body_text[0]).toHaveLength(distinct.length);
      for (const button of t.components.find((c) => c.type === 'BUTTONS')?.buttons ?? []) {
        expect(Array.from(button.text).length, button.text).toBeLessThanOrEqual(20);
      }
    }
  });

  it('renders the same text for Telegram and Viber as the template with its parameters', () => {
    const line = clientMessageLine({
      kind: 'reminder',
      appointmentId: '00000000-0000-4000-8000-000000000001',
      version: 1,
      pseudonym: 'Mariam',
      language: 'ar',
      timeZone: 'Europe/Berlin',
      startsAt: new Date('2026-12-08T09:00:00Z'),
      endsAt: new Date('2026-12-08T09:30:00Z'),
      channel: 'video',
      typeName: { de: 'Aufenthalt', ar: 'الإقامة' },
      counsellorName: 'Amira',
      joinOpensMinutesBefore: 10,
      link: 'https://x.test/manage#token=abc',
      bookingPage: 'https://x.test/o/w',
      office: {
        name: { de: 'Willkommenszentrum', ar: 'مركز الترحيب' },
        contact: null,
        privacyNotice: 'https://x.test/p',
      },
      senderEmail: 'noreply@x.test',
      retentionDays: 30,
    });
    const buttons = replyButtons('appointment', '00000000-0000-4000-8000-0000000000bb', 'ar');
    const message = renderMessengerNotice(
      'reminder',
      line,
      'https://x.test/manage#token=abc',
      buttons,
    );
    const template = templateBody('reminder', line);
    const params = message.messenger?.template?.params ?? [];
    const filled = template.text.replace(/\{\{(\d+)\}\}/g, (_, n: string) => params[Number(n) - 1]);
    expect(filled).toBe(message.short);
    expect(message.short).toContain('الإقامة');
    expect(message.short).toContain('مركز الترحيب');
    expect(message.short).toContain('https://x.test/manage#token=abc');
    expect(message.short).toContain(MESSENGER_TEXTS.ar.appointmentHint);
    expect(message.direction).toBe('rtl');
    expect(message.messenger?.template?.name).toBe('sprechstunde_reminder');
    expect(message.messenger?.buttons.map((b) => b.label)).toEqual([
      MESSENGER_TEXTS.ar.buttons.confirm,
      MESSENGER_TEXTS.ar.buttons.cancel,
      MESSENGER_TEXTS.ar.buttons.late,
    ]);
  });

  it('renders every kind in Arabic and Persian, right to left, with its link and buttons', () => {
    const link = 'https://x.test/l#token=abc';
    for (const language of ['ar', 'fa']) {
      for (const kind of MESSENGER_KINDS) {
        const line =
          kind === 'survey'
            ? surveyMessageLine({
                language,
                officeName: { de: 'Willkommenszentrum' },
                link,
                answerLink: () => link,
                privacyNotice: 'https://x.test/p',
              })
            : kind === 'new-message'
              ? newMessageLine({
                  language,
                  officeName: { de: 'Willkommenszentrum' },
                  link,
                  privacyNotice: 'https://x.test/p',
                })
              : kind.startsWith('walk-in')
                ? walkInMessageLine({
                    kind: kind as 'walk-in-soon' | 'walk-in-turn',
                    language,
                    label: 'A-012',
                    place: 2,
                    estimate: { minMinutes: 5, maxMinutes: 15 },
                    hourName: { de: 'Offene Sprechstunde', ar: 'الاستشارة المفتوحة' },
                    officeName: { de: 'Willkommenszentrum' },
                    link,
                    privacyNotice: 'https://x.test/p',
                  })
                : clientMessageLine({
                    kind: kind as ClientKind,
                    appointmentId: '00000000-0000-4000-8000-000000000001',
                    version: 2,
                    pseudonym: 'Mariam',
                    language,
                    timeZone: 'Asia/Tehran',
                    startsAt: new Date('2026-12-08T09:00:00Z'),
                    endsAt: new Date('2026-12-08T09:30:00Z'),
                    channel: 'video',
                    typeName: { de: 'Aufenthalt' },
                    counsellorName: 'Amira',
                    joinOpensMinutesBefore: 10,
                    link,
                    bookingPage: 'https://x.test/o/w',
                    office: {
                      name: { de: 'Willkommenszentrum' },
                      contact: null,
                      privacyNotice: 'p',
                    },
                    senderEmail: 'noreply@x.test',
                    retentionDays: 30,
                  });
        const replies = REPLIES_OF[kind];
        const buttons = replies
          ? replyButtons(replies, '00000000-0000-4000-8000-0000000000bb', language)
          : [];
        const message = renderMessengerNotice(kind, line, link, buttons);
        expect(message.direction, `${kind}/${language}`).toBe('rtl');
        expect(message.language).toBe(language);
        expect(message.short).toContain(link);
        expect(message.short).toContain('Willkommenszentrum');
        expect(message.short).not.toMatch(/\{[a-z]\w*\}/);
        expect(message.messenger?.buttons).toHaveLength(
          replies === 'appointment' ? 3 : replies === 'ticket' ? 1 : 0,
        );
      }
    }
  });
});
