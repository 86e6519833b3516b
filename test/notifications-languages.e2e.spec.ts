import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_TEXTS } from '@app/notifications';
import { bookableOffice, type BookableOffice } from './support/office-booking.js';
import { SmtpSink, type ReceivedMail } from './support/smtp-sink.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** The words of a text before its first placeholder. */
const opening = (template: string) => template.split('{')[0].trim();

describe('client mails in the new languages (Pashto right to left, Leichte Sprache, Dari)', () => {
  const BASE = 'https://termine.example.org';
  let t: TestApp;
  let smtp: SmtpSink;
  let office: BookableOffice;
  let address = 0;

  const book = async (start: string, language: string) => {
    const to = `language-client${++address}@example.org`;
    await request(t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: office.typeId,
        start,
        pseudonym: 'Mariam',
        language,
        timeZone: 'Europe/Berlin',
        contact: { channel: 'email', value: to },
      })
      .expect(201);
    await smtp.waitFor(() => smtp.to(to).length === 1);
    return smtp.to(to)[0];
  };
  const parts = (mail: ReceivedMail) => ({
    subject: mail.parsed.subject ?? '',
    text: mail.parsed.text ?? '',
    html: String(mail.parsed.html),
  });

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Sprechstunde <noreply@sprechstunde.test>',
        PUBLIC_BASE_URL: BASE,
        BOOKING_RATE_LIMIT_PER_MINUTE: '10000',
      },
    });
    t.clock.advance(new Date('2026-12-07T06:00:00Z').getTime() - t.clock.now().getTime());
    office = await bookableOffice(t, {
      slug: 'beratung-sprachen',
      name: { de: 'Beratung Mitte', en: 'Counselling Centre Mitte' },
    });
  });

  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('a booking in Pashto gets a right-to-left mail in Pashto', async () => {
    const ps = CLIENT_TEXTS.ps;
    const { subject, text, html } = parts(await book('2026-12-09T10:00:00+01:00', 'ps'));
    expect(subject.startsWith(opening(ps.confirmation.subject))).toBe(true);
    expect(text).toContain('سلام Mariam،');
    expect(text).toContain(opening(ps.confirmation.lead));
    expect(text).toContain(ps.footer.noReply);
    expect(html).toContain('<html lang="ps" dir="rtl">');
    expect(html).toContain('text-align:right');
    // The weekday in Pashto (ICU's ps locale), Gregorian: 9 December 2026 is a Wednesday.
    expect(text).toContain('څلرنۍ');
  });

  it('a booking in Leichte Sprache gets the easy-to-read mail, with German names', async () => {
    const ls = CLIENT_TEXTS['de-x-ls'];
    const { subject, text, html } = parts(await book('2026-12-09T11:00:00+01:00', 'de-x-ls'));
    expect(subject.startsWith(opening(ls.confirmation.subject))).toBe(true);
    expect(text).toContain('Sie haben einen Termin gebucht. Der Termin ist für: „Aufenthalt“.');
    expect(text).not.toContain(CLIENT_TEXTS.de.confirmation.lead.split('„')[0]);
    expect(text).toContain('Beratungs-Stelle: Beratung Mitte');
    expect(text).toContain('Mittwoch, 9. Dezember 2026');
    expect(html).toContain('<html lang="de-x-ls" dir="ltr">');
  });

  it('a booking in Dari gets Dari, not Persian', async () => {
    const { text, html } = parts(await book('2026-12-09T12:00:00+01:00', 'prs'));
    expect(text).toContain(opening(CLIENT_TEXTS.prs.confirmation.lead));
    expect(text).not.toContain(opening(CLIENT_TEXTS.fa.confirmation.lead));
    expect(html).toContain('<html lang="prs" dir="rtl">');
  });

  it('takes any ISO 639-1 language and writes in English until we have its texts', async () => {
    const { text, html } = parts(await book('2026-12-09T14:00:00+01:00', 'es'));
    expect(text).toContain(opening(CLIENT_TEXTS.en.confirmation.lead));
    expect(html).toContain('<html lang="en" dir="ltr">');
  });

  it('refuses a tag that is no language, with the validation code', async () => {
    const response = await request(t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: office.typeId,
        start: '2026-12-09T13:00:00+01:00',
        pseudonym: 'Mariam',
        language: 'xx',
        timeZone: 'Europe/Berlin',
        contact: { channel: 'email', value: 'nobody@example.org' },
      })
      .expect(400);
    expect(response.body.code).toBe('validation_failed');
    expect(JSON.stringify(response.body)).toContain('de-x-ls');
  });
});
