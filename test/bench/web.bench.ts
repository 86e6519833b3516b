/**
 * What a client's phone downloads and waits for: the built web app served by the built API (real
 * PostgreSQL and Redis, demo offices seeded), driven by Debian's Chromium through the whole booking
 * flow up to the confirmation page. The flow starts on the first demo office's page (/o/<slug>):
 * `/` is the directory of the demo's offices, which asks no question itself.
 *
 * - booking_js_gzip_kb: gzip size of every script the booking flow loads (entry, lazy chunks, texts),
 *   as a server with gzip would send them; the video page is not part of it.
 * - video_js_gzip_kb: what joining a call adds (LiveKit and the video page).
 * - slow_phone_ready_ms: from navigation until the first question is on screen, on a "slow phone":
 *   1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip, CPU slowed 4× (Lighthouse's mobile profile),
 *   with an empty cache; median of 5.
 * - letter_raw_kb / letter_sent_kb / letter_upload_s: a ten-page letter photographed on the slow
 *   phone (same profile) and sent from the manage page's conversation as one PDF, through the real
 *   page: the ten camera photos (12 megapixels, 3000 × 4000, ~3–4 MB each: a page of printed text
 *   lines, unevenly lit, with sensor noise, JPEG quality 0.92 — test/support/letter-photos.ts)
 *   as the phone holds them, the PDF the browser made of them after downscaling, and the upload's
 *   time from the request's start to the answer (network and CPU as in step 3). letter_prepare_s:
 *   how long downscaling the ten pages took on this machine's CPU, not slowed (slowed 4×, ten
 *   12-megapixel photos take many minutes on a shared CI machine).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { letterPhotos } from '../support/letter-photos.js';
import { benchApi } from './bench-api.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

function recordScripts(page: Page): Map<string, number> {
  const sizes = new Map<string, number>();
  page.on('response', (response) => {
    const url = response.url();
    if (!url.endsWith('.js')) return;
    void response.body().then(
      (body) => sizes.set(new URL(url).pathname, gzipSync(body).length),
      () => undefined,
    );
  });
  return sizes;
}

const kb = (sizes: Map<string, number>) => [...sizes.values()].reduce((a, b) => a + b, 0) / 1024;

/**
 * Photographs a ten-page letter on the slow phone (network and CPU as in step 3) on the manage
 * page and sends it as one PDF; answers the sizes and times.
 */
