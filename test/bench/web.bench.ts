/**
 * What a client's phone downloads and waits for: the built web app served by the built API (real
 * PostgreSQL and Redis, demo office seeded), driven by Debian's Chromium through the whole booking
 * flow up to the confirmation page.
 *
 * - booking_js_gzip_kb: gzip size of every script the booking flow loads (entry, lazy chunks, texts),
 *   as a server with gzip would send them; the video page is not part of it.
 * - video_js_gzip_kb: what joining a call adds (LiveKit and the video page).
 * - slow_phone_ready_ms: from navigation until the first question is on screen, on a "slow phone":
 *   1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip, CPU slowed 4× (Lighthouse's mobile profile),
 *   with an empty cache; median of 5.
 */
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
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

async function main(): Promise<void> {
  const api = await benchApi({ SEED_DEMO: 'true', RATE_LIMIT_PER_MINUTE: '100000' });
  const base = await api.start();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
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
    await page.goto('/');
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
      await phone.goto('/', { waitUntil: 'commit' });
      await phone.locator('input[name="topic"]').first().waitFor();
      times.push(Date.now() - started);
      await slow.close();
    }
    times.sort((a, b) => a - b);
    console.log(
      `RESULT booking_js_gzip_kb=${kb(booking).toFixed(1)} video_js_gzip_kb=${kb(video).toFixed(1)} slow_phone_ready_ms=${times[2]}`,
    );
  } finally {
    await browser.close();
    await api.close();
  }
}

await main();
