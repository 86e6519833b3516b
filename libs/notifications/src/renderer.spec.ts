import { describe, expect, it } from 'vitest';
import { officeContact, senderAddress } from './calendar.js';
import {
  renderAgenda,
  renderClientMessage,
  renderCounsellorNotice,
  type ClientKind,
} from './renderer.js';
import { CLIENT_TEXTS, type NotificationTexts } from './texts/index.js';

const KINDS: ClientKind[] = [
  'confirmation',
  'reminder',
  'rescheduled',
  'cancelled',
  'switched-to-phone',
];

const input = (overrides: Partial<Parameters<typeof renderClientMessage>[0]> = {}) => ({
  kind: 'confirmation' as ClientKind,
  appointmentId: '3f2c1a8e-7d0b-4c55-9f0e-4f1e2d3c4b5a',
  version: 1,
  pseudonym: 'Mariam',
  language: 'de',
  timeZone: 'Europe/Berlin',
  startsAt: new Date('2026-12-09T09:00:00Z'),
  endsAt: new Date('2026-12-09T09:45:00Z'),
  channel: 'video' as const,
  typeName: { de: 'Aufenthalt', en: 'Residence' },
  counsellorName: 'Amira Haddad',
  joinOpensMinutesBefore: 15,
  link: 'https://sprechstunde.test/manage#token=abc',
  bookingPage: 'https://sprechstunde.test/o/mitte',
  office: {
    name: { de: 'Beratungsstelle Mitte', en: 'Counselling Centre Mitte' },
    contact: 'kontakt@mitte.test · +49 30 1234567',
    privacyNotice: 'https://sprechstunde.test/o/mitte/privacy',
  },
  senderEmail: 'termine@beratung.test',
  retentionDays: 30,
  ...overrides,
});

/** Every string of a catalogue, with its path. */
function strings(texts: NotificationTexts, path = ''): [string, string][] {
  return Object.entries(texts).flatMap(([key, value]): [string, string][] =>
    typeof value === 'string'
      ? [[`${path}${key}`, value]]
      : typeof value === 'object'
        ? strings(value as NotificationTexts, `${path}${key}.`)
        : [],
  );
}
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('notification texts', () => {
  it.each(Object.keys(CLIENT_TEXTS))(
    '%s has every text with the same placeholders as English',
    (language) => {
      const english = new Map(strings(CLIENT_TEXTS.en));
      const translated = new Map(strings(CLIENT_TEXTS[language as keyof typeof CLIENT_TEXTS]));
      expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [path, text] of english) {
        if (path === 'languageName' || path === 'direction') continue;
        expect(placeholders(translated.get(path)!), `${language} ${path}`).toEqual(
          placeholders(text),
        );
        expect(translated.get(path)!.trim(), `${language} ${path}`).not.toBe('');
      }
    },
  );

  it('marks machine translations and sets right-to-left for Arabic script', () => {
    expect(CLIENT_TEXTS.de.machineTranslated).toBe(false);
    expect(CLIENT_TEXTS.en.machineTranslated).toBe(false);
    for (const language of [
      'ar',
      'fa',
      'uk',
      'ru',
      'tr',
      'prs',
      'ps',
      'ti',
      'kmr',
      'fr',
      'de-x-ls',
    ] as const) {
      expect(CLIENT_TEXTS[language].machineTranslated).toBe(true);
    }
    for (const language of ['ar', 'fa', 'prs', 'ps'] as const) {
      expect(CLIENT_TEXTS[language].direction).toBe('rtl');
    }
    for (const language of ['de', 'en', 'uk', 'ru', 'tr', 'ti', 'kmr', 'fr', 'de-x-ls'] as const) {
      expect(CLIENT_TEXTS[language].direction).toBe('ltr');
    }
  });
});

