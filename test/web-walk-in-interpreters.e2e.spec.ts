import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { pattern, texts } from './support/web-texts.js';

const w = texts('en', 'walkin');
const HOUR_NAME = 'Open consultation hour';

/**
 * A walk-in client asks for a Tigrinya interpreter in a real browser: the take-a-number form
 * offers the interpreter languages on duty, the ticket says one was asked for, "call next" takes
 * the interpreter with the ticket, the counsellor's console and call page show who interprets,
 * and the client's page says an interpreter will join. Tuesday 10:30 in Berlin.
 */
describe.skipIf(!browserTestsRun)('walk-in with an interpreter (browser)', () => {
  let web: WebApp;
  let browser: Browser;
  let counsellor: { email: string; password: string };
  let hourId: string;

  beforeAll(async () => {
    web = await startWebApp();
    browser = await launchBrowser();
    web.t.clock.advance(Date.parse('2027-03-09T09:30:00Z') - web.t.clock.now().getTime());
    const adminAccount = await web.t.login('admin');
    const admin = { Authorization: `Bearer ${adminAccount.token}` };
    const login = await web.t.login('counsellor');
    counsellor = { email: login.email, password: login.password };
    await request(web.t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({ displayName: 'Jonas', languages: ['de'], topics: ['residence'], staffId: login.id })
      .expect(201);
    const interpreterLogin = await web.t.login('interpreter');
    const interpreter = await request(web.t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({
        displayName: 'Tesfay',
        languages: ['ti', 'de'],
        kind: 'interpreter',
        staffId: interpreterLogin.id,
      })
      .expect(201);
    const hour = await request(web.t.http)
      .post('/api/admin/walk-in-hours')
      .set(admin)
      .send({
        name: { de: 'Offene Sprechstunde', en: HOUR_NAME },
        topics: [],
        languages: ['de'],
        channel: 'video',
        defaultHandlingMinutes: 20,
        rules: [{ weekday: 2, start: '09:00', end: '13:00' }],
      })
      .expect(201);
    hourId = hour.body.id;
    await request(web.t.http)
      .put(`/api/admin/walk-in-hours/${hourId}/interpreters/${interpreter.body.id}`)
      .set(admin)
      .expect(204);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('calls a ticket with a Tigrinya interpreter and shows the interpreter to counsellor and client', async () => {
    const client = await newPage(browser, web.baseUrl, { mobile: true });
    await client.goto(`/walk-in/${hourId}`);
    await client.getByRole('heading', { level: 1, name: HOUR_NAME }).waitFor();
    await client.getByLabel(w('take.interpreter')).selectOption('ti');
    await client.getByLabel(w('take.pseudonym')).fill('Selam');
    await client.getByRole('checkbox', { name: pattern(w('take.consent')) }).check();
    await expectAccessible(client, 'take a number with an interpreter');
    await client.getByRole('button', { name: w('take.submit') }).click();
    await client.waitForURL((url) => url.pathname === '/walk-in/ticket');
    await client.getByText('A-001', { exact: true }).waitFor();
    await client.getByText(w('ticket.interpreterAsked', { language: 'Tigrinya' })).waitFor();

    const staff = await newPage(browser, web.baseUrl);
    await loginInBrowser(staff, counsellor.email, counsellor.password);
    await staff.goto('/staff/walk-in');
    await staff.getByRole('button', { name: w('console.signOn', { name: HOUR_NAME }) }).click();
    const row = staff.getByRole('row', { name: /A-001/ });
    await row.getByText(pattern(w('console.withInterpreter', { language: 'Tigrinya' }))).waitFor();
    await staff.getByText(pattern(w('console.interpretersOnDuty', { names: 'Tesfay' }))).waitFor();
    await staff.getByRole('button', { name: w('console.callNext') }).click();
    await staff
      .getByRole('heading', { name: w('console.callTitle', { label: 'A-001' }) })
      .waitFor();
    await staff
      .getByText(w('console.interpreterOf', { name: 'Tesfay', language: 'Tigrinya' }))
      .waitFor();
    await expectAccessible(staff, 'walk-in console with an interpreter');

    // The client is told an interpreter joins.
    await client
      .locator('[aria-live="assertive"]')
      .getByText(w('turn.title'))
      .waitFor({ timeout: 15_000 });
    await client
      .getByText(w('ticket.interpreterJoins', { language: 'Tigrinya' }))
      .first()
      .waitFor();
    await expectAccessible(client, 'your turn with an interpreter');
    await screenshot(client, 'walk-in-interpreter-turn-mobile');

    // The counsellor's call page names the interpreter before and in the call.
    await staff.getByRole('link', { name: w('console.join') }).click();
    await staff.waitForURL((url) => url.pathname.startsWith('/staff/walk-in/call/'));
    await staff
      .getByText(w('console.interpreterJoins', { name: 'Tesfay', language: 'Tigrinya' }))
      .waitFor();
    await expectAccessible(staff, 'walk-in call page with an interpreter');
    await screenshot(staff, 'walk-in-interpreter-call-desktop');

    expect(await pageErrors(client)).toEqual([]);
    expect(await pageErrors(staff)).toEqual([]);
  }, 180_000);
});
