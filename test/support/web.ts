import { AxeBuilder } from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { vi } from 'vitest';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser tests need Debian's Chromium (`apt-get install -y chromium`; CI installs it). Without it they
 * are skipped on a developer's machine, but never in CI, where a missing browser must fail.
 */
export const browserTestsRun = existsSync(CHROMIUM) || process.env.CI === 'true';

// A browser test waits on a page, which waits on the API and on Chromium, all on the same two cores
// as the other test files: on a busy machine a step takes several times as long. A hung test is
// still caught, after three minutes.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

export interface WebApp {
  t: TestApp;
  /** http://127.0.0.1:<port> of the API, which serves the built web app at / */
  baseUrl: string;
  close(): Promise<void>;
}

/** Builds the web app into dist/web unless a build is there (CI builds before testing). */
export function ensureWebBuilt(): void {
  if (process.env.TEST_WEB_DIR) return;
  if (existsSync(join(process.cwd(), 'dist', 'web', 'index.html'))) return;
  execFileSync(
    process.execPath,
    [
      join(process.cwd(), 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'apps/web/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    { stdio: 'inherit' },
  );
}

/** The real API (this file's own database, real queue backend) listening on a free port. */
export async function startWebApp(options: TestAppOptions = {}): Promise<WebApp> {
  ensureWebBuilt();
  const t = await createTestApp({
    ...options,
    env: {
      // A browser session makes many requests from one address: keep the limits out of the way.
      RATE_LIMIT_PER_MINUTE: '10000',
      BOOKING_RATE_LIMIT_PER_MINUTE: '1000',
      MANAGE_RATE_LIMIT_PER_MINUTE: '1000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      // A web build elsewhere (e.g. of another checkout) instead of dist/web.
      ...(process.env.TEST_WEB_DIR ? { WEB_DIR: process.env.TEST_WEB_DIR } : {}),
      ...options.env,
    },
  });
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return { t, baseUrl: `http://127.0.0.1:${port}`, close: () => t.close() };
}

/** Headless Chromium with fake camera and microphone (allowed without a prompt). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
    ],
  });
}

export interface PageOptions {
  /** 360 × 740 touch screen (a small Android phone) instead of 1280 × 800. */
  mobile?: boolean;
  /** The browser's preferred language (Accept-Language, navigator.languages). */
  language?: string;
  timezoneId?: string;
}

/** A fresh browser context: no storage shared with other pages. */
export async function newPage(
  browser: Browser,
  baseUrl: string,
  options: PageOptions = {},
): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: options.language ?? 'en',
    timezoneId: options.timezoneId ?? 'Europe/Berlin',
    viewport: options.mobile ? { width: 360, height: 740 } : { width: 1280, height: 800 },
    isMobile: options.mobile ?? false,
    hasTouch: options.mobile ?? false,
    deviceScaleFactor: 1,
    permissions: ['camera', 'microphone'],
  });
  return context.newPage();
}

/** Uncaught exceptions the page threw so far (a test asserts there were none). */
export async function pageErrors(page: Page): Promise<string[]> {
  return (await page.pageErrors({ filter: 'all' })).map((error) => error.message);
}

export async function loginInBrowser(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/staff/login');
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/password/i).fill(password);
  await page.getByRole('button', { name: /log in/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/staff/login'));
}

/** axe-core over the whole page (WCAG 2.1 A/AA): any serious or critical violation fails. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = result.violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  if (bad.length > 0) {
    const summary = bad
      .map(
        (violation) =>
          `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
            .slice(0, 3)
            .map((node) => node.target.join(' '))
            .join(', ')}`,
      )
      .join('\n');
    throw new Error(`accessibility violations on ${label}:\n${summary}`);
  }
}

/** Saves a full-page PNG under test-results/screenshots (CI keeps them as artifacts). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