describe('renderClientMessage', () => {
  it.each(Object.keys(CLIENT_TEXTS).flatMap((language) => KINDS.map((kind) => [language, kind])))(
    '%s %s renders every part',
    (language, kind) => {
      const message = renderClientMessage(input({ language, kind: kind as ClientKind }));
      expect(message.language).toBe(language);
      expect(message.subject).not.toMatch(/[{}]/);
      expect(message.text).not.toMatch(/\{\w+\}/);
      expect(message.html).toContain(`lang="${language}"`);
      expect(message.html).toContain(`dir="${CLIENT_TEXTS[language as 'de'].direction}"`);
      expect(message.short.endsWith(' https://sprechstunde.test/manage#token=abc')).toBe(true);
      expect(message.attachments[0].content).toContain(
        kind === 'cancelled' ? 'STATUS:CANCELLED' : 'STATUS:CONFIRMED',
      );
    },
  );

  it.each(Object.keys(CLIENT_TEXTS).flatMap((language) => KINDS.map((kind) => [language, kind])))(
    '%s %s names the office, its contact and links its privacy notice, in text and HTML',
    (language, kind) => {
      const t = CLIENT_TEXTS[language as keyof typeof CLIENT_TEXTS];
      const message = renderClientMessage(input({ language, kind: kind as ClientKind }));
      // Leichte Sprache readers get the German name (its fallback), the others the English one.
      const name =
        language === 'de' || language === 'de-x-ls'
          ? 'Beratungsstelle Mitte'
          : 'Counselling Centre Mitte';
      const notice = t.footer.privacyNotice.replace('{office}', name);
      expect(message.text).toContain(`${t.labels.office}: ${name}`);
      expect(message.text).toContain(
        `${t.labels.officeContact}: kontakt@mitte.test · +49 30 1234567`,
      );
      expect(message.text).toContain(`${notice}: https://sprechstunde.test/o/mitte/privacy`);
      expect(message.html).toContain(
        `<a href="https://sprechstunde.test/o/mitte/privacy" style="color:#0b5cad;">${notice}</a>`,
      );
      // Address and number keep their order in right-to-left mails.
      expect(message.html).toContain(
        `<td dir="ltr" style="padding:4px 0;text-align:${t.direction === 'rtl' ? 'right' : 'left'};">kontakt@mitte.test · +49 30 1234567</td>`,
      );
    },
  );

  it("states the office's retention period and leaves out a contact the office does not publish", () => {
    const message = renderClientMessage(
      input({
        language: 'en',
        retentionDays: 90,
        office: { ...input().office, contact: null },
      }),
    );
    expect(message.text).toContain('delete your details 90 days after it');
    expect(message.text).not.toContain(`${CLIENT_TEXTS.en.labels.officeContact}:`);
  });

  it('shows the time in the client’s zone across the DST change (Berlin, 25 October 2026)', () => {
    // 02:30 CET after the clocks went back = 01:30 UTC.
    const message = renderClientMessage(
      input({
        language: 'en',
        startsAt: new Date('2026-10-25T01:30:00Z'),
        endsAt: new Date('2026-10-25T02:00:00Z'),
      }),
    );
    expect(message.text).toContain('Sunday, October 25, 2026, 2:30 AM – 3:00 AM');
    expect(message.text).toContain('Europe/Berlin (UTC+01:00)');
    const summer = renderClientMessage(
      input({
        language: 'en',
        startsAt: new Date('2026-10-25T00:30:00Z'),
        endsAt: new Date('2026-10-25T01:00:00Z'),
      }),
    );
    expect(summer.text).toContain('2:30 AM – 2:00 AM'); // 02:30 CEST, then 02:00 CET: the repeated hour
    expect(summer.text).toContain('Europe/Berlin (UTC+02:00)');
  });

  it('uses Gregorian dates in Farsi and falls back to English for other languages', () => {
    const farsi = renderClientMessage(input({ language: 'fa' }));
    expect(farsi.text).toMatch(/دسامبر/); // December, not a Solar Hijri month
    expect(renderClientMessage(input({ language: 'sw' })).language).toBe('en');
  });

  it('escapes what clients and staff typed', () => {
    const message = renderClientMessage(
      input({ pseudonym: '<script>alert(1)</script>', counsellorName: 'A & B "C"' }),
    );
    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('&lt;script&gt;');
    expect(message.html).toContain('A &amp; B &quot;C&quot;');
  });

  it('offers no join hint for phone consultations and no manage link after a cancellation', () => {
    const phone = renderClientMessage(
      input({ language: 'en', channel: 'phone', kind: 'reminder' }),
    );
    expect(phone.text).not.toContain('The call opens');
    expect(phone.text).toContain('View, move or cancel your appointment');
    const cancelled = renderClientMessage(
      input({ language: 'en', kind: 'cancelled', link: 'https://sprechstunde.test/o/mitte' }),
    );
    expect(cancelled.text).toContain('Book a new appointment: https://sprechstunde.test/o/mitte');
  });
});

