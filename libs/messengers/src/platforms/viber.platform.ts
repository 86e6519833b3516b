import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import {
  PlatformError,
  WebhookRejected,
  type InboundEvent,
  type MessengerMessage,
  type MessengerPlatform,
} from './platform.js';
import {
  headerValue,
  hmacSha256Hex,
  isRecord,
  parseJson,
  retryAfterMs,
  secretsEqual,
} from './webhook-auth.js';

const TIMEOUT_MS = 10_000;

/** The callbacks set_webhook subscribes to; Viber always adds `webhook` (its own check of the URL). */
const EVENT_TYPES = ['message', 'subscribed', 'unsubscribed', 'conversation_started', 'failed'];

/**
 * Viber's error statuses (https://developers.viber.com/docs/api/rest-bot-api/#error-codes): only
 * 12 (tooManyRequests) passes with time. The others name a bad request (3, 4, 13, 14), a bad token
 * or account (2, 7, 8, 9, 15), or a receiver who cannot get our messages (5 not registered, 6 not
 * subscribed, 11 no suitable device): another attempt gets the same answer. Statuses not listed
 * ("other: general error") are retried, within the notification's retry budget.
 */
const PERMANENT_STATUSES = new Set([
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
]);

/**
 * A keyboard grid is 6 columns wide: one full-width button per row, because reply labels in Arabic
 * or Ukrainian do not fit two to a row on a small phone.
 */
const BUTTON_COLUMNS = 6;

/** What we put into tracking_data, which Viber hands back with the user's next message. */
interface TrackingData {
  buttons: string[];
}

/**
 * Viber through its bot REST API, with a small typed client over fetch: the official `viber-bot`
 * npm package has not been maintained since 2019 and brings an Express server of its own, which
 * we do not need (our NestJS controller receives the webhook).
 *
 * Viber has no callback buttons: a keyboard button of ActionType "reply" makes the client send
 * its ActionBody as an ordinary text message. To tell a tap from typed text we send the buttons'
 * data as tracking_data, which Viber passes back with the reply, and report a message whose text
 * is one of them as a button press.
 */
@Injectable()
export class ViberPlatform implements MessengerPlatform {
  readonly name = 'viber';
  readonly enabled: boolean;

  constructor(private readonly config: AppConfig) {
    this.enabled = Boolean(config.VIBER_AUTH_TOKEN);
  }

  /**
   * Opens the bot's chat with the code as context and a prefilled message carrying it. Viber lets
   * us write to a user only once they have sent a message (conversation_started alone does not
   * subscribe them), so the binding happens when they send this prefilled text.
   */
  deepLink(code: string, _language: string): string {
    const uri = encodeURIComponent(this.config.VIBER_BOT_URI ?? '');
    const text = encodeURIComponent(`Sprechstunde ${code}`);
    return `viber://pa?chatURI=${uri}&context=${encodeURIComponent(code)}&text=${text}`;
  }

  async send(message: MessengerMessage): Promise<{ providerId?: string }> {
    const buttons = message.buttons;
    const body = {
      receiver: message.chatId,
      // Keyboards need clients of API level 3 or newer; plain text reaches every Viber client.
      min_api_version: buttons.length > 0 ? 3 : 1,
      sender: { name: this.config.VIBER_SENDER_NAME },
      type: 'text',
      text: message.text,
      ...(buttons.length > 0
        ? {
            tracking_data: JSON.stringify({
              buttons: buttons.map((b) => b.data),
            } satisfies TrackingData),
            keyboard: {
              Type: 'keyboard',
              DefaultHeight: false,
              Buttons: buttons.map((button) => ({
                ActionType: 'reply',
                ActionBody: button.data,
                Text: button.label,
                Columns: BUTTON_COLUMNS,
                Rows: 1,
              })),
            },
          }
        : {}),
    };
    const answer = await this.call('send_message', body);
    return answer.messageToken ? { providerId: answer.messageToken } : {};
  }