async function sendLetter(
  browser: Browser,
  base: string,
  manageUrl: string,
): Promise<{ rawKb: number; sentKb: number; uploadS: number; prepareS: number }> {
  const photos = await letterPhotos(browser, 10);
  let cleanUp = () => {};
  console.log(
    `  letter: 10 photos made, ${(photos.reduce((a, p) => a + p.length, 0) / 1024).toFixed(0)} kB`,
  );
  const slow = await browser.newContext({
    baseURL: base,
    locale: 'ar',
    viewport: { width: 360, height: 740 },
    isMobile: true,
  });
  try {
    const phone = await slow.newPage();
    await phone.goto(manageUrl);
    const region = phone.locator('section.conversation');
    await region.waitFor({ timeout: 60_000 });
    console.log('  letter: manage page open');
    const prepareStarted = Date.now();
    // As files on disk, as a phone's camera hands them over.
    const dir = mkdtempSync(join(tmpdir(), 'letter-photos-'));
    const files = photos.map((photo, i) => {
      const path = join(dir, `IMG_${i + 1}.jpg`);
      writeFileSync(path, photo);
      return path;
    });
    // The files stay until the letter is sent: the page reads them from disk when it prepares
    // each page (removed at once, every read waited forever).
    cleanUp = () => rmSync(dir, { recursive: true, force: true });
    await region.locator('input[type="file"][capture]').setInputFiles(files, { timeout: 300_000 });
    phone.on('pageerror', (error) => console.log(`  page error: ${error.message}`));
    phone.on('console', (message) => console.log(`  page console: ${message.text()}`));
    console.log('  letter: photos handed to the page');
    // Each page is prepared, or says it could not be.
    const captions = region.locator('.page-caption');
    await captions.nth(9).waitFor({ timeout: 120_000 });
    const progress = setInterval(() => {
      void region
        .locator('.page-placeholder')
        .count()
        .then((left) => console.log(`  letter: ${10 - left} of 10 pages prepared`))
        .catch(() => undefined);
    }, 30_000);
    try {
      await region
        .locator('.page-placeholder')
        .first()
        .waitFor({ state: 'detached', timeout: 900_000 });
    } finally {
      clearInterval(progress);
    }
    const prepared = await region.locator('.page-list img').count();
    if (prepared !== 10)
      throw new Error(`pages not prepared: ${(await captions.allTextContents()).join(' | ')}`);
    const prepareS = (Date.now() - prepareStarted) / 1000;
    console.log(`  letter: pages prepared in ${prepareS.toFixed(1)} s; sending on the slow phone`);
    // The upload on the slow phone (network and CPU as in step 3): making the PDF, sending it.
    const cdp = await slow.newCDPSession(phone);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const uploadRequest = phone.waitForRequest(
      (r) => r.method() === 'POST' && r.url().endsWith('/conversation/documents'),
      { timeout: 600_000 },
    );
    await region.locator('.documents .btn-primary').click();
    const started = await uploadRequest;
    const uploadStarted = Date.now();
    const response = await started.response();
    if (!response?.ok()) throw new Error(`upload failed: ${response?.status()}`);
    const uploadS = (Date.now() - uploadStarted) / 1000;
    const sent = (await response.json()) as { document: { sizeBytes: number } };
    return {
      rawKb: photos.reduce((sum, photo) => sum + photo.length, 0) / 1024,
      sentKb: sent.document.sizeBytes / 1024,
      uploadS,
      prepareS,
    };
  } finally {
    await slow.close();
    cleanUp();
  }
}

/** The first demo office's slug: `/` is the directory of the demo's offices, booking is per office. */
async function firstOffice(base: string): Promise<string> {
  const offices = (await (await fetch(`${base}/api/public/offices`)).json()) as { slug: string }[];
  return offices[0].slug;
}

