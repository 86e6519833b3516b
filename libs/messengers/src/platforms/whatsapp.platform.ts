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
  truncate,
} from './webhook-auth.js';

const TIMEOUT_MS = 10_000;

/** Cloud API limits of an interactive reply-button message (Meta's "Interactive reply buttons"). */
const INTERACTIVE_BODY_MAX = 1024;
const REPLY_BUTTONS_MAX = 3;
const BUTTON_TITLE_MAX = 20;

/**
 * Meta's error codes (https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/):
 * throttling passes with time (4 app call limit, 80007 WABA rate limit, 130429 throughput,
 * 131048 spam rate limit, 131056 too many messages to one user), so do temporary faults
 * (1 unknown/possible server error, 2 service unavailable, 131000 something went wrong,
 * 131016 service unavailable). Everything else in the 4xx range is about this message, this
 * recipient or our account (131026 undeliverable, 131047 more than 24 hours since the user last
 * wrote, 131051 unsupported type, 132000/132001 template parameters or template missing, 190
 * expired token, 100 invalid parameter) and does not change on retry.
 */
const THROTTLED = new Set([4, 80007, 130429, 131048, 131056]);
const TEMPORARY = new Set([1, 2, 131000, 131016]);

/** Meta's challenge is a number; anything else is not echoed into our answer. */
const CHALLENGE = /^[A-Za-z0-9]{1,64}$/;

interface GraphError {
  code?: unknown;
  message?: unknown;
  error_data?: { details?: unknown };
}

/**
 * WhatsApp through Meta's Cloud API, with a small typed client over fetch: Meta's Node.js SDK for
 * the Cloud API was archived in 2023, and the API is three JSON endpoints we can type ourselves.
 */
@Injectable()
export class WhatsAppPlatform implements MessengerPlatform {
  readonly name = 'whatsapp';
  readonly enabled: boolean;

  constructor(private readonly config: AppConfig) {
    this.enabled = Boolean(config.WHATSAPP_ACCESS_TOKEN);
  }

  /** wa.me opens a chat with our number and the text prefilled; the user only taps send. */
  deepLink(code: string, _language: string): string {
    const text = encodeURIComponent(`Sprechstunde ${code}`);
    return `https://wa.me/${this.config.WHATSAPP_BUSINESS_NUMBER}?text=${text}`;
  }

  async send(message: MessengerMessage): Promise<{ providerId?: string }> {
    const token = this.config.WHATSAPP_ACCESS_TOKEN;
    const phoneNumberId = this.config.WHATSAPP_PHONE_NUMBER_ID;
    if (!token || !phoneNumberId) throw new PlatformError('WhatsApp is not configured', true);
    const url = `${this.config.WHATSAPP_API_URL.replace(/\/+$/, '')}/${phoneNumberId}/messages`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(messageBody(message)),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new PlatformError(`WhatsApp unreachable: ${String(error)}`, false);
    }
    const parsed = parseJson(Buffer.from(await response.text().catch(() => ''), 'utf8'));
    const answer = parsed.ok && isRecord(parsed.value) ? parsed.value : {};
    if (!response.ok) throw toPlatformError(response, answer.error);
    const sent = Array.isArray(answer.messages) ? (answer.messages[0] as unknown) : undefined;
    return isRecord(sent) && typeof sent.id === 'string' ? { providerId: sent.id } : {};
  }

  receive(headers: Record<string, string | string[] | undefined>, rawBody: Buffer): InboundEvent[] {
    const secret = this.config.WHATSAPP_APP_SECRET;
    if (!this.enabled || !secret) throw new WebhookRejected(403, 'WhatsApp is not configured');
    const signature = headerValue(headers, 'x-hub-signature-256')?.trim().toLowerCase();
    if (!secretsEqual(signature, `sha256=${hmacSha256Hex(secret, rawBody)}`)) {
      throw new WebhookRejected(401, 'missing or wrong X-Hub-Signature-256');
    }
    const parsed = parseJson(rawBody);
    if (!parsed.ok || !isRecord(parsed.value)) {
      throw new WebhookRejected(400, 'not a WhatsApp webhook');
    }
    const payload = parsed.value;
    if (payload.object !== 'whatsapp_business_account') return [];
    if (!Array.isArray(payload.entry)) throw new WebhookRejected(400, 'a webhook without entry');
    const events: InboundEvent[] = [];
    for (const entry of payload.entry as unknown[]) {
      if (!isRecord(entry) || !Array.isArray(entry.changes)) continue;
      for (const change of entry.changes as unknown[]) {
        if (!isRecord(change) || change.field !== 'messages' || !isRecord(change.value)) continue;
        const value = change.value;
        // One Meta app may serve several numbers: only ours is ours to answer.
        const metadata = isRecord(value.metadata) ? value.metadata : {};
        if (metadata.phone_number_id !== this.config.WHATSAPP_PHONE_NUMBER_ID) continue;
        // value.statuses (sent, delivered, read, failed) carry nothing we act on.
        if (!Array.isArray(value.messages)) continue;
        for (const message of value.messages as unknown[]) {
          const event = isRecord(message) ? toInboundEvent(message) : undefined;
          if (event) events.push(event);
        }
      }
    }
    return events;
  }

  /**
   * Meta's subscription check: a GET with hub.mode=subscribe, our verify token and a challenge to
   * echo back. Only a short token-like challenge is echoed: we reflect nothing else into a page.
   */
  verifySubscription(query: Record<string, unknown>): string | null {
    const expected = this.config.WHATSAPP_VERIFY_TOKEN;
    if (!expected) return null;
    const hub = isRecord(query.hub) ? query.hub : {};
    const read = (name: string): unknown => query[`hub.${name}`] ?? hub[name];
    const mode = read('mode');
    const token = read('verify_token');
    const challenge = read('challenge');
    if (mode !== 'subscribe' || typeof token !== 'string' || !secretsEqual(token, expected)) {
      return null;
    }
    return typeof challenge === 'string' && CHALLENGE.test(challenge) ? challenge : null;
  }
}

