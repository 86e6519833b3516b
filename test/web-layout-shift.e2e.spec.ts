/// <reference lib="dom" />
// Callbacks of page.evaluate run in the browser: their document and window are the DOM's.
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserTestsRun,
  launchBrowser,
  newPage,
  startWebApp,
  type WebApp,
} from './support/web.js';

/** Layout shifts (Chromium's layout-shift entries, as Lighthouse's CLS adds them) while a page loads. */
declare global {
  interface Window {
    __layoutShift: number;
  }
}

/**
 * The booking page on a slow phone must not move under the reader's thumb while it loads: before,
 * the language question and the footer jumped when the topics arrived (CLS 0.13 in English, 0.11
 * in Arabic; Lighthouse calls above 0.1 poor).
 */
describe.skipIf(!browserTestsRun)('booking page layout stability (browser)', () => {
  let web: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    web = await startWebApp();
    browser = await launchBrowser();
    const admin = { Authorization: `Bearer ${(await web.t.login('admin')).token}` };
    const counsellor = await request(web.t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({ displayName: 'Amira Haddad', languages: ['ar', 'de'], topics: ['residence'] })
      .expect(201);
    await request(web.t.http)
      .post('/api/admin/consultation-types')
      .set(admin)
      .send({
        name: { de: 'Aufenthalt', en: 'Residence', ar: 'الإقامة' },
        topic: 'residence',
        durationMinutes: 30,
        stepMinutes: 30,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 0,
        horizonDays: 30,
        channel: 'video',
        counsellorIds: [counsellor.body.id],
      })
      .expect(201);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it.each(['en', 'ar'])(
    'loads the first question in %s without moving anything',
    async (language) => {
      const page = await newPage(browser, web.baseUrl, { mobile: true, language });
      // A slow mobile connection, so that the texts and topics arrive well after the first paint.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 150,
        downloadThroughput: 200_000,
        uploadThroughput: 100_000,
      });
      await page.addInitScript(() => {
        window.__layoutShift = 0;
        new PerformanceObserver((list) => {
          const entries = list.getEntries() as unknown as {
            value: number;
            hadRecentInput: boolean;
          }[];
          for (const entry of entries) {
            if (!entry.hadRecentInput) window.__layoutShift += entry.value;
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto('/o/beratungsstelle');
      await page.locator('input[name="conversation-language"]').first().waitFor();
      // Whatever still settles after the question is there counts too.
      await page.waitForLoadState('networkidle');
      const shift = await page.evaluate(() => window.__layoutShift);
      expect(shift).toBeLessThan(0.02);
      await page.context().close();
    },
    60_000,
  );
});
