/** A message ready for one channel; the channel uses what it can carry (SMS: `short` only). */
export interface OutgoingMessage {
  /**
   * The notification log key: the same for every attempt at this message, so that a provider that
   * knows the message already (mail systems compare Message-IDs) can drop a repeat.
   */
  key: string;
  /** An email address, a phone number in E.164, a messenger handle: whatever the channel reaches. */
  to: string;
  subject: string;
  text: string;
  html: string;
  /** One line for channels that carry little text (SMS, messengers). */
  short: string;
  /** The text direction of the message's language. */
  direction: 'ltr' | 'rtl';
  language: string;
  attachments: { filename: string; contentType: string; content: string }[];
  /** Messengers: the reply buttons, and the registered template a message we start must use (WhatsApp). */
  messenger?: {
    buttons: { data: string; label: string }[];
    /** `language`: the template's, which is not the message's where WhatsApp lacks the language. */
    template?: { name: string; language?: string; params: string[] };
  };
}

export interface DeliveryReceipt {
  /** The provider's id for the message, when it returns one. */
  providerId?: string;
}

/**
 * A way to reach people. Adding Telegram, Signal or WhatsApp is one new file implementing this,
 * registered under NOTIFICATION_CHANNELS, and the contact channel it serves.
 */
export interface NotificationChannel {
  /** Recorded in the notification log. */
  readonly name: string;
  /** The appointment contact channel it serves (`email`, `phone`, …). */
  readonly serves: string;
  send(message: OutgoingMessage): Promise<DeliveryReceipt>;
}

export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');

/** A failure worth another attempt, after the pause the provider asked for (HTTP 429 retry_after). */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

/** Thrown for failures that another attempt cannot fix (bad address, channel not configured). */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}
