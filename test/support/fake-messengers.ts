import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for the Telegram Bot API, Viber's bot REST API and WhatsApp's Cloud API: one
 * HTTP server on a free loopback port that answers the endpoints Sprechstunde calls with the
 * documented request checks and response shapes, records every request, and can be told to fail
 * the next requests of a platform with that platform's real error answers. The adapters reach it
 * through the same *_API_URL variables that point them at the real services in production.
 *
 *   Telegram  POST /bot<token>/sendMessage | setWebhook | answerCallbackQuery
 *   Viber     POST /pa/send_message | /pa/set_webhook           (X-Viber-Auth-Token)
 *   WhatsApp  POST /v23.0/<phone number id>/messages            (Authorization: Bearer)
 *
 * Also here: builders of the webhook calls each platform makes to us, signed exactly as the
 * platform signs them, with ids the test chooses (to replay one, or forge one).
 */

export type FakePlatform = 'telegram' | 'viber' | 'whatsapp';

/** The secrets and ids the fake expects; fakeMessengerEnv hands the same to the app. */
export const FAKE_MESSENGER_SECRETS = {
  telegramToken: '7000000001:AAFakeTelegramTokenForTests_0123456789',
  telegramUsername: 'SprechstundeTestBot',
  telegramWebhookSecret: 'telegram-webhook-secret-for-tests',
  telegramBotId: 7000000001,
  viberToken: '4f1c2d3e4f5a6b7c-8d9e0f1a2b3c4d5e-fakeviber',
  viberBotUri: 'sprechstundetest',
  viberSenderName: 'Sprechstunde',
  whatsappToken: 'EAAFakeWhatsAppAccessTokenForTests0123456789',
  whatsappPhoneNumberId: '109876543210987',
  whatsappBusinessNumber: '4930123456789',
  whatsappAppSecret: 'whatsapp-app-secret-for-tests',
  whatsappVerifyToken: 'whatsapp-verify-token-for-tests',
} as const;

export const WHATSAPP_GRAPH_VERSION = 'v23.0';

export interface FakeRequest {
  platform: FakePlatform;
  /** The API method: sendMessage, send_message, messages, … */
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON or form body. */
  body: Record<string, unknown>;
  /** What the fake answered (a scripted failure shows here too). */
  status: number;
  response: unknown;
}

