import { PlatformError, type MessengerPlatform } from '@app/messengers';
import {
  PermanentDeliveryError,
  RetryLaterError,
  type DeliveryReceipt,
  type NotificationChannel,
  type OutgoingMessage,
} from './channel.js';

/**
 * A messenger as a notification channel: the message's short text with its reply buttons (and, for
 * WhatsApp, its template) to the bound chat. The platform's refusals become the queue's terms: a
 * permanent one ends the job, a rate limit retries after the pause the platform asked for.
 */
export class MessengerChannel implements NotificationChannel {
  readonly name: string;
  readonly serves: string;

  constructor(private readonly platform: MessengerPlatform) {
    this.name = platform.name;
    this.serves = platform.name;
  }

  async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
    if (!this.platform.enabled) {
      throw new PermanentDeliveryError(`${this.platform.name} is not configured`);
    }
    try {
      return await this.platform.send({
        key: message.key,
        chatId: message.to,
        text: message.short,
        language: message.language,
        direction: message.direction,
        buttons: message.messenger?.buttons ?? [],
        template: message.messenger?.template,
      });
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      if (error.permanent) throw new PermanentDeliveryError(error.message);
      if (error.retryAfterMs !== undefined)
        throw new RetryLaterError(error.message, error.retryAfterMs);
      throw error;
    }
  }
}
