import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FakeMessengers,
  fakeMessengerEnv,
  signedTelegramCall,
  telegramUpdates,
  type SignedWebhook,
} from './support/fake-messengers.js';
import {
  browserTestsRun,
  expectAccessible,
  launchBrowser,
  loginInBrowser,
  newPage,
  pageErrors,
  screenshot,
  startWebApp,
  type WebApp,
} from './support/web.js';
import { texts } from './support/web-texts.js';

const FIVE_MINUTES = 5 * 60_000;
const CHAT_ID = 5_512_345_678;

/**
 * Messenger opt-in in a real browser, against local stand-ins of the platforms: an Arabic client
 * on a small phone gets one button per messenger on the manage page, Telegram's opens the bot's
 * chat with a one-time code, and once the bot has seen Start the page shows the chat connected,
 * with a way to stop it. The counsellor's console shows "running late" as soon as the client taps
 * that button in Telegram, pushed by the server without a reload.
 */
describe.runIf(browserTestsRun)(
  'web: messenger opt-in and client answers',
  { timeout: 90_000 },
  () => {
    let fake: FakeMessengers;
    let web: WebApp;
    let browser: Browser;
    let counsellor: { email: string; password: string };
    let manageToken: string;
    const ar = texts('ar', 'messengers');
    const staff = texts('en', 'staff');
    const telegram = ar('names.telegram');

    const webhook = (call: SignedWebhook) =>
      request(web.t.http).post('/api/webhooks/telegram').set(call.headers).send(call.body);

    beforeAll(async () => {
      fake = await FakeMessengers.start();
      web = await startWebApp({ env: fakeMessengerEnv(fake) });
      browser = await launchBrowser();
      // The server's test clock at the real time: the browser's clock is real.
      web.t.clock.advance(Date.now() - web.t.clock.now().getTime());
      const admin = { Authorization: `Bearer ${(await web.t.login('admin')).token}` };
      const login = await web.t.login('counsellor');
      counsellor = { email: login.email, password: login.password };
      const created = await request(web.t.http)
        .post('/api/admin/counsellors')
        .set(admin)
        .send({
          displayName: 'Rana Haddad',
          languages: ['ar', 'de'],
          topics: ['general'],
          staffId: login.id,
        })
        .expect(201);
      for (let weekday = 1; weekday <= 7; weekday += 1) {
        await request(web.t.http)
          .post(`/api/counsellors/${created.body.id}/rules`)
          .set(admin)
          .send({ weekday, start: '00:00', end: '24:00' })
          .expect(201);
      }
      const type = await request(web.t.http)
        .post('/api/admin/consultation-types')
        .set(admin)
        .send({
          name: { de: 'Aufenthalt', en: 'Residence', ar: 'الإقامة' },
          topic: 'general',
          durationMinutes: 20,
          stepMinutes: 5,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 0,
          horizonDays: 30,
          channel: 'video',
          counsellorIds: [created.body.id],
        })
        .expect(201);
      // A few minutes from now: upcoming for the client, today for the counsellor.
      const start = new Date(Math.ceil((Date.now() + FIVE_MINUTES) / FIVE_MINUTES) * FIVE_MINUTES);
      const booked = await request(web.t.http)
        .post('/api/public/appointments')
        .send({
          consultationTypeId: type.body.id,
          start: start.toISOString(),
          pseudonym: 'Amal',
          language: 'ar',
          contact: { channel: 'email', value: 'amal@example.org' },
        })
        .expect(201);
      manageToken = booked.body.manageToken as string;
    });

    afterAll(async () => {
      await browser?.close();
      await web?.close();
      await fake?.close();
    });

    it('binds Telegram from the manage page and shows "running late" live in the console', async () => {
      const client = await newPage(browser, web.baseUrl, { mobile: true, language: 'ar' });
      // The deep link leaves our page: answer it here instead of the internet.
      await client.route('https://t.me/**', (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Telegram</title>' }),
      );
      const manageUrl = `/manage#token=${manageToken}`;
      await client.goto(manageUrl);
      await client.getByRole('heading', { level: 2, name: ar('title') }).waitFor();
      for (const name of ['telegram', 'viber', 'whatsapp']) {
        await client
          .getByRole('button', { name: ar('open', { name: ar(`names.${name}`) }) })
          .waitFor();
      }
      expect(await client.evaluate(() => document.documentElement.dir)).toBe('rtl');
      await expectAccessible(client, 'manage page with messengers (ar)');
      await screenshot(client, 'manage-messengers-ar-mobile');

      await client.getByRole('button', { name: ar('open', { name: telegram }) }).click();
      await client.waitForURL(/^https:\/\/t\.me\//);
      const deepLink = new URL(client.url());
      expect(`${deepLink.origin}${deepLink.pathname}`).toBe('https://t.me/SprechstundeTestBot');
      const code = deepLink.searchParams.get('start') ?? '';
      expect(code).toMatch(/^SP[A-Z2-7]{16}$/);
      // The manage token never leaves in the link.
      expect(client.url()).not.toContain(manageToken);

      // The client taps Start in Telegram: the bot receives "/start <code>".
      await webhook(
        signedTelegramCall(
          telegramUpdates.start({ updateId: 1, chatId: CHAT_ID, code, languageCode: 'ar' }),
        ),
      ).expect(200);
      await client.goto(manageUrl);
      await client.getByText(ar('connected', { name: telegram })).waitFor();
      await client.getByRole('button', { name: ar('stopLabel', { name: telegram }) }).waitFor();
      expect(
        await client.getByRole('button', { name: ar('open', { name: telegram }) }).count(),
      ).toBe(0);
      await expectAccessible(client, 'manage page with Telegram connected (ar)');
      await screenshot(client, 'manage-messengers-connected-ar-mobile');

      // The counsellor's console is open; the client taps "running late" under a reminder.
      const desk = await newPage(browser, web.baseUrl);
      const stream = desk.waitForResponse(
        (response) => response.url().endsWith('/api/appointments/events') && response.ok(),
      );
      await loginInBrowser(desk, counsellor.email, counsellor.password);
      const today = desk.getByRole('region', { name: /^Today/ });
      await today.getByRole('heading', { name: /Amal/ }).waitFor();
      await stream;
      const [binding] = await web.t.dataSource.query<{ id: string }[]>(
        'SELECT id FROM messenger_binding',
      );
      await webhook(
        signedTelegramCall(
          telegramUpdates.button({ updateId: 2, chatId: CHAT_ID, data: `late.${binding.id}` }),
        ),
      ).expect(200);
      // Well before the list's one-minute poll: the event stream brought it.
      await today
        .getByText(staff('clientResponse.late'), { exact: false })
        .waitFor({ timeout: 10_000 });
      await expectAccessible(desk, 'console with a client running late');
      await screenshot(desk, 'staff-console-running-late-desktop');

      // Stopping the chat: the button to get it again comes back.
      await client.getByRole('button', { name: ar('stopLabel', { name: telegram }) }).click();
      await client.getByText(ar('stopped', { name: telegram })).waitFor();
      await client.getByRole('button', { name: ar('open', { name: telegram }) }).waitFor();
      expect(await web.t.dataSource.query('SELECT id FROM messenger_binding')).toEqual([]);

      expect(await pageErrors(client)).toEqual([]);
      expect(await pageErrors(desk)).toEqual([]);
    });
  },
);
