/// <reference lib="dom" />
// Callbacks of page.evaluate run in the browser: their document is the DOM's.
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOfficeId } from './support/offices.js';
import {
  insertAppointments,
  insertCounsellor,
  insertSearches,
  insertType,
} from './support/statistics-seed.js';
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

/**
 * The statistics page in a real browser: an office admin sees the year's figures with small cells
 * shown as "<5", the charts drawn by chart.js (loaded with this page only), filters that change
 * the figures, and a CSV download holding the page's numbers; a counsellor sees only their own
 * figures; the page reads right to left in Arabic. axe on every view.
 */
describe.runIf(browserTestsRun)('web: statistics and reports', () => {
  let web: WebApp;
  let browser: Browser;
  let adminLogin: { email: string; password: string; token: string };
  let counsellorLogin: { email: string; password: string };
  const a = texts('en', 'admin');

  beforeAll(async () => {
    web = await startWebApp();
    browser = await launchBrowser();
    adminLogin = await web.t.login('admin');
    const counsellorAccount = await web.t.login('counsellor');
    counsellorLogin = counsellorAccount;
    const ds = web.t.dataSource;
    const office = await defaultOfficeId(ds);
    const amira = await insertCounsellor(ds, office, 'Amira', counsellorAccount.id);
    const jonas = await insertCounsellor(ds, office, 'Jonas');
    const residence = await insertType(ds, office, 'residence');
    const year = new Date().getUTCFullYear();
    const month = String(new Date().getUTCMonth() + 1).padStart(2, '0');
    // This month: Amira 12 in Arabic (with an interpreter), 3 in Persian; Jonas 9 in Ukrainian.
    const start = `${year}-${month}-01T08:00:00Z`;
    await insertAppointments(ds, {
      officeId: office,
      counsellorId: amira,
      typeId: residence,
      count: 12,
      start,
      status: 'completed',
      language: 'ar',
      interpreterLanguage: 'ar',
      familyMembers: 1,
    });
    await insertAppointments(ds, {
      officeId: office,
      counsellorId: amira,
      typeId: residence,
      count: 3,
      start: `${year}-${month}-01T20:00:00Z`,
      status: 'no_show',
      language: 'fa',
    });
    await insertAppointments(ds, {
      officeId: office,
      counsellorId: jonas,
      typeId: residence,
      count: 9,
      start: `${year}-${month}-02T08:00:00Z`,
      status: 'completed',
      language: 'uk',
    });
    await insertSearches(ds, {
      officeId: office,
      day: `${year}-${month}-01`,
      count: 6,
      language: 'ti',
      topic: 'residence',
      found: false,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  async function open(page: Page, path: string): Promise<void> {
    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: a('reports.title') }).waitFor();
    await page.getByRole('heading', { level: 2, name: a('reports.overview') }).waitFor();
  }

  const overview = (page: Page, label: string) =>
    page
      .getByRole('region', { name: a('reports.overview') })
      .locator('dt', { hasText: label })
      .locator('xpath=following-sibling::dd[1]')
      .innerText();

  it('shows an office admin the figures, "<5" for small cells, charts, filters and the CSV', async () => {
    const page = await newPage(browser, web.baseUrl);
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    await loginInBrowser(page, adminLogin.email, adminLogin.password);
    // Before the statistics page no chart code is loaded.
    const before = scripts.length;
    await page.getByRole('link', { name: a('reports.nav') }).click();
    await page.getByRole('heading', { level: 2, name: a('reports.overview') }).waitFor();
    // 24 cases → 25; 12 interpreted → 10; the 3 no-shows → "<5".
    expect(await overview(page, a('reports.cases'))).toBe('25');
    expect(await overview(page, a('reports.interpreterUsed'))).toBe('10');
    const outcomes = page.getByRole('region', { name: a('reports.outcomes') });
    await expect
      .poll(() => outcomes.getByRole('row', { name: new RegExp(a('reports.noShow')) }).innerText())
      .toContain('<5');
    // The charts: canvases named for screen readers, drawn once chart.js arrived.
    const chart = page.getByRole('img', { name: a('reports.byMonthChart') });
    await chart.waitFor();
    // chart.js comes in its own chunk with the first chart, not with the login or the admin area.
    expect(scripts.slice(0, before).filter((url) => /BarChart/.test(url))).toEqual([]);
    expect(scripts.slice(before).filter((url) => /BarChart/.test(url))).toHaveLength(1);
    await expect
      .poll(() =>
        chart.evaluate((canvas) => {
          const c = canvas as HTMLCanvasElement;
          const pixels = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
          return pixels.some((value, index) => index % 4 === 3 && value > 0);
        }),
      )
      .toBe(true);
    // Unmet demand: six searches in Tigrinya found nothing within 14 days.
    const demand = page.getByRole('region', { name: a('reports.demand') });
    expect(await demand.innerText()).toContain('5');
    // What clients said: no survey answers yet, so no comments either.
    const survey = page.getByRole('region', { name: a('reports.survey.title') });
    await survey.getByText(a('reports.survey.commentsTooFew')).waitFor();
    await expectAccessible(page, 'statistics, office admin');
    await screenshot(page, 'reports-office-admin');

    // A filter narrows the figures: Ukrainian only → 9 cases → 10.
    await page.getByLabel(a('reports.language')).selectOption('uk');
    await expect.poll(() => overview(page, a('reports.cases'))).toBe('10');

    // The CSV holds what the page shows, for the same filter.
    const href = await page.getByRole('link', { name: a('reports.csv') }).getAttribute('href');
    expect(href).toContain('language=uk');
    const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(csv.split('\n')[0]).toMatch(/^scope,/);
    expect(csv).toMatch(/^total,,,cases,total,,10$/m);
    expect(await pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('shows a counsellor their own figures only, without a counsellor filter', async () => {
    const page = await newPage(browser, web.baseUrl, { mobile: true });
    await loginInBrowser(page, counsellorLogin.email, counsellorLogin.password);
    await open(page, '/staff/reports');
    // Amira's own: 15 cases → 15, never Jonas's.
    expect(await overview(page, a('reports.cases'))).toBe('15');
    expect(await page.getByLabel(a('reports.counsellor')).count()).toBe(0);
    // The survey's answers are the admins'.
    expect(await page.getByRole('region', { name: a('reports.survey.title') }).count()).toBe(0);
    await expectAccessible(page, 'statistics, counsellor, phone');
    expect(await pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('reads right to left in Arabic', async () => {
    const page = await newPage(browser, web.baseUrl);
    await loginInBrowser(page, adminLogin.email, adminLogin.password);
    // A link's language wins for the visit.
    await page.goto('/admin/reports?lang=ar');
    const ar = texts('ar', 'admin');
    await page.getByRole('heading', { level: 1, name: ar('reports.title') }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByRole('img', { name: ar('reports.byMonthChart') }).waitFor();
    await expectAccessible(page, 'statistics, Arabic');
    await screenshot(page, 'reports-arabic');
    expect(await pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('answers the statistics API for the page without personal data', async () => {
    const response = await request(web.t.http)
      .get('/api/reports/statistics')
      .set('Authorization', `Bearer ${adminLogin.token}`)
      .query({ from: `${new Date().getUTCFullYear()}-01`, to: `${new Date().getUTCFullYear()}-12` })
      .expect(200);
    expect(JSON.stringify(response.body)).not.toMatch(/Amira|Jonas|@/);
  });
});
