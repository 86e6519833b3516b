import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@app/config';
import {
  CLIENT_TEXTS,
  EmailChannel,
  renderClientMessage,
  type OutgoingMessage,
} from '@app/notifications';
import { bookableOffice, type BookableOffice } from './support/office-booking.js';
import { SmtpSink, type ReceivedMail } from './support/smtp-sink.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const APPOINTMENT = '3f2c1a8e-7d0b-4c55-9f0e-4f1e2d3c4b5a';

/** A client's confirmation with multi-line text, HTML and a calendar file, as the sender makes it. */
function message(key: string, to = 'olena@example.org'): OutgoingMessage {
  return {
    key,
    to,
    ...renderClientMessage({
      kind: 'confirmation',
      appointmentId: APPOINTMENT,
      version: 1,
      pseudonym: 'Mariam',
      language: 'ar',
      timeZone: 'Europe/Berlin',
      startsAt: new Date('2026-12-09T09:00:00Z'),
      endsAt: new Date('2026-12-09T09:45:00Z'),
      channel: 'video',
      typeName: { de: 'Aufenthalt', ar: 'الإقامة' },
      counsellorName: 'Amira Haddad',
      joinOpensMinutesBefore: 15,
      link: 'https://sprechstunde.test/manage#token=abc',
      bookingPage: 'https://sprechstunde.test/o/mitte',
      office: {
        name: { de: 'Beratungsstelle Mitte', ar: 'مكتب الاستشارة في ميته' },
        contact: 'kontakt@mitte.test',
        privacyNotice: 'https://sprechstunde.test/o/mitte/privacy',
      },
      senderEmail: 'noreply@sprechstunde.test',
      retentionDays: 30,
    }),
  };
}