/** A scripted answer: HTTP status, headers and JSON body. */
export interface FakeFailure {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** Telegram's error answers ({ ok: false, error_code, description, parameters? }). */
export const telegramFailures = {
  rateLimited: (retryAfter = 2): FakeFailure => ({
    status: 429,
    body: {
      ok: false,
      error_code: 429,
      description: `Too Many Requests: retry after ${retryAfter}`,
      parameters: { retry_after: retryAfter },
    },
  }),
  blocked: (): FakeFailure => ({
    status: 403,
    body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
  }),
  chatNotFound: (): FakeFailure => ({
    status: 400,
    body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' },
  }),
  serverError: (): FakeFailure => ({
    status: 500,
    body: { ok: false, error_code: 500, description: 'Internal Server Error' },
  }),
};

/** Viber's error answers: HTTP 200 with a non-zero status, or an HTTP error from its front end. */
export const viberFailures = {
  status: (status: number, statusMessage: string): FakeFailure => ({
    status: 200,
    body: { status, status_message: statusMessage, chat_hostname: 'SN-CHAT-05_' },
  }),
  notSubscribed: (): FakeFailure => viberFailures.status(6, 'notSubscribed'),
  tooManyRequests: (): FakeFailure => viberFailures.status(12, 'tooManyRequests'),
  httpError: (status = 503, retryAfterSeconds?: number): FakeFailure => ({
    status,
    headers: retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
    body: { status: 'error' },
  }),
};

/** Graph API error answers ({ error: { message, type, code, error_data, fbtrace_id } }). */
export const whatsappFailures = {
  error: (
    status: number,
    code: number,
    message: string,
    options: { details?: string; subcode?: number; retryAfterSeconds?: number } = {},
  ): FakeFailure => ({
    status,
    headers:
      options.retryAfterSeconds === undefined
        ? {}
        : { 'retry-after': String(options.retryAfterSeconds) },
    body: {
      error: {
        message,
        type: 'OAuthException',
        code,
        ...(options.details
          ? { error_data: { messaging_product: 'whatsapp', details: options.details } }
          : {}),
        ...(options.subcode === undefined ? {} : { error_subcode: options.subcode }),
        fbtrace_id: `A${randomBytes(9).toString('base64url')}`,
      },
    },
  }),
  rateLimited: (retryAfterSeconds?: number): FakeFailure =>
    whatsappFailures.error(429, 130429, '(#130429) Rate limit hit', {
      details: 'Cloud API message throughput has been reached.',
      retryAfterSeconds,
    }),
  outsideWindow: (): FakeFailure =>
    whatsappFailures.error(400, 131047, '(#131047) Re-engagement message', {
      details:
        'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
    }),
  undeliverable: (): FakeFailure =>
    whatsappFailures.error(400, 131026, '(#131026) Message Undeliverable', {
      details: 'Message Undeliverable.',
    }),
  serverError: (): FakeFailure =>
    whatsappFailures.error(500, 131000, '(#131000) Something went wrong', {
      details: 'Message failed to send due to an unknown error.',
    }),
};

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
  /** JSON text to send instead of JSON.stringify(body) (Viber's 64-bit message tokens). */
  raw?: string;
}

export class FakeMessengers {
  readonly requests: FakeRequest[] = [];
  private readonly failures: Record<FakePlatform, FakeFailure[]> = {
    telegram: [],
    viber: [],
    whatsapp: [],
  };
  private readonly waiters: {
    test: (r: FakeRequest) => boolean;
    resolve: (r: FakeRequest) => void;
  }[] = [];
  private nextTelegramMessageId = 1;
  // Viber's message tokens are 64-bit: start above 2^53 so that a client reading them as
  // JavaScript numbers shows in the tests.
  private nextViberToken = 5_741_311_803_571_721_000n;

  private readonly server: Server;

  private constructor() {
    this.server = createServer((request, response) => {
      void this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
    });
  }

