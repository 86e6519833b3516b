import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOffice } from './support/offices.js';
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

const BASE = 'https://termine.example.org';

/**
 * Sharing in a real browser: a share link in Arabic opens the office's booking page with its type
 * chosen, right to left, with share buttons that are plain links to the platforms' share
 * addresses; the admin's share panel gives the link in another language, its preview and poster.
 */
describe.runIf(browserTestsRun)('web: sharing', { timeout: 120_000 }, () => {
  let web: WebApp;
  let browser: Browser;
  let typeId: string;
  let officeId: string;
  const ar = texts('ar', 'share');
  const b = texts('ar', 'booking');
  const en = texts('en', 'share');

  beforeAll(async () => {
    web = await startWebApp({ env: { PUBLIC_BASE_URL: BASE } });
    browser = await launchBrowser();
    officeId = await insertOffice(web.t.dataSource, {
      slug: 'mitte',
      name: { de: 'Beratung Mitte', en: 'Counselling Mitte', ar: 'استشارات ميته' },
    });
    const admin = {
      Authorization: `Bearer ${(await web.t.login('admin', undefined, officeId)).token}`,
    };
    const counsellor = await request(web.t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({ displayName: 'Amira', languages: ['ar', 'de'], topics: ['residence'] })
      .expect(201);
    typeId = (
      await request(web.t.http)
        .post('/api/admin/consultation-types')
        .set(admin)
        .send({
          name: { de: 'Aufenthalt', en: 'Residence', ar: 'الإقامة' },
          topic: 'residence',
          durationMinutes: 60,
          stepMinutes: 60,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 0,
          horizonDays: 30,
          channel: 'video',
          counsellorIds: [counsellor.body.id],
        })
        .expect(201)
    ).body.id as string;
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('opens a share link in its language with the type chosen, and offers plain share links', async () => {
    // A German phone opens an Arabic link: the link's language wins.
    const page = await newPage(browser, web.baseUrl, { mobile: true, language: 'de' });
    await page.goto(`/s/mitte/ar/residence-${typeId.slice(0, 8)}`);
    await page.waitForURL((url) => url.pathname === '/o/mitte');
    expect(new URL(page.url()).searchParams.get('type')).toBe(typeId);
    await page.getByRole('heading', { level: 1, name: b('topic.title') }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const topic = page
      .getByRole('group', { name: b('topic.legend'), exact: true })
      .getByRole('radio');
    expect(await topic.isChecked()).toBe(true);

    const share = page.getByRole('region', { name: ar('buttons.title') });
    const link = `${BASE}/s/mitte/ar`;
    const text = ar('text.office', { office: 'استشارات ميته' });
    const whatsapp = share.getByRole('link', { name: ar('buttons.whatsapp') });
    await whatsapp.waitFor();
    // The short link comes from the API once loaded.
    await page.waitForFunction(
      (expected) =>
        document.querySelector('a[data-platform="telegram"]')?.getAttribute('href') === expected,
      `https://t.me/share/url?url=${encodeURIComponent(link)}&text=${encodeURIComponent(text)}`,
    );
    expect(await whatsapp.getAttribute('href')).toBe(
      `https://wa.me/?text=${encodeURIComponent(`${text} ${link}`)}`,
    );
    expect(await share.getByRole('link', { name: ar('buttons.viber') }).getAttribute('href')).toBe(
      `viber://forward?text=${encodeURIComponent(`${text} ${link}`)}`,
    );
    expect(
      await share.getByRole('link', { name: ar('buttons.facebook') }).getAttribute('href'),
    ).toBe(`https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(link)}`);
    await share.getByRole('button', { name: ar('buttons.copy') }).waitFor();
    // No script of a platform on the page.
    const scripts = await page.evaluate(() =>
      [...document.scripts].map((script) => script.src).filter(Boolean),
    );
    expect(scripts.every((src) => src.startsWith(web.baseUrl))).toBe(true);
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    await expectAccessible(page, 'office page with share buttons (ar, phone)');
    await screenshot(page, 'share-office-ar-mobile');
    expect(await pageErrors(page)).toEqual([]);
  });

  it('gives the admin the link in another language, its preview and the poster', async () => {
    const login = await web.t.login('admin', 'share-admin@test.sprechstunde.local', officeId);
    const page = await newPage(browser, web.baseUrl, { language: 'en' });
    await loginInBrowser(page, login.email, login.password);
    await page.goto('/admin/share');
    await page.getByRole('heading', { level: 1, name: en('panel.title') }).waitFor();
    await page.getByLabel(en('panel.language')).selectOption('uk');
    await page.getByLabel(en('panel.what')).selectOption(`type:${typeId}`);
    const url = `${BASE}/s/mitte/uk/residence-${typeId.slice(0, 8)}`;
    await page.getByRole('link', { name: url }).waitFor();
    const poster = page.getByRole('link', {
      name: en('panel.posterDownload', { language: 'Українська' }),
    });
    expect(await poster.getAttribute('href')).toBe(
      '/api/public/share/poster.pdf?office=mitte&language=uk',
    );
    const preview = page.getByRole('img', { name: en('panel.previewAlt') });
    await preview.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const image = document.querySelector<HTMLImageElement>('img.share-preview');
      return image?.complete && image.naturalWidth === 1200;
    });
    await page.getByRole('img', { name: en('panel.qrAlt', { link: url }) }).waitFor();
    await expectAccessible(page, 'admin share panel');
    await screenshot(page, 'share-admin-panel');
    expect(await pageErrors(page)).toEqual([]);
  });
});