describe('the email channel', () => {
  const dirs: string[] = [];
  let smtp: SmtpSink;
  const channel = (env: Record<string, string> = {}) => {
    const dir = mkdtempSync(join(tmpdir(), 'sprechstunde-mail-'));
    dirs.push(dir);
    return {
      dir,
      channel: new EmailChannel(
        loadConfig({
          DATA_DIR: dir,
          LOG_LEVEL: 'silent',
          MAIL_FROM: 'Sprechstunde <noreply@sprechstunde.test>',
          ...env,
        }),
      ),
    };
  };

  beforeAll(async () => {
    smtp = await SmtpSink.start();
  });
  afterAll(async () => {
    await smtp.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('stores .eml files with CRLF line ends only (no bare LF, no bare CR)', async () => {
    const { dir, channel: email } = channel();
    await email.send(message(`confirmation.${APPOINTMENT}.v1`));
    email.onModuleDestroy();
    const [file] = readdirSync(join(dir, 'mail'));
    const raw = readFileSync(join(dir, 'mail', file), 'latin1');
    expect(raw).toContain('\r\n\r\n'); // headers, then the body
    expect(raw.match(/(?<!\r)\n/g) ?? []).toEqual([]);
    expect(raw.match(/\r(?!\n)/g) ?? []).toEqual([]);
    expect(raw.replace(/\r\n[ \t]+/g, ' ')).toContain(
      `\r\nMessage-ID: <confirmation.${APPOINTMENT}.v1@sprechstunde.test>\r\n`,
    );
  });

  it('gives every attempt at one notification the same Message-ID, derived from its log key', async () => {
    const { channel: email } = channel({ SMTP_URL: smtp.url });
    const key = `reminder.${APPOINTMENT}.v2.60`;
    const first = await email.send(message(key));
    const again = await email.send(message(key));
    const other = await email.send(message(`reminder.${APPOINTMENT}.v2.1440`));
    email.onModuleDestroy();
    await smtp.waitFor((mails) => mails.length === 3);
    const ids = smtp.mails.map((mail) => mail.parsed.messageId);
    expect(ids).toEqual([
      `<reminder.${APPOINTMENT}.v2.60@sprechstunde.test>`,
      `<reminder.${APPOINTMENT}.v2.60@sprechstunde.test>`,
      `<reminder.${APPOINTMENT}.v2.1440@sprechstunde.test>`,
    ]);
    expect(first.providerId).toBe(ids[0]);
    expect(again.providerId).toBe(ids[0]);
    expect(other.providerId).toBe(ids[2]);
  });
});

describe('client mails name the office of the appointment and link its privacy notice', () => {
  const BASE = 'https://termine.example.org';
  let t: TestApp;
  let smtp: SmtpSink;
  let north: BookableOffice;
  let south: BookableOffice;
  let address = 0;

  const book = async (office: BookableOffice, start: string, language: string) => {
    const to = `office-client${++address}@example.org`;
    const body = (
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
        .expect(201)
    ).body as { manageToken: string };
    return { to, manageToken: body.manageToken };
  };
  const mailTo = async (to: string, count: number): Promise<ReceivedMail> => {
    await smtp.waitFor(() => smtp.to(to).length === count);
    return smtp.to(to)[count - 1];
  };

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Sprechstunde <noreply@sprechstunde.test>',
        PUBLIC_BASE_URL: BASE,
        BOOKING_RATE_LIMIT_PER_MINUTE: '10000',
        MANAGE_RATE_LIMIT_PER_MINUTE: '10000',
      },
    });
    t.clock.advance(new Date('2026-12-07T06:00:00Z').getTime() - t.clock.now().getTime());
    north = await bookableOffice(t, {
      slug: 'beratung-nord',
      name: { de: 'Beratung Nord', ar: 'استشارات الشمال' },
      contactEmail: 'nord@beratung.example',
      retentionDays: 45,
    });
    south = await bookableOffice(t, {
      slug: 'beratung-sued',
      name: { de: 'Beratung Süd', en: 'Counselling South' },
      contactPhone: '+49 30 7654321',
      retentionDays: 90,
    });
  });

  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('names the office booked with, not another, in text, HTML and calendar file, right to left', async () => {
    const booked = await book(north, '2026-12-09T10:00:00+01:00', 'ar');
    const mail = await mailTo(booked.to, 1);
    const ar = CLIENT_TEXTS.ar;
    const privacy = `${BASE}/o/beratung-nord/privacy`;
    const text = mail.parsed.text ?? '';
    expect(text).toContain(`${ar.labels.office}: استشارات الشمال`);
    expect(text).toContain(`${ar.labels.officeContact}: nord@beratung.example`);
    expect(text).toContain(`إشعار الخصوصية لدى استشارات الشمال: ${privacy}`);
    expect(text).toContain(ar.footer.privacy.replace('{days}', '45'));
    expect(text).not.toMatch(/beratung-sued|Beratung Süd/);
    const html = String(mail.parsed.html);
    expect(html).toContain('dir="rtl"');
    expect(html).toContain(`<a href="${privacy}"`);
    expect(html).toContain('<td dir="ltr"');
    const file = mail.parsed.attachments.find((a) => a.filename === 'appointment.ics');
    const ics = file!.content.toString('utf8').replace(/\r\n[ \t]/g, '');
    expect(ics).toContain('ORGANIZER;CN="استشارات الشمال":mailto:noreply@sprechstunde.test');
    expect(ics).toContain(privacy);
    expect(ics).toContain(`URL;VALUE=URI:${BASE}/o/beratung-nord`);
  });

  it("sends a cancellation to the office's own booking page, with its name and privacy notice", async () => {
    const booked = await book(south, '2026-12-10T11:00:00+01:00', 'en');
    const confirmation = await mailTo(booked.to, 1);
    expect(confirmation.parsed.text).toContain('Counselling office: Counselling South');
    expect(confirmation.parsed.text).toContain('Contact: +49 30 7654321');
    expect(confirmation.parsed.text).toContain('delete your details 90 days after it');
    await request(t.http)
      .post('/api/public/manage/cancel')
      .set('X-Manage-Token', booked.manageToken)
      .send({})
      .expect(200);
    const cancelled = await mailTo(booked.to, 2);
    const text = cancelled.parsed.text ?? '';
    expect(text).toContain(`Book a new appointment: ${BASE}/o/beratung-sued\n`);
    expect(text).toContain(`Privacy notice of Counselling South: ${BASE}/o/beratung-sued/privacy`);
    expect(text).not.toContain('beratung-nord');
  });
});
