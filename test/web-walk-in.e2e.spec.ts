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
 * The online walk-in hour in a real browser: a client takes a number on a phone and follows the
 * queue live; a counsellor signs on (the client's estimate appears by push), calls the next
 * client, and the client's page says it is their turn and leads into the call's device check.
 * The app's clock stands on a Tuesday at 10:30 in Berlin, inside the hour's 09:00–13:00 window.
 */
describe.skipIf(!browserTestsRun)('walk-in pages (browser)', () => {
  let web: WebApp;
  let browser: Browser;
  let counsellor: { email: string; password: string };
  let adminLogin: { email: string; password: string };
  let admin: { Authorization: string };
  let hourId: string;

  beforeAll(async () => {
    web = await startWebApp();
    browser = await launchBrowser();
    web.t.clock.advance(Date.parse('2027-03-09T09:30:00Z') - web.t.clock.now().getTime());
    const adminAccount = await web.t.login('admin');
    adminLogin = { email: adminAccount.email, password: adminAccount.password };
    admin = { Authorization: `Bearer ${adminAccount.token}` };
    const login = await web.t.login('counsellor');
    counsellor = { email: login.email, password: login.password };
    await request(web.t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({
        displayName: 'Parisa',
        languages: ['fa', 'de'],
        topics: ['residence'],
        staffId: login.id,
      })
      .expect(201);
    const hour = await request(web.t.http)
      .post('/api/admin/walk-in-hours')
      .set(admin)
      .send({
        name: { de: 'Offene Sprechstunde', en: HOUR_NAME },
        description: { de: 'Ohne Termin', en: 'No appointment needed' },
        topics: ['residence', 'work'],
        languages: ['de', 'fa'],
        channel: 'video',
        defaultHandlingMinutes: 20,
        rules: [{ weekday: 2, start: '09:00', end: '13:00' }],
      })
      .expect(201);
    hourId = hour.body.id;
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('takes a number on a phone, follows the queue live and is called into the call', async () => {
    // From the office's page, which lists its walk-in hours.
    const { officeSlug } = (await request(web.t.http).get(`/api/public/walk-in/hours/${hourId}`))
      .body as { officeSlug: string };
    const client = await newPage(browser, web.baseUrl, { mobile: true });
    await client.goto(`/o/${officeSlug}`);
    const hours = client.getByRole('region', { name: w('office.title') });
    await hours.getByText(w('hour.openUntil', { time: '1:00 PM' })).waitFor();
    await hours.getByRole('link', { name: HOUR_NAME }).click();
    await client.getByRole('heading', { level: 1, name: HOUR_NAME }).waitFor();
    await client.getByLabel(w('take.language')).selectOption('fa');
    await client.getByLabel(w('take.topic')).selectOption('residence');
    await client.getByLabel(w('take.pseudonym')).fill('Sara');
    await client.getByRole('checkbox', { name: pattern(w('take.consent')) }).check();
    await expectAccessible(client, 'take a number');
    await screenshot(client, 'walk-in-take-mobile');
    await client.getByRole('button', { name: w('take.submit') }).click();

    // The ticket page: the token left the address bar, the number and place are there.
    await client.waitForURL((url) => url.pathname === '/walk-in/ticket');
    await client.getByText('A-001', { exact: true }).waitFor();
    expect(new URL(client.url()).hash).toBe('');
    await client.getByText(w('ticket.placeNext')).waitFor();
    await client.getByText(w('ticket.noEstimate')).waitFor();
    // A reload finds the ticket on the device.
    await client.reload();
    await client.getByText('A-001', { exact: true }).waitFor();
    await client.getByText(w('ticket.placeNext')).waitFor();

    // The counsellor signs on while the client's phone is offline: back online, the page
    // reconnects and shows the estimate (15–25 min per client), then follows the pushes.
    await client.context().setOffline(true);
    const staff = await newPage(browser, web.baseUrl);
    await loginInBrowser(staff, counsellor.email, counsellor.password);
    await staff.goto('/staff/walk-in');
    await staff.getByRole('heading', { level: 1, name: w('console.title') }).waitFor();
    await staff.getByRole('button', { name: w('console.signOn', { name: HOUR_NAME }) }).click();
    await staff.getByRole('button', { name: w('console.signOff', { name: HOUR_NAME }) }).waitFor();
    await client.context().setOffline(false);
    const polite = client.locator('[aria-live="polite"]');
    await polite.getByText(w('ticket.estimateUpTo', { max: '25' })).waitFor({ timeout: 15_000 });
    await expectAccessible(client, 'ticket page waiting');
    await screenshot(client, 'walk-in-ticket-mobile');

    // The console: the ticket with its language and topic, no contact data; "call next".
    const row = staff.getByRole('row', { name: /A-001/ });
    await row.getByText('Persian').waitFor();
    await row.getByText('Residence', { exact: false }).waitFor();
    await expectAccessible(staff, 'walk-in console');
    await screenshot(staff, 'walk-in-console-desktop');
    await staff.getByRole('button', { name: w('console.callNext') }).click();
    await staff
      .getByRole('heading', { name: w('console.callTitle', { label: 'A-001' }) })
      .waitFor();

    // The client hears it (assertive live region) and goes into the call's device check.
    const assertive = client.locator('[aria-live="assertive"]');
    await assertive.getByText(w('turn.title')).waitFor({ timeout: 15_000 });
    await expectAccessible(client, 'ticket page: your turn');
    await screenshot(client, 'walk-in-turn-mobile');
    await client.getByRole('link', { name: w('turn.join') }).click();
    await client.waitForURL((url) => url.pathname === '/walk-in/call');
    await client.getByRole('heading', { level: 1, name: w('call.title') }).waitFor();
    await client.getByRole('button', { name: w('call.enter') }).waitFor();
    await expectAccessible(client, 'walk-in device check');

    // Answering reached the server: the counsellor's console says the client joined.
    await staff.getByText(w('console.inCall', { name: 'Sara' })).waitFor({ timeout: 15_000 });
    await staff.getByRole('button', { name: w('console.outcomes.served') }).click();
    await staff.getByRole('button', { name: w('console.callNext') }).waitFor();
    // The console fits a phone too.
    await staff.setViewportSize({ width: 360, height: 740 });
    expect(await staff.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    await expectAccessible(staff, 'walk-in console on a phone');
    await screenshot(staff, 'walk-in-console-mobile');

    expect(await pageErrors(client)).toEqual([]);
    expect(await pageErrors(staff)).toEqual([]);
  }, 180_000);

  it('works right to left in Persian on a 360 px phone', async () => {
    const fa = texts('fa', 'walkin');
    const phone = await newPage(browser, web.baseUrl, { mobile: true, language: 'fa' });
    await phone.goto(`/walk-in/${hourId}`);
    await phone.getByRole('heading', { level: 2, name: fa('take.title') }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    await expectAccessible(phone, 'take a number in Persian');
    await screenshot(phone, 'walk-in-take-fa-mobile');
    expect(await pageErrors(phone)).toEqual([]);
  });

  it('lets an admin edit the hours, add an exception and read the statistics', async () => {
    const page = await newPage(browser, web.baseUrl);
    await loginInBrowser(page, adminLogin.email, adminLogin.password);
    await page.goto('/admin/walk-in');
    await page.getByRole('heading', { level: 1, name: w('admin.title') }).waitFor();
    await page.getByRole('row', { name: /Open consultation hour/ }).waitFor();
    await expectAccessible(page, 'admin walk-in hours');
    await page.getByRole('link', { name: w('admin.editOf', { name: HOUR_NAME }) }).click();
    await page.getByRole('heading', { level: 1, name: w('admin.editTitle') }).waitFor();
    await page.getByLabel(w('admin.fields.maxQueue')).fill('25');
    await page.getByRole('button', { name: w('admin.save') }).click();
    await page.getByText(w('admin.saved')).waitFor();

    // A cancelled date: it is listed and can be removed again.
    await page.getByLabel(w('admin.exceptions.date')).fill('2027-03-16');
    await page.getByRole('button', { name: w('admin.exceptions.add') }).click();
    const removal = page.getByRole('button', { name: pattern(w('admin.exceptions.removeOf')) });
    await removal.waitFor();
    // The direct link to share, and its QR code drawn in the browser.
    const direct = `${new URL(page.url()).origin}/walk-in/${hourId}`;
    const qr = page.getByRole('img', { name: w('admin.share.qrAlt', { link: direct }) });
    await qr.waitFor();
    const svg = decodeURIComponent(
      ((await qr.getAttribute('src')) ?? '').replace('data:image/svg+xml;charset=utf-8,', ''),
    );
    expect(svg).toMatch(/^<svg[^>]*viewBox="0 0 \d+ \d+"[\s\S]*<path/);
    await expectAccessible(page, 'admin walk-in hour editor');
    await screenshot(page, 'walk-in-admin-edit-desktop');
    const saved = await request(web.t.http)
      .get(`/api/admin/walk-in-hours/${hourId}`)
      .set(admin)
      .expect(200);
    expect(saved.body.maxQueue).toBe(25);
    expect(saved.body.exceptions).toEqual([
      expect.objectContaining({ date: '2027-03-16', start: null, end: null }),
    ]);

    await page.goto(`/admin/walk-in/${hourId}/statistics`);
    await page.getByRole('heading', { level: 1, name: pattern(w('statistics.title')) }).waitFor();
    await page.getByLabel(w('statistics.from')).fill('2027-03-01');
    await page.getByLabel(w('statistics.to')).fill('2027-03-31');
    await page.getByRole('heading', { level: 2, name: w('statistics.byLanguage') }).waitFor();
    await expectAccessible(page, 'walk-in statistics');
    await screenshot(page, 'walk-in-statistics-desktop');
    expect(await pageErrors(page)).toEqual([]);
  });

  it('lets a client leave after confirming, and points a closed hour to the next one', async () => {
    const closed = await request(web.t.http)
      .post('/api/admin/walk-in-hours')
      .set(admin)
      .send({
        name: { de: 'Donnerstagssprechstunde', en: 'Thursday hour' },
        topics: [],
        languages: ['de'],
        channel: 'phone',
        rules: [{ weekday: 4, start: '14:00', end: '16:00' }],
      })
      .expect(201);
    const page = await newPage(browser, web.baseUrl, { mobile: true });
    await page.goto(`/walk-in/${closed.body.id}`);
    await page.getByRole('heading', { level: 1, name: 'Thursday hour' }).waitFor();
    // Thursday 11 March 2027, 14:00–16:00 in Berlin; no form, but the office's appointments.
    await page
      .getByText(
        w('hour.next', { date: 'Thursday, March 11, 2027', from: '2:00 PM', to: '4:00 PM' }),
      )
      .waitFor();
    await page.getByRole('link', { name: w('hour.bookInstead') }).waitFor();
    expect(await page.getByRole('button', { name: w('take.submit') }).count()).toBe(0);
    await expectAccessible(page, 'closed walk-in hour');

    const taken = await request(web.t.http)
      .post(`/api/public/walk-in/hours/${hourId}/tickets`)
      .send({ language: 'de', pseudonym: 'Jonas', privacyAccepted: true })
      .expect(201);
    await page.goto(`/walk-in/ticket#token=${taken.body.ticketToken}`);
    await page.getByText(taken.body.ticket.label, { exact: true }).waitFor();
    await page.getByRole('button', { name: w('ticket.leave') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: w('ticket.leaveConfirm') }).click();
    await page.getByRole('status').getByText(w('final.left')).waitFor();
    await page.getByRole('link', { name: w('final.newNumber') }).waitFor();
    const ticket = await request(web.t.http)
      .get('/api/public/walk-in/ticket')
      .set('X-Ticket-Token', taken.body.ticketToken)
      .expect(200);
    expect(ticket.body.status).toBe('left');
    expect(await pageErrors(page)).toEqual([]);
  });
});