describe('renderClientMessage: switched to a phone call', () => {
  it.each(Object.keys(CLIENT_TEXTS))(
    '%s says the counsellor will call, when and on which number, and offers no video',
    (language) => {
      const t = CLIENT_TEXTS[language as keyof typeof CLIENT_TEXTS];
      const message = renderClientMessage(
        input({ language, kind: 'switched-to-phone', phone: '+4915123456789' }),
      );
      expect(message.subject.startsWith(t.switchedToPhone.subject.split('{')[0])).toBe(true);
      expect(message.text).toContain(`${t.labels.phoneNumber}: +4915123456789`);
      // The type was booked as a video call; it is a phone call now.
      expect(message.text).toContain(`(${t.labels.channelPhone})`);
      expect(message.text).not.toContain(`(${t.labels.channelVideo})`);
      expect(message.text).toContain(`${t.actions.manage}: https://sprechstunde.test/manage`);
      expect(message.text).not.toContain(t.actions.joinHint.replace('{minutes}', '15'));
      expect(message.short.startsWith(t.switchedToPhone.sms.split('{')[0])).toBe(true);
    },
  );

  it('leaves the number out when it is not known', () => {
    const message = renderClientMessage(input({ language: 'en', kind: 'switched-to-phone' }));
    expect(message.text).not.toContain(CLIENT_TEXTS.en.labels.phoneNumber);
    // The time in the client's zone (09:00 UTC is 10:00 in Berlin), in the mail and the SMS.
    expect(message.text).toContain('will call you at Wed, Dec 9, 10:00 AM');
    expect(message.short).toContain('on Wed, Dec 9, 10:00 AM will be a phone call');
  });
});

