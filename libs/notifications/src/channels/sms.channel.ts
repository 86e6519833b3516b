import { Injectable } from '@nestjs/common';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { AppConfig } from '@app/config';
import {
  PermanentDeliveryError,
  type DeliveryReceipt,
  type NotificationChannel,
  type OutgoingMessage,
} from './channel.js';

const TIMEOUT_MS = 10_000;

/**
 * SMS through an HTTP gateway: POST {"from", "to", "text"} as JSON with a bearer token. Most
 * gateways (or a small proxy in front of them) accept this shape; a gateway with another API is
 * another adapter of NotificationChannel. 4xx answers are permanent, 5xx and timeouts are retried.
 * Each request carries an `Idempotency-Key` header (the notification's log key).
 */
@Injectable()
export class SmsChannel implements NotificationChannel {
  readonly name = 'sms';
  readonly serves = 'phone';

  constructor(private readonly config: AppConfig) {}

  async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
    const url = this.config.SMS_GATEWAY_URL;
    if (!url) throw new PermanentDeliveryError('SMS_GATEWAY_URL is not configured');
    // Gateways want E.164 (+4930123456); clients type numbers with spaces and dashes.
    const to = parsePhoneNumberFromString(message.to);
    if (!to?.isValid()) throw new PermanentDeliveryError('not a valid phone number');
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        // The same for every attempt at this message: gateways that honour it drop a repeat.
        'idempotency-key': message.key,
        ...(this.config.SMS_GATEWAY_TOKEN
          ? { authorization: `Bearer ${this.config.SMS_GATEWAY_TOKEN}` }
          : {}),
      },
      body: JSON.stringify({ from: this.config.SMS_SENDER, to: to.number, text: message.short }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = await response.text();
    if (response.status >= 400 && response.status < 500 && response.status !== 429) {
      throw new PermanentDeliveryError(`SMS gateway answered ${response.status}`);
    }
    if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
    let providerId: string | undefined;
    try {
      const parsed = JSON.parse(body) as { id?: unknown; messageId?: unknown };
      const id = parsed.id ?? parsed.messageId;
      if (typeof id === 'string' || typeof id === 'number') providerId = String(id);
    } catch {
      // A gateway that answers with plain text is fine.
    }
    return { providerId };
  }
}
