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
import { pattern, texts } from './support/web-texts.js';

const ZONE = 'Europe/Berlin';

/**
 * The admin's day in a real browser against the real API and database: a new counsellor with a
 * login, weekly hours in the week grid, the counsellor added to a consultation type, and the new
 * slots offered to clients; then an appointment reassigned and cancelled; every page checked
 * with axe on a desktop and on a phone.
 */
describe.runIf(browserTestsRun)('web: an admin adds a counsellor and a roster', () => {
  let web: WebApp;
  let browser: Browser;
  let admin: { Authorization: string; email: string; password: string };
  let auth: { Authorization: string };
  let typeId: string;
  let residenceName: string;
  let counsellorId: string;
  let otherCounsellorId: string;
  const a = texts('en', 'admin');
  const av = texts('en', 'availability');

  /** A logged-in admin page that fails fast with a useful message instead of the test's timeout. */
  async function adminPage(options: { mobile?: boolean } = {}): Promise<Page> {
    const page = await newPage(browser, web.baseUrl, options);
    page.setDefaultTimeout(10_000);
    await loginInBrowser(page, admin.email, admin.password);
    return page;
  }
  const c = texts('en', 'common');

  // Hours on the weekday three days ahead: well beyond the minimum notice, within two weeks.
  let day = DateTime.now().setZone(ZONE).plus({ days: 3 });
  let weekdayName = '';

  const slotsOf = async (counsellor: string) =>
    (
      await request(web.t.http)
        .get('/api/public/slots')
        .query({
          consultationTypeId: typeId,
          from: DateTime.now().setZone(ZONE).toISODate(),
          to: DateTime.now().setZone(ZONE).plus({ days: 14 }).toISODate(),
          timeZone: ZONE,
          counsellorId: counsellor,
        })
        .expect(200)
    ).body as { slots: { start: string }[]; counsellors: { id: string }[] };

  const PHONE_SCANNED = new Set(['counsellors', 'roster']);
  async function desktopAndPhone(page: Page, phone: Page, path: string, name: string) {
    for (const [which, p] of [
      ['desktop', page],
      ['mobile', phone],
    ] as const) {
      await p.goto(path);
      await p.getByRole('heading', { level: 1 }).first().waitFor();
      await expect.poll(() => p.locator('.loading').count()).toBe(0);
      // A scan costs seconds and judges the document, mostly the same at both sizes: on a phone
      // axe runs where the layout itself changes (the shell's menu, the week grid as a list);
      // every page is held there to what the size changes, nothing wider than the screen.
      if (which === 'desktop' || PHONE_SCANNED.has(name)) {
        await expectAccessible(p, `${name} (${which})`);
      }
      if (which === 'mobile') {
        const [scrollWidth, viewport] = await p.evaluate(() => [
          document.documentElement.scrollWidth,
          window.innerWidth,
        ]);
        expect(scrollWidth, `${name} is wider than the phone`).toBeLessThanOrEqual(viewport);
      }
      await screenshot(p, `admin-${name}-${which}`);
    }
  }

  beforeAll(async () => {
    web = await startWebApp();
    browser = await launchBrowser();
    const login = await web.t.login('admin');
    auth = { Authorization: `Bearer ${login.token}` };
    admin = { ...auth, email: login.email, password: login.password };
    const topics = await request(web.t.http)
      .get('/api/public/topics')
      .query({ language: 'en' })
      .expect(200);
    residenceName = topics.body.find((topic: { code: string }) => topic.code === 'residence').name;
    typeId = (
      await request(web.t.http)
        .post('/api/admin/consultation-types')
        .set(auth)
        .send({
          name: { de: 'Aufenthalt', en: 'Residence questions' },
          topic: 'residence',
          durationMinutes: 60,
          stepMinutes: 60,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 60,
          horizonDays: 30,
          channel: 'video',
        })
        .expect(201)
    ).body.id;
    // A weekday whose next two dates are no public holidays (25 Dec and 1 Jan share a weekday).
    const closed = new Set<string>();
    for (const year of [day.year, day.year + 1]) {
      const holidays = await request(web.t.http)
        .get('/api/admin/holidays')
        .query({ year })
        .set(auth);
      for (const holiday of holidays.body as { date: string }[]) closed.add(holiday.date);
    }
    while (
      closed.has(day.toISODate() ?? '') ||
      closed.has(day.plus({ weeks: 1 }).toISODate() ?? '')
    ) {
      day = day.plus({ days: 1 });
    }
    weekdayName = day.setLocale('en').toFormat('cccc');
    // A colleague who works every day, to take over an appointment.
    otherCounsellorId = (
      await request(web.t.http)
        .post('/api/admin/counsellors')
        .set(auth)
        .send({ displayName: 'Amira Haddad', languages: ['uk', 'ar'], topics: ['residence'] })
        .expect(201)
    ).body.id;
    for (const weekday of [1, 2, 3, 4, 5, 6, 7]) {
      await request(web.t.http)
        .post(`/api/counsellors/${otherCounsellorId}/rules`)
        .set(auth)
        .send({ weekday, start: '08:00', end: '20:00' })
        .expect(201);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('creates a counsellor with a login, adds weekly hours, links the type, and the slots appear', async () => {
    const page = await adminPage();
    await page.waitForURL(/\/admin\/counsellors$/);
    await page.getByRole('heading', { level: 1, name: a('counsellors.title') }).waitFor();

    // A new counsellor: a login first (its password is shown once), then the profile.
    await page.getByRole('link', { name: a('counsellors.new') }).click();
    await page.getByRole('heading', { level: 1, name: a('counsellor.newTitle') }).waitFor();
    await page.getByLabel(a('counsellor.displayName')).fill('Lesia Petrenko');
    await page.getByLabel(a('login.email')).fill('lesia.petrenko@example.org');
    await page.getByRole('button', { name: a('login.create'), exact: true }).click();
    const shown = page.locator('code.password');
    await shown.waitFor();
    const password = (await shown.textContent()) ?? '';
    expect(password.length).toBeGreaterThanOrEqual(12);
    await page.getByRole('checkbox', { name: 'Ukrainian (uk)' }).check();
    await page.getByRole('checkbox', { name: 'German (de)' }).check();
    await page.getByRole('checkbox', { name: residenceName, exact: true }).check();
    // A typo in the free language list is caught before anything is sent.
    await page.getByLabel(a('counsellor.otherLanguages')).fill('xx1');
    await page.getByRole('button', { name: a('counsellor.create') }).click();
    await page.getByText(a('counsellor.wrongLanguages', { codes: 'xx1' })).waitFor();
    await page.getByLabel(a('counsellor.otherLanguages')).fill('');
    await expect
      .poll(() => page.getByLabel(a('counsellor.staffAccount')).inputValue())
      .not.toBe('');
    await page.getByRole('button', { name: a('counsellor.create') }).click();
    await page.waitForURL(/\/admin\/counsellors\/[0-9a-f-]{36}$/);
    counsellorId = page.url().split('/').pop() ?? '';

    const created = await request(web.t.http)
      .get(`/api/admin/counsellors/${counsellorId}`)
      .set(auth)
      .expect(200);
    expect(created.body).toMatchObject({
      displayName: 'Lesia Petrenko',
      languages: ['de', 'uk'],
      topics: ['residence'],
      timeZone: ZONE,
      active: true,
    });
    expect(created.body.staffId).toEqual(expect.any(String));
    // No type offers her yet: the form says what that means.
    await page.getByText(a('counsellor.noTypesWarning')).waitFor();
    // The shown password is the login's.
    await request(web.t.http)
      .post('/api/auth/login')
      .send({ email: 'lesia.petrenko@example.org', password })
      .expect(200);

    // Weekly hours in the week grid, in the counsellor's zone.
    await page.getByRole('link', { name: a('counsellor.toRoster') }).click();
    await page
      .getByRole('heading', { level: 1, name: a('roster.title', { name: 'Lesia Petrenko' }) })
      .waitFor();
    await page.getByText(pattern(a('roster.zoneNote', { zone: '{{zone}}' }))).waitFor();
    await page.getByRole('button', { name: av('addForDay', { day: weekdayName }) }).click();
    expect(await page.getByLabel(av('weekday')).inputValue()).toBe(String(day.weekday));
    await page.getByLabel(av('start'), { exact: true }).first().fill('09:00');
    await page.getByLabel(av('end'), { exact: true }).first().fill('12:00');
    await page.getByRole('button', { name: av('addSubmit'), exact: true }).click();
    const dayColumn = page.locator('.week-day', {
      has: page.getByRole('heading', { name: weekdayName }),
    });
    await dayColumn.getByText('09:00–12:00', { exact: true }).waitFor();

    // An overlapping rule is refused in words, naming the clashing hours.
    await page.getByLabel(av('start'), { exact: true }).first().fill('11:00');
    await page.getByLabel(av('end'), { exact: true }).first().fill('13:00');
    await page.getByRole('button', { name: av('addSubmit'), exact: true }).click();
    await page.getByText(av('overlapWith', { rule: `${weekdayName} 09:00–12:00` })).waitFor();
    // No alert shows a raw placeholder or JSON: join the texts, then look for a brace anywhere.
    expect((await page.getByRole('alert').allTextContents()).join(' ')).not.toContain('{');

    // Hours until midnight: the time input says 00:00, the rule ends at 24:00.
    await page.getByLabel(av('start'), { exact: true }).first().fill('20:00');
    await page.getByLabel(av('end'), { exact: true }).first().fill('00:00');
    await page.getByRole('button', { name: av('addSubmit'), exact: true }).click();
    await dayColumn.getByText('20:00–24:00').waitFor();
    const rules = await request(web.t.http)
      .get(`/api/counsellors/${counsellorId}/rules`)
      .set(auth)
      .expect(200);
    const evening = (rules.body as { id: string; start: string; end: string }[]).find(
      (rule) => rule.start === '20:00',
    );
    expect(evening).toMatchObject({ weekday: day.weekday, end: '24:00' });
    // Only the morning hours below.
    await request(web.t.http)
      .delete(`/api/counsellors/${counsellorId}/rules/${evening?.id}`)
      .set(auth)
      .expect(204);

    // Deleting asks first, keyboard only: the dialog opens on its safe button, Escape keeps the rule.
    await dayColumn
      .getByRole('button', { name: av('deleteRule', { rule: `${weekdayName} 09:00–12:00` }) })
      .focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      c('actions.cancel'),
    );
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await dayColumn.getByText('09:00–12:00', { exact: true }).waitFor();

    // Not offered yet: the type does not name the counsellor.
    expect((await slotsOf(counsellorId)).slots).toHaveLength(0);

    // The list warns about her too.
    await page
      .getByRole('navigation', { name: a('nav.label') })
      .getByRole('link', { name: a('nav.counsellors') })
      .click();
    await page
      .getByRole('row', { name: /Lesia Petrenko/ })
      .getByText(a('counsellors.noTypes'))
      .waitFor();

    // The counsellor's own form gives her the type ("offered by", from her side).
    await page
      .getByRole('link', { name: a('counsellors.editOf', { name: 'Lesia Petrenko' }) })
      .click();
    await page.getByRole('checkbox', { name: 'Residence questions', exact: true }).check();
    await page.getByRole('button', { name: c('actions.save') }).click();
    await page.getByText(a('counsellor.saved')).waitFor();
    expect(await page.getByText(a('counsellor.noTypesWarning')).count()).toBe(0);
    // The type editor shows the same link.
    await page
      .getByRole('navigation', { name: a('nav.label') })
      .getByRole('link', { name: a('nav.types') })
      .click();
    await page
      .getByRole('link', { name: a('types.editOf', { name: 'Residence questions' }) })
      .click();
    await page.getByRole('heading', { level: 1, name: a('type.editTitle') }).waitFor();
    expect(await page.getByRole('checkbox', { name: /Lesia Petrenko/ }).isChecked()).toBe(true);
    // The type has names in German and English only: the admin is told what others see.
    const namesNotice = page.getByText(
      pattern(
        a('type.namesMissing', { languages: '{{languages}}', fallback: 'Residence questions' }),
      ),
    );
    await namesNotice.waitFor();
    expect(await namesNotice.textContent()).toContain('Arabic');
    await page.goBack();
    await page
      .getByRole('row', { name: /Residence questions/ })
      .getByText(pattern(a('types.namesMissing', { languages: '{{languages}}' })))
      .waitFor();

    const offered = await slotsOf(counsellorId);
    expect(offered.counsellors.map((one) => one.id)).toEqual([counsellorId]);
    const starts = offered.slots.map((slot) => DateTime.fromISO(slot.start, { zone: ZONE }));
    expect(starts.length).toBeGreaterThanOrEqual(3);
    for (const start of starts) {
      expect(start.weekday).toBe(day.weekday);
      expect(start.hour).toBeGreaterThanOrEqual(9);
      expect(start.hour).toBeLessThan(12);
    }
    expect(starts.map((start) => start.toFormat('HH:mm')).slice(0, 3)).toEqual([
      '09:00',
      '10:00',
      '11:00',
    ]);

    // And a client sees them on the booking page.
    const b = texts('en', 'booking');
    const client = await newPage(browser, web.baseUrl, { language: 'en' });
    await client.goto('/o/beratungsstelle');
    await client
      .getByRole('group', { name: b('topic.legend'), exact: true })
      .getByRole('radio', { name: residenceName })
      .check();
    await client.getByRole('radio', { name: b('language.any') }).check();
    await client.getByRole('button', { name: b('next') }).click();
    await client
      .locator('.day-list button', {
        hasText: day
          .setLocale('en')
          .toLocaleString({ weekday: 'short', day: 'numeric', month: 'short' }),
      })
      .click();
    const clientStarts = await client
      .locator('.time-list button')
      .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-start') ?? ''));
    expect(
      clientStarts
        .map((start) => DateTime.fromISO(start, { zone: ZONE }).toFormat('HH:mm'))
        .slice(0, 3),
    ).toEqual(['09:00', '10:00', '11:00']);
    await screenshot(client, 'client-en-desktop-new-counsellor-slots');
    await client.context().close();
    expect(await pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('names a clashing rule from the answer, in the page’s language, even one not listed yet', async () => {
    const avDe = texts('de', 'availability');
    const page = await adminPage();
    await page.goto(`/admin/counsellors/${otherCounsellorId}/roster`);
    await page.getByLabel(c('language')).selectOption('de');
    const monday = page.locator('.week-day', {
      has: page.getByRole('heading', { name: 'Montag' }),
    });
    await monday.getByText('08:00–20:00').waitFor();
    // Another admin adds evening hours meanwhile: this page has not listed them.
    const evening = await request(web.t.http)
      .post(`/api/counsellors/${otherCounsellorId}/rules`)
      .set(auth)
      .send({ weekday: 1, start: '21:00', end: '22:00' })
      .expect(201);
    try {
      await page.getByLabel(avDe('weekday')).selectOption('1');
      await page.getByLabel(avDe('start'), { exact: true }).first().fill('21:30');
      await page.getByLabel(avDe('end'), { exact: true }).first().fill('23:00');
      await page.getByRole('button', { name: avDe('addSubmit'), exact: true }).click();
      await page.getByText(avDe('overlapWith', { rule: 'Montag 21:00–22:00' })).waitFor();
      expect(await monday.getByText('21:00–22:00').count()).toBe(0);
    } finally {
      await request(web.t.http)
        .delete(`/api/counsellors/${otherCounsellorId}/rules/${evening.body.id}`)
        .set(auth)
        .expect(204);
      await page.context().close();
    }
  });

  it('reassigns and cancels an appointment with a reason', async () => {
    const start = (await slotsOf(counsellorId)).slots[0].start;
    const booked = await request(web.t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: typeId,
        start,
        counsellorId,
        pseudonym: 'Olena',
        language: 'uk',
        contact: { channel: 'email', value: 'olena@example.org' },
        needsInterpreter: true,
      })
      .expect(201);
    const appointmentId = booked.body.appointment.id as string;

    const page = await adminPage();
    const from = DateTime.fromISO(start, { zone: ZONE }).toISODate() ?? '';
    await page.goto('/admin/appointments');
    await page.getByLabel(a('appointments.from'), { exact: true }).fill(from);
    await page.getByLabel(a('appointments.to'), { exact: true }).fill(from);
    await page.getByRole('button', { name: a('appointments.show') }).click();
    const row = page.getByRole('row', { name: /Olena/ });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain('Lesia Petrenko');

    // Reassign: Amira does not serve the type yet, so the API refuses (409) in words.
    await row
      .getByRole('button', {
        name: pattern(a('appointments.reassignOf', { name: 'Olena', time: '{{time}}' })),
      })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(a('appointments.newCounsellor')).selectOption(otherCounsellorId);
    await dialog.getByRole('button', { name: a('appointments.reassignConfirm') }).click();
    await dialog.getByText(a('appointments.notFree')).waitFor();
    await expectAccessible(page, 'reassign dialog');
    await screenshot(page, 'admin-reassign-dialog-desktop');
    await dialog.getByRole('button', { name: c('actions.back') }).click();
    await request(web.t.http)
      .patch(`/api/admin/consultation-types/${typeId}`)
      .set(auth)
      .send({ counsellorIds: [counsellorId, otherCounsellorId] })
      .expect(200);
    await row
      .getByRole('button', {
        name: pattern(a('appointments.reassignOf', { name: 'Olena', time: '{{time}}' })),
      })
      .click();
    await dialog.getByLabel(a('appointments.newCounsellor')).selectOption(otherCounsellorId);
    await dialog.getByRole('button', { name: a('appointments.reassignConfirm') }).click();
    await page.getByText(a('appointments.reassigned', { name: 'Amira Haddad' })).waitFor();
    await expect.poll(() => row.textContent()).toContain('Amira Haddad');

    // Cancel: a reason is required, and asked for before anything is sent.
    await row
      .getByRole('button', {
        name: pattern(a('appointments.cancelOf', { name: 'Olena', time: '{{time}}' })),
      })
      .click();
    await dialog.getByRole('button', { name: a('appointments.cancelConfirm') }).click();
    await dialog.getByText(a('validation.reason')).waitFor();
    await dialog.getByLabel(a('appointments.reason')).fill('Counsellor ill; client informed');
    await dialog.getByRole('button', { name: a('appointments.cancelConfirm') }).click();
    await page.getByText(a('appointments.cancelled', { name: 'Olena' })).waitFor();
    await expect.poll(() => row.textContent()).toContain(c('status.cancelled'));

    // The audit log tells the story of this appointment.
    await row
      .getByRole('link', {
        name: pattern(a('appointments.historyOf', { name: 'Olena', time: '{{time}}' })),
      })
      .click();
    await page.getByText(a('audit.captionFor', { id: appointmentId })).waitFor();
    const actions = await page.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(actions).toEqual(
      expect.arrayContaining([
        a('audit.actions.appointment_booked'),
        a('audit.actions.appointment_reassigned'),
        a('audit.actions.appointment_cancelled'),
      ]),
    );
    // In words: names instead of ids, local times instead of UTC instants, labels instead of fields.
    await page
      .getByRole('cell', { name: /Amira Haddad/ })
      .first()
      .waitFor();
    const changes = (await page.locator('tbody td.changes').allTextContents()).join(' ');
    expect(changes).toContain('Lesia Petrenko');
    expect(changes).toContain('Residence questions');
    expect(changes).toContain(a('audit.fields.toCounsellorId'));
    expect(changes).toContain(c('status.cancelled'));
    expect(changes).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}/i);
    expect(changes).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}/);
    expect(changes).not.toMatch(/counsellorId|consultationTypeId|startsAt|reasonGiven/);
    expect(await pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('shows every button of the counsellor, login and appointment tables whole at 1280 px', async () => {
    // An appointment of its own, so the appointments table has a row with its buttons.
    await request(web.t.http)
      .put(`/api/admin/counsellors/${otherCounsellorId}/consultation-types`)
      .set(auth)
      .send({ consultationTypeIds: [typeId] })
      .expect(200);
    const start = (await slotsOf(otherCounsellorId)).slots[0].start;
    await request(web.t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: typeId,
        start,
        counsellorId: otherCounsellorId,
        pseudonym: 'Yusuf Abdirahman Mohamed',
        language: 'en',
        contact: { channel: 'email', value: 'yusuf.abdirahman.mohamed@example.org' },
      })
      .expect(201);
    const day = DateTime.fromISO(start, { zone: ZONE }).toISODate() ?? '';

    const page = await adminPage();
    /** Buttons and button links of every table that lie (partly) outside its visible box. */
    const clippedButtons = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('table')].flatMap((table) => {
          const box = (table.closest('.table-wrap') ?? table).getBoundingClientRect();
          return [...table.querySelectorAll('button, a.btn')]
            .filter((element) => {
              const own = element.getBoundingClientRect();
              return own.left < box.left - 0.5 || own.right > box.right + 0.5;
            })
            .map((element) => element.getAttribute('aria-label') ?? element.textContent ?? '');
        }),
      );
    await page.goto('/admin/counsellors');
    await page.getByRole('row', { name: /Amira Haddad/ }).waitFor();
    expect(await clippedButtons()).toEqual([]);
    await page.goto('/admin/staff');
    await page.locator('tbody tr').first().waitFor();
    expect(await clippedButtons()).toEqual([]);
    await page.goto('/admin/appointments');
    await page.getByLabel(a('appointments.from'), { exact: true }).fill(day);
    await page.getByLabel(a('appointments.to'), { exact: true }).fill(day);
    await page.getByRole('button', { name: a('appointments.show') }).click();
    await page.getByRole('row', { name: /Yusuf/ }).waitFor();
    expect(await clippedButtons()).toEqual([]);
    await screenshot(page, 'admin-appointments-1280');
    await page.context().close();
  });

  it('passes axe on every admin page, on a desktop and on a phone', async () => {
    const page = await adminPage();
    const phone = await adminPage({ mobile: true });
    const pages: [string, string][] = [
      ['/admin/counsellors', 'counsellors'],
      ['/admin/counsellors/new', 'counsellor-new'],
      [`/admin/counsellors/${counsellorId}`, 'counsellor-edit'],
      [`/admin/counsellors/${counsellorId}/roster`, 'roster'],
      ['/admin/types', 'types'],
      [`/admin/types/${typeId}`, 'type-edit'],
      ['/admin/holidays', 'holidays'],
      ['/admin/appointments', 'appointments'],
      ['/admin/notifications', 'notifications'],
      ['/admin/audit', 'audit'],
    ];
    for (const [path, name] of pages) await desktopAndPhone(page, phone, path, name);

    // On a phone the week grid is a list of days, one below the other.
    await phone.goto(`/admin/counsellors/${counsellorId}/roster`);
    const days = phone.locator('.week-day');
    await days.first().waitFor();
    const boxes = await Promise.all(
      [0, 1].map(async (index) => (await days.nth(index).boundingBox())!),
    );
    expect(boxes[1].y).toBeGreaterThan(boxes[0].y + boxes[0].height - 1);
    expect(boxes[0].width).toBeGreaterThan(250);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );

    // Opening a public holiday and closing it again.
    await page.goto('/admin/holidays');
    const firstHoliday = page.locator('tbody tr').first();
    await firstHoliday
      .getByRole('button', { name: pattern(a('holidays.openOf', { name: '{{name}}' })) })
      .click();
    await firstHoliday.getByText(a('holidays.open'), { exact: true }).waitFor();
    await firstHoliday
      .getByRole('button', { name: pattern(a('holidays.closeOf', { name: '{{name}}' })) })
      .click();
    await firstHoliday.getByText(a('holidays.closed'), { exact: true }).waitFor();

    // In Arabic the admin area is right-to-left and has no untranslated keys.
    const arabic = await adminPage();
    await arabic.getByLabel(c('language')).selectOption('ar');
    await arabic.goto(`/admin/counsellors/${counsellorId}/roster`);
    const ar = texts('ar', 'admin');
    await arabic
      .getByRole('heading', { level: 1, name: ar('roster.title', { name: 'Lesia Petrenko' }) })
      .waitFor();
    expect(await arabic.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await expectAccessible(arabic, 'roster (ar)');
    await screenshot(arabic, 'admin-roster-ar-desktop');
    expect(await pageErrors(page)).toEqual([]);
    expect(await pageErrors(phone)).toEqual([]);
    await arabic.context().close();
    await page.context().close();
    await phone.context().close();
  }, 240_000);

  it('creates a login on the Logins page, and deactivating it ends its session', async () => {
    const page = await adminPage();
    await page
      .getByRole('navigation', { name: a('nav.label') })
      .getByRole('link', { name: a('nav.staff') })
      .click();
    await page.getByRole('heading', { level: 1, name: a('staff.title') }).waitFor();

    // The admin's own row offers no deactivation, and says why.
    const ownRow = page.locator('tbody tr', { hasText: admin.email });
    await ownRow.getByText(a('staff.selfNote')).waitFor();
    expect(await ownRow.getByRole('button').count()).toBe(0);

    // A new counsellor login: the suggested password is shown once after creating.
    const name = 'Jonas Keller';
    const email = 'jonas.keller@example.org';
    await page.getByLabel(a('staff.displayName'), { exact: true }).fill(name);
    await page.getByLabel(a('staff.emailLabel')).fill(email);
    await page.getByLabel(a('staff.roleLabel')).selectOption('counsellor');
    await page.getByRole('button', { name: a('staff.create'), exact: true }).click();
    const created = page.locator('.notice', { hasText: a('staff.created', { email }) });
    const password = (await created.locator('code.password').textContent()) ?? '';
    expect(password.length).toBeGreaterThanOrEqual(12);
    const row = page.locator('tbody tr', { hasText: email });
    await row.getByText(a('staff.roles.counsellor'), { exact: true }).waitFor();
    await row.getByText(a('staff.isActive'), { exact: true }).waitFor();
    await row.getByText(a('staff.noProfile')).waitFor();
    // The login made with the counsellor in the first test links to her profile.
    expect(
      await page
        .locator('tbody tr', { hasText: 'lesia.petrenko@example.org' })
        .getByRole('link', { name: 'Lesia Petrenko' })
        .getAttribute('href'),
    ).toBe(`/admin/counsellors/${counsellorId}`);

    // The counsellor logs in with it in a browser of their own.
    const counsellor = await newPage(browser, web.baseUrl);
    counsellor.setDefaultTimeout(10_000);
    await loginInBrowser(counsellor, email, password);
    await counsellor.waitForURL(/\/staff$/);

    // The admin deactivates the login, after a question.
    await row.getByRole('button', { name: a('staff.deactivateOf', { name }) }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(a('staff.deactivateQuestion', { name, email })).waitFor();
    await dialog.getByRole('button', { name: a('staff.deactivate') }).click();
    await page.getByText(a('staff.deactivated', { name })).waitFor();
    await row.getByText(a('staff.isInactive'), { exact: true }).waitFor();
    const accounts = await request(web.t.http).get('/api/admin/staff').set(auth).expect(200);
    expect(accounts.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ email, active: false })]),
    );

    // The counsellor's next request (the console, opened again) answers 401: back to the login.
    await counsellor.reload();
    await counsellor.waitForURL(/\/staff\/login/);
    await counsellor.getByRole('button', { name: /log in/i }).waitFor();
    await request(web.t.http).post('/api/auth/login').send({ email, password }).expect(401);

    // Reactivated with a new password: the old one no longer works, the new one does.
    await row.getByRole('button', { name: a('staff.reactivateOf', { name }) }).click();
    await dialog.getByRole('button', { name: a('staff.reactivate') }).click();
    await page.getByText(a('staff.reactivated', { name })).waitFor();
    await row.getByRole('button', { name: a('staff.newPasswordOf', { name }) }).click();
    await dialog.getByRole('button', { name: a('staff.newPasswordConfirm') }).click();
    const reset = page.locator('.notice', { hasText: a('staff.passwordSet', { email }) });
    const newPassword = (await reset.locator('code.password').textContent()) ?? '';
    expect(newPassword).not.toBe(password);
    await request(web.t.http).post('/api/auth/login').send({ email, password }).expect(401);
    await request(web.t.http)
      .post('/api/auth/login')
      .send({ email, password: newPassword })
      .expect(200);

    // Axe and screenshots of the page, on a desktop and on a phone.
    const phone = await adminPage({ mobile: true });
    await desktopAndPhone(page, phone, '/admin/staff', 'staff');
    expect(await pageErrors(page)).toEqual([]);
    expect(await pageErrors(phone)).toEqual([]);
    expect(await pageErrors(counsellor)).toEqual([]);
    await counsellor.context().close();
    await phone.context().close();
    await page.context().close();
  });
});