  receive(headers: Record<string, string | string[] | undefined>, rawBody: Buffer): InboundEvent[] {
    const token = this.config.VIBER_AUTH_TOKEN;
    if (!token) throw new WebhookRejected(403, 'Viber is not configured');
    const signature = headerValue(headers, 'x-viber-content-signature')?.trim().toLowerCase();
    if (!secretsEqual(signature, hmacSha256Hex(token, rawBody))) {
      throw new WebhookRejected(401, 'missing or wrong X-Viber-Content-Signature');
    }
    const parsed = parseJson(rawBody);
    if (!parsed.ok || !isRecord(parsed.value) || typeof parsed.value.event !== 'string') {
      throw new WebhookRejected(400, 'not a Viber callback');
    }
    const callback = parsed.value;
    // webhook, subscribed, unsubscribed, delivered, seen, failed, conversation_started: nothing to
    // act on (a conversation_started user is not subscribed, and we may not write to them yet).
    if (callback.event !== 'message') return [];
    const message = callback.message;
    const sender = callback.sender;
    if (!isRecord(message) || !isRecord(sender) || typeof sender.id !== 'string') {
      throw new WebhookRejected(400, 'a Viber message callback without message or sender');
    }
    if (message.type !== 'text' || typeof message.text !== 'string') return [];
    const eventId = messageToken(rawBody);
    if (!eventId) throw new WebhookRejected(400, 'a Viber message callback without message_token');
    const offered = offeredButtons(message.tracking_data);
    return [
      {
        eventId,
        chatId: sender.id,
        kind: offered.includes(message.text) ? 'button' : 'text',
        text: message.text,
        locale: typeof sender.language === 'string' ? sender.language : undefined,
        sentAt: typeof callback.timestamp === 'number' ? new Date(callback.timestamp) : undefined,
      },
    ];
  }

  async registerWebhook(url: string): Promise<void> {
    await this.call('set_webhook', {
      url,
      event_types: EVENT_TYPES,
      // Names and photos are personal data we do not need.
      send_name: false,
      send_photo: false,
    });
  }

  /**
   * One API call. Viber answers HTTP 200 with `status` 0 on success and another status on
   * failure; an HTTP error comes from in front of the API (overload, rate limit).
   */
  private async call(endpoint: string, body: object): Promise<{ messageToken?: string }> {
    const token = this.config.VIBER_AUTH_TOKEN;
    if (!token) throw new PlatformError('Viber is not configured', true);
    let response: Response;
    try {
      response = await fetch(`${this.config.VIBER_API_URL.replace(/\/+$/, '')}/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-viber-auth-token': token },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new PlatformError(`Viber ${endpoint} unreachable: ${String(error)}`, false);
    }
    const text = await response.text().catch(() => '');
    if (response.status === 429 || response.status >= 500) {
      throw new PlatformError(
        `Viber ${endpoint} answered HTTP ${response.status}`,
        false,
        retryAfterMs(response.headers.get('retry-after')),
      );
    }
    if (!response.ok) {
      throw new PlatformError(`Viber ${endpoint} answered HTTP ${response.status}`, true);
    }
    const parsed = parseJson(Buffer.from(text, 'utf8'));
    if (!parsed.ok || !isRecord(parsed.value) || typeof parsed.value.status !== 'number') {
      throw new PlatformError(`Viber ${endpoint} answered something unreadable`, false);
    }
    const { status, status_message: statusMessage } = parsed.value;
    if (status !== 0) {
      const message = `Viber ${endpoint} answered status ${status} (${String(statusMessage)})`;
      throw new PlatformError(message, PERMANENT_STATUSES.has(status));
    }
    return { messageToken: messageToken(Buffer.from(text, 'utf8')) };
  }
}

/**
 * message_token is a 64-bit integer (e.g. 5741311803571721087), beyond what a JavaScript number
 * holds exactly: JSON.parse would round neighbouring tokens to one value, and a new message would
 * look like a replay of the last. So it is read as digits from the raw JSON. The top-level key
 * comes first in Viber's callbacks and answers; nested objects have no key of that name.
 */
function messageToken(raw: Buffer): string | undefined {
  return /"message_token"\s*:\s*"?(\d{1,20})"?/.exec(raw.toString('utf8'))?.[1];
}

function offeredButtons(trackingData: unknown): string[] {
  if (typeof trackingData !== 'string' || trackingData === '') return [];
  const parsed = parseJson(Buffer.from(trackingData, 'utf8'));
  if (!parsed.ok || !isRecord(parsed.value) || !Array.isArray(parsed.value.buttons)) return [];
  return parsed.value.buttons.filter((data): data is string => typeof data === 'string');
}
