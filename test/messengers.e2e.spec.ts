import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSENGER_TEXTS } from '@app/messengers';
import { CLIENT_TEXTS } from '@app/notifications';
import { QueueName } from '@app/queue';
import { openEventStream } from './support/event-stream.js';
import {
  FAKE_MESSENGER_SECRETS,
  FakeMessengers,
  fakeMessengerEnv,
  signedTelegramCall,
  signedViberCall,
  signedWhatsAppCall,
  telegramFailures,
  telegramUpdates,
  viberEvents,
  whatsappEvents,
  type FakeRequest,
} from './support/fake-messengers.js';
import { bookableOffice, type BookableOffice } from './support/office-booking.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const BASE = 'https://sprechstunde.test';
const SMS_SECRET = 'sms-webhook-secret-for-tests';

/**
 * Messengers end to end over HTTP: opt-in through a one-time code, every client message also in
 * the bound chat (in the client's language, with reply buttons), replies that confirm, cancel or
 * say "late" through each platform and by SMS, webhooks that refuse forgeries and ignore replays,
 * rate limits honoured, erasure. The platforms are local fakes of their documented APIs.
 */
describe('messenger channels: opt-in, messages, two-way replies', () => {
  let t: TestApp;
  let fake: FakeMessengers;
  let office: BookableOffice;
  let admin: { Authorization: string };
  let sms: { server: Server; received: { to: string; text: string }[] };
  let slot = 0;

  const setClock = (iso: string) =>
    t.clock.advance(new Date(iso).getTime() - t.clock.now().getTime());

  /** Each booking its own half hour on Tuesday 8 December (Berlin), from 09:00. */
  const book = async (contact: { channel: 'email' | 'phone'; value: string }, language = 'ar') => {
    const start = new Date(Date.UTC(2026, 11, 8, 8, 0) + 30 * 60_000 * slot++).toISOString();
    const response = await request(t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: office.typeId,
        start,
        pseudonym: 'Mariam',
        language,
        timeZone: 'Europe/Berlin',
        contact,
      })
      .expect(201);
    return response.body as { appointment: { id: string }; manageToken: string };
  };

  /** Waits until the booking's own confirmation went out (so that it is not routed to a chat bound later). */
  const confirmationSent = async (appointmentId: string) => {
    for (let i = 0; i < 100; i++) {
      const rows = await t.dataSource.query<unknown[]>(
        `SELECT 1 FROM notification WHERE key = $1 AND status = 'sent'`,
        [`confirmation.${appointmentId}.v1`],
      );
      if (rows.length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the confirmation was not sent');
  };

  const optIn = async (manageToken: string, channel: string) => {
    const link = await request(t.http)
      .post('/api/public/manage/messengers')
      .set('X-Manage-Token', manageToken)
      .send({ channel })
      .expect(200);
    const url = link.body.url as string;
    const code = /SP[A-Z2-7]{16}/.exec(decodeURIComponent(url))?.[0];
    if (!code) throw new Error(`no code in ${url}`);
    return { url, code };
  };

  const post = (channel: string, call: { headers: Record<string, string>; body: string }) =>
    request(t.http).post(`/api/webhooks/${channel}`).set(call.headers).send(call.body);

  const status = async (id: string) =>
    (
      await t.dataSource.query<{ status: string; client_response: string | null }[]>(
        'SELECT status, client_response FROM appointment WHERE id = $1',
        [id],
      )
    )[0];

  const bindingId = async (appointmentId: string, channel: string) =>
    (
      await t.dataSource.query<{ id: string }[]>(
        'SELECT id FROM messenger_binding WHERE appointment_id = $1 AND channel = $2',
        [appointmentId, channel],
      )
    )[0]?.id;

  const telegramTexts = (chatId: number) =>
    fake
      .received('telegram', 'sendMessage')
      .filter((r) => r.status === 200 && Number(r.body.chat_id) === chatId)
      .map((r) => String(r.body.text));

  const waitFor = (test: (r: FakeRequest) => boolean, timeoutMs = 10_000) =>
    fake.waitFor(test, timeoutMs);

  beforeAll(async () => {
    fake = await FakeMessengers.start();
    const received: { to: string; text: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push(JSON.parse(body) as { to: string; text: string });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"sms-1"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    sms = { server, received };
    t = await createTestApp({
      env: {
        ...fakeMessengerEnv(fake),
        PUBLIC_BASE_URL: BASE,
        SMS_GATEWAY_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`,
        SMS_WEBHOOK_SECRET: SMS_SECRET,
        BOOKING_RATE_LIMIT_PER_MINUTE: '10000',
        MANAGE_RATE_LIMIT_PER_MINUTE: '10000',
      },
    });
    setClock('2026-12-07T08:00:00Z'); // Monday 09:00 in Berlin
    office = await bookableOffice(t, { slug: 'willkommen', contactPhone: '+49 30 9012345' });
    admin = {
      Authorization: `Bearer ${(await t.login('admin', 'console@willkommen.test', office.id)).token}`,
    };
  });

  afterAll(async () => {
    await t?.close();
    await fake?.close();
    sms?.server.close();
  });

  it('offers the configured messengers', async () => {
    const response = await request(t.http).get('/api/public/messengers').expect(200);
    expect(response.body).toEqual({ channels: ['telegram', 'viber', 'whatsapp'] });
  });

  it('binds a Telegram chat with a one-time code (never the manage token), once', async () => {
    const booked = await book({ channel: 'email', value: 'mariam@example.org' });
    await confirmationSent(booked.appointment.id);
    const { url, code } = await optIn(booked.manageToken, 'telegram');
    expect(url).toBe(`https://t.me/${FAKE_MESSENGER_SECRETS.telegramUsername}?start=${code}`);
    expect(url).not.toContain(booked.manageToken);
    // Only the code's hash is stored.
    const [stored] = await t.dataSource.query<{ code_hash: string }[]>(
      'SELECT code_hash FROM messenger_link',
    );
    expect(stored.code_hash).not.toContain(code);

    const start = signedTelegramCall(
      telegramUpdates.start({ updateId: 1001, chatId: 501, code, languageCode: 'ar' }),
    );
    expect((await post('telegram', start).expect(200)).body).toEqual({ handled: 1, replayed: 0 });
    const [answer] = telegramTexts(501);
    // In the client's language (Arabic), naming the office, with a fresh manage link.
    expect(answer).toContain('تم: ستصلكم رسائل موعدكم');
    expect(answer).toMatch(/https:\/\/sprechstunde\.test\/manage#token=[A-Za-z0-9_-]{43}/);
    expect(await bindingId(booked.appointment.id, 'telegram')).toBeDefined();

    // The same update again (Telegram retries): nothing happens twice.
    expect((await post('telegram', start).expect(200)).body).toEqual({ handled: 0, replayed: 1 });
    expect(telegramTexts(501)).toHaveLength(1);

    // The code works once: another chat sending it is told it is used up, and binds nothing.
    const again = signedTelegramCall(
      telegramUpdates.start({ updateId: 1002, chatId: 502, code, languageCode: 'uk' }),
    );
    await post('telegram', again).expect(200);
    expect(telegramTexts(502)).toEqual([
      MESSENGER_TEXTS.uk.codeInvalid.replace('{channel}', 'Telegram'),
    ]);
    const chats = await t.dataSource.query<{ chat_id: string }[]>(
      'SELECT chat_id FROM messenger_binding WHERE appointment_id = $1',
      [booked.appointment.id],
    );
    expect(chats).toEqual([{ chat_id: '501' }]);

    const bindings = await request(t.http)
      .get('/api/public/manage/messengers')
      .set('X-Manage-Token', booked.manageToken)
      .expect(200);
    expect(bindings.body).toEqual({
      available: ['telegram', 'viber', 'whatsapp'],
      bound: ['telegram'],
    });
  });

  it('ignores a correctly signed event older than the replay guard remembers', async () => {
    const old = {
      ...viberEvents.text({ userId: 'viber-old', messageToken: 77n, text: '2' }),
      // Platforms stamp events with the wall clock (the test's clock is elsewhere).
      timestamp: Date.now() - 9 * 86_400_000,
    };
    const answer = await post('viber', signedViberCall(old)).expect(200);
    expect(answer.body).toEqual({ handled: 0, replayed: 1 });
    expect(
      fake.received('viber', 'send_message').filter((r) => r.body.receiver === 'viber-old'),
    ).toHaveLength(0);
  });

  it('refuses forged, unsigned and malformed webhooks without any effect', async () => {
    const update = telegramUpdates.text({ updateId: 1100, chatId: 501, text: '2' });
    const forged = signedTelegramCall(update, 'not-the-secret-at-all-000');
    expect((await post('telegram', forged).expect(401)).body.code).toBe('webhook_rejected');
    await request(t.http)
      .post('/api/webhooks/telegram')
      .set('content-type', 'application/json')
      .send(JSON.stringify(update))
      .expect(401);
    await post('telegram', { ...signedTelegramCall({}), body: '{"update_id": "x"' }).expect(400);

    const viber = signedViberCall(
      viberEvents.text({ userId: 'v-1', messageToken: 1n, text: '2' }),
      'another-token-entirely-0000000000',
    );
    await post('viber', viber).expect(401);
    const whatsapp = signedWhatsAppCall(
      whatsappEvents.text({ waId: '4915100000001', messageId: 'wamid.x', text: '2' }),
      'another-app-secret-0000',
    );
    await post('whatsapp', whatsapp).expect(401);
    await request(t.http).post('/api/webhooks/signal').send({}).expect(404);
    // Nothing was recorded as handled and nothing was answered.
    const [{ count }] = await t.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM messenger_inbound WHERE event_id IN ('1100', 'wamid.x')`,
    );
    expect(count).toBe(0);
    // The unbound chats got no answer either.
    expect(fake.received('viber', 'send_message')).toHaveLength(0);
  });

  it('sends a change to the bound chat in the client’s language, with reply buttons, once', async () => {
    const booked = await book({ channel: 'email', value: 'olena@example.org' }, 'fa');
    await confirmationSent(booked.appointment.id);
    const { code } = await optIn(booked.manageToken, 'telegram');
    await post(
      'telegram',
      signedTelegramCall(telegramUpdates.start({ updateId: 1200, chatId: 601, code })),
    ).expect(200);
    const binding = await bindingId(booked.appointment.id, 'telegram');
    // The client moves the appointment: the notice goes by email and to the chat.
    const moved = new Date(Date.UTC(2026, 11, 9, 9, 0)).toISOString();
    await request(t.http)
      .post('/api/public/manage/reschedule')
      .set('X-Manage-Token', booked.manageToken)
      .send({ start: moved })
      .expect(200);
    const sent = await waitFor(
      (r) =>
        r.method === 'sendMessage' &&
        Number(r.body.chat_id) === 601 &&
        r.status === 200 &&
        r.body.reply_markup !== undefined,
    );
    const text = String(sent.body.text);
    expect(text).toContain(CLIENT_TEXTS.fa.rescheduled.sms.split('{')[0].trim()); // Persian
    expect(text).toContain(MESSENGER_TEXTS.fa.appointmentHint);
    const keyboard = (
      sent.body.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }
    ).inline_keyboard.flat();
    // The version the message was about (2, after the move) travels with each button.
    expect(keyboard.map((b) => b.callback_data)).toEqual([
      `confirm.${binding}.2`,
      `cancel.${binding}.2`,
      `late.${binding}.2`,
    ]);
    expect(keyboard.map((b) => b.text)).toEqual([
      MESSENGER_TEXTS.fa.buttons.confirm,
      MESSENGER_TEXTS.fa.buttons.cancel,
      MESSENGER_TEXTS.fa.buttons.late,
    ]);
    // Recorded right after the platform accepted it.
    let log: { status: string; channel: string } | undefined;
    for (let i = 0; i < 50 && log?.status !== 'sent'; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      [log] = await t.dataSource.query<{ status: string; channel: string }[]>(
        `SELECT status, channel FROM notification WHERE key = $1`,
        [`rescheduled.${booked.appointment.id}.v2.telegram`],
      );
    }
    expect(log).toEqual({ status: 'sent', channel: 'telegram' });

    // A button under the message about the old time does nothing but point to the page.
    await post(
      'telegram',
      signedTelegramCall(
        telegramUpdates.button({ updateId: 1201, chatId: 601, data: `confirm.${binding}.1` }),
      ),
    ).expect(200);
    expect(await status(booked.appointment.id)).toEqual({
      status: 'confirmed',
      client_response: null,
    });
    expect(telegramTexts(601).at(-1)).toContain(MESSENGER_TEXTS.fa.outdated.split('{link}')[0]);
  });

  it('waits as long as Telegram asks (429 retry_after) and then sends once', async () => {
    const booked = await book({ channel: 'email', value: 'amal@example.org' });
    await confirmationSent(booked.appointment.id);
    const { code } = await optIn(booked.manageToken, 'telegram');
    await post(
      'telegram',
      signedTelegramCall(telegramUpdates.start({ updateId: 1300, chatId: 701, code })),
    ).expect(200);
    fake.failNext('telegram', telegramFailures.rateLimited(1));
    await request(t.http)
      .post('/api/public/manage/reschedule')
      .set('X-Manage-Token', booked.manageToken)
      .send({ start: new Date(Date.UTC(2026, 11, 10, 9, 0)).toISOString() })
      .expect(200);
    await waitFor(
      (r) =>
        r.method === 'sendMessage' &&
        Number(r.body.chat_id) === 701 &&
        r.status === 200 &&
        r.body.reply_markup !== undefined,
      15_000,
    );
    const attempts = fake
      .received('telegram', 'sendMessage')
      .filter((r) => Number(r.body.chat_id) === 701 && r.body.reply_markup !== undefined);
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
  });

  it('a button press says "running late", a keyword cancels; the console hears of both at once', async () => {
    const booked = await book({ channel: 'email', value: 'dana@example.org' });
    await confirmationSent(booked.appointment.id);
    const { code } = await optIn(booked.manageToken, 'telegram');
    await post(
      'telegram',
      signedTelegramCall(telegramUpdates.start({ updateId: 1400, chatId: 801, code })),
    ).expect(200);
    const binding = await bindingId(booked.appointment.id, 'telegram');
    const stream = await openEventStream(t, '/api/appointments/events', admin);
    expect(stream.status).toBe(200);
    await stream.next(); // the stream starts with one event

    await post(
      'telegram',
      signedTelegramCall(
        telegramUpdates.button({ updateId: 1401, chatId: 801, data: `late.${binding}` }),
      ),
    ).expect(200);
    expect((await stream.next(3000)).event).toBe('changed');
    expect(await status(booked.appointment.id)).toEqual({
      status: 'confirmed',
      client_response: 'late',
    });
    expect(fake.received('telegram', 'answerCallbackQuery').length).toBeGreaterThan(0);
    const list = await request(t.http)
      .get('/api/appointments?from=2026-12-08&to=2026-12-08')
      .set(admin)
      .expect(200);
    const row = (list.body as { id: string; clientResponse: string | null }[]).find(
      (a) => a.id === booked.appointment.id,
    );
    expect(row?.clientResponse).toBe('late');

    // "2" typed (here in Arabic-Indic digits) cancels, under the manage page's rules.
    const before = Date.now();
    await post(
      'telegram',
      signedTelegramCall(telegramUpdates.text({ updateId: 1402, chatId: 801, text: '٢' })),
    ).expect(200);
    await stream.next(3000);
    const roundTripMs = Date.now() - before;
    expect(await status(booked.appointment.id)).toMatchObject({ status: 'cancelled' });
    expect(roundTripMs).toBeLessThan(3000);
    console.info(`webhook round trip (reply → cancelled → console event): ${roundTripMs} ms`);
    stream.close();
    // The cancellation notice reaches the chat too, without buttons.
    const notice = await waitFor(
      (r) =>
        r.method === 'sendMessage' &&
        Number(r.body.chat_id) === 801 &&
        String(r.body.text).includes(MESSENGER_TEXTS.ar.automatic),
    );
    expect(notice.body.reply_markup).toBeUndefined();

    // Free text is not stored; it gets one polite answer per pause, pointing to the page.
    const before2 = telegramTexts(801).length;
    await post(
      'telegram',
      signedTelegramCall(
        telegramUpdates.text({ updateId: 1403, chatId: 801, text: 'Hallo, meine Adresse ist …' }),
      ),
    ).expect(200);
    await post(
      'telegram',
      signedTelegramCall(telegramUpdates.text({ updateId: 1404, chatId: 801, text: 'Hallo?' })),
    ).expect(200);
    const answers = telegramTexts(801).slice(before2);
    expect(answers).toHaveLength(1);
    // The appointment is cancelled: no manage link any more, the site instead.
    expect(answers[0]).toContain(MESSENGER_TEXTS.ar.unknown.split('{link}')[0]);
    expect(answers[0]).toContain(BASE);
  });

  it('tells the console of any change, also one made on the manage page', async () => {
    const booked = await book({ channel: 'email', value: 'page@example.org' });
    const stream = await openEventStream(t, '/api/appointments/events', admin);
    await stream.next(); // the stream starts with one event
    await request(t.http)
      .post('/api/public/manage/cancel')
      .set('X-Manage-Token', booked.manageToken)
      .expect(200);
    expect((await stream.next(10_000)).event).toBe('changed');
    stream.close();
    // Another office's console hears nothing of it.
    const other = await bookableOffice(t, { slug: 'anderes-buero' });
    const otherAdmin = {
      Authorization: `Bearer ${(await t.login('admin', 'admin2@anderes.test', other.id)).token}`,
    };
    const quiet = await openEventStream(t, '/api/appointments/events', otherAdmin);
    await quiet.next();
    const again = await book({ channel: 'email', value: 'page2@example.org' });
    await request(t.http)
      .post('/api/public/manage/cancel')
      .set('X-Manage-Token', again.manageToken)
      .expect(200);
    await expect(quiet.next(2_000)).rejects.toThrow(/no event/);
    quiet.close();
  });

  it('a cancellation after the cut-off is refused with the office’s way, not done', async () => {
    const booked = await book({ channel: 'email', value: 'late@example.org' });
    await confirmationSent(booked.appointment.id);
    const { code } = await optIn(booked.manageToken, 'telegram');
    await post(
      'telegram',
      signedTelegramCall(telegramUpdates.start({ updateId: 1500, chatId: 901, code })),
    ).expect(200);
    const [{ starts_at: startsAt }] = await t.dataSource.query<{ starts_at: Date }[]>(
      'SELECT starts_at FROM appointment WHERE id = $1',
      [booked.appointment.id],
    );
    const saved = t.clock.now();
    setClock(new Date(new Date(startsAt).getTime() - 60 * 60_000).toISOString()); // 1 h before
    try {
      await post(
        'telegram',
        signedTelegramCall(telegramUpdates.text({ updateId: 1501, chatId: 901, text: '2' })),
      ).expect(200);
    } finally {
      setClock(saved.toISOString());
    }
    expect(await status(booked.appointment.id)).toMatchObject({ status: 'confirmed' });
    expect(telegramTexts(901).at(-1)).toContain('فات وقت الإلغاء');
  });

  it('Viber: binds by the prefilled text, a button tap confirms', async () => {
    const booked = await book({ channel: 'email', value: 'viber@example.org' }, 'uk');
    await confirmationSent(booked.appointment.id);
    const { url, code } = await optIn(booked.manageToken, 'viber');
    expect(url).toMatch(/^viber:\/\/pa\?chatURI=sprechstundetest&context=SP/);
    await post(
      'viber',
      signedViberCall(
        viberEvents.text({
          userId: 'viber-user-1',
          messageToken: 9_007_199_254_740_993n,
          text: `Sprechstunde ${code}`,
        }),
      ),
    ).expect(200);
    const bound = fake.received('viber', 'send_message').at(-1);
    expect(bound?.body.receiver).toBe('viber-user-1');
    expect(String(bound?.body.text)).toContain('Готово');
    const binding = await bindingId(booked.appointment.id, 'viber');
    // A tap sends the button's data back as text, with the tracking data of our message.
    await post(
      'viber',
      signedViberCall(
        viberEvents.button({
          userId: 'viber-user-1',
          messageToken: 9_007_199_254_740_995n,
          data: `confirm.${binding}`,
        }),
      ),
    ).expect(200);
    expect(await status(booked.appointment.id)).toEqual({
      status: 'confirmed',
      client_response: 'confirmed',
    });
    expect(String(fake.received('viber', 'send_message').at(-1)?.body.text)).toBe(
      MESSENGER_TEXTS.uk.confirmed,
    );
    // "2" typed cancels.
    await post(
      'viber',
      signedViberCall(
        viberEvents.text({
          userId: 'viber-user-1',
          messageToken: 9_007_199_254_740_997n,
          text: '2',
        }),
      ),
    ).expect(200);
    expect(await status(booked.appointment.id)).toMatchObject({ status: 'cancelled' });
  });

  it('WhatsApp: binds by the prefilled text; messages we start are templates; a quick reply cancels', async () => {
    const booked = await book({ channel: 'email', value: 'wa@example.org' });
    await confirmationSent(booked.appointment.id);
    const { url, code } = await optIn(booked.manageToken, 'whatsapp');
    expect(url).toBe(
      `https://wa.me/${FAKE_MESSENGER_SECRETS.whatsappBusinessNumber}?text=${encodeURIComponent(`Sprechstunde ${code}`)}`,
    );
    await post(
      'whatsapp',
      signedWhatsAppCall(
        whatsappEvents.text({
          waId: '4915112345678',
          messageId: 'wamid.bind1',
          text: `Sprechstunde ${code}`,
        }),
      ),
    ).expect(200);
    const binding = await bindingId(booked.appointment.id, 'whatsapp');
    expect(binding).toBeDefined();
    await request(t.http)
      .post('/api/public/manage/reschedule')
      .set('X-Manage-Token', booked.manageToken)
      .send({ start: new Date(Date.UTC(2026, 11, 11, 9, 0)).toISOString() })
      .expect(200);
    const sent = await waitFor(
      (r) =>
        r.platform === 'whatsapp' &&
        r.status === 200 &&
        (r.body as { template?: { name?: string } }).template?.name === 'sprechstunde_rescheduled',
    );
    const template = sent.body.template as {
      name: string;
      language: { code: string };
      components: { type: string; parameters: { text?: string; payload?: string }[] }[];
    };
    expect(sent.body.to).toBe('4915112345678');
    expect(template.name).toBe('sprechstunde_rescheduled');
    expect(template.language.code).toBe('ar');
    const body = template.components.find((c) => c.type === 'body');
    expect(body?.parameters.some((p) => p.text?.includes('/manage#token='))).toBe(true);
    const payloads = template.components
      .filter((c) => c.type === 'button')
      .map((c) => c.parameters[0].payload);
    expect(payloads).toEqual([`confirm.${binding}.2`, `cancel.${binding}.2`, `late.${binding}.2`]);

    await post(
      'whatsapp',
      signedWhatsAppCall(
        whatsappEvents.templateButton({
          waId: '4915112345678',
          messageId: 'wamid.btn1',
          data: `cancel.${binding}.2`,
        }),
      ),
    ).expect(200);
    expect(await status(booked.appointment.id)).toMatchObject({ status: 'cancelled' });
  });

  it('WhatsApp answers its subscription check only with the verify token', async () => {
    const ok = await request(t.http)
      .get('/api/webhooks/whatsapp')
      .query({
        'hub.mode': 'subscribe',
        'hub.verify_token': FAKE_MESSENGER_SECRETS.whatsappVerifyToken,
        'hub.challenge': '1158201444',
      })
      .expect(200);
    expect(ok.text).toBe('1158201444');
    await request(t.http)
      .get('/api/webhooks/whatsapp')
      .query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' })
      .expect(403);
  });

  it('SMS replies: "3" tells the counsellor the client is late; forged and replayed calls do nothing', async () => {
    const booked = await book({ channel: 'phone', value: '+49 151 23456789' });
    const body = JSON.stringify({ id: 'gw-1', from: '+4915123456789', text: ' 3 ' });
    const sign = (raw: string) =>
      `sha256=${createHmac('sha256', SMS_SECRET).update(raw).digest('hex')}`;
    await request(t.http)
      .post('/api/webhooks/sms')
      .set('content-type', 'application/json')
      .set('x-sms-signature', sign(body).replace(/.$/, '0'))
      .send(body)
      .expect(401);
    expect(await status(booked.appointment.id)).toEqual({
      status: 'confirmed',
      client_response: null,
    });
    const before = sms.received.length;
    const ok = await request(t.http)
      .post('/api/webhooks/sms')
      .set('content-type', 'application/json')
      .set('x-sms-signature', sign(body))
      .send(body)
      .expect(200);
    expect(ok.body).toEqual({ handled: true });
    expect(await status(booked.appointment.id)).toEqual({
      status: 'confirmed',
      client_response: 'late',
    });
    const answers = sms.received.slice(before).filter((m) => m.to === '+4915123456789');
    expect(answers.map((m) => m.text)).toContain(MESSENGER_TEXTS.ar.late);
    const replay = await request(t.http)
      .post('/api/webhooks/sms')
      .set('content-type', 'application/json')
      .set('x-sms-signature', sign(body))
      .send(body)
      .expect(200);
    expect(replay.body).toEqual({ handled: false });

    // Free text gets one answer per pause: two auto-responders cannot talk forever.
    const chatter = async (id: string) => {
      const raw = JSON.stringify({ id, from: '+4915123456789', text: 'OK, danke' });
      return (
        await request(t.http)
          .post('/api/webhooks/sms')
          .set('content-type', 'application/json')
          .set('x-sms-signature', sign(raw))
          .send(raw)
          .expect(200)
      ).body;
    };
    expect(await chatter('gw-free-1')).toEqual({ handled: true });
    expect(await chatter('gw-free-2')).toEqual({ handled: false });

    // "2" cancels (the manage page's rules): by the same number, the next appointment.
    const cancel = JSON.stringify({ id: 'gw-2', from: '0151 23456789', text: '2' });
    await request(t.http)
      .post('/api/webhooks/sms')
      .set('content-type', 'application/json')
      .set('x-sms-signature', sign(cancel))
      .send(cancel)
      .expect(200);
    expect(await status(booked.appointment.id)).toMatchObject({ status: 'cancelled' });
  });

  it('exports the chat binding and erases it with the client’s data', async () => {
    const booked = await book({ channel: 'email', value: 'erase@example.org' });
    await confirmationSent(booked.appointment.id);
    const { code } = await optIn(booked.manageToken, 'telegram');
    await post(
      'telegram',
      signedTelegramCall(telegramUpdates.start({ updateId: 1600, chatId: 1601, code })),
    ).expect(200);
    await optIn(booked.manageToken, 'viber'); // an unused code, erased too
    const exported = await request(t.http)
      .get('/api/public/manage/export')
      .set('X-Manage-Token', booked.manageToken)
      .expect(200);
    expect(exported.body.messengerChats).toEqual([
      { channel: 'telegram', chatId: '1601', boundAt: expect.any(String) },
    ]);
    await request(t.http)
      .post('/api/public/manage/erase')
      .set('X-Manage-Token', booked.manageToken)
      .expect(200);
    const [{ chats, codes }] = await t.dataSource.query<{ chats: number; codes: number }[]>(
      `SELECT (SELECT count(*)::int FROM messenger_binding WHERE appointment_id = $1) AS chats,
              (SELECT count(*)::int FROM messenger_link WHERE appointment_id = $1) AS codes`,
      [booked.appointment.id],
    );
    expect({ chats, codes }).toEqual({ chats: 0, codes: 0 });
    // The chat is a stranger now: a keyword does nothing but a pointer to the pages.
    await post(
      'telegram',
      signedTelegramCall(telegramUpdates.text({ updateId: 1602, chatId: 1601, text: '2' })),
    ).expect(200);
    expect(telegramTexts(1601).at(-1)).toBe(MESSENGER_TEXTS.en.stranger);
  });

  it('walk-in: a ticket without any other contact gets "nearly your turn" in the chat and leaves by button', async () => {
    const login = await t.login('counsellor', 'walkin@willkommen.test', office.id);
    const counsellor = { Authorization: `Bearer ${login.token}` };
    await request(t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({
        displayName: 'Samira',
        languages: ['ar', 'de'],
        topics: ['residence'],
        staffId: login.id,
      })
      .expect(201);
    const hour = (
      await request(t.http)
        .post('/api/admin/walk-in-hours')
        .set(admin)
        .send({
          name: { de: 'Offene Sprechstunde', en: 'Open hour' },
          description: { de: 'Ohne Termin', en: 'No appointment' },
          topics: ['residence'],
          languages: ['ar', 'de'],
          channel: 'video',
          maxQueue: 30,
          closeMarginMinutes: 10,
          graceMinutes: 3,
          defaultHandlingMinutes: 10,
          rules: [{ weekday: 1, start: '08:00', end: '18:00' }],
        })
        .expect(201)
    ).body.id as string;
    const take = async (pseudonym: string) => {
      const taken = await request(t.http)
        .post(`/api/public/walk-in/hours/${hour}/tickets`)
        .send({ language: 'ar', pseudonym, privacyAccepted: true })
        .expect(201);
      const [{ id }] = await t.dataSource.query<{ id: string }[]>(
        'SELECT id FROM walk_in_ticket WHERE pseudonym = $1',
        [pseudonym],
      );
      return { id, ticketToken: taken.body.ticketToken as string };
    };
    // The chat also gets the messages of an appointment next week.
    const booked = await book({ channel: 'email', value: 'both@example.org' });
    await confirmationSent(booked.appointment.id);
    const appointmentCode = (await optIn(booked.manageToken, 'telegram')).code;
    await post(
      'telegram',
      signedTelegramCall(
        telegramUpdates.start({ updateId: 1699, chatId: 1701, code: appointmentCode }),
      ),
    ).expect(200);
    const first = await take('Client A');
    const second = await take('Client B');
    const link = await request(t.http)
      .post('/api/public/walk-in/ticket/messengers')
      .set('X-Ticket-Token', second.ticketToken)
      .send({ channel: 'telegram' })
      .expect(200);
    const code = /SP[A-Z2-7]{16}/.exec(link.body.url as string)?.[0] as string;
    await post(
      'telegram',
      signedTelegramCall(telegramUpdates.start({ updateId: 1700, chatId: 1701, code })),
    ).expect(200);
    expect(telegramTexts(1701).at(-1)).toContain(
      MESSENGER_TEXTS.ar.boundTicket.split('{label}')[0],
    );
    const [{ id: binding }] = await t.dataSource.query<{ id: string }[]>(
      'SELECT id FROM messenger_binding WHERE ticket_id = $1',
      [second.id],
    );

    await request(t.http).post(`/api/walk-in/hours/${hour}/sign-on`).set(counsellor).expect(204);
    const call = await request(t.http).post('/api/walk-in/call-next').set(counsellor).expect(200);
    expect(call.body.ticket.id).toBe(first.id);
    // The second client is first in line now: told in the chat, with a "leave the queue" button.
    const soon = await waitFor(
      (r) =>
        r.method === 'sendMessage' &&
        Number(r.body.chat_id) === 1701 &&
        r.status === 200 &&
        r.body.reply_markup !== undefined,
    );
    expect(String(soon.body.text)).toContain('/walk-in/ticket#token=');
    expect(String(soon.body.text)).toContain(MESSENGER_TEXTS.ar.ticketHint);
    const buttons = (
      soon.body.reply_markup as { inline_keyboard: { callback_data: string }[][] }
    ).inline_keyboard.flat();
    expect(buttons.map((b) => b.callback_data)).toEqual([`leave.${binding}`]);

    // "2" typed under "nearly your turn" leaves the queue: not next week's appointment.
    await post(
      'telegram',
      signedTelegramCall(telegramUpdates.text({ updateId: 1702, chatId: 1701, text: '2' })),
    ).expect(200);
    expect(await status(booked.appointment.id)).toMatchObject({ status: 'confirmed' });
    const [{ status: left }] = await t.dataSource.query<{ status: string }[]>(
      'SELECT status FROM walk_in_ticket WHERE id = $1',
      [second.id],
    );
    expect(left).toBe('left');
    expect(telegramTexts(1701).at(-1)).toBe(MESSENGER_TEXTS.ar.left);
  });

  it('a reminder planned before the chat was bound reaches the chat too (routed when it is sent)', async () => {
    const startMs = Date.UTC(2026, 11, 14, 9, 0); // Monday 14 December, 10:00 in Berlin
    const saved = t.clock.now();
    // The 24-hour reminder is due in an hour: planned (a delayed job) before the chat is bound.
    setClock(new Date(startMs - 1440 * 60_000 - 3_600_000).toISOString());
    try {
      const booked = (
        await request(t.http)
          .post('/api/public/appointments')
          .send({
            consultationTypeId: office.typeId,
            start: new Date(startMs).toISOString(),
            pseudonym: 'Mariam',
            language: 'ar',
            timeZone: 'Europe/Berlin',
            contact: { channel: 'email', value: 'reminder@example.org' },
          })
          .expect(201)
      ).body as { appointment: { id: string }; manageToken: string };
      await confirmationSent(booked.appointment.id);
      const { code } = await optIn(booked.manageToken, 'telegram');
      await post(
        'telegram',
        signedTelegramCall(telegramUpdates.start({ updateId: 1800, chatId: 1801, code })),
      ).expect(200);
      const queue = t.app.get<Queue>(getQueueToken(QueueName.Notifications));
      const job = await queue.getJob(`reminder.${booked.appointment.id}.v1.1440`);
      expect(job?.data).toMatchObject({ kind: 'reminder' });
      expect(job?.data).not.toHaveProperty('route');
      await job?.promote(); // its time has come
      const reminder = await waitFor(
        (r) =>
          r.method === 'sendMessage' &&
          Number(r.body.chat_id) === 1801 &&
          r.status === 200 &&
          r.body.reply_markup !== undefined,
        20_000,
      );
      expect(String(reminder.body.text)).toContain(
        CLIENT_TEXTS.ar.reminder.sms.split('{')[0].trim(),
      );
      expect(String(reminder.body.text)).toContain('/manage#token=');
    } finally {
      setClock(saved.toISOString());
    }
  });

  it('answers 422 for a messenger the server does not offer and 400 for an unknown one', async () => {
    const booked = await book({ channel: 'email', value: 'x@example.org' });
    await request(t.http)
      .post('/api/public/manage/messengers')
      .set('X-Manage-Token', booked.manageToken)
      .send({ channel: 'signal' })
      .expect(400);
  });
});
