import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** The .eml files the API wrote (no SMTP_URL in this test) that match, once there are `count`. */
async function mailsTo(dir: string, address: string, count: number): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const files = existsSync(dir) ? readdirSync(dir) : [];
    const mails = files
      .map((file) => readFileSync(join(dir, file), 'utf8'))
      .filter((raw) => raw.includes(`To: ${address}`));
    if (mails.length >= count) return mails;
    if (Date.now() > deadline) throw new Error(`no mail to ${address} in ${dir}`);
    // The notification worker writes the file after commit; poll the directory it writes to.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A counsellor books for a caller from the console with the client's own slot picker and details
 * form, then pages the agenda to the next week and finds it there; phone numbers are shown only
 * for phone consultations.
 */
describe.skipIf(!browserTestsRun)('staff book for a client and page the agenda (browser)', () => {
  let web: WebApp;
  let browser: Browser;
  let counsellor: { email: string; password: string; id: string };

  beforeAll(async () => {
    web = await startWebApp();
    browser = await launchBrowser();
    web.t.clock.advance(Date.now() - web.t.clock.now().getTime());
    const admin = { Authorization: `Bearer ${(await web.t.login('admin')).token}` };
    const login = await web.t.login('counsellor');
    const created = await request(web.t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({
        displayName: 'Olena Bondar',
        languages: ['uk', 'de'],
        topics: ['general'],
        staffId: login.id,
      })
      .expect(201);
    counsellor = { email: login.email, password: login.password, id: created.body.id };
    for (let weekday = 1; weekday <= 7; weekday += 1) {
      await request(web.t.http)
        .post(`/api/counsellors/${created.body.id}/rules`)
        .set(admin)
        .send({ weekday, start: '08:00', end: '18:00' })
        .expect(201);
    }
    for (const [name, channel] of [
      ['Video counselling', 'video'],
      ['Phone counselling', 'phone'],
    ] as const) {
      await request(web.t.http)
        .post('/api/admin/consultation-types')
        .set(admin)
        .send({
          name: { de: name, en: name },
          topic: 'general',
          durationMinutes: 30,
          stepMinutes: 30,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 0,
          horizonDays: 30,
          channel,
          counsellorIds: [created.body.id],
        })
        .expect(201);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('books for a caller from the console; the client is mailed their manage link; the next week shows it', async () => {
    const page = await newPage(browser, web.baseUrl);
    await loginInBrowser(page, counsellor.email, counsellor.password);
    await page.getByRole('heading', { level: 1, name: 'My appointments' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: 'Book for a client' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Book for a client' }).waitFor();
    await page.getByLabel('Consultation').selectOption({ label: 'Video counselling (Video call)' });
    await page.getByLabel('Client’s language (for messages)').selectOption('uk');
    // A day of the picker's second page lies in next week, whatever today is.
    await page.getByRole('button', { name: 'Later' }).click();
    const time = page.locator('.time-list button').first();
    await time.waitFor();
    await time.click();
    await page.getByRole('heading', { name: 'Client’s details' }).waitFor();
    await page.getByLabel('Name or nickname').fill('Darya');
    await page.getByLabel('Email address').fill('darya.caller@example.org');
    await page.getByLabel('I have read this and want to book.').check();
    await expectAccessible(page, 'book for a client');
    await screenshot(page, 'staff-book-for-client');
    await page.getByRole('button', { name: 'Book appointment' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Booked: Darya/ })
      .waitFor();

    const [mail] = await mailsTo(
      join(web.t.config.DATA_DIR, 'mail'),
      'darya.caller@example.org',
      1,
    );
    expect(mail.replace(/=\r?\n/g, '')).toMatch(/\/manage#token=[A-Za-z0-9_-]{43}/);
    expect(mail).toContain('Content-Language: uk');

    // A phone appointment the same week, booked over the API: its number is shown, the email is not.
    const types = await request(web.t.http).get('/api/public/consultation-types').expect(200);
    const phoneType = types.body.find((t: { channel: string }) => t.channel === 'phone');
    const staffToken = (
      await request(web.t.http)
        .post('/api/auth/login')
        .send({ email: counsellor.email, password: counsellor.password })
        .expect(200)
    ).body.token as string;
    const slots = await request(web.t.http)
      .get('/api/public/slots')
      .query({
        consultationTypeId: phoneType.id,
        from: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
        to: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
      })
      .expect(200);
    await request(web.t.http)
      .post('/api/appointments')
      .set('Authorization', `Bearer ${staffToken}`)
      .send({
        consultationTypeId: phoneType.id,
        start: slots.body.slots.at(-1).start,
        pseudonym: 'Karim',
        language: 'ar',
        contact: { channel: 'phone', value: '0176 1234 5678' },
      })
      .expect(201);

    await page.getByRole('link', { name: 'Appointments', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'My appointments' }).waitFor();
    await page.getByRole('button', { name: 'Next week' }).click();
    const week = page.getByRole('region', { name: /^Week of/ }).first();
    await week.getByRole('cell', { name: 'Darya' }).waitFor();
    await week.getByRole('cell', { name: '+4917612345678' }).waitFor();
    expect(await week.getByText('darya.caller@example.org').count()).toBe(0);
    await expectAccessible(page, 'console, next week');

    // The client calls again: the counsellor moves the appointment, then cancels it.
    await week
      .getByRole('row', { name: /Darya/ })
      .getByRole('link', { name: /^Move or cancel/ })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Move or cancel' }).waitFor();
    const other = page.locator('.time-list button').last();
    await other.waitFor();
    await other.click();
    await page.getByRole('button', { name: /^Move to / }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Moved to / })
      .waitFor();
    // The notice of the move goes out before the cancellation makes it stale (the sender skips those).
    const mailDir = join(web.t.config.DATA_DIR, 'mail');
    await mailsTo(mailDir, 'darya.caller@example.org', 2);
    await page.getByLabel('Reason (kept for the record)').fill('Client called: cannot come');
    await page.getByRole('button', { name: 'Cancel appointment' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Cancelled\./ })
      .waitFor();
    await expectAccessible(page, 'move or cancel');
    expect(await mailsTo(mailDir, 'darya.caller@example.org', 3)).toHaveLength(3);

    await page.getByRole('link', { name: 'Appointments', exact: true }).click();
    await page.getByRole('heading', { name: 'This week' }).waitFor();
    expect(await pageErrors(page)).toEqual([]);
  }, 180_000);

  it('creates the calendar link in the console, shows it once, and revokes it', async () => {
    const page = await newPage(browser, web.baseUrl);
    await loginInBrowser(page, counsellor.email, counsellor.password);
    const panel = page.getByRole('region', { name: 'Calendar subscription' });
    await panel.getByText('You have no calendar link.').waitFor();
    await panel.getByRole('button', { name: 'Create link' }).click();
    const field = panel.getByLabel('Your calendar link (shown only now):');
    await field.waitFor();
    const url = await field.inputValue();
    expect(url).toMatch(/\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const path = new URL(url).pathname;
    const feed = await request(web.t.http).get(path).expect(200);
    expect(feed.text).toContain('BEGIN:VCALENDAR');
    expect(feed.text).not.toContain('Darya');
    await expectAccessible(page, 'console with calendar link');
    await panel.getByRole('button', { name: 'Revoke link' }).click();
    await panel.getByRole('status').filter({ hasText: 'The calendar link is revoked.' }).waitFor();
    await request(web.t.http).get(path).expect(404);
    expect(await pageErrors(page)).toEqual([]);
  });
});
