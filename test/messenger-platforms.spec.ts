import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '@app/config';
import {
  PlatformError,
  WebhookRejected,
  type MessengerMessage,
  type MessengerPlatform,
} from '../libs/messengers/src/platforms/platform.js';
import { TelegramPlatform } from '../libs/messengers/src/platforms/telegram.platform.js';
import { ViberPlatform } from '../libs/messengers/src/platforms/viber.platform.js';
import { WhatsAppPlatform } from '../libs/messengers/src/platforms/whatsapp.platform.js';
import {
  FAKE_MESSENGER_SECRETS as SECRETS,
  FakeMessengers,
  fakeMessengerEnv,
  signedTelegramCall,
  signedViberCall,
  signedWhatsAppCall,
  telegramFailures,
  telegramUpdates,
  viberEvents,
  viberFailures,
  viberJson,
  whatsappEvents,
  whatsappFailures,
} from './support/fake-messengers.js';

// Each adapter against the local fake of its platform: the request it makes, how it reads the
// answers and errors, and how it authenticates and reads webhook calls. No database involved.

const CODE = 'SPABCDEFGHJKLMN234';
const ARABIC = 'موعدك يوم الثلاثاء ١٠ ديسمبر الساعة ١٠:٠٠. للإلغاء: https://example.org/m/abc';
// The core's button data: action and binding id (as MessengerService reads them).
const BINDING = '0b7f6c1e-3c9a-4d7e-9f51-2a6c8e4b1d90';
const BUTTONS = [
  { data: `confirm.${BINDING}`, label: 'سأحضر' },
  { data: `cancel.${BINDING}`, label: 'إلغاء الموعد' },
  { data: `late.${BINDING}`, label: 'سأتأخر' },
];

let fake: FakeMessengers;
let env: Record<string, string>;

function message(overrides: Partial<MessengerMessage> = {}): MessengerMessage {
  return {
    key: 'notification-1',
    chatId: '4915112345678',
    text: ARABIC,
    language: 'ar',
    direction: 'rtl',
    buttons: [],
    ...overrides,
  };
}

async function sendError(platform: MessengerPlatform, m: MessengerMessage): Promise<PlatformError> {
  const error: unknown = await platform.send(m).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof PlatformError))
    throw new Error(`expected a PlatformError, got ${String(error)}`);
  return error;
}

function rejection(call: () => unknown): WebhookRejected {
  try {
    call();
  } catch (error) {
    if (error instanceof WebhookRejected) return error;
    throw error;
  }
  throw new Error('expected the webhook call to be rejected');
}