/** Books the first free time of a demo office over the API; answers the manage page's address. */
async function bookOverApi(base: string): Promise<string> {
  const get = async <T>(path: string) => (await (await fetch(`${base}${path}`)).json()) as T;
  const from = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  for (const office of await get<{ slug: string }[]>('/api/public/offices')) {
    const types = await get<{ id: string }[]>(
      `/api/public/consultation-types?office=${office.slug}`,
    );
    for (const type of types) {
      const { slots } = await get<{ slots: { start: string }[] }>(
        `/api/public/slots?consultationTypeId=${type.id}&from=${from}&to=${to}&timeZone=Europe/Berlin`,
      );
      if (slots.length === 0) continue;
      const response = await fetch(`${base}/api/public/appointments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          consultationTypeId: type.id,
          start: slots[0].start,
          pseudonym: 'Bench',
          language: 'ar',
          contact: { channel: 'email', value: 'bench-letter@example.org' },
        }),
      });
      if (!response.ok) continue;
      const { manageToken } = (await response.json()) as { manageToken: string };
      return `/manage#token=${manageToken}`;
    }
  }
  throw new Error('no free time in the demo offices');
}

async function main(): Promise<void> {
  const api = await benchApi({ SEED_DEMO: 'true', RATE_LIMIT_PER_MINUTE: '100000' });
  const base = await api.start();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  // BENCH_WEB_ONLY=letter: only the letter (4), for a quicker look at the photo pipeline.
  if (process.env.BENCH_WEB_ONLY === 'letter') {
    try {
      const letter = await sendLetter(browser, base, await bookOverApi(base));
      console.log(
        `RESULT letter_raw_kb=${letter.rawKb.toFixed(0)} letter_sent_kb=${letter.sentKb.toFixed(0)} letter_upload_s=${letter.uploadS.toFixed(1)} letter_prepare_s=${letter.prepareS.toFixed(1)}`,
      );
    } finally {
      await browser.close();
      await api.close();
    }
    return;
  }
  const officePage = `/o/${encodeURIComponent(await firstOffice(base))}`;
  try {
    // 1. The booking flow, start to confirmation.
    const context = await browser.newContext({
      baseURL: base,
      locale: 'ar',
      viewport: { width: 360, height: 740 },
      isMobile: true,
    });
    const page = await context.newPage();
    const scripts = recordScripts(page);
    await page.goto(officePage);
    await page.locator('input[name="topic"]').first().check();
    // Any language: the demo office's counsellors do not all speak Arabic.
    await page.locator('input[name="conversation-language"][value=""]').check();
    await page.locator('.booking .btn-primary').click();
    await page.locator('.day-list button').nth(1).click();
    await page.locator('.time-list button').first().click();
    await page.locator('.booking .btn-primary').click();
    await page.locator('input[autocomplete="nickname"]').fill('Bench');
    await page.locator('input[type="email"]').fill('bench@example.org');
    await page.locator('.booking input[type="checkbox"]').last().check();
    await page.locator('.booking button[type="submit"]').click();
    await page.waitForURL(/\/manage#token=/);
    const manageUrl = page.url();
    await page.locator('#manage-link').waitFor();
    await page.waitForLoadState('networkidle');
    const booking = new Map(scripts);
    for (const [path, size] of booking)
      console.log(`  booking  ${path.padEnd(48)} ${(size / 1024).toFixed(1)} kB`);

    // 2. What the video page adds.
    await page.goto(page.url().replace('/manage#', '/manage/video#'));
    await page.waitForLoadState('networkidle');
    const video = new Map([...scripts].filter(([path]) => !booking.has(path)));
    for (const [path, size] of video)
      console.log(`  video    ${path.padEnd(48)} ${(size / 1024).toFixed(1)} kB`);
    await context.close();

    // 3. First question on screen on a slow phone, empty cache.
    const times: number[] = [];
    for (let run = 0; run < 5; run++) {
      const slow = await browser.newContext({
        baseURL: base,
        locale: 'ar',
        viewport: { width: 360, height: 740 },
        isMobile: true,
      });
      const phone = await slow.newPage();
      const cdp = await slow.newCDPSession(phone);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 150,
        downloadThroughput: (1.6 * 1024 * 1024) / 8,
        uploadThroughput: (750 * 1024) / 8,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      const started = Date.now();
      await phone.goto(officePage, { waitUntil: 'commit' });
      await phone.locator('input[name="topic"]').first().waitFor();
      times.push(Date.now() - started);
      await slow.close();
    }
    times.sort((a, b) => a - b);

    // 4. A ten-page letter, photographed and sent as one PDF on the slow phone.
    const letter = await sendLetter(browser, base, manageUrl);
    console.log(
      `  letter   10 photos ${letter.rawKb.toFixed(0)} kB → PDF ${letter.sentKb.toFixed(0)} kB, prepared in ${letter.prepareS.toFixed(1)} s, uploaded in ${letter.uploadS.toFixed(1)} s`,
    );
    console.log(
      `RESULT booking_js_gzip_kb=${kb(booking).toFixed(1)} video_js_gzip_kb=${kb(video).toFixed(1)} slow_phone_ready_ms=${times[2]} letter_raw_kb=${letter.rawKb.toFixed(0)} letter_sent_kb=${letter.sentKb.toFixed(0)} letter_upload_s=${letter.uploadS.toFixed(1)} letter_prepare_s=${letter.prepareS.toFixed(1)}`,
    );
  } finally {
    await browser.close();
    await api.close();
  }
}

await main();