  static async start(): Promise<FakeMessengers> {
    const fake = new FakeMessengers();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next `times` requests to this platform (any endpoint) get this answer instead. */
  failNext(platform: FakePlatform, failure: FakeFailure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures[platform].push(failure);
  }

  /** Requests to one platform (and one method), oldest first. */
  received(platform: FakePlatform, method?: string): FakeRequest[] {
    return this.requests.filter(
      (r) => r.platform === platform && (method === undefined || r.method === method),
    );
  }

  /** Resolves with the first request (already made or still to come) that passes the test. */
  waitFor(test: (request: FakeRequest) => boolean, timeoutMs = 10_000): Promise<FakeRequest> {
    const done = this.requests.find(test);
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching messenger request within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        test,
        resolve: (request: FakeRequest) => {
          clearTimeout(timer);
          resolve(request);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Forgets recorded requests and scripted failures (between tests). */
  reset(): void {
    this.requests.length = 0;
    for (const platform of Object.keys(this.failures) as FakePlatform[]) {
      this.failures[platform].length = 0;
    }
  }

  async close(): Promise<void> {
    // grammY keeps connections alive: close them, or close() waits for their idle timeout.
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const body = parseBody(request.headers['content-type'], await readBody(request));
    const route = this.route(url.pathname);
    let answer: Answer;
    if (!route || request.method !== 'POST') {
      answer = { status: 404, body: { error: 'not found' } };
    } else {
      const failure = this.failures[route.platform].shift();
      answer = failure ?? this.answer(route, request, body);
    }
    const recorded: FakeRequest = {
      platform: route?.platform ?? 'telegram',
      method: route?.method ?? url.pathname,
      path: url.pathname,
      headers: request.headers,
      body,
      status: answer.status,
      response: answer.body,
    };
    if (route) {
      this.requests.push(recorded);
      for (const waiter of [...this.waiters]) {
        if (!waiter.test(recorded)) continue;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(recorded);
      }
    }
    response
      .writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
      .end(answer.raw ?? JSON.stringify(answer.body));
  }

  private route(
    path: string,
  ):
    { platform: FakePlatform; method: string; token?: string; phoneNumberId?: string } | undefined {
    const telegram = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(path);
    if (telegram) return { platform: 'telegram', token: telegram[1], method: telegram[2] };
    const viber = /^\/pa\/([a-z_]+)$/.exec(path);
    if (viber) return { platform: 'viber', method: viber[1] };
    const whatsapp = new RegExp(`^/${WHATSAPP_GRAPH_VERSION}/(\\d+)/messages$`).exec(path);
    if (whatsapp) return { platform: 'whatsapp', phoneNumberId: whatsapp[1], method: 'messages' };
    return undefined;
  }

  private answer(
    route: { platform: FakePlatform; method: string; token?: string; phoneNumberId?: string },
    request: IncomingMessage,
    body: Record<string, unknown>,
  ): Answer {
    switch (route.platform) {
      case 'telegram':
        return this.telegram(route.token ?? '', route.method, body);
      case 'viber':
        return this.viber(route.method, request, body);
      case 'whatsapp':
        return this.whatsapp(route.phoneNumberId ?? '', request, body);
    }
  }

  /** https://core.telegram.org/bots/api: { ok: true, result } or { ok: false, error_code, description }. */
  private telegram(token: string, method: string, body: Record<string, unknown>): Answer {
    const error = (status: number, description: string): Answer => ({
      status,
      body: { ok: false, error_code: status, description },
    });
    if (token !== FAKE_MESSENGER_SECRETS.telegramToken) return error(401, 'Unauthorized');
    switch (method) {
      case 'sendMessage': {
        const chatId = body.chat_id;
        const text = body.text;
        if (chatId === undefined || chatId === '')
          return error(400, 'Bad Request: chat_id is empty');
        if (typeof text !== 'string' || text.trim() === '') {
          return error(400, 'Bad Request: message text is empty');
        }
        if (Array.from(text).length > 4096) return error(400, 'Bad Request: message is too long');
        const markup = body.reply_markup as { inline_keyboard?: { callback_data?: string }[][] };
        for (const row of markup?.inline_keyboard ?? []) {
          for (const button of row) {
            const bytes = Buffer.byteLength(button.callback_data ?? '', 'utf8');
            if (bytes < 1 || bytes > 64) return error(400, 'Bad Request: BUTTON_DATA_INVALID');
          }
        }
        return {
          status: 200,
          body: {
            ok: true,
            result: {
              message_id: this.nextTelegramMessageId++,
              from: {
                id: FAKE_MESSENGER_SECRETS.telegramBotId,
                is_bot: true,
                first_name: 'Sprechstunde',
                username: FAKE_MESSENGER_SECRETS.telegramUsername,
              },
              chat: { id: Number(chatId), first_name: 'Client', type: 'private' },
              date: Math.floor(Date.now() / 1000),
              text,
              ...(markup ? { reply_markup: markup } : {}),
            },
          },
        };
      }
      case 'setWebhook':
        if (typeof body.url !== 'string' || !body.url.startsWith('http')) {
          return error(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
        }
        return { status: 200, body: { ok: true, result: true, description: 'Webhook was set' } };
      case 'answerCallbackQuery':
        if (typeof body.callback_query_id !== 'string' || body.callback_query_id === '') {
          return error(
            400,
            'Bad Request: query is too old and response timeout expired or query ID is invalid',
          );
        }
        return { status: 200, body: { ok: true, result: true } };
      default:
        return error(404, 'Not Found');
    }
  }

  /** https://developers.viber.com/docs/api/rest-bot-api/: HTTP 200, { status: 0 | error, status_message }. */
  private viber(method: string, request: IncomingMessage, body: Record<string, unknown>): Answer {
    const status = (code: number, message: string): Answer => ({
      status: 200,
      body: { status: code, status_message: message },
    });
    const token = request.headers['x-viber-auth-token'];
    if (token === undefined) return status(2, 'missing_auth_token');
    if (token !== FAKE_MESSENGER_SECRETS.viberToken) return status(2, 'invalidAuthToken');
    switch (method) {
      case 'send_message': {
        const sender = body.sender as { name?: unknown } | undefined;
        if (typeof body.receiver !== 'string' || body.receiver === '') {
          return status(4, 'missingData');
        }
        if (typeof sender?.name !== 'string' || sender.name.length > 28) {
          return status(3, 'badData');
        }
        if (body.type !== 'text' || typeof body.text !== 'string' || body.text === '') {
          return status(3, 'badData');
        }
        if (Array.from(body.text).length > 7000) return status(3, 'badData');
        const token = this.nextViberToken++;
        return {
          status: 200,
          body: { status: 0, status_message: 'ok', message_token: token.toString() },
          // The real API writes the token as a bare 64-bit number.
          raw: `{"status":0,"status_message":"ok","message_token":${token},"chat_hostname":"SN-CHAT-05_","billing_status":1}`,
        };
      }
      case 'set_webhook':
        if (typeof body.url !== 'string' || body.url === '') return status(1, 'invalidUrl');
        return {
          status: 200,
          body: {
            status: 0,
            status_message: 'ok',
            event_types: body.event_types ?? [
              'delivered',
              'seen',
              'failed',
              'subscribed',
              'unsubscribed',
              'conversation_started',
            ],
          },
        };
      default:
        return { status: 404, body: { status: 'error' } };
    }
  }

  /** https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages */
  private whatsapp(
    phoneNumberId: string,
    request: IncomingMessage,
    body: Record<string, unknown>,
  ): Answer {
    const error = (status: number, code: number, message: string, type = 'OAuthException') => ({
      status,
      body: {
        error: { message, type, code, fbtrace_id: `A${randomBytes(9).toString('base64url')}` },
      },
    });
    if (request.headers.authorization !== `Bearer ${FAKE_MESSENGER_SECRETS.whatsappToken}`) {
      return error(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    }
    if (phoneNumberId !== FAKE_MESSENGER_SECRETS.whatsappPhoneNumberId) {
      return error(
        400,
        100,
        `Unsupported post request. Object with ID '${phoneNumberId}' does not exist`,
        'GraphMethodException',
      );
    }
    if (body.messaging_product !== 'whatsapp') {
      return error(400, 100, '(#100) The parameter messaging_product is required.');
    }
    const to = body.to;
    if (typeof to !== 'string' || !/^\d{6,15}$/.test(to)) {
      return error(400, 100, '(#100) Invalid parameter');
    }
    if (!['text', 'interactive', 'template'].includes(String(body.type))) {
      return error(400, 131051, '(#131051) Unsupported message type');
    }
    if (body.type === 'interactive' && !interactiveWithinLimits(body.interactive)) {
      return error(400, 131009, '(#131009) Parameter value is not valid');
    }
    return {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: to, wa_id: to }],
        messages: [
          {
            id: `wamid.${randomBytes(24).toString('base64url')}`,
            ...(body.type === 'template' ? { message_status: 'accepted' } : {}),
          },
        ],
      },
    };
  }
}

/** The app's environment for talking to this fake (merge into createTestApp's `env`). */
export function fakeMessengerEnv(server: FakeMessengers): Record<string, string> {
  const s = FAKE_MESSENGER_SECRETS;
  return {
    TELEGRAM_BOT_TOKEN: s.telegramToken,
    TELEGRAM_BOT_USERNAME: s.telegramUsername,
    TELEGRAM_WEBHOOK_SECRET: s.telegramWebhookSecret,
    TELEGRAM_API_URL: server.url,
    VIBER_AUTH_TOKEN: s.viberToken,
    VIBER_BOT_URI: s.viberBotUri,
    VIBER_SENDER_NAME: s.viberSenderName,
    VIBER_API_URL: `${server.url}/pa`,
    WHATSAPP_ACCESS_TOKEN: s.whatsappToken,
    WHATSAPP_PHONE_NUMBER_ID: s.whatsappPhoneNumberId,
    WHATSAPP_BUSINESS_NUMBER: s.whatsappBusinessNumber,
    WHATSAPP_APP_SECRET: s.whatsappAppSecret,
    WHATSAPP_VERIFY_TOKEN: s.whatsappVerifyToken,
    WHATSAPP_API_URL: `${server.url}/${WHATSAPP_GRAPH_VERSION}`,
  };
}

/** A webhook call as the platform makes it: send `body` with `headers` (supertest .set/.send). */
export interface SignedWebhook {
  headers: Record<string, string>;
  body: string;
  /** The same bytes, for calling an adapter's receive() directly. */
  raw: Buffer;
}

function webhook(headers: Record<string, string>, body: string): SignedWebhook {
  return {
    headers: { 'content-type': 'application/json', ...headers },
    body,
    raw: Buffer.from(body, 'utf8'),
  };
}

// --- Telegram ------------------------------------------------------------------------------

interface TelegramUser {
  chatId: number;
  languageCode?: string;
  firstName?: string;
}

function telegramFrom(user: TelegramUser) {
  return {
    id: user.chatId,
    is_bot: false,
    first_name: user.firstName ?? 'Amal',
    ...(user.languageCode ? { language_code: user.languageCode } : {}),
  };
}

function telegramMessage(user: TelegramUser, messageId: number, text: string) {
  return {
    message_id: messageId,
    from: telegramFrom(user),
    chat: { id: user.chatId, first_name: user.firstName ?? 'Amal', type: 'private' },
    date: Math.floor(Date.now() / 1000),
    text,
  };
}

/** Update objects (https://core.telegram.org/bots/api#update) as Telegram posts them. */
export const telegramUpdates = {
  /** The client opened t.me/<bot>?start=<code> and tapped Start. */
  start: (o: TelegramUser & { updateId: number; code: string; messageId?: number }) => ({
    update_id: o.updateId,
    message: {
      ...telegramMessage(o, o.messageId ?? o.updateId, `/start ${o.code}`),
      entities: [{ offset: 0, length: 6, type: 'bot_command' }],
    },
  }),
  text: (o: TelegramUser & { updateId: number; text: string; messageId?: number }) => ({
    update_id: o.updateId,
    message: telegramMessage(o, o.messageId ?? o.updateId, o.text),
  }),
  /** A tap on an inline keyboard button under one of our messages. */
  button: (
    o: TelegramUser & { updateId: number; data: string; callbackId?: string; messageId?: number },
  ) => ({
    update_id: o.updateId,
    callback_query: {
      id: o.callbackId ?? `${o.chatId}${o.updateId}`,
      from: telegramFrom(o),
      message: {
        message_id: o.messageId ?? 1,
        from: {
          id: FAKE_MESSENGER_SECRETS.telegramBotId,
          is_bot: true,
          first_name: 'Sprechstunde',
          username: FAKE_MESSENGER_SECRETS.telegramUsername,
        },
        chat: { id: o.chatId, first_name: o.firstName ?? 'Amal', type: 'private' },
        date: Math.floor(Date.now() / 1000),
        text: 'Your appointment …',
      },
      chat_instance: '-4431982137432153',
      data: o.data,
    },
  }),
};

/** Telegram sends the secret_token of setWebhook back in X-Telegram-Bot-Api-Secret-Token. */
export function signedTelegramCall(
  update: object,
  secret: string = FAKE_MESSENGER_SECRETS.telegramWebhookSecret,
): SignedWebhook {
  return webhook({ 'x-telegram-bot-api-secret-token': secret }, JSON.stringify(update));
}

// --- Viber ---------------------------------------------------------------------------------

interface ViberUser {
  userId: string;
  language?: string;
  name?: string;
}

function viberSender(user: ViberUser) {
  return {
    id: user.userId,
    name: user.name ?? 'Amal',
    avatar: 'https://media-direct.cdn.viber.com/download_photo?dlid=fake',
    language: user.language ?? 'de',
    country: 'DE',
    api_version: 10,
  };
}

/** Callbacks (https://developers.viber.com/docs/api/rest-bot-api/#callbacks); tokens as bigint. */
export const viberEvents = {
  conversationStarted: (o: ViberUser & { messageToken: bigint; context?: string }) => ({
    event: 'conversation_started',
    timestamp: Date.now(),
    chat_hostname: 'SN-CHAT-05_',
    message_token: o.messageToken,
    type: 'open',
    ...(o.context ? { context: o.context } : {}),
    user: viberSender(o),
    subscribed: false,
  }),
  /** A text the client sent: the prefilled "Sprechstunde <code>" of the deep link, or anything. */
  text: (o: ViberUser & { messageToken: bigint; text: string; trackingData?: string }) => ({
    event: 'message',
    timestamp: Date.now(),
    chat_hostname: 'SN-CHAT-05_',
    message_token: o.messageToken,
    sender: viberSender(o),
    message: {
      type: 'text',
      text: o.text,
      ...(o.trackingData === undefined ? {} : { tracking_data: o.trackingData }),
    },
    silent: false,
  }),
  /**
   * A tap on a reply button: the client sends the button's ActionBody as a text message, with the
   * tracking_data of the message that carried the keyboard.
   */
  button: (o: ViberUser & { messageToken: bigint; data: string; offered?: string[] }) =>
    viberEvents.text({
      ...o,
      text: o.data,
      trackingData: JSON.stringify({ buttons: o.offered ?? [o.data] }),
    }),
  delivered: (o: ViberUser & { messageToken: bigint }) => ({
    event: 'delivered',
    timestamp: Date.now(),
    chat_hostname: 'SN-CHAT-05_',
    message_token: o.messageToken,
    user_id: o.userId,
  }),
};

/** The JSON text of a callback, message_token written as a bare 64-bit number like Viber does. */
export function viberJson(event: object): string {
  return JSON.stringify(event, (_key, value: unknown) =>
    typeof value === 'bigint' ? `__bigint__${value}` : value,
  ).replace(/"__bigint__(\d+)"/g, '$1');
}

/** X-Viber-Content-Signature: hex HMAC-SHA256 of the body, keyed with the bot's auth token. */
export function signedViberCall(
  event: object,
  token: string = FAKE_MESSENGER_SECRETS.viberToken,
): SignedWebhook {
  const body = viberJson(event);
  const signature = createHmac('sha256', token).update(body, 'utf8').digest('hex');
  return webhook({ 'x-viber-content-signature': signature }, body);
}

// --- WhatsApp ------------------------------------------------------------------------------

interface WhatsAppUser {
  /** The client's wa_id: phone digits with country code. */
  waId: string;
  name?: string;
  phoneNumberId?: string;
}

function whatsappEntry(user: WhatsAppUser, value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: FAKE_MESSENGER_SECRETS.whatsappBusinessNumber,
                phone_number_id: user.phoneNumberId ?? FAKE_MESSENGER_SECRETS.whatsappPhoneNumberId,
              },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

function whatsappInbound(
  user: WhatsAppUser,
  messageId: string,
  message: Record<string, unknown>,
): object {
  return whatsappEntry(user, {
    contacts: [{ profile: { name: user.name ?? 'Amal' }, wa_id: user.waId }],
    messages: [
      {
        from: user.waId,
        id: messageId,
        timestamp: String(Math.floor(Date.now() / 1000)),
        ...message,
      },
    ],
  });
}

/** Webhook payloads (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples). */
export const whatsappEvents = {
  /** A text the client sent: the prefilled "Sprechstunde <code>" of the wa.me link, or anything. */
  text: (o: WhatsAppUser & { messageId: string; text: string }) =>
    whatsappInbound(o, o.messageId, { type: 'text', text: { body: o.text } }),
  /** A tap on a reply button of an interactive message (inside the 24-hour window). */
  button: (o: WhatsAppUser & { messageId: string; data: string; title?: string }) =>
    whatsappInbound(o, o.messageId, {
      type: 'interactive',
      context: { from: FAKE_MESSENGER_SECRETS.whatsappBusinessNumber, id: 'wamid.previous' },
      interactive: { type: 'button_reply', button_reply: { id: o.data, title: o.title ?? 'OK' } },
    }),
  /** A tap on a quick-reply button of a template message. */
  templateButton: (o: WhatsAppUser & { messageId: string; data: string; text?: string }) =>
    whatsappInbound(o, o.messageId, {
      type: 'button',
      context: { from: FAKE_MESSENGER_SECRETS.whatsappBusinessNumber, id: 'wamid.previous' },
      button: { payload: o.data, text: o.text ?? 'OK' },
    }),
  image: (o: WhatsAppUser & { messageId: string }) =>
    whatsappInbound(o, o.messageId, {
      type: 'image',
      image: { mime_type: 'image/jpeg', sha256: 'abc', id: '1234567890' },
    }),
  delivered: (o: WhatsAppUser & { messageId: string }) =>
    whatsappEntry(o, {
      statuses: [
        {
          id: o.messageId,
          status: 'delivered',
          timestamp: String(Math.floor(Date.now() / 1000)),
          recipient_id: o.waId,
        },
      ],
    }),
};

/** X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256 of the body under the Meta app secret. */
export function signedWhatsAppCall(
  payload: object,
  appSecret: string = FAKE_MESSENGER_SECRETS.whatsappAppSecret,
): SignedWebhook {
  const body = JSON.stringify(payload);
  const signature = createHmac('sha256', appSecret).update(body, 'utf8').digest('hex');
  return webhook({ 'x-hub-signature-256': `sha256=${signature}` }, body);
}

/** Reply-button limits: body up to 1024 characters, 1-3 buttons, titles up to 20, ids up to 256. */
function interactiveWithinLimits(interactive: unknown): boolean {
  const i = interactive as {
    type?: string;
    body?: { text?: unknown };
    action?: { buttons?: { type?: string; reply?: { id?: unknown; title?: unknown } }[] };
  };
  const length = (value: unknown, max: number) =>
    typeof value === 'string' && value.length > 0 && Array.from(value).length <= max;
  const buttons = i?.action?.buttons ?? [];
  return (
    i?.type === 'button' &&
    length(i.body?.text, 1024) &&
    buttons.length >= 1 &&
    buttons.length <= 3 &&
    buttons.every(
      (b) => b.type === 'reply' && length(b.reply?.id, 256) && length(b.reply?.title, 20),
    )
  );
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * grammY posts JSON unless a file is uploaded (multipart, which we never do); the Bot API also
 * takes URL-encoded forms, so the fake reads those too.
 */
function parseBody(contentType: string | undefined, text: string): Record<string, unknown> {
  if (text === '') return {};
  if (contentType?.startsWith('application/x-www-form-urlencoded')) {
    const form: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(text)) {
      try {
        form[key] = JSON.parse(value) as unknown;
      } catch {
        form[key] = value;
      }
    }
    return form;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return { unparsed: text };
  }
}
