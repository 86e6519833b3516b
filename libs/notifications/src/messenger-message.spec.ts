import { describe, expect, it } from 'vitest';
import { MESSENGER_TEXTS, replyButtons } from '@app/messengers';
import { clientMessageLine } from './renderer.js';
import {
  MESSENGER_KINDS,
  renderMessengerNotice,
  templateBody,
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
    expect(templates).toHaveLength(MESSENGER_KINDS.length * Object.keys(MESSENGER_TEXTS).length);
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
});
