/// <reference lib="dom" />
// Callbacks of page.evaluate run in the browser: their document and window are the DOM's.
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserTestsRun,
  expectAccessible,
  launchBrowser,
  newPage,
  pageErrors,
  screenshot,
  startWebApp,
  type WebApp,
} from './support/web.js';
import { texts } from './support/web-texts.js';

const OFFICE = 'beratungsstelle';
const VIDEO = 'https://video.example.org/dgs/beratungsstelle.mp4';

/** The fonts Chromium really drew a node's text with (DevTools protocol, as the Fonts panel). */
async function platformFonts(
  page: Page,
  selector: string,
): Promise<{ familyName: string; isCustomFont: boolean; glyphCount: number }[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts;
}

/** The status of the app's self-hosted face of `family` ("unloaded" until text needs it). */
const faceStatus = (page: Page, family: string) =>
  page.evaluate(
    (name) => [...document.fonts].find((face) => face.family.replace(/"/g, '') === name)?.status,
    family,
  );

/** Nothing wider than the phone: no sideways scrolling, no text cut off at the edge. */
const overflow = (page: Page) =>
  page.evaluate(() => ({
    page: document.documentElement.scrollWidth - window.innerWidth,
    elements: [...document.querySelectorAll('main *, header *, footer *')]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && (box.right > window.innerWidth + 1 || box.left < -1);
      })
      .map((element) => element.outerHTML.slice(0, 80)),
  }));

/**
 * The client pages in the languages added for Berlin's migration counselling: Pashto and Dari
 * right-to-left on a phone, Tigrinya in Ge'ez script with the self-hosted Ethiopic font, the
 * machine-translation notice, and the office's page in Leichte Sprache with its DGS video.
 */
