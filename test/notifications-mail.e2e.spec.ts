import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@app/config';
import { EmailChannel, renderClientMessage, type OutgoingMessage } from '@app/notifications';
import { SmtpSink } from './support/smtp-sink.js';

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
      bookingPage: 'https://sprechstunde.test/',
      organizer: { name: 'Sprechstunde', email: 'noreply@sprechstunde.test' },
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
