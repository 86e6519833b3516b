/// <reference lib="dom" />
// Callbacks of page.evaluate run in the browser: their document is the DOM's.
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffService } from '@app/staff';
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

const PLATFORM = { email: 'platform@test.sprechstunde.local', password: 'platform password 1' };
const OFFICE = {
  slug: 'jmd-spandau',
  name: 'Jugendmigrationsdienst Spandau',
  district: 'Spandau',
  controller: 'Jugendhilfe Spandau e. V., Carl-Schurz-Straße 1, 13597 Berlin',
  contact: 'datenschutz@jmd-spandau.example',
  admin: 'leitung@jmd-spandau.example',
};

/**
 * The platform admin's work in a real browser against the real API and database: log in and land
 * on the platform area, create an office with its first admin (a refused slug first, shown at its
 * field with the focus on it), find it listed; the office's first admin edits its privacy notice
 * and sees it on the office's public privacy page; the platform admin suspends the office and
 * clients no longer find it. Every page checked with axe.
 */
describe.runIf(browserTestsRun)('web: the platform admin creates and suspends an office', () => {
  let web: WebApp;
  let browser: Browser;
  let platform: Page;
  let defaultSlug: string;
  let firstAdminPassword = '';
  const p = texts('en', 'platform');
  const a = texts('en', 'admin');
  const c = texts('en', 'common');
  const d = texts('en', 'directory');

  async function settle(page: Page, label: string): Promise<void> {
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await expect.poll(() => page.locator('.loading').count()).toBe(0);
    await expectAccessible(page, label);
    await screenshot(page, `platform-${label.replace(/\W+/g, '-')}`);
  }

  /**
   * The districts the directory offers to filter by: those of the offices clients can find. Read
   * once the default office's district (Mitte) is there, so an absent one is really absent.
   */
  async function directoryDistricts(): Promise<string[]> {
    const client = await newPage(browser, web.baseUrl);
    try {
      await client.goto('/');
      const options = client.getByLabel(d('filters.district'), { exact: true }).locator('option');
      await expect.poll(() => options.allTextContents()).toContain('Mitte');
      return await options.allTextContents();
    } finally {
      await client.context().close();
    }
  }

  /** The office as clients see it: in the directory's list, and its own page. */
  const publicSlugs = async () =>
    ((await request(web.t.http).get('/api/public/offices').expect(200)).body as { slug: string }[])
      .map((office) => office.slug)
      .sort();

  beforeAll(async () => {
    web = await startWebApp();
    browser = await launchBrowser();
    await web.t.app.get(StaffService).createPlatformAdmin({
      ...PLATFORM,
      displayName: 'Platform admin',
    });
    [{ slug: defaultSlug }] = await web.t.dataSource.query<{ slug: string }[]>(
      'SELECT slug FROM office ORDER BY created_at LIMIT 1',
    );
    await web.t.dataSource.query(`UPDATE office SET district = 'Mitte' WHERE slug = $1`, [
      defaultSlug,
    ]);
    platform = await newPage(browser, web.baseUrl);
    platform.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('logs the platform admin in to the platform area, with its health and every office', async () => {
    await loginInBrowser(platform, PLATFORM.email, PLATFORM.password);
    await platform.waitForURL('**/platform/offices');
    await platform.getByRole('link', { name: c('nav.platform') }).waitFor();
    await settle(platform, 'offices');
    await platform.getByRole('heading', { name: p('health.title') }).waitFor();
    await platform.getByText(p('health.up')).waitFor();
    await platform.getByRole('row').filter({ hasText: defaultSlug }).first().waitFor();
    const phone = await newPage(browser, web.baseUrl, { mobile: true });
    await loginInBrowser(phone, PLATFORM.email, PLATFORM.password);
    await settle(phone, 'offices mobile');
    await phone.context().close();
  });

  it('creates an office with its first admin; a taken slug is shown at its field, by its code', async () => {
    await platform
      .getByRole('link', { name: p('nav.newOffice') })
      .first()
      .click();
    await settle(platform, 'new office');
    await platform.getByLabel(p('form.slug'), { exact: true }).fill(defaultSlug);
    await platform
      .getByLabel(p('form.nameIn', { language: 'German' }), { exact: true })
      .fill(OFFICE.name);
    await platform
      .getByLabel(p('form.descriptionIn', { language: 'German' }), { exact: true })
      .fill('Beratung für junge Menschen bis 27');
    await platform.getByLabel(p('form.district'), { exact: true }).fill(OFFICE.district);
    await platform.getByLabel(p('form.languages'), { exact: true }).fill('de, ar, fa');
    await platform
      .getByLabel(p('form.privacyController'), { exact: true })
      .fill('Jugendhilfe Spandau e. V.');
    await platform
      .getByLabel(p('form.privacyContact'), { exact: true })
      .fill('info@jmd-spandau.example');
    await platform.getByLabel(p('create.email'), { exact: true }).fill(OFFICE.admin);
    await platform.getByLabel(p('create.displayName'), { exact: true }).fill('Aylin Demir');
    firstAdminPassword = await platform
      .getByLabel(p('create.password'), { exact: true })
      .inputValue();
    expect(firstAdminPassword.length).toBeGreaterThanOrEqual(12);

    await platform.getByRole('button', { name: p('create.submit') }).click();
    const slug = platform.getByLabel(p('form.slug'), { exact: true });
    await platform.getByText(p('errors.slugTaken')).first().waitFor();
    await expect.poll(() => slug.getAttribute('aria-invalid')).toBe('true');
    expect(await slug.evaluate((input) => input === document.activeElement)).toBe(true);
    await expectAccessible(platform, 'new office with an error');

    await slug.fill(OFFICE.slug);
    await platform.getByRole('button', { name: p('create.submit') }).click();
    await platform.getByText(p('create.created', { name: OFFICE.name })).waitFor();
    await platform.locator('code.password', { hasText: firstAdminPassword }).waitFor();
    await expectAccessible(platform, 'office created');

    await platform.getByRole('link', { name: p('create.toList') }).click();
    const row = platform.getByRole('row').filter({ hasText: OFFICE.name });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain(OFFICE.slug);
    expect(await row.textContent()).toContain(p('statuses.active'));
    expect(await publicSlugs()).toContain(OFFICE.slug);
    expect(await directoryDistricts()).toContain(OFFICE.district);
  });

  it("lets the office's first admin edit its privacy notice, which clients then read", async () => {
    const page = await newPage(browser, web.baseUrl);
    page.setDefaultTimeout(10_000);
    await loginInBrowser(page, OFFICE.admin, firstAdminPassword);
    await page.waitForURL('**/admin/**');
    await page.getByRole('link', { name: a('nav.office'), exact: true }).click();
    await page.waitForURL('**/admin/office');
    await settle(page, 'office settings');
    // The office's identity is the platform admin's: shown, not editable here.
    await page.getByRole('heading', { name: OFFICE.name }).waitFor();
    expect(await page.getByLabel(p('form.slug'), { exact: true }).count()).toBe(0);

    await page.getByLabel(p('form.retentionDays'), { exact: true }).fill('0');
    await page.getByRole('button', { name: c('actions.save') }).click();
    const retention = page.getByLabel(p('form.retentionDays'), { exact: true });
    await expect.poll(() => retention.getAttribute('aria-invalid')).toBe('true');
    expect(await retention.evaluate((input) => input === document.activeElement)).toBe(true);

    await page.getByLabel(p('form.privacyController'), { exact: true }).fill(OFFICE.controller);
    await page.getByLabel(p('form.privacyContact'), { exact: true }).fill(OFFICE.contact);
    await retention.fill('45');
    await page.getByRole('button', { name: c('actions.save') }).click();
    await page.getByText(a('office.saved')).waitFor();

    await page.getByRole('link', { name: a('office.privacyPage') }).click();
    await page.waitForURL(`**/o/${OFFICE.slug}/privacy`);
    await page.getByRole('heading', { name: d('privacy.title') }).waitFor();
    await page.getByText(OFFICE.controller).waitFor();
    await page.getByText(OFFICE.contact).waitFor();
    await page.getByText(d('privacy.retentionDays', { days: '45' })).waitFor();
    await expectAccessible(page, 'office privacy page');
    expect(await pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('suspends the office after asking: clients no longer find it, its data stays', async () => {
    await platform.goto('/platform/offices');
    await settle(platform, 'offices with the new office');
    await platform
      .getByRole('button', { name: p('status.suspendLabel', { name: OFFICE.name }) })
      .click();
    const dialog = platform.getByRole('dialog');
    await dialog.getByText(p('status.suspendQuestion', { name: OFFICE.name })).waitFor();
    await expectAccessible(platform, 'suspend dialog');
    await dialog.getByRole('button', { name: p('status.suspend') }).click();
    await platform.getByText(p('status.suspended', { name: OFFICE.name })).waitFor();
    const row = platform.getByRole('row').filter({ hasText: OFFICE.name });
    await expect.poll(() => row.textContent()).toContain(p('statuses.suspended'));

    expect(await publicSlugs()).not.toContain(OFFICE.slug);
    expect(await publicSlugs()).toContain(defaultSlug);
    expect(await directoryDistricts()).not.toContain(OFFICE.district);
    const client = await newPage(browser, web.baseUrl);
    await client.goto(`/o/${OFFICE.slug}/privacy`);
    await client.getByRole('heading', { name: c('notFound.title') }).waitFor();
    await client.context().close();
    const [stored] = await web.t.dataSource.query<{ status: string; privacy_contact: string }[]>(
      'SELECT status, privacy_contact FROM office WHERE slug = $1',
      [OFFICE.slug],
    );
    expect(stored).toEqual({ status: 'suspended', privacy_contact: OFFICE.contact });
    expect(await pageErrors(platform)).toEqual([]);
  });

  it('opens the queue dashboard from the platform area', async () => {
    await platform.goto('/platform/offices');
    await settle(platform, 'offices before the dashboard');
    const queues = platform.waitForResponse(
      (response) => response.url().includes('/api/admin/queues/api/queues'),
      { timeout: 15_000 },
    );
    await platform.getByRole('button', { name: p('health.dashboard') }).click();
    await platform.waitForURL('**/api/admin/queues/**');
    expect((await queues).status()).toBe(200);
  });
});
