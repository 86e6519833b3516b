import { describe, expect, it } from 'vitest';
import { CLIENT_LANGUAGE_CODES } from '@app/common';
import { MESSENGER_TEXTS } from '@app/messengers';
import {
  renderMessengerNotice,
  WHATSAPP_TEMPLATE_LANGUAGES,
  whatsappTemplates,
} from './messenger-message.js';
import { newMessageLine, renderNewMessageNotice } from './new-message-notice.js';
import { renderMessagesDigest } from './renderer.js';
import { CLIENT_TEXTS, STAFF_TEXTS } from './texts/index.js';

const LINK = 'https://sprechstunde.test/manage#token=Zm9vYmFyYmF6cXV4cXV1eHh5enp5MTIzNDU2Nzg5MGFi';
const input = (language: string) => ({
  language,
  officeName: { de: 'Beratungsstelle Mitte', en: 'Counselling Centre Mitte', ar: 'مركز ميته' },
  link: LINK,
  privacyNotice: 'https://sprechstunde.test/o/mitte/privacy',
});
const LANGUAGES = Object.keys(CLIENT_TEXTS) as (keyof typeof CLIENT_TEXTS)[];

describe('the "new message" notice', () => {
  it('has every client language', () => {
    expect([...LANGUAGES].sort()).toEqual([...CLIENT_LANGUAGE_CODES].sort());
  });

  it.each(LANGUAGES)(
    '%s: names the office, links to the page, says nothing of the message',
    (language) => {
      const t = CLIENT_TEXTS[language].newMessage;
      const message = renderNewMessageNotice(input(language));
      const office =
        language === 'ar'
          ? 'مركز ميته'
          : language === 'de' || language === 'de-x-ls'
            ? 'Beratungsstelle Mitte'
            : 'Counselling Centre Mitte';
      expect(message.language).toBe(language);
      expect(message.subject).toBe(t.subject.replace('{office}', office));
      expect(message.text).toContain(t.lead.replace('{office}', office));
      expect(message.text).toContain(t.privacy);
      // The link, exactly once in each form, and as the button of the HTML part.
      expect(message.text.split(LINK)).toHaveLength(2);
      expect(message.short.endsWith(` ${LINK}`)).toBe(true);
      expect(message.short).toContain(office);
      expect(message.html).toContain(`href="${LINK}"`);
      // No calendar file: it would sync the link to other services.
      expect(message.attachments).toEqual([]);
      for (const part of [message.subject, message.text, message.short, message.html])
        expect(part).not.toMatch(/\{[a-z]\w*\}/);
    },
  );

  it.each(['ar', 'fa'] as const)(
    '%s reads right to left, the link kept left to right',
    (language) => {
      const message = renderNewMessageNotice(input(language));
      expect(message.direction).toBe('rtl');
      expect(message.html).toContain(`<html lang="${language}" dir="rtl">`);
      expect(message.html).toContain('text-align:right');
      const chat = renderMessengerNotice('new-message', newMessageLine(input(language)), LINK, []);
      expect(chat.direction).toBe('rtl');
      expect(chat.short).toContain(LINK);
    },
  );

  it.each(['de', 'en', 'ru', 'tr', 'uk'] as const)('%s reads left to right', (language) => {
    const message = renderNewMessageNotice(input(language));
    expect(message.direction).toBe('ltr');
    expect(message.html).toContain(`dir="ltr"`);
  });

  it('says exactly that there is a message, and nothing else (no time, topic or name)', () => {
    const t = CLIENT_TEXTS.en;
    const message = renderNewMessageNotice(input('en'));
    expect(message.text.split('\n')).toEqual([
      'You have a new message from Counselling Centre Mitte.',
      t.newMessage.privacy,
      '',
      `${t.newMessage.open}: ${LINK}`,
      '',
      t.footer.noReply,
      `Privacy notice of Counselling Centre Mitte: https://sprechstunde.test/o/mitte/privacy`,
    ]);
    expect(message.short).toBe(
      `You have a new message from Counselling Centre Mitte. Read it here: ${LINK}`,
    );
  });

  it('falls back to English for a language without texts', () => {
    expect(renderNewMessageNotice(input('sq')).subject).toBe(
      'New message from Counselling Centre Mitte',
    );
  });

  it('goes to a messenger chat as the registered WhatsApp template sprechstunde_new_message', () => {
    const chat = renderMessengerNotice('new-message', newMessageLine(input('de')), LINK, []);
    expect(chat.messenger?.template?.name).toBe('sprechstunde_new_message');
    expect(chat.messenger?.template?.params).toEqual(['Beratungsstelle Mitte', LINK]);
    expect(chat.messenger?.buttons).toEqual([]);
    expect(chat.short).toContain(CLIENT_TEXTS.de.newMessage.chat);
    expect(chat.short).toContain(MESSENGER_TEXTS.de.automatic);
    const templates = (whatsappTemplates() as { name: string; language: string }[]).filter(
      (template) => template.name === 'sprechstunde_new_message',
    );
    expect(templates.map((template) => template.language).sort()).toEqual(
      [...WHATSAPP_TEMPLATE_LANGUAGES].sort(),
    );
  });
});

describe('the counsellors’ morning digest', () => {
  it('counts in German, singular and plural, with the inbox link and nothing else', () => {
    const many = renderMessagesDigest({
      languages: ['de', 'ar'],
      conversations: 3,
      messages: 5,
      inboxUrl: 'https://sprechstunde.test/staff/messages',
    });
    expect(many.language).toBe('de');
    expect(many.subject).toBe(STAFF_TEXTS.de.messagesDigest.subject);
    expect(many.text).toContain('3 ungelesene Gespräche, 5 Nachrichten');
    expect(many.text).toContain('https://sprechstunde.test/staff/messages');
    expect(many.html).toContain('href="https://sprechstunde.test/staff/messages"');
    const one = renderMessagesDigest({
      languages: ['de'],
      conversations: 1,
      messages: 1,
      inboxUrl: 'https://sprechstunde.test/staff/messages',
    });
    expect(one.text).toContain('1 ungelesenes Gespräch, 1 Nachricht');
  });

  it('counts in English for counsellors without German', () => {
    const digest = renderMessagesDigest({
      languages: ['en', 'fa'],
      conversations: 1,
      messages: 4,
      inboxUrl: 'https://x.test/staff/messages',
    });
    expect(digest.text).toContain('1 unread conversation, 4 messages');
    expect(digest.attachments).toEqual([]);
  });
});
