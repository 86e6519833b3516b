/// <reference lib="dom" />
// Callbacks of page.evaluate run in the browser: their document and window are the DOM's.
import type { Browser, Page } from 'playwright-core';
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

const FIVE_MINUTES = 5 * 60_000;

/**
 * The counsellor console and the video pages in a real browser (fake camera and microphone): the
 * client checks devices and waits, the counsellor admits, the client's call fails to connect (no
 * LiveKit server here) with a translated message, then outcome and availability.
 */
describe.skipIf(!browserTestsRun)('counsellor console and video pages (browser)', () => {
  let web: WebApp;
  let browser: Browser;
  let counsellor: { email: string; password: string };
  let appointment: { id: string; manageToken: string };

  /** The server's test clock to the real time: the browser's clock is real. */
  const syncClock = () => web.t.clock.advance(Date.now() - web.t.clock.now().getTime());

  beforeAll(async () => {
    web = await startWebApp();
    browser = await launchBrowser();
    syncClock();
    const admin = { Authorization: `Bearer ${(await web.t.login('admin')).token}` };
    const login = await web.t.login('counsellor');
    counsellor = { email: login.email, password: login.password };
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
        name: { de: 'Beratung Aufenthalt', en: 'Residence counselling' },
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
    // Booked "in the past" (server clock an hour back), so that in real time it started a few
    // minutes ago: the join window is open and an outcome may be recorded.
    const start = new Date(Math.floor((Date.now() - FIVE_MINUTES) / FIVE_MINUTES) * FIVE_MINUTES);
    web.t.clock.advance(-60 * 60_000);
    const booked = await request(web.t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: type.body.id,
        start: start.toISOString(),
        pseudonym: 'Darya',
        language: 'uk',
        contact: { channel: 'email', value: 'darya@example.org' },
        note: 'Fragen zur Aufenthaltserlaubnis',
        needsInterpreter: true,
      })
      .expect(201);
    appointment = { id: booked.body.appointment.id, manageToken: booked.body.manageToken };
    syncClock();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('lets the counsellor admit a waiting client, record the outcome and add an absence', async () => {
    const staffPage = await newPage(browser, web.baseUrl);
    await loginInBrowser(staffPage, counsellor.email, counsellor.password);
    await staffPage.getByRole('heading', { level: 1, name: 'My appointments' }).waitFor();
    const today = staffPage.getByRole('region', { name: /^Today/ });
    await today.getByRole('heading', { name: /Darya/ }).waitFor();
    await today.getByText('Fragen zur Aufenthaltserlaubnis').waitFor();
    await staffPage.getByText('Nobody is waiting.').waitFor();
    await expectAccessible(staffPage, 'counsellor console');
    await screenshot(staffPage, 'staff-console-desktop');

    // The client: device check with the fake camera, then the waiting room.
    const client = await newPage(browser, web.baseUrl, { mobile: true });
    await client.goto(`/manage/video#token=${appointment.manageToken}`);
    await client.getByRole('heading', { name: 'Check camera and microphone' }).waitFor();
    await client.getByLabel('Your camera picture').waitFor();
    await expectAccessible(client, 'client device check');
    await screenshot(client, 'client-video-check-mobile');
    await client.getByRole('button', { name: 'Join the call' }).click();
    await client.getByText('You are in the waiting room.').waitFor();
    await expectAccessible(client, 'client waiting room');
    await screenshot(client, 'client-video-waiting-mobile');

    // The counsellor sees the client waiting (polled every 5 s) and lets them in.
    await staffPage.getByText('Darya is waiting to be let in.').waitFor({ timeout: 15_000 });
    await screenshot(staffPage, 'staff-console-waiting-desktop');
    await staffPage.getByRole('button', { name: 'Let Darya in' }).click();
    await staffPage.getByText('Darya has been let in.').waitFor();

    // Admitted, the client's page connects to LiveKit, which is not reachable here.
    await client
      .getByText('The video call could not be connected.', { exact: false })
      .waitFor({ timeout: 45_000 });
    await client.getByRole('button', { name: 'Try again' }).waitFor();
    await expectAccessible(client, 'client call failed');
    await screenshot(client, 'client-video-failed-mobile');

    // The counsellor's video page: the same device check, and the way back.
    await staffPage.getByRole('link', { name: 'Join video call with Darya' }).click();
    await staffPage.getByRole('heading', { level: 1, name: 'Video call with Darya' }).waitFor();
    await staffPage.getByLabel('Your camera picture').waitFor();
    await expectAccessible(staffPage, 'counsellor video page');
    await screenshot(staffPage, 'staff-video-check-desktop');
    await staffPage.getByRole('link', { name: 'Back to my appointments' }).click();

    // The outcome, after the start.
    // Two family members were counselled with her: a number for the anonymous statistics.
    const outcome = staffPage.getByRole('group', { name: 'Record the outcome for Darya' });
    await outcome.getByLabel('Family members counselled with them (optional)').fill('2');
    await outcome.getByRole('button', { name: 'Completed' }).click();
    await outcome.waitFor({ state: 'detached' });
    await today.getByText('Completed').first().waitFor();
    const [recorded] = await web.t.dataSource.query<{ family: number }[]>(
      `SELECT accompanying_family_members AS family FROM appointment
        WHERE client_pseudonym = 'Darya' AND status = 'completed'`,
    );
    expect(recorded).toEqual({ family: 2 });

    // An absence in "My availability".
    await staffPage.getByRole('link', { name: 'My availability' }).click();
    await staffPage.getByRole('heading', { level: 1, name: 'My availability' }).waitFor();
    const first = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const last = new Date(Date.now() + 22 * 86_400_000).toISOString().slice(0, 10);
    // The same editor as the admin's roster page.
    const av = texts('en', 'availability');
    await staffPage.getByLabel(av('firstDay')).fill(first);
    await staffPage.getByLabel(av('lastDay')).fill(last);
    await staffPage.getByRole('button', { name: av('addAbsenceSubmit') }).click();
    await staffPage.getByText(pattern(av('absenceAdded', { absence: '{{absence}}' }))).waitFor();
    const absences = staffPage.getByRole('region', { name: av('absencesTitle') });
    await absences.getByRole('button', { name: /^Delete / }).waitFor();
    await expectAccessible(staffPage, 'my availability');
    await screenshot(staffPage, 'staff-availability-desktop');

    // Deleting asks first; "Cancel" is focused, so a stray Enter deletes nothing.
    await absences.getByRole('button', { name: /^Delete / }).click();
    const dialog = staffPage.getByRole('dialog', { name: 'Please confirm' });
    await dialog.waitFor();
    await staffPage.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await absences.getByRole('button', { name: /^Delete / }).waitFor();
    await absences.getByRole('button', { name: /^Delete / }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await absences.getByRole('button', { name: /^Delete / }).waitFor({ state: 'detached' });

    expect(await pageErrors(staffPage)).toEqual([]);
    expect(await pageErrors(client)).toEqual([]);
  }, 180_000);

  it('works on a phone: console and availability at 360 px', async () => {
    const phone: Page = await newPage(browser, web.baseUrl, { mobile: true });
    await loginInBrowser(phone, counsellor.email, counsellor.password);
    await phone.getByRole('heading', { level: 1, name: 'My appointments' }).waitFor();
    await expectAccessible(phone, 'counsellor console on a phone');
    await screenshot(phone, 'staff-console-mobile');
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    await phone.getByRole('link', { name: 'My availability' }).click();
    await phone.getByRole('heading', { level: 1, name: 'My availability' }).waitFor();
    await expectAccessible(phone, 'my availability on a phone');
    await screenshot(phone, 'staff-availability-mobile');
    expect(await pageErrors(phone)).toEqual([]);
  });

  it('lets staff change their own password; a mistyped current one does not log them out', async () => {
    // Its own account: the other tests keep using theirs.
    const own = await web.t.login('counsellor');
    const page = await newPage(browser, web.baseUrl, { mobile: true });
    await loginInBrowser(page, own.email, own.password);
    await page.getByRole('link', { name: 'Password' }).click();
    await page.getByRole('heading', { level: 1, name: 'Change your password' }).waitFor();
    const newPassword = 'a sentence of several words';

    await page.getByLabel('Current password').fill('not the password');
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat the new password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('The current password is not correct.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/account/password');

    await page.getByLabel('Current password').fill(own.password);
    await page.getByLabel('Repeat the new password').fill('something else entirely');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('The two new passwords are not the same.').waitFor();

    await page.getByLabel('Repeat the new password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password has been changed.').waitFor();
    await expectAccessible(page, 'change password');
    await screenshot(page, 'staff-password-mobile');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/staff\/login/);
    await request(web.t.http)
      .post('/api/auth/login')
      .send({ email: own.email, password: own.password })
      .expect(401);
    await loginInBrowser(page, own.email, newPassword);
    await page.getByRole('heading', { level: 1, name: 'My appointments' }).waitFor();
    expect(await pageErrors(page)).toEqual([]);
  });

  it('keeps the session token out of scripts’ reach, and a link opened in a new tab finds the session', async () => {
    const own = await web.t.login('counsellor');
    const page = await newPage(browser, web.baseUrl);
    await loginInBrowser(page, own.email, own.password);
    // Nothing a script can read holds a token: no storage, no readable cookie.
    const readable = await page.evaluate<string>(
      'JSON.stringify([Object.entries(sessionStorage), Object.entries(localStorage), document.cookie])',
    );
    expect(readable).not.toMatch(/[A-Za-z0-9_-]{43}/);
    // A link from a mail opens in a new tab of the same browser: no second login.
    const tab = await page.context().newPage();
    await tab.goto('/staff');
    await tab.getByRole('heading', { level: 1, name: 'My appointments' }).waitFor();
    expect(new URL(tab.url()).pathname).toBe('/staff');
    expect(await pageErrors(tab)).toEqual([]);
  });
});
