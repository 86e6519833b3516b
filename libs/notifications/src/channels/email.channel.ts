import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '@app/config';
import type { DeliveryReceipt, NotificationChannel, OutgoingMessage } from './channel.js';

const SMTP_TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 };

/**
 * The Message-ID of a notification: the same for every attempt at it, derived from its log key, so
 * that a repeat (the server accepted, but the acceptance was not recorded) is one message twice, which
 * mail systems recognise and drop, not two messages. The key holds ids only (no personal data).
 */
export function messageIdOf(key: string, mailFrom: string): string {
  const domain = /@([^\s<>@]+?)>?\s*$/.exec(mailFrom)?.[1] ?? 'sprechstunde.local';
  const local = key.replace(/[^A-Za-z0-9.-]/g, '-');
  return `<${local}@${domain}>`;
}

/**
 * Email over SMTP (nodemailer). Without SMTP_URL the mails are written as .eml files to
 * DATA_DIR/mail: the quick start shows what would be sent without a mail server.
 */
@Injectable()
export class EmailChannel implements NotificationChannel, OnModuleDestroy {
  readonly name = 'email';
  readonly serves = 'email';
  private readonly logger = new Logger(EmailChannel.name);
  private readonly transport: Transporter;
  private readonly mailDir?: string;

  constructor(private readonly config: AppConfig) {
    if (config.SMTP_URL) {
      // Pooled: a few connections reused for all messages, instead of one handshake per mail.
      // `?maxConnections=` in SMTP_URL overrides the pool size for servers that allow fewer.
      const url = new URL(config.SMTP_URL);
      if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
      if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', '8');
      // Timeouts bounded, so that a hanging server fails the attempt (and frees its claim) in time;
      // what the URL sets wins over them.
      this.transport = nodemailer.createTransport(
        { url: url.toString(), ...SMTP_TIMEOUTS },
        { from: config.MAIL_FROM },
      );
    } else {
      this.mailDir = resolve(config.DATA_DIR, 'mail');
      mkdirSync(this.mailDir, { recursive: true, mode: 0o700 });
      // CRLF throughout (RFC 5322 §2.1): the stream transport keeps LF by default, so text and
      // HTML parts would mix bare LF into the CRLF headers of the stored .eml files.
      this.transport = nodemailer.createTransport({
        streamTransport: true,
        buffer: true,
        newline: 'windows',
      });
      this.logger.warn(
        { mailDir: this.mailDir },
        'SMTP_URL is not set: mails are written to files',
      );
    }
  }

  async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
    const info = (await this.transport.sendMail({
      messageId: messageIdOf(message.key, this.config.MAIL_FROM),
      from: this.config.MAIL_FROM,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: { 'Content-Language': message.language, 'Auto-Submitted': 'auto-generated' },
      attachments: message.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
      })),
    })) as { messageId: string; message?: Buffer };
    if (this.mailDir && info.message) {
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[^A-Za-z0-9.-]/g, '')}.eml`;
      await writeFile(join(this.mailDir, name), info.message, { mode: 0o600 });
    }
    return { providerId: info.messageId };
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
