/**
 * One messenger (Telegram, Viber, WhatsApp) as Sprechstunde uses it: send a text with reply buttons
 * to a chat, authenticate and read what the platform posts to our webhook, and build the link that
 * opens a chat with our bot. Everything else (binding chats to appointments, what a reply does, the
 * texts) is the platform-neutral MessengerService. Each adapter takes its base URL from the config,
 * so that the same code talks to the platform in production and to a local server in the tests.
 */
export const MESSENGER_NAMES = ['telegram', 'viber', 'whatsapp'] as const;
export type MessengerName = (typeof MESSENGER_NAMES)[number];

/** A reply button: its label in the client's language, and what the platform sends back when tapped. */
export interface ReplyButton {
  /** At most 64 ASCII characters (Telegram's callback_data limit). */
  data: string;
  /** At most 20 characters (WhatsApp's button title limit). */
  label: string;
}

export interface MessengerMessage {
  /** The notification log key (or a reply's own key): the same for every attempt at this message. */
  key: string;
  /** Whatever the platform addresses: Telegram chat id, Viber user id, WhatsApp wa_id (phone digits). */
  chatId: string;
  /** Plain text in the client's language, links included. */
  text: string;
  language: string;
  direction: 'ltr' | 'rtl';
  buttons: ReplyButton[];
  /**
   * A message we start (not an answer to the client): WhatsApp allows those only as a template
   * registered with Meta, with these parameters ({{1}}, {{2}}, … of the body) and the buttons as its
   * quick replies. Telegram and Viber ignore it and send `text`.
   */
  template?: { name: string; language?: string; params: string[] };
}

/** What arrived at the webhook, reduced to what we act on. Free text is never stored. */
export interface InboundEvent {
  /** The platform's id of the update or message: a replayed delivery carries the same id. */
  eventId: string;
  chatId: string;
  /**
   * start: the chat was opened through our deep link (`text` is the code carried by it);
   * button: a reply button was tapped (`text` is its data);
   * text: anything the client typed (a code, a keyword such as "2", or something else).
   */
  kind: 'start' | 'button' | 'text';
  text: string;
  /** The platform's id of a button press that must be answered (Telegram's callback_query id). */
  callbackId?: string;
  /** The client's app language, where the platform says it (Telegram language_code, Viber user.language). */
  locale?: string;
  /**
   * When the client sent it, where the platform says so (Telegram message.date, Viber timestamp,
   * WhatsApp messages[].timestamp): older events than the replay guard remembers are refused.
   */
  sentAt?: Date;
}

/** The webhook call is not from the platform, or not readable: answered with this status, nothing done. */
export class WebhookRejected extends Error {
  constructor(
    readonly status: 400 | 401 | 403,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookRejected';
  }
}

/**
 * The platform refused the message. `permanent`: another attempt cannot help (blocked bot, unknown
 * chat, bad token). Otherwise retried, after `retryAfterMs` when the platform said how long to wait
 * (Telegram's parameters.retry_after, a Retry-After header).
 */
export class PlatformError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}

export interface MessengerPlatform {
  readonly name: MessengerName;
  /** Whether its environment variables are set: otherwise nothing offers or uses it. */
  readonly enabled: boolean;
  /**
   * The link that opens a chat with our bot carrying the one-time code (never a manage token):
   * t.me/<bot>?start=<code>, viber://pa?chatURI=<uri>&context=<code>, wa.me/<number>?text=<text with code>.
   */
  deepLink(code: string, language: string): string;
  send(message: MessengerMessage): Promise<{ providerId?: string }>;
  /**
   * Authenticates a webhook call the way the platform specifies (Telegram's secret-token header,
   * Viber's X-Viber-Content-Signature HMAC of the body, WhatsApp's X-Hub-Signature-256 with the app
   * secret, compared in constant time) and reads its events. Throws WebhookRejected for anything
   * unsigned, wrongly signed or malformed. Events we do not act on (delivery receipts, seen, …)
   * give an empty list.
   */
  receive(headers: Record<string, string | string[] | undefined>, rawBody: Buffer): InboundEvent[];
  /** Answers a button press where the platform expects it (Telegram: answerCallbackQuery). */
  acknowledge?(event: InboundEvent): Promise<void>;
  /** Tells the platform where our webhook is (Telegram setWebhook, Viber set_webhook). */
  registerWebhook?(url: string): Promise<void>;
  /** WhatsApp's subscription check (GET with hub.mode, hub.verify_token, hub.challenge): the challenge or null. */
  verifySubscription?(query: Record<string, unknown>): string | null;
}

export const MESSENGER_PLATFORMS = Symbol('MESSENGER_PLATFORMS');