describe('calendar files', () => {
  const unfolded = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

  it.each(Object.keys(CLIENT_TEXTS).flatMap((language) => KINDS.map((kind) => [language, kind])))(
    '%s %s: no manage link, the office’s booking page and privacy notice, the office as organizer, CRLF to the end',
    (language, kind) => {
      const ics = renderClientMessage(input({ language, kind: kind as ClientKind })).attachments[0]
        .content;
      expect(ics).not.toContain('token');
      expect(ics).not.toContain('/manage');
      expect(unfolded(ics)).toContain('URL;VALUE=URI:https://sprechstunde.test/o/mitte');
      // Leichte Sprache readers get the German name (its fallback), the others the English one.
      const name =
        language === 'de' || language === 'de-x-ls'
          ? 'Beratungsstelle Mitte'
          : 'Counselling Centre Mitte';
      expect(unfolded(ics)).toContain(`ORGANIZER;CN="${name}":mailto:termine@beratung.test`);
      expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
      expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // no bare CR or LF
      const description = /^DESCRIPTION:(.*)$/m.exec(unfolded(ics))![1];
      expect(description).toContain('https://sprechstunde.test/o/mitte');
      const t = CLIENT_TEXTS[language as 'de'].calendar;
      const escaped = (text: string) => text.replace(/([,;])/g, '\\$1');
      const opening = (text: string) => escaped(text.slice(0, 20));
      expect(
        description.startsWith(opening(kind === 'cancelled' ? t.cancelled : t.description)),
      ).toBe(true);
      expect(description).toContain(
        escaped(
          t.office
            .replace('{office}', name)
            .replace('{privacy}', 'https://sprechstunde.test/o/mitte/privacy'),
        ),
      );
    },
  );

  it('never says "join" in a cancelled entry, and sets its status', () => {
    const ics = unfolded(
      renderClientMessage(input({ language: 'en', kind: 'cancelled' })).attachments[0].content,
    );
    expect(ics).toContain('STATUS:CANCELLED');
    expect(ics).not.toMatch(/join/i);
    expect(ics).not.toContain('BEGIN:VALARM');
  });

  it('names the office as organizer without the double quotes a parameter cannot hold', () => {
    const ics = renderClientMessage(
      input({ office: { ...input().office, name: { de: 'Verein "Süd"' } } }),
    ).attachments[0].content;
    expect(ics).toContain(`ORGANIZER;CN="Verein 'Süd'":mailto:termine@beratung.test`);
  });

  it('takes the organizer address from the sender address', () => {
    expect(senderAddress('Sprechstunde <noreply@sprechstunde.local>')).toBe(
      'noreply@sprechstunde.local',
    );
    expect(senderAddress('"Beratung Mitte" <a@b.test>')).toBe('a@b.test');
    expect(senderAddress('a@b.test')).toBe('a@b.test');
  });

  it("joins the office's published contacts, or has none", () => {
    expect(officeContact('a@b.test', '+49 30 1')).toBe('a@b.test · +49 30 1');
    expect(officeContact(null, '+49 30 1')).toBe('+49 30 1');
    expect(officeContact(null, null)).toBeNull();
  });
});

describe('counsellor messages', () => {
  const line = {
    startsAt: new Date('2026-12-09T09:00:00Z'),
    endsAt: new Date('2026-12-09T09:45:00Z'),
    typeName: { de: 'Aufenthalt', en: 'Residence' },
    language: 'ar',
    needsInterpreter: true,
  };

  it('notices in German for German speakers, English otherwise, in the counsellor’s zone', () => {
    const de = renderCounsellorNotice({
      kind: 'booked',
      languages: ['ar', 'de'],
      timeZone: 'Europe/Berlin',
      appointment: line,
      consoleUrl: 'https://sprechstunde.test/staff',
    });
    expect(de.subject).toMatch(/^Neuer Termin: /);
    expect(de.text).toContain('10:00');
    expect(de.text).toContain('Sprache: Arabisch (Dolmetschung gewünscht)');
    expect(de.text).not.toContain('ar (');
    const en = renderCounsellorNotice({
      kind: 'cancelled',
      languages: ['uk', 'ru'],
      timeZone: 'Europe/Kyiv',
      appointment: line,
      consoleUrl: 'https://sprechstunde.test/staff',
    });
    expect(en.subject).toMatch(/^Appointment cancelled: /);
    expect(en.text).toContain('11:00');
    expect(en.text).toContain('Language: Arabic (Interpreter requested)');
  });

  it('lists the day in the agenda, or says it is empty', () => {
    const agenda = renderAgenda({
      languages: ['de'],
      timeZone: 'Europe/Berlin',
      date: '2026-12-09',
      appointments: [line],
      consoleUrl: 'https://sprechstunde.test/staff',
    });
    expect(agenda.subject).toBe('Ihre Termine am Mittwoch, 9. Dezember');
    expect(agenda.text).toContain('Termine: 1');
    const empty = renderAgenda({
      languages: ['en'],
      timeZone: 'Europe/Berlin',
      date: '2026-12-09',
      appointments: [],
      consoleUrl: 'https://sprechstunde.test/staff',
    });
    expect(empty.text).toContain('You have no appointments today.');
  });
});