beforeAll(async () => {
  fake = await FakeMessengers.start();
  env = fakeMessengerEnv(fake);
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

describe('TelegramPlatform', () => {
  const telegram = () => new TelegramPlatform(loadConfig(env));

  it('sends Arabic text unchanged, without link previews or keyboard, and returns the message id', async () => {
    const platform = telegram();
    const first = await platform.send(message({ chatId: '123456789' }));
    const second = await platform.send(message({ chatId: '123456789', text: 'Termin morgen' }));
    const [request] = fake.received('telegram', 'sendMessage');
    expect(request.path).toBe(`/bot${SECRETS.telegramToken}/sendMessage`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toEqual({
      chat_id: '123456789',
      text: ARABIC,
      link_preview_options: { is_disabled: true },
    });
    expect(first.providerId).toBe(
      String((request.response as { result: { message_id: number } }).result.message_id),
    );
    expect(second.providerId).not.toBe(first.providerId);
  });

  it('sends reply buttons as an inline keyboard, one full-width button per row', async () => {
    await telegram().send(message({ chatId: '123456789', buttons: BUTTONS }));
    const [request] = fake.received('telegram', 'sendMessage');
    expect(request.status).toBe(200);
    expect(request.body.reply_markup).toEqual({
      inline_keyboard: BUTTONS.map((b) => [{ text: b.label, callback_data: b.data }]),
    });
  });

  it('ignores a WhatsApp template and sends the text', async () => {
    await telegram().send(message({ chatId: '1', template: { name: 'reminder', params: ['x'] } }));
    const [request] = fake.received('telegram', 'sendMessage');
    expect(request.body.text).toBe(ARABIC);
    expect(request.body).not.toHaveProperty('template');
  });

  it('maps 429 to a retryable error that waits retry_after, and sends on the next attempt', async () => {
    const platform = telegram();
    fake.failNext('telegram', telegramFailures.rateLimited(2));
    const error = await sendError(platform, message({ chatId: '1' }));
    expect(error.permanent).toBe(false);
    expect(error.retryAfterMs).toBe(2000);
    expect(await platform.send(message({ chatId: '1' }))).toEqual({
      providerId: expect.any(String),
    });
    expect(fake.received('telegram', 'sendMessage').map((r) => r.status)).toEqual([429, 200]);
  });

  it('maps a blocked bot (403) and an unknown chat (400) to permanent errors', async () => {
    const platform = telegram();
    fake.failNext('telegram', telegramFailures.blocked());
    fake.failNext('telegram', telegramFailures.chatNotFound());
    const blocked = await sendError(platform, message({ chatId: '1' }));
    expect(blocked.permanent).toBe(true);
    expect(blocked.message).toContain('403');
    const unknown = await sendError(platform, message({ chatId: '1' }));
    expect(unknown.permanent).toBe(true);
    expect(unknown.message).toContain('chat not found');
  });

  it('maps a wrong bot token (401) to a permanent error', async () => {
    const platform = new TelegramPlatform(
      loadConfig({ ...env, TELEGRAM_BOT_TOKEN: '7000000002:AAWrongTokenWrongTokenWrong_123' }),
    );
    const error = await sendError(platform, message({ chatId: '1' }));
    expect(error.permanent).toBe(true);
    expect(error.message).toContain('401');
  });

  it('retries 5xx and an unreachable API, without a wait of its own', async () => {
    fake.failNext('telegram', telegramFailures.serverError());
    const server = await sendError(telegram(), message({ chatId: '1' }));
    expect(server).toMatchObject({ permanent: false, retryAfterMs: undefined });
    const offline = new TelegramPlatform(
      loadConfig({ ...env, TELEGRAM_API_URL: 'http://127.0.0.1:1' }),
    );
    const network = await sendError(offline, message({ chatId: '1' }));
    expect(network.permanent).toBe(false);
    expect(network.message).not.toContain(SECRETS.telegramToken);
  });

  it('registers the webhook with the secret token and only the updates it reads', async () => {
    await telegram().registerWebhook(
      'https://sprechstunde.example/api/messengers/telegram/webhook',
    );
    const [request] = fake.received('telegram', 'setWebhook');
    expect(request.body).toEqual({
      url: 'https://sprechstunde.example/api/messengers/telegram/webhook',
      secret_token: SECRETS.telegramWebhookSecret,
      allowed_updates: ['message', 'callback_query'],
    });
  });

  it('answers a button press with answerCallbackQuery', async () => {
    const platform = telegram();
    const [event] = platform.receive(
      ...asArgs(
        signedTelegramCall(
          telegramUpdates.button({ updateId: 7, chatId: 42, data: 'd', callbackId: 'cb-77' }),
        ),
      ),
    );
    await platform.acknowledge(event);
    expect(fake.received('telegram', 'answerCallbackQuery').map((r) => r.body)).toEqual([
      { callback_query_id: 'cb-77' },
    ]);
  });

  it('reads /start with the code, typed text and a button press', () => {
    const platform = telegram();
    const start = signedTelegramCall(
      telegramUpdates.start({ updateId: 900001, chatId: 4242, code: CODE, languageCode: 'uk' }),
    );
    expect(platform.receive(start.headers, start.raw)).toEqual([
      {
        eventId: '900001',
        chatId: '4242',
        kind: 'start',
        text: CODE,
        locale: 'uk',
        sentAt: expect.any(Date),
      },
    ]);
    const bare = signedTelegramCall(
      telegramUpdates.text({ updateId: 900002, chatId: 4242, text: '/start' }),
    );
    expect(platform.receive(bare.headers, bare.raw)).toEqual([
      {
        eventId: '900002',
        chatId: '4242',
        kind: 'start',
        text: '',
        locale: undefined,
        sentAt: expect.any(Date),
      },
    ]);
    const text = signedTelegramCall(
      telegramUpdates.text({ updateId: 900003, chatId: 4242, text: '2', languageCode: 'ar' }),
    );
    expect(platform.receive(text.headers, text.raw)).toEqual([
      {
        eventId: '900003',
        chatId: '4242',
        kind: 'text',
        text: '2',
        locale: 'ar',
        sentAt: expect.any(Date),
      },
    ]);
    const button = signedTelegramCall(
      telegramUpdates.button({
        updateId: 900004,
        chatId: 4242,
        data: BUTTONS[1].data,
        callbackId: 'cb1',
        languageCode: 'fa',
      }),
    );
    expect(platform.receive(button.headers, button.raw)).toEqual([
      {
        eventId: '900004',
        chatId: '4242',
        kind: 'button',
        text: BUTTONS[1].data,
        callbackId: 'cb1',
        locale: 'fa',
      },
    ]);
  });

  it('gives the same event id to a replayed update', () => {
    const platform = telegram();
    const call = signedTelegramCall(telegramUpdates.text({ updateId: 5, chatId: 1, text: '1' }));
    expect(platform.receive(call.headers, call.raw)[0].eventId).toBe(
      platform.receive(call.headers, call.raw)[0].eventId,
    );
  });

  it('rejects calls without the right secret token (401) and unreadable bodies (400)', () => {
    const platform = telegram();
    const update = telegramUpdates.text({ updateId: 1, chatId: 1, text: 'hi' });
    const good = signedTelegramCall(update);
    expect(rejection(() => platform.receive({}, good.raw)).status).toBe(401);
    const wrong = signedTelegramCall(update, 'another-secret-of-some-length');
    expect(rejection(() => platform.receive(wrong.headers, wrong.raw)).status).toBe(401);
    const prefix = signedTelegramCall(update, SECRETS.telegramWebhookSecret.slice(0, -1));
    expect(rejection(() => platform.receive(prefix.headers, prefix.raw)).status).toBe(401);
    expect(
      rejection(() => platform.receive(good.headers, Buffer.from('{"update_id":'))).status,
    ).toBe(400);
    expect(
      rejection(() => platform.receive(good.headers, Buffer.from('{"message":{}}'))).status,
    ).toBe(400);
    expect(rejection(() => platform.receive(good.headers, Buffer.from('[1]'))).status).toBe(400);
  });

  it('ignores edited messages, photos, group chats and membership updates', () => {
    const platform = telegram();
    const text = telegramUpdates.text({ updateId: 10, chatId: 1, text: '2' });
    const ignored = [
      { update_id: 11, edited_message: text.message },
      { update_id: 12, message: { ...text.message, text: undefined, photo: [{ file_id: 'x' }] } },
      {
        update_id: 13,
        message: { ...text.message, chat: { id: -100123, type: 'supergroup', title: 'Hilfe' } },
      },
      { update_id: 14, my_chat_member: { chat: { id: 1, type: 'private' } } },
    ];
    for (const update of ignored) {
      const call = signedTelegramCall(update);
      expect(platform.receive(call.headers, call.raw)).toEqual([]);
    }
  });

  it('links to the bot with the code as start parameter, and is off without a token', () => {
    expect(telegram().deepLink(CODE, 'ar')).toBe(
      `https://t.me/${SECRETS.telegramUsername}?start=${CODE}`,
    );
    expect(telegram().enabled).toBe(true);
    expect(new TelegramPlatform(loadConfig({})).enabled).toBe(false);
  });
});

describe('ViberPlatform', () => {
  const viber = () => new ViberPlatform(loadConfig(env));

  it('sends Arabic text with the auth token and returns the 64-bit message token exactly', async () => {
    const result = await viber().send(message({ chatId: '01234567890A=' }));
    const [request] = fake.received('viber', 'send_message');
    expect(request.path).toBe('/pa/send_message');
    expect(request.headers['x-viber-auth-token']).toBe(SECRETS.viberToken);
    expect(request.body).toEqual({
      receiver: '01234567890A=',
      min_api_version: 1,
      sender: { name: SECRETS.viberSenderName },
      type: 'text',
      text: ARABIC,
    });
    // Above 2^53: a token read through a JavaScript number would end in …1000 rounded.
    expect(result.providerId).toBe((request.response as { message_token: string }).message_token);
    expect(BigInt(result.providerId!)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
  });

  it('sends reply buttons as a keyboard of full-width reply buttons and offers them as tracking data', async () => {
    await viber().send(message({ chatId: 'u1', buttons: BUTTONS }));
    const [request] = fake.received('viber', 'send_message');
    expect(request.body.keyboard).toEqual({
      Type: 'keyboard',
      DefaultHeight: false,
      Buttons: BUTTONS.map((b) => ({
        ActionType: 'reply',
        ActionBody: b.data,
        Text: b.label,
        Columns: 6,
        Rows: 1,
      })),
    });
    expect(JSON.parse(request.body.tracking_data as string)).toEqual({
      buttons: BUTTONS.map((b) => b.data),
    });
    expect(request.body.min_api_version).toBe(3);
  });

  it('maps Viber statuses: not subscribed and bad token are permanent, too many requests is retried', async () => {
    const platform = viber();
    fake.failNext('viber', viberFailures.notSubscribed());
    expect(await sendError(platform, message({ chatId: 'u1' }))).toMatchObject({ permanent: true });
    fake.failNext('viber', viberFailures.status(5, 'receiverNotRegistered'));
    expect(await sendError(platform, message({ chatId: 'u1' }))).toMatchObject({ permanent: true });
    fake.failNext('viber', viberFailures.tooManyRequests());
    expect(await sendError(platform, message({ chatId: 'u1' }))).toMatchObject({
      permanent: false,
    });
    const wrongToken = new ViberPlatform(loadConfig({ ...env, VIBER_AUTH_TOKEN: 'x'.repeat(40) }));
    const error = await sendError(wrongToken, message({ chatId: 'u1' }));
    expect(error.permanent).toBe(true);
    expect(error.message).toContain('status 2');
  });

  it('retries HTTP 5xx and 429 after the Retry-After the front end gives', async () => {
    fake.failNext('viber', viberFailures.httpError(503, 3));
    expect(await sendError(viber(), message({ chatId: 'u1' }))).toMatchObject({
      permanent: false,
      retryAfterMs: 3000,
    });
    fake.failNext('viber', viberFailures.httpError(429));
    expect(await sendError(viber(), message({ chatId: 'u1' }))).toMatchObject({
      permanent: false,
      retryAfterMs: undefined,
    });
  });

  it('registers the webhook for the events it needs, without names or photos', async () => {
    await viber().registerWebhook('https://sprechstunde.example/api/messengers/viber/webhook');
    const [request] = fake.received('viber', 'set_webhook');
    expect(request.headers['x-viber-auth-token']).toBe(SECRETS.viberToken);
    expect(request.body).toEqual({
      url: 'https://sprechstunde.example/api/messengers/viber/webhook',
      event_types: ['message', 'subscribed', 'unsubscribed', 'conversation_started', 'failed'],
      send_name: false,
      send_photo: false,
    });
  });

  it('reads the prefilled code message and a button tap, keeping 64-bit tokens apart', () => {
    const platform = viber();
    const code = signedViberCall(
      viberEvents.text({
        userId: 'u1==',
        messageToken: 5741311803571721087n,
        text: `Sprechstunde ${CODE}`,
        language: 'uk',
      }),
    );
    expect(platform.receive(code.headers, code.raw)).toEqual([
      {
        eventId: '5741311803571721087',
        chatId: 'u1==',
        kind: 'text',
        text: `Sprechstunde ${CODE}`,
        locale: 'uk',
        sentAt: expect.any(Date),
      },
    ]);
    // Two tokens that one JavaScript number cannot tell apart are two events.
    const next = signedViberCall(
      viberEvents.button({
        userId: 'u1==',
        messageToken: 5741311803571721088n,
        data: BUTTONS[2].data,
        offered: BUTTONS.map((b) => b.data),
      }),
    );
    expect(platform.receive(next.headers, next.raw)).toEqual([
      {
        eventId: '5741311803571721088',
        chatId: 'u1==',
        kind: 'button',
        text: BUTTONS[2].data,
        locale: 'de',
        sentAt: expect.any(Date),
      },
    ]);
    // The same text typed without a keyboard offering it is text.
    const typed = signedViberCall(
      viberEvents.text({ userId: 'u1==', messageToken: 1n, text: BUTTONS[2].data }),
    );
    expect(platform.receive(typed.headers, typed.raw)[0].kind).toBe('text');
  });

  it('rejects unsigned, wrongly signed and malformed callbacks', () => {
    const platform = viber();
    const event = viberEvents.text({ userId: 'u1', messageToken: 10n, text: '2' });
    const good = signedViberCall(event);
    expect(platform.receive(good.headers, good.raw)).toHaveLength(1);
    expect(rejection(() => platform.receive({}, good.raw)).status).toBe(401);
    const forged = signedViberCall(event, 'another-token-another-token-1234');
    expect(rejection(() => platform.receive(forged.headers, forged.raw)).status).toBe(401);
    const other = signedViberCall(viberEvents.text({ userId: 'u2', messageToken: 10n, text: '2' }));
    expect(rejection(() => platform.receive(other.headers, good.raw)).status).toBe(401);
    const malformed = Buffer.from('{"event":"message",');
    const signature = signedViberCall({}).headers; // a valid header of another body
    expect(rejection(() => platform.receive(signature, malformed)).status).toBe(401);
    const signedMalformed = signedRaw(
      malformed,
      (b) => hmacHex(SECRETS.viberToken, b),
      'x-viber-content-signature',
    );
    expect(rejection(() => platform.receive(signedMalformed, malformed)).status).toBe(400);
  });

  it('ignores conversation_started, delivery receipts and pictures', () => {
    const platform = viber();
    const calls = [
      signedViberCall(
        viberEvents.conversationStarted({ userId: 'u1', messageToken: 20n, context: CODE }),
      ),
      signedViberCall(viberEvents.delivered({ userId: 'u1', messageToken: 21n })),
      signedViberCall({
        ...viberEvents.text({ userId: 'u1', messageToken: 22n, text: '' }),
        message: { type: 'picture', media: 'https://example.org/p.jpg', text: '' },
      }),
    ];
    for (const call of calls) expect(platform.receive(call.headers, call.raw)).toEqual([]);
    expect(viberJson({ message_token: 5741311803571721087n })).toBe(
      '{"message_token":5741311803571721087}',
    );
  });

  it('links to the bot with the code as context and as prefilled text', () => {
    const link = viber().deepLink(CODE, 'de');
    expect(link).toBe(
      `viber://pa?chatURI=${SECRETS.viberBotUri}&context=${CODE}&text=Sprechstunde%20${CODE}`,
    );
    expect(new URL(link).searchParams.get('text')).toMatch(/\bSP[A-Z2-7]{16}\b/);
  });
});

describe('WhatsAppPlatform', () => {
  const whatsapp = () => new WhatsAppPlatform(loadConfig(env));

  it('sends plain text without preview and returns the wamid', async () => {
    const result = await whatsapp().send(message());
    const [request] = fake.received('whatsapp', 'messages');
    expect(request.path).toBe(`/v23.0/${SECRETS.whatsappPhoneNumberId}/messages`);
    expect(request.headers.authorization).toBe(`Bearer ${SECRETS.whatsappToken}`);
    expect(request.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '4915112345678',
      type: 'text',
      text: { body: ARABIC, preview_url: false },
    });
    expect(result.providerId).toBe(
      (request.response as { messages: { id: string }[] }).messages[0].id,
    );
    expect(result.providerId).toMatch(/^wamid\./);
  });

  it('sends buttons as an interactive message within the body and title limits', async () => {
    const long = `${'كلمة '.repeat(300)}https://example.org/m/abc`;
    await whatsapp().send(
      message({
        text: long,
        buttons: [...BUTTONS, { data: 'r:extra', label: 'A fourth label that is far too long' }],
      }),
    );
    const [request] = fake.received('whatsapp', 'messages');
    // The fake answers 131009 to anything over the limits: this one went through.
    expect(request.status).toBe(200);
    const interactive = request.body.interactive as Interactive;
    expect(request.body.type).toBe('interactive');
    expect(interactive.type).toBe('button');
    expect(Array.from(interactive.body.text).length).toBeLessThanOrEqual(1024);
    expect(interactive.body.text).toMatch(/^كلمة كلمة .*…$/);
    expect(interactive.action.buttons).toEqual(
      BUTTONS.map((b) => ({ type: 'reply', reply: { id: b.data, title: b.label } })),
    );
    fake.reset();
    await whatsapp().send(
      message({ text: 'Kurz', buttons: [{ data: 'x', label: 'Ich komme etwas später' }] }),
    );
    const [short] = fake.received('whatsapp', 'messages');
    expect((short.body.interactive as Interactive).body.text).toBe('Kurz');
    expect((short.body.interactive as Interactive).action.buttons[0].reply.title).toBe(
      'Ich komme etwas spä…',
    );
  });

  it('sends a template with body parameters and quick-reply payloads', async () => {
    await whatsapp().send(
      message({
        template: { name: 'sprechstunde_reminder', params: ['الثلاثاء', '10:00'] },
        buttons: BUTTONS.slice(0, 2),
      }),
    );
    const [request] = fake.received('whatsapp', 'messages');
    expect(request.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '4915112345678',
      type: 'template',
      template: {
        name: 'sprechstunde_reminder',
        language: { code: 'ar' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'الثلاثاء' },
              { type: 'text', text: '10:00' },
            ],
          },
          {
            type: 'button',
            sub_type: 'quick_reply',
            index: '0',
            parameters: [{ type: 'payload', payload: BUTTONS[0].data }],
          },
          {
            type: 'button',
            sub_type: 'quick_reply',
            index: '1',
            parameters: [{ type: 'payload', payload: BUTTONS[1].data }],
          },
        ],
      },
    });
  });

  it('sends a Dari message’s template in its fallback language (WhatsApp has no Dari templates)', async () => {
    await whatsapp().send(
      message({
        language: 'prs',
        direction: 'rtl',
        template: { name: 'sprechstunde_cancelled', language: 'fa', params: ['دوشنبه'] },
      }),
    );
    const [request] = fake.received('whatsapp', 'messages');
    expect((request.body.template as { language: unknown }).language).toEqual({ code: 'fa' });
  });

  it('maps the 24-hour window (131047) and undeliverable (131026) to permanent errors', async () => {
    fake.failNext('whatsapp', whatsappFailures.outsideWindow());
    const outside = await sendError(whatsapp(), message());
    expect(outside.permanent).toBe(true);
    expect(outside.message).toContain('131047');
    fake.failNext('whatsapp', whatsappFailures.undeliverable());
    expect(await sendError(whatsapp(), message())).toMatchObject({ permanent: true });
    const wrongToken = new WhatsAppPlatform(
      loadConfig({ ...env, WHATSAPP_ACCESS_TOKEN: 'E'.repeat(40) }),
    );
    const token = await sendError(wrongToken, message());
    expect(token.permanent).toBe(true);
    expect(token.message).toContain('code 190');
  });

  it('retries throttling with Retry-After and server errors', async () => {
    fake.failNext('whatsapp', whatsappFailures.rateLimited(7));
    expect(await sendError(whatsapp(), message())).toMatchObject({
      permanent: false,
      retryAfterMs: 7000,
    });
    fake.failNext('whatsapp', whatsappFailures.error(400, 131056, '(#131056) pair rate limit hit'));
    expect(await sendError(whatsapp(), message())).toMatchObject({ permanent: false });
    fake.failNext('whatsapp', whatsappFailures.serverError());
    expect(await sendError(whatsapp(), message())).toMatchObject({
      permanent: false,
      retryAfterMs: undefined,
    });
    expect(await whatsapp().send(message())).toEqual({
      providerId: expect.stringMatching(/^wamid\./),
    });
  });

  it('reads the prefilled code, an interactive reply and a template quick reply', () => {
    const platform = whatsapp();
    const code = signedWhatsAppCall(
      whatsappEvents.text({
        waId: '4915112345678',
        messageId: 'wamid.A1',
        text: `Sprechstunde ${CODE}`,
      }),
    );
    expect(platform.receive(code.headers, code.raw)).toEqual([
      {
        eventId: 'wamid.A1',
        chatId: '4915112345678',
        kind: 'text',
        text: `Sprechstunde ${CODE}`,
        sentAt: expect.any(Date),
      },
    ]);
    const reply = signedWhatsAppCall(
      whatsappEvents.button({
        waId: '4915112345678',
        messageId: 'wamid.A2',
        data: BUTTONS[1].data,
      }),
    );
    expect(platform.receive(reply.headers, reply.raw)).toEqual([
      {
        eventId: 'wamid.A2',
        chatId: '4915112345678',
        kind: 'button',
        text: BUTTONS[1].data,
        sentAt: expect.any(Date),
      },
    ]);
    const quick = signedWhatsAppCall(
      whatsappEvents.templateButton({
        waId: '4915112345678',
        messageId: 'wamid.A3',
        data: BUTTONS[0].data,
      }),
    );
    expect(platform.receive(quick.headers, quick.raw)).toEqual([
      {
        eventId: 'wamid.A3',
        chatId: '4915112345678',
        kind: 'button',
        text: BUTTONS[0].data,
        sentAt: expect.any(Date),
      },
    ]);
  });

  it('ignores statuses, images, other numbers and other objects', () => {
    const platform = whatsapp();
    const user = { waId: '4915112345678' };
    const calls = [
      signedWhatsAppCall(whatsappEvents.delivered({ ...user, messageId: 'wamid.B1' })),
      signedWhatsAppCall(whatsappEvents.image({ ...user, messageId: 'wamid.B2' })),
      signedWhatsAppCall(
        whatsappEvents.text({ ...user, messageId: 'wamid.B3', text: '2', phoneNumberId: '55555' }),
      ),
      signedWhatsAppCall({ object: 'page', entry: [] }),
    ];
    for (const call of calls) expect(platform.receive(call.headers, call.raw)).toEqual([]);
  });

  it('rejects unsigned, wrongly signed and malformed webhook calls', () => {
    const platform = whatsapp();
    const payload = whatsappEvents.text({
      waId: '4915112345678',
      messageId: 'wamid.C1',
      text: '1',
    });
    const good = signedWhatsAppCall(payload);
    expect(platform.receive(good.headers, good.raw)).toHaveLength(1);
    expect(rejection(() => platform.receive({}, good.raw)).status).toBe(401);
    const forged = signedWhatsAppCall(payload, 'not-the-app-secret-at-all');
    expect(rejection(() => platform.receive(forged.headers, forged.raw)).status).toBe(401);
    const bare = {
      'x-hub-signature-256': good.headers['x-hub-signature-256'].slice('sha256='.length),
    };
    expect(rejection(() => platform.receive(bare, good.raw)).status).toBe(401);
    const tampered = Buffer.from(good.body.replace('"1"', '"2"'));
    expect(rejection(() => platform.receive(good.headers, tampered)).status).toBe(401);
    const malformed = Buffer.from('{"object":"whatsapp_business_account","entry":');
    const signed = signedRaw(
      malformed,
      (b) => `sha256=${hmacHex(SECRETS.whatsappAppSecret, b)}`,
      'x-hub-signature-256',
    );
    expect(rejection(() => platform.receive(signed, malformed)).status).toBe(400);
  });

  it('answers the subscription check only with the verify token and a plain challenge', () => {
    const platform = whatsapp();
    const query = {
      'hub.mode': 'subscribe',
      'hub.verify_token': SECRETS.whatsappVerifyToken,
      'hub.challenge': '1158201444',
    };
    expect(platform.verifySubscription(query)).toBe('1158201444');
    expect(
      platform.verifySubscription({ ...query, 'hub.verify_token': 'wrong-verify-token-value' }),
    ).toBeNull();
    expect(platform.verifySubscription({ ...query, 'hub.mode': 'unsubscribe' })).toBeNull();
    expect(
      platform.verifySubscription({ ...query, 'hub.challenge': '<script>alert(1)</script>' }),
    ).toBeNull();
    expect(
      platform.verifySubscription({ 'hub.mode': 'subscribe', 'hub.challenge': '1' }),
    ).toBeNull();
  });

  it('links to wa.me with the code in the prefilled text', () => {
    const link = whatsapp().deepLink(CODE, 'fa');
    expect(link).toBe(
      `https://wa.me/${SECRETS.whatsappBusinessNumber}?text=Sprechstunde%20${CODE}`,
    );
    expect(new WhatsAppPlatform(loadConfig({})).enabled).toBe(false);
  });
});

interface Interactive {
  type: string;
  body: { text: string };
  action: { buttons: { type: string; reply: { id: string; title: string } }[] };
}

function asArgs(call: {
  headers: Record<string, string>;
  raw: Buffer;
}): [Record<string, string>, Buffer] {
  return [call.headers, call.raw];
}

function hmacHex(key: string, body: Buffer): string {
  return createHmac('sha256', key).update(body).digest('hex');
}

function signedRaw(
  body: Buffer,
  sign: (b: Buffer) => string,
  header: string,
): Record<string, string> {
  return { [header]: sign(body) };
}
