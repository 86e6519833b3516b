import { Injectable } from '@nestjs/common';
import { Api, GrammyError, HttpError } from 'grammy';
import type { InlineKeyboardButton, Update } from 'grammy/types';
import { AppConfig } from '@app/config';
import {
  PlatformError,
  WebhookRejected,
  type InboundEvent,
  type MessengerMessage,
  type MessengerPlatform,
} from './platform.js';
import { headerValue, isRecord, parseJson, secretsEqual } from './webhook-auth.js';

/** grammY's default waits 500 s for an answer; a notification job should fail and retry long before. */
const TIMEOUT_SECONDS = 10;

/** What Telegram's webhook sends us (the updates we subscribe to in registerWebhook). */
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** "/start CODE" from a t.me/<bot>?start=CODE link; "/start" alone when the bot was opened without one. */
const START_COMMAND = /^\/start(?:@[A-Za-z0-9_]+)?(?:\s+(\S+))?\s*$/;

/**
 * Telegram through the Bot API, with grammY's `Api` client: kept up to date with every Bot API
 * release, typed down to each method's parameters, and small when only the client is used. Its
 * `Bot` and webhook adapters are not used: our NestJS controller receives the HTTP call and hands
 * the raw body to `receive`.
 */
@Injectable()
export class TelegramPlatform implements MessengerPlatform {
  readonly name = 'telegram';
  readonly enabled: boolean;
  private readonly api: Api | undefined;

  constructor(private readonly config: AppConfig) {
    this.enabled = Boolean(config.TELEGRAM_BOT_TOKEN);
    this.api = config.TELEGRAM_BOT_TOKEN
      ? new Api(config.TELEGRAM_BOT_TOKEN, {
          // grammY refuses a trailing slash in apiRoot.
          apiRoot: config.TELEGRAM_API_URL.replace(/\/+$/, ''),
          timeoutSeconds: TIMEOUT_SECONDS,
        })
      : undefined;
  }

  deepLink(code: string, _language: string): string {
    return `https://t.me/${this.config.TELEGRAM_BOT_USERNAME}?start=${encodeURIComponent(code)}`;
  }

  async send(message: MessengerMessage): Promise<{ providerId?: string }> {
    const api = this.requireApi();
    // One button per row: labels such as "سأتأخر قليلاً" do not fit two to a row on a 360 px phone,
    // and Telegram would cut them off with an ellipsis.
    const keyboard: InlineKeyboardButton[][] = message.buttons.map((button) => [
      { text: button.label, callback_data: button.data },
    ]);
    try {
      const sent = await api.sendMessage(message.chatId, message.text, {
        // The manage link must not unfold into a preview card of our booking page.
        link_preview_options: { is_disabled: true },
        ...(keyboard.length > 0 ? { reply_markup: { inline_keyboard: keyboard } } : {}),
      });
      return { providerId: String(sent.message_id) };
    } catch (error) {
      throw toPlatformError('sendMessage', error);
    }
  }

  receive(headers: Record<string, string | string[] | undefined>, rawBody: Buffer): InboundEvent[] {
    const secret = this.config.TELEGRAM_WEBHOOK_SECRET;
    if (!this.enabled || !secret) throw new WebhookRejected(403, 'Telegram is not configured');
    if (!secretsEqual(headerValue(headers, 'x-telegram-bot-api-secret-token'), secret)) {
      throw new WebhookRejected(401, 'missing or wrong X-Telegram-Bot-Api-Secret-Token');
    }
    const parsed = parseJson(rawBody);
    if (!parsed.ok || !isRecord(parsed.value) || !Number.isSafeInteger(parsed.value.update_id)) {
      throw new WebhookRejected(400, 'not a Telegram update');
    }
    const event = toInboundEvent(parsed.value as unknown as Update);
    return event ? [event] : [];
  }

  async acknowledge(event: InboundEvent): Promise<void> {
    if (!event.callbackId) return;
    try {
      // Stops the spinner on the tapped button; the answer itself comes as a normal message.
      await this.requireApi().answerCallbackQuery(event.callbackId);
    } catch (error) {
      throw toPlatformError('answerCallbackQuery', error);
    }
  }

  async registerWebhook(url: string): Promise<void> {
    try {
      await this.requireApi().setWebhook(url, {
        secret_token: this.config.TELEGRAM_WEBHOOK_SECRET,
        allowed_updates: [...ALLOWED_UPDATES],
      });
    } catch (error) {
      throw toPlatformError('setWebhook', error);
    }
  }

  private requireApi(): Api {
    if (!this.api) throw new PlatformError('Telegram is not configured', true);
    return this.api;
  }
}

/** The one thing an update asks of us, or undefined for everything we do not act on. */
function toInboundEvent(update: Update): InboundEvent | undefined {
  const eventId = String(update.update_id);
  const message = update.message;
  if (message) {
    // Groups and channels: the bot may be added to one, but appointments belong to one person.
    if (message.chat?.type !== 'private' || typeof message.text !== 'string') return undefined;
    const chatId = String(message.chat.id);
    const locale = message.from?.language_code;
    const sentAt = new Date(message.date * 1000);
    const start = START_COMMAND.exec(message.text);
    if (start) return { eventId, chatId, kind: 'start', text: start[1] ?? '', locale, sentAt };
    return { eventId, chatId, kind: 'text', text: message.text, locale, sentAt };
  }
  const query = update.callback_query;
  if (query) {
    if (typeof query.data !== 'string' || !query.from) return undefined;
    const chat = query.message?.chat;
    if (chat && chat.type !== 'private') return undefined;
    return {
      eventId,
      // A button under a message that has since become inaccessible still names its chat;
      // in a private chat the chat id is the user's id anyway.
      chatId: String(chat?.id ?? query.from.id),
      kind: 'button',
      text: query.data,
      callbackId: query.id,
      locale: query.from.language_code,
    };
  }
  return undefined;
}

/**
 * Telegram's error codes (https://core.telegram.org/bots/api#making-requests, "error_code" and
 * "parameters.retry_after"): 429 says how long to wait; 400 (chat not found, bad request), 401 (bad
 * token), 403 (bot blocked, user deactivated) and 404 (unknown token or method) do not change on
 * retry; 5xx and anything that never reached Telegram are retried.
 */
function toPlatformError(method: string, error: unknown): PlatformError {
  if (error instanceof GrammyError) {
    const message = `Telegram ${method} answered ${error.error_code}: ${error.description}`;
    if (error.error_code === 429) {
      const seconds = error.parameters?.retry_after;
      return new PlatformError(message, false, seconds === undefined ? undefined : seconds * 1000);
    }
    if ([400, 401, 403, 404].includes(error.error_code)) return new PlatformError(message, true);
    return new PlatformError(message, false);
  }
  if (error instanceof HttpError) {
    // grammY's message leaves the token out of the URL (sensitiveLogs is off).
    return new PlatformError(`Telegram ${method} unreachable: ${error.message}`, false);
  }
  return new PlatformError(`Telegram ${method} failed: ${String(error)}`, false);
}