/** The Cloud API's message object for one of our messages. */
function messageBody(message: MessengerMessage): object {
  const envelope = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: message.chatId,
  };
  if (message.template) {
    // A message we start outside the 24-hour window: only a template registered with Meta may
    // be sent, its quick-reply buttons carrying our data as payloads.
    const components: object[] = [];
    if (message.template.params.length > 0) {
      components.push({
        type: 'body',
        parameters: message.template.params.map((text) => ({ type: 'text', text })),
      });
    }
    message.buttons.forEach((button, index) => {
      components.push({
        type: 'button',
        sub_type: 'quick_reply',
        index: String(index),
        parameters: [{ type: 'payload', payload: button.data }],
      });
    });
    return {
      ...envelope,
      type: 'template',
      template: {
        name: message.template.name,
        // The template's language: a fallback where WhatsApp has no templates in the client's.
        language: { code: message.template.language ?? message.language },
        ...(components.length > 0 ? { components } : {}),
      },
    };
  }
  if (message.buttons.length > 0) {
    return {
      ...envelope,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: truncate(message.text, INTERACTIVE_BODY_MAX) },
        action: {
          buttons: message.buttons.slice(0, REPLY_BUTTONS_MAX).map((button) => ({
            type: 'reply',
            reply: { id: button.data, title: truncate(button.label, BUTTON_TITLE_MAX) },
          })),
        },
      },
    };
  }
  // No preview card: the manage link should stay a plain link.
  return { ...envelope, type: 'text', text: { body: message.text, preview_url: false } };
}

function toInboundEvent(message: Record<string, unknown>): InboundEvent | undefined {
  if (typeof message.id !== 'string' || typeof message.from !== 'string') return undefined;
  const seconds = typeof message.timestamp === 'string' ? Number(message.timestamp) : NaN;
  const base = {
    eventId: message.id,
    chatId: message.from,
    ...(Number.isFinite(seconds) ? { sentAt: new Date(seconds * 1000) } : {}),
  };
  switch (message.type) {
    case 'text': {
      const body = isRecord(message.text) ? message.text.body : undefined;
      return typeof body === 'string' ? { ...base, kind: 'text', text: body } : undefined;
    }
    case 'button': {
      // A quick-reply button of a template message: its payload is the data we sent.
      const payload = isRecord(message.button) ? message.button.payload : undefined;
      return typeof payload === 'string' ? { ...base, kind: 'button', text: payload } : undefined;
    }
    case 'interactive': {
      const interactive = isRecord(message.interactive) ? message.interactive : {};
      const reply = isRecord(interactive.button_reply) ? interactive.button_reply : {};
      return interactive.type === 'button_reply' && typeof reply.id === 'string'
        ? { ...base, kind: 'button', text: reply.id }
        : undefined;
    }
    default:
      // Images, voice notes, locations, reactions, …: nothing we act on, and we store no content.
      return undefined;
  }
}

function toPlatformError(response: Response, error: unknown): PlatformError {
  const graph: GraphError = isRecord(error) ? error : {};
  const code = typeof graph.code === 'number' ? graph.code : undefined;
  const details = isRecord(graph.error_data) ? graph.error_data.details : undefined;
  const message =
    `WhatsApp answered HTTP ${response.status}` +
    (code === undefined ? '' : ` code ${code}`) +
    (typeof graph.message === 'string' ? `: ${graph.message}` : '') +
    (typeof details === 'string' ? ` (${details})` : '');
  const wait = retryAfterMs(response.headers.get('retry-after'));
  if (response.status === 429 || (code !== undefined && THROTTLED.has(code))) {
    return new PlatformError(message, false, wait);
  }
  if (response.status >= 500 || (code !== undefined && TEMPORARY.has(code))) {
    return new PlatformError(message, false, wait);
  }
  return new PlatformError(message, true);
}
