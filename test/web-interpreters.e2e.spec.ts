/// <reference lib="dom" />
// Callbacks of page.evaluate run in the browser: their document and window are the DOM's.
import { DateTime } from 'luxon';
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
import { texts } from './support/web-texts.js';

const ZONE = 'Europe/Berlin';

/**
 * Interpreters in a real browser against the real API and database: a client asks for a Tigrinya
 * interpreter and is offered only the times when a counsellor and the interpreter are both free,
 * books both at once and sees the interpreter on the manage page; an interpreter taken meanwhile
 * sends the client back to the times still free; the admin creates an interpreter; the interpreter
 * logs in and finds the assignment.
 */
describe.runIf(browserTestsRun)('web: interpreters', { timeout: 180_000 }, () => {
  let web: WebApp;
  let browser: Browser;
  let admin: { Authorization: string };
  let adminLogin: { email: string; password: string };
  let interpreterLogin: { id: string; email: string; password: string };
  let typeId: string;
  /** An appointment booked with the interpreter beforehand, beyond the picker's first page. */
  let assignment: { id: string; start: string; counsellor: string };
  const booking = texts('en', 'booking');
  const manage = texts('en', 'manage');
  const interp = texts('en', 'interpreter');
  const adminTexts = texts('en', 'admin');
  const staffTexts = texts('en', 'staff');
  const video = texts('en', 'video');

  /** Local "HH:mm" in Berlin of ISO instants. */
  const local = (starts: string[]) =>
    starts.map((start) => DateTime.fromISO(start).setZone(ZONE).toFormat('HH:mm'));

  const slotStarts = async (day: string, interpreterLanguage?: string): Promise<string[]> =>
    (
      await request(web.t.http)
        .get('/api/public/slots')
        .query({
          consultationTypeId: typeId,
          from: day,
          to: day,
          timeZone: ZONE,
          ...(interpreterLanguage ? { interpreterLanguage } : {}),
        })
        .expect(200)
    ).body.slots.map((slot: { start: string }) => slot.start);

  const manageView = async (token: string) =>
    (await request(web.t.http).get('/api/public/manage').set('X-Manage-Token', token).expect(200))
      .body;

  /** Nothing on the page is wider than a 360 px phone. */
  const fitsPhone = async (page: Page, label: string) => {
    const [scrollWidth, viewport] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
    ]);
    expect(scrollWidth, `${label} is wider than the phone`).toBeLessThanOrEqual(viewport);
  };

  const counsellor = async (displayName: string) => {
    const created = await request(web.t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({ displayName, languages: ['de', 'en'], topics: ['residence'], timeZone: ZONE })
      .expect(201);
    for (const weekday of [1, 2, 3, 4, 5, 6, 7]) {
      await request(web.t.http)
        .post(`/api/counsellors/${created.body.id}/rules`)
        .set(admin)
        .send({ weekday, start: '08:00', end: '20:00' })
        .expect(201);
    }
    return created.body.id as string;
  };

  beforeAll(async () => {
    web = await startWebApp({ env: { MAX_FUTURE_APPOINTMENTS_PER_CONTACT: '10' } });
    browser = await launchBrowser();
    const adminAccount = await web.t.login('admin');
    adminLogin = adminAccount;
    admin = { Authorization: `Bearer ${adminAccount.token}` };
    // Two counsellors, free all day: what limits the times is the one Tigrinya interpreter.
    const first = await counsellor('Amira Haddad');
    const second = await counsellor('Jonas Weber');
    interpreterLogin = await web.t.login('interpreter');
    const interpreter = await request(web.t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({
        kind: 'interpreter',
        displayName: 'Selam Tesfay',
        languages: ['ti'],
        timeZone: ZONE,
        staffId: interpreterLogin.id,
      })
      .expect(201);
    for (const weekday of [1, 2, 3, 4, 5, 6, 7]) {
      await request(web.t.http)
        .post(`/api/counsellors/${interpreter.body.id}/rules`)
        .set(admin)
        .send({ weekday, start: '10:00', end: '12:00' })
        .expect(201);
    }
    typeId = (
      await request(web.t.http)
        .post('/api/admin/consultation-types')
        .set(admin)
        .send({
          name: { de: 'Aufenthalt', en: 'Residence' },
          topic: 'residence',
          durationMinutes: 45,
          stepMinutes: 60,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 60,
          horizonDays: 30,
          channel: 'video',
          counsellorIds: [first, second],
        })
        .expect(201)
    ).body.id as string;
    // Beyond the picker's first week, so the booking tests' days stay as they are.
    let start: string | undefined;
    for (let days = 10; !start && days < 20; days += 1)
      [start] = await slotStarts(
        DateTime.now().setZone(ZONE).plus({ days }).toISODate() ?? '',
        'ti',
      );
    if (!start) throw new Error('no time with the interpreter free');
    const booked = await request(web.t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: typeId,
        start,
        interpreterLanguage: 'ti',
        pseudonym: 'Mahlet',
        language: 'en',
        timeZone: ZONE,
        contact: { channel: 'email', value: 'mahlet@example.org' },
      })
      .expect(201);
    assignment = {
      id: booked.body.appointment.id,
      start,
      counsellor: booked.body.appointment.counsellor.displayName,
    };
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  /** Topic, "any language", a Tigrinya interpreter; then the times of the nth day with any. */
  async function toTimes(page: Page, dayIndex: number): Promise<string> {
    await page.goto('/o/beratungsstelle');
    await page.getByRole('heading', { level: 1, name: booking('topic.title') }).waitFor();
    await page
      .getByRole('group', { name: booking('topic.legend'), exact: true })
      .getByRole('radio')
      .first()
      .check();
    await page.getByRole('radio', { name: booking('language.any') }).check();
    const choice = page.getByRole('group', { name: booking('interpreter.legend') });
    // Its own name first, the reader's after it.
    const tigrinya = choice.getByRole('radio', { name: /ትግርኛ.*Tigrinya/ });
    await tigrinya.check();
    await page.getByRole('button', { name: booking('next') }).click();
    await page.getByRole('heading', { level: 1, name: booking('slots.title') }).waitFor();
    await page.getByText(booking('interpreter.chosen')).waitFor();
    const days = page.locator('.day-list button');
    await days.nth(dayIndex).waitFor();
    await days.nth(dayIndex).click();
    const first = page.locator('.time-list button').first();
    await first.waitFor();
    return DateTime.fromISO((await first.getAttribute('data-start')) ?? '')
      .setZone(ZONE)
      .toISODate() as string;
  }

  const shownStarts = (page: Page) =>
    page
      .locator('.time-list button')
      .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-start') ?? ''));

  async function fillDetails(page: Page, name: string) {
    await page.getByRole('heading', { level: 1, name: booking('details.title') }).waitFor();
    // The language was chosen before the times: the old vague wish is not asked.
    expect(await page.getByLabel(booking('details.interpreter')).count()).toBe(0);
    await page.getByLabel(booking('details.pseudonym')).fill(name);
    await page
      .getByLabel(booking('details.emailAddress'), { exact: true })
      .fill(`${name.toLowerCase()}@example.org`);
    await page.getByLabel(booking('privacy.consent')).check();
  }

  it('offers a client only the times when the Tigrinya interpreter is free too, and books both', async () => {
    const page = await newPage(browser, web.baseUrl, { mobile: true, language: 'en' });
    await page.goto('/o/beratungsstelle');
    await page
      .getByRole('group', { name: booking('topic.legend'), exact: true })
      .getByRole('radio')
      .first()
      .check();
    await page.getByRole('group', { name: booking('interpreter.legend') }).waitFor();
    await expectAccessible(page, 'booking with interpreter choice');
    await fitsPhone(page, 'booking topic step');
    await screenshot(page, 'interpreter-client-1-choice');

    const day = await toTimes(page, 1);
    const shown = await shownStarts(page);
    // Exactly the intersected times of the API, and fewer than the counsellors alone have.
    const withInterpreter = await slotStarts(day, 'ti');
    const counsellorsAlone = await slotStarts(day);
    expect(local(shown)).toEqual(local(withInterpreter));
    expect(local(shown).every((time) => time === '10:00' || time === '11:00')).toBe(true);
    expect(counsellorsAlone.length).toBeGreaterThan(withInterpreter.length);
    await expectAccessible(page, 'intersected times');
    await fitsPhone(page, 'intersected times');
    await screenshot(page, 'interpreter-client-2-times');

    const time = page.locator('.time-list button').first();
    const start = (await time.getAttribute('data-start')) ?? '';
    await time.click();
    await page.getByRole('button', { name: booking('next') }).click();
    await fillDetails(page, 'Selamawit');
    await page.getByRole('button', { name: booking('details.submit') }).click();

    await page.getByRole('heading', { level: 1, name: manage('booked.title') }).waitFor();
    const token = new URLSearchParams(new URL(page.url()).hash.slice(1)).get('token') ?? '';
    const booked = await manageView(token);
    expect(DateTime.fromISO(booked.start).toMillis()).toBe(DateTime.fromISO(start).toMillis());
    expect(booked.interpreter).toEqual({ language: 'ti', name: 'Selam Tesfay' });
    // "Interpreter: ትግርኛ – Tigrinya (Selam Tesfay)"
    const fact = page.locator('dt', { hasText: manage('facts.interpreter') }).locator('+ dd');
    expect(await fact.textContent()).toMatch(/ትግርኛ.*Tigrinya.*\(Selam Tesfay\)/);
    await expectAccessible(page, 'manage page with interpreter');
    await fitsPhone(page, 'manage page');
    await screenshot(page, 'interpreter-client-3-manage');

    // Moving it: the manage link's times are those with the interpreter too.
    await page.getByRole('button', { name: manage('change.reschedule') }).click();
    await page.getByRole('heading', { name: manage('change.rescheduleTitle') }).waitFor();
    const days = page.locator('.manage .day-list button');
    await days.nth(2).waitFor();
    await days.nth(2).click();
    await page.locator('.manage .time-list button').first().waitFor();
    const moves = local(await shownStarts(page));
    expect(moves.length).toBeGreaterThan(0);
    expect(moves.every((t) => t === '10:00' || t === '11:00')).toBe(true);
    expect(await pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('sends the client back to the free times when the last interpreter was booked meanwhile', async () => {
    const page = await newPage(browser, web.baseUrl);
    await toTimes(page, 2);
    const time = page.locator('.time-list button').first();
    const start = (await time.getAttribute('data-start')) ?? '';
    await time.click();
    await page.getByRole('button', { name: booking('next') }).click();
    await fillDetails(page, 'Tekle');
    // Someone else takes the only interpreter of that time (a counsellor stays free).
    await request(web.t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: typeId,
        start,
        interpreterLanguage: 'ti',
        pseudonym: 'Other',
        language: 'en',
        timeZone: ZONE,
        contact: { channel: 'email', value: 'other@example.org' },
      })
      .expect(201);
    await page.getByRole('button', { name: booking('details.submit') }).click();

    await page.getByRole('heading', { level: 1, name: booking('slots.title') }).waitFor();
    await page
      .getByRole('alert')
      .filter({ hasText: booking('interpreter.taken') })
      .waitFor();
    // The times are asked for again: on that day only the one still free is offered.
    const day = DateTime.fromISO(start).setZone(ZONE).toISODate() ?? '';
    const days = page.locator('.day-list button');
    await days.nth(2).waitFor();
    await days.nth(2).click();
    await page.locator('.time-list button').first().waitFor();
    const still = await slotStarts(day, 'ti');
    expect(local(still)).not.toContain(local([start])[0]);
    expect(local(await shownStarts(page))).toEqual(local(still));
    await expectAccessible(page, 'interpreter taken');
    expect(await pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('lets staff book for a caller with a Tigrinya interpreter: only the intersected times, and both are booked', async () => {
    const page = await newPage(browser, web.baseUrl);
    await loginInBrowser(page, adminLogin.email, adminLogin.password);
    await page.goto('/admin/appointments/book');
    await page.getByRole('heading', { level: 1, name: staffTexts('book.title') }).waitFor();
    await page
      .getByLabel(staffTexts('book.type'))
      .selectOption({ label: 'Residence (Video call)' });
    const choice = page.getByRole('group', { name: booking('interpreter.legend') });
    await choice.getByRole('radio', { name: /ትግርኛ.*Tigrinya/ }).check();
    await page.getByText(booking('interpreter.chosen')).waitFor();
    const days = page.locator('.day-list button');
    await days.nth(4).waitFor();
    await days.nth(4).click();
    const first = page.locator('.time-list button').first();
    await first.waitFor();
    const start = (await first.getAttribute('data-start')) ?? '';
    const day = DateTime.fromISO(start).setZone(ZONE).toISODate() ?? '';
    expect(local(await shownStarts(page))).toEqual(local(await slotStarts(day, 'ti')));
    expect((await slotStarts(day)).length).toBeGreaterThan((await slotStarts(day, 'ti')).length);
    await first.click();
    await page.getByLabel(booking('details.pseudonym')).fill('Yonas');
    await page
      .getByLabel(booking('details.emailAddress'), { exact: true })
      .fill('yonas.caller@example.org');
    await page.getByLabel(booking('privacy.consent')).check();
    await expectAccessible(page, 'staff booking with an interpreter');
    await page.getByRole('button', { name: booking('details.submit') }).click();
    await page.getByRole('status').filter({ hasText: /Yonas/ }).waitFor();
    const [row] = await web.t.dataSource.query<{ language: string | null; name: string }[]>(
      `SELECT a.interpreter_language AS language, c.display_name AS name
         FROM appointment a JOIN counsellor c ON c.id = a.interpreter_id
        WHERE a.starts_at = $1 AND a.status = 'confirmed'`,
      [start],
    );
    expect(row).toEqual({ language: 'ti', name: 'Selam Tesfay' });
    expect(await pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('lets the admin create an interpreter with a sign language, and shows who interprets', async () => {
    const page = await newPage(browser, web.baseUrl);
    await loginInBrowser(page, adminLogin.email, adminLogin.password);
    await page.goto('/admin/interpreters');
    await page.getByRole('heading', { level: 1, name: interp('admin.title') }).waitFor();
    await page.getByRole('rowheader', { name: 'Selam Tesfay' }).waitFor();
    await page.getByRole('heading', { level: 2, name: interp('pools.title') }).waitFor();
    await expectAccessible(page, 'interpreters list');
    await screenshot(page, 'interpreter-admin-1-list');

    await page.getByRole('link', { name: interp('admin.new') }).click();
    await page.getByRole('heading', { level: 1, name: interp('admin.newTitle') }).waitFor();
    await page.getByLabel(interp('admin.name'), { exact: true }).fill('Dawit Gebre');
    await page.getByRole('checkbox', { name: 'Tigrinya (ti)' }).check();
    await page.getByRole('checkbox', { name: 'Deutsche Gebärdensprache (DGS) (gsg)' }).check();
    await expectAccessible(page, 'new interpreter');
    await page.getByRole('button', { name: interp('admin.create') }).click();
    await page.waitForURL(/\/admin\/interpreters\/[0-9a-f-]{36}$/);
    const created = (
      await request(web.t.http)
        .get('/api/admin/counsellors')
        .query({ kind: 'interpreter' })
        .set(admin)
        .expect(200)
    ).body.find((person: { displayName: string }) => person.displayName === 'Dawit Gebre');
    expect(created).toMatchObject({ kind: 'interpreter', active: true });
    expect([...created.languages].sort()).toEqual(['gsg', 'ti']);
    // Counsellors and interpreters are kept apart.
    const counsellors = (await request(web.t.http).get('/api/admin/counsellors').set(admin)).body;
    expect(counsellors.map((c: { displayName: string }) => c.displayName)).not.toContain(
      'Dawit Gebre',
    );

    // Their hours through the one roster editor.
    await page.getByRole('link', { name: interp('admin.toRoster') }).click();
    await page
      .getByRole('heading', { level: 1, name: adminTexts('roster.title', { name: 'Dawit Gebre' }) })
      .waitFor();
    await expectAccessible(page, 'interpreter roster');

    // The appointments list names the booked interpreter.
    const day = DateTime.fromISO(assignment.start).setZone(ZONE).toISODate() ?? '';
    const listed = (
      await request(web.t.http)
        .get('/api/appointments')
        .query({ from: day, to: day })
        .set(admin)
        .expect(200)
    ).body.find((a: { id: string }) => a.id === assignment.id);
    expect(listed.interpreter).toMatchObject({ name: 'Selam Tesfay', language: 'ti' });
    await page.goto('/admin/appointments');
    await page.getByLabel(adminTexts('appointments.from'), { exact: true }).fill(day);
    await page.getByLabel(adminTexts('appointments.to'), { exact: true }).fill(day);
    await page.getByRole('button', { name: adminTexts('appointments.show') }).click();
    await page
      .getByRole('cell', {
        name: interp('label.booked', { language: 'Tigrinya', name: 'Selam Tesfay' }),
      })
      .first()
      .waitFor();
    expect(await pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('shows the interpreter their assignment after login, in their zone, on a phone', async () => {
    const page = await newPage(browser, web.baseUrl, { mobile: true });
    await loginInBrowser(page, interpreterLogin.email, interpreterLogin.password);
    expect(new URL(page.url()).pathname).toBe('/interpreter');
    await page.getByRole('heading', { level: 1, name: interp('agenda.title') }).waitFor();
    // Page on to the week of the appointment.
    const weeks = Math.round(
      DateTime.fromISO(assignment.start)
        .setZone(ZONE)
        .startOf('week')
        .diff(DateTime.now().setZone(ZONE).startOf('week'), 'weeks').weeks,
    );
    for (let week = 0; week < weeks; week += 1)
      await page.getByRole('button', { name: interp('agenda.next') }).click();
    const card = page.locator('article', { hasText: 'Mahlet' });
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(DateTime.fromISO(assignment.start).setZone(ZONE).toFormat('HH:mm'));
    expect(text).toContain('Tigrinya');
    expect(text).toContain(assignment.counsellor);
    // Never the client's contact.
    expect(await page.content()).not.toContain('mahlet@example.org');
    // The call opens later: no join button yet, the time it opens instead.
    expect(await card.getByRole('link', { name: interp('agenda.join') }).count()).toBe(0);
    await card.getByText(interp('agenda.joinOpens', { time: 'X' }).split('X')[0].trim()).waitFor();
    await expectAccessible(page, 'interpreter agenda');
    await fitsPhone(page, 'interpreter agenda');
    await screenshot(page, 'interpreter-1-agenda');

    // The call page of the assignment (its join link appears inside the join window).
    await page.goto(`/interpreter/call/${assignment.id}`);
    await page.getByRole('heading', { level: 1, name: video('interpreterCall.title') }).waitFor();
    await page.getByRole('link', { name: interp('nav.agenda'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: interp('agenda.title') }).waitFor();

    // Their own hours and absences, in the same editor as a counsellor's.
    await page.getByRole('link', { name: interp('nav.availability') }).click();
    await page.getByRole('heading', { level: 1, name: staffTexts('availability.title') }).waitFor();
    await page.getByText('10:00–12:00').first().waitFor();
    await expectAccessible(page, 'interpreter availability');
    await fitsPhone(page, 'interpreter availability');
    expect(await pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('lets the platform admin create an interpreter pool, which the office admin then chooses', async () => {
    const platformTexts = texts('en', 'platform');
    const platformLogin = await web.t.login('platform_admin');
    const platform = await newPage(browser, web.baseUrl);
    await loginInBrowser(platform, platformLogin.email, platformLogin.password);
    await platform.goto('/platform/offices/new');
    await platform
      .getByRole('heading', { level: 1, name: platformTexts('create.title') })
      .waitFor();
    await platform
      .getByRole('radio', { name: new RegExp(platformTexts('kind.interpreter_pool')) })
      .check();
    await platform
      .getByLabel(platformTexts('form.slug'), { exact: true })
      .fill('dolmetschpool-berlin');
    await platform
      .getByLabel(platformTexts('form.nameIn', { language: 'German' }), { exact: true })
      .fill('Dolmetschpool Berlin');
    await platform.getByLabel(platformTexts('form.languages'), { exact: true }).fill('de');
    await platform
      .getByLabel(platformTexts('form.privacyController'), { exact: true })
      .fill('Dolmetschpool e. V.');
    await platform
      .getByLabel(platformTexts('form.privacyContact'), { exact: true })
      .fill('datenschutz@pool.example');
    await platform
      .getByLabel(platformTexts('create.email'), { exact: true })
      .fill('leitung@pool.example');
    await platform
      .getByLabel(platformTexts('create.displayName'), { exact: true })
      .fill('Pool-Leitung');
    await expectAccessible(platform, 'new interpreter pool');
    await platform.getByRole('button', { name: platformTexts('create.submit') }).click();
    await platform
      .getByText(platformTexts('create.created', { name: 'Dolmetschpool Berlin' }))
      .waitFor();
    await platform.getByRole('link', { name: platformTexts('create.toList') }).click();
    await platform
      .getByRole('row')
      .filter({ hasText: 'Dolmetschpool Berlin' })
      .getByText(platformTexts('kind.poolBadge'))
      .waitFor();
    expect(await pageErrors(platform)).toEqual([]);
    await platform.context().close();

    const page = await newPage(browser, web.baseUrl, { mobile: true });
    await loginInBrowser(page, adminLogin.email, adminLogin.password);
    await page.goto('/admin/interpreters');
    const pool = page
      .getByRole('group', { name: interp('pools.legend') })
      .getByRole('checkbox', { name: /Dolmetschpool Berlin/ });
    await pool.check();
    await page.getByRole('button', { name: interp('pools.save') }).click();
    await page.getByText(interp('pools.saved')).waitFor();
    const pools = (
      await request(web.t.http).get('/api/office/interpreter-pools').set(admin).expect(200)
    ).body as { name: Record<string, string>; chosen: boolean }[];
    expect(pools.find((one) => one.name.de === 'Dolmetschpool Berlin')?.chosen).toBe(true);
    await expectAccessible(page, 'interpreter pools chosen');
    await fitsPhone(page, 'interpreters page');
    expect(await pageErrors(page)).toEqual([]);
    await page.context().close();
  });
});