describe.runIf(browserTestsRun)('web: more languages and Leichte Sprache', () => {
  let web: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    web = await startWebApp();
    browser = await launchBrowser();
    const admin = { Authorization: `Bearer ${(await web.t.login('admin')).token}` };
    const login = await web.t.login('counsellor');
    const counsellor = await request(web.t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({
        displayName: 'Nasrin Ahmadi',
        languages: ['fa', 'de'],
        topics: ['residence'],
        staffId: login.id,
        timeZone: 'Europe/Berlin',
      })
      .expect(201);
    for (const weekday of [1, 2, 3, 4, 5, 6, 7]) {
      await request(web.t.http)
        .post(`/api/counsellors/${counsellor.body.id}/rules`)
        .set(admin)
        .send({ weekday, start: '08:00', end: '20:00' })
        .expect(201);
    }
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
        counsellorIds: [counsellor.body.id],
      })
      .expect(201);
    await request(web.t.http)
      .patch('/api/office')
      .set(admin)
      .send({ signLanguageVideoUrl: VIDEO })
      .expect(200);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  /** The office's booking page in `language` on a 360 px phone, the topics loaded. */
  async function bookingPage(language: string): Promise<Page> {
    const page = await newPage(browser, web.baseUrl, { mobile: true, language: 'de-DE' });
    await page.goto(`/o/${OFFICE}?lang=${language}`);
    const t = texts(language, 'booking');
    await page.getByRole('heading', { level: 1, name: t('topic.title') }).waitFor();
    await page.getByRole('radio').first().waitFor();
    return page;
  }

  for (const language of ['ps', 'prs']) {
    it(`books in ${language} on a phone: right-to-left, its own texts, nothing cut off, axe-clean`, async () => {
      const page = await bookingPage(language);
      expect(
        await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang]),
      ).toEqual(['rtl', language]);
      expect(await page.locator('main').evaluate((main) => getComputedStyle(main).direction)).toBe(
        'rtl',
      );
      await page.getByText(texts(language, 'booking')('intro')).waitFor();
      expect(await overflow(page)).toEqual({ page: 0, elements: [] });
      // The language switcher lists all 13 languages, each named in itself, and fits the phone.
      const switcher = page.getByRole('combobox', { name: texts(language, 'common')('language') });
      expect(await switcher.locator('option').count()).toBe(13);
      expect(await switcher.inputValue()).toBe(language);
      const box = await switcher.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
      await expectAccessible(page, `booking in ${language}`);
      await screenshot(page, `languages-${language}-booking`);
      expect(await pageErrors(page)).toEqual([]);
      await page.context().close();
    });
  }

  it('draws Pashto letters that system fonts lack (ۍ) with the self-hosted Arabic font', async () => {
    const page = await bookingPage('ps');
    // A German-only page would not need the face; this one does once Pashto-only letters show.
    await page.evaluate(() => {
      const line = document.createElement('p');
      line.id = 'pashto-letters';
      line.textContent = 'ټ ډ ړ ږ ښ ګ ڼ ې ۍ – لومړۍ اونۍ';
      document.querySelector('main')?.append(line);
    });
    await page.waitForFunction(() => document.fonts.status === 'loaded');
    await page.evaluate(() => document.fonts.ready);
    const fonts = await platformFonts(page, '#pashto-letters');
    expect(
      fonts.some((font) => font.isCustomFont && /Noto Sans Arabic/.test(font.familyName)),
    ).toBe(true);
    expect(await faceStatus(page, 'Noto Sans Arabic Variable')).toBe('loaded');
    await page.context().close();
  });

  it("renders Tigrinya in Ge'ez script with the Ethiopic font, which German pages never download", async () => {
    const german = await newPage(browser, web.baseUrl, { mobile: true, language: 'de-DE' });
    const requested: string[] = [];
    german.on('request', (r) => requested.push(r.url()));
    await german.goto(`/o/${OFFICE}`);
    await german
      .getByRole('heading', { level: 1, name: texts('de', 'booking')('topic.title') })
      .waitFor();
    await german.evaluate(() => document.fonts.ready);
    expect(await faceStatus(german, 'Noto Sans Ethiopic Variable')).toBe('unloaded');
    expect(requested.filter((url) => /ethiopic/i.test(url))).toEqual([]);
    await german.context().close();

    const page = await bookingPage('ti');
    const title = texts('ti', 'booking')('topic.title');
    await page.evaluate(() => document.fonts.ready);
    await page.waitForFunction(
      () =>
        [...document.fonts].find((face) => face.family.includes('Ethiopic'))?.status === 'loaded',
    );
    const fonts = await platformFonts(page, 'h1');
    const ethiopic = fonts.find((font) => /Ethiopic/.test(font.familyName));
    expect(ethiopic?.isCustomFont).toBe(true);
    // Every Ge'ez letter of the heading came from it (none from a font without them: no tofu).
    const geez = [...title].filter((char) => /[\u1200-\u139F]/.test(char)).length;
    expect(ethiopic?.glyphCount).toBe(geez);
    expect(
      await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang]),
    ).toEqual(['ltr', 'ti']);
    expect(await overflow(page)).toEqual({ page: 0, elements: [] });
    await expectAccessible(page, 'booking in ti');
    await screenshot(page, 'languages-ti-booking');
    await page.context().close();
  });

  it('tells a Pashto reader once that the texts are machine-translated, a German reader not', async () => {
    const page = await bookingPage('ps');
    const notice = page.getByTestId('translation-notice');
    expect(await notice.count()).toBe(1);
    expect(await notice.textContent()).toBe(texts('ps', 'common')('translationNotice'));
    await page.context().close();

    const german = await bookingPage('de');
    await german.getByRole('radio').first().waitFor();
    expect(await german.getByTestId('translation-notice').count()).toBe(0);
    await german.context().close();
  });

  it('shows the office in Leichte Sprache with its DGS video, linked from the office page', async () => {
    const page = await newPage(browser, web.baseUrl, { mobile: true, language: 'ps' });
    // The video's host is outside: answer for it, so nothing leaves the test machine.
    const videoRequests: string[] = [];
    await page.route('https://video.example.org/**', async (route) => {
      videoRequests.push(route.request().url());
      await route.fulfill({ status: 204 });
    });
    await page.goto(`/o/${OFFICE}`);
    await page.getByTestId('easy-language-link').click();
    const t = texts('de-x-ls', 'easy');
    await page.getByRole('heading', { level: 1, name: t('title') }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/o/${OFFICE}/leichte-sprache`);
    // Leichte Sprache is German, whatever the page language: read with a German voice, left to right.
    const article = page.locator('article.easy-language');
    expect(await article.getAttribute('lang')).toBe('de');
    expect(await article.evaluate((element) => getComputedStyle(element).direction)).toBe('ltr');
    await page.getByRole('heading', { level: 2, name: t('book.title') }).waitFor();
    await page.getByText(t('privacy.3')).waitFor();
    const video = page.getByTestId('sign-language-video');
    expect(await video.evaluate((element) => element.tagName)).toBe('VIDEO');
    expect(await video.getAttribute('src')).toBe(VIDEO);
    expect(await video.getAttribute('controls')).not.toBeNull();
    // No third-party frames: the video is the office's own file in a <video> element.
    expect(await page.locator('iframe').count()).toBe(0);
    expect(await overflow(page)).toEqual({ page: 0, elements: [] });
    await expectAccessible(page, 'Leichte Sprache page');
    await screenshot(page, 'languages-leichte-sprache');
    expect(await pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('offers Leichte Sprache as a language of the client pages, in German for screen readers', async () => {
    const page = await bookingPage('de-x-ls');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await page.getByText(texts('de-x-ls', 'booking')('intro')).waitFor();
    expect(await page.getByTestId('translation-notice').textContent()).toBe(
      texts('de-x-ls', 'common')('translationNotice'),
    );
    await expectAccessible(page, 'booking in Leichte Sprache');
    await page.context().close();
  });
});
