/// <reference lib="dom" />
// Callbacks of page.evaluate run in the browser: their document and window are the DOM's.
import { AxeBuilder } from '@axe-core/playwright';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import PDFDocument from 'pdfkit';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { letterPhotos } from './support/letter-photos.js';
import {
  browserTestsRun,
  launchBrowser,
  newPage,
  pageErrors,
  screenshot,
  startWebApp,
  type WebApp,
} from './support/web.js';
import { texts } from './support/web-texts.js';

const FIVE_MINUTES = 5 * 60_000;
const CLIENT_TEXT = 'مرحبًا، أرسلت لكم رسالة مكتب الأجانب. هل يجب أن أرد عليها قبل الموعد؟';
const ANSWER_NAME = 'antwort-beratung.pdf';

/**
 * A zone where it is daytime now: the notice of a counsellor's message waits for 08:00 in the
 * client's zone when it is night there, and this test must not depend on the hour CI runs at.
 */
function daytimeZone(now = new Date()): string {
  const zones = [
    'Europe/Berlin',
    'Asia/Dubai',
    'Asia/Tokyo',
    'Pacific/Auckland',
    'Pacific/Honolulu',
    'America/Los_Angeles',
    'America/New_York',
    'America/Sao_Paulo',
  ];
  const hour = (zone: string) =>
    Number(
      new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hour12: false, timeZone: zone }).format(
        now,
      ),
    );
  return zones.find((zone) => hour(zone) >= 9 && hour(zone) < 18) ?? 'Europe/Berlin';
}

/** A one-page PDF as the counsellor's own software would make it. */
function answerPdf(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(14).text('Antwort der Beratungsstelle: bitte bringen Sie den Mietvertrag mit.');
    doc.end();
  });
}

function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** axe-core over one part of the page (WCAG 2.1 A/AA): any serious or critical violation fails. */
async function expectRegionAccessible(page: Page, selector: string, label: string): Promise<void> {
  const result = await new AxeBuilder({ page })
    .include(selector)
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    label,
  ).toEqual([]);
}

/**
 * The secure conversation in a real browser: an Arabic client on a small phone (right to left)
 * photographs a three-page letter, sends it as one PDF made in the browser from downscaled photos,
 * and writes a question; the counsellor (over the API) reads both and answers with a PDF, which
 * appears on the client's page live, is announced politely and downloads with the token in a
 * header only. The client is told once, without content, that there is a message. A walk-in
 * ticket's page shows its conversation too.
 */
describe.runIf(browserTestsRun)(
  'web: the client’s conversation with documents photographed on a phone',
  { timeout: 240_000 },
  () => {
    let web: WebApp;
    let browser: Browser;
    let counsellorAuth: { Authorization: string };
    let admin: { Authorization: string };
    let manageToken: string;
    let appointmentId: string;
    let zone: string;
    let photoDir: string;
    const ar = texts('ar', 'conversation');
    const email = 'amal.conversation@example.org';

    beforeAll(async () => {
      photoDir = mkdtempSync(join(tmpdir(), 'letter-photos-'));
      web = await startWebApp();
      browser = await launchBrowser();
      // The server's test clock at the real time: the browser's clock is real.
      web.t.clock.advance(Date.now() - web.t.clock.now().getTime());
      zone = daytimeZone();
      admin = { Authorization: `Bearer ${(await web.t.login('admin')).token}` };
      const login = await web.t.login('counsellor');
      counsellorAuth = { Authorization: `Bearer ${login.token}` };
      const created = await request(web.t.http)
        .post('/api/admin/counsellors')
        .set(admin)
        .send({
          displayName: 'Rana Haddad',
          languages: ['ar', 'de'],
          topics: ['general'],
          staffId: login.id,
        })
        .expect(201);
      for (let weekday = 1; weekday <= 7; weekday += 1) {
        await request(web.t.http)
          .post(`/api/counsellors/${created.body.id}/rules`)
          .set(admin)
          .send({ weekday, start: '00:00', end: '24:00' })
          .expect(201);
      }
      const type = await request(web.t.http)
        .post('/api/admin/consultation-types')
        .set(admin)
        .send({
          name: { de: 'Aufenthalt', en: 'Residence', ar: 'الإقامة' },
          topic: 'general',
          durationMinutes: 20,
          stepMinutes: 5,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 0,
          horizonDays: 30,
          channel: 'video',
          counsellorIds: [created.body.id],
        })
        .expect(201);
      const start = new Date(Math.ceil((Date.now() + FIVE_MINUTES) / FIVE_MINUTES) * FIVE_MINUTES);
      const booked = await request(web.t.http)
        .post('/api/public/appointments')
        .send({
          consultationTypeId: type.body.id,
          start: start.toISOString(),
          pseudonym: 'Amal',
          language: 'ar',
          timeZone: zone,
          contact: { channel: 'email', value: email },
        })
        .expect(201);
      manageToken = booked.body.manageToken as string;
      appointmentId = booked.body.appointment.id as string;
    });

    afterAll(async () => {
      await browser?.close();
      await web?.close();
      if (photoDir) rmSync(photoDir, { recursive: true, force: true });
    });

    it('sends a photographed letter as one PDF and a message; the answer arrives live', async () => {
      const photos = await letterPhotos(browser, 4);
      const client = await newPage(browser, web.baseUrl, {
        mobile: true,
        language: 'ar',
        timezoneId: zone,
      });
      const apiUrls: string[] = [];
      client.on('request', (r) => {
        if (new URL(r.url()).pathname.startsWith('/api/')) apiUrls.push(r.url());
      });
      await client.goto(`/manage#token=${manageToken}`);
      const region = client.getByRole('region', {
        name: ar('titleWith', { name: 'Rana Haddad' }),
      });
      await region.waitFor();
      expect(await client.evaluate(() => document.documentElement.dir)).toBe('rtl');
      await region.getByText(ar('empty')).waitFor();

      // Three pages photographed one after the other, and a fourth by mistake, removed again.
      const camera = region.locator('input[type="file"][capture="environment"]');
      expect(await camera.getAttribute('accept')).toBe('image/*');
      // As files on disk, as a phone's camera hands them over (and faster than through the protocol).
      const files = photos.map((photo, i) => {
        const path = join(photoDir, `IMG_2026120${i + 1}.jpg`);
        writeFileSync(path, photo);
        return path;
      });
      await camera.setInputFiles(files.slice(0, 3), { timeout: 120_000 });
      await camera.setInputFiles(files[3], { timeout: 120_000 });
      for (const page of ['1', '2', '3', '4'])
        await region
          .getByRole('img', { name: ar('documents.page', { page }) })
          .waitFor({ timeout: 60_000 });
      await region.getByRole('button', { name: ar('documents.remove', { page: '4' }) }).click();
      expect(await region.getByRole('img').count()).toBe(3);
      const combine = region.getByRole('checkbox', { name: ar('documents.combine') });
      expect(await combine.isChecked()).toBe(true);
      await expectRegionAccessible(
        client,
        'section.conversation',
        'conversation with pages to send',
      );
      await screenshot(client, 'conversation-pages-ar-mobile');

      const upload = client.waitForRequest(
        (r) =>
          r.method() === 'POST' && r.url().endsWith('/api/public/manage/conversation/documents'),
      );
      await region.getByRole('button', { name: ar('documents.send') }).click();
      const uploaded = await upload;
      expect(uploaded.headers()['x-manage-token']).toBe(manageToken);
      await region.getByText(ar('documents.sent')).waitFor({ timeout: 60_000 });
      expect(await region.getByRole('img').count()).toBe(0);

      // The question, sent with Ctrl+Enter.
      const box = region.getByLabel(ar('compose.label'));
      await box.fill(CLIENT_TEXT);
      await box.press('Control+Enter');
      await region.locator('.message-mine .message-text', { hasText: CLIENT_TEXT }).waitFor();
      expect(await box.inputValue()).toBe('');

      // The counsellor reads both over the API.
      const conversation = (
        await request(web.t.http)
          .get(`/api/appointments/${appointmentId}/conversation`)
          .set(counsellorAuth)
          .expect(200)
      ).body;
      const fromClient = conversation.messages.filter(
        (m: { author: string }) => m.author === 'client',
      );
      expect(fromClient).toHaveLength(2);
      const letter = fromClient.find((m: { document?: unknown }) => m.document);
      expect(letter.document.contentType).toBe('application/pdf');
      expect(letter.document.fileName).toMatch(/^letter-\d{4}-\d{2}-\d{2}-\d{4}\.pdf$/);
      expect(fromClient.find((m: { text?: string }) => m.text)?.text).toBe(CLIENT_TEXT);
      const pdf: Buffer = (
        await request(web.t.http)
          .get(`/api/conversations/${conversation.id}/documents/${letter.document.id}`)
          .set(counsellorAuth)
          .buffer(true)
          .parse(binary)
          .expect(200)
      ).body;
      const parsed = await getDocument({
        data: new Uint8Array(pdf),
        useSystemFonts: false,
        isEvalSupported: false,
      }).promise;
      expect(parsed.numPages).toBe(3);
      const page1 = await parsed.getPage(1);
      const [, , width, height] = page1.view;
      expect(height / width).toBeCloseTo(4 / 3, 1);
      const originals = photos.slice(0, 3).reduce((sum, photo) => sum + photo.length, 0);
      console.log(
        `three photos ${(originals / 1024).toFixed(0)} kB → one PDF ${(pdf.length / 1024).toFixed(0)} kB`,
      );
      expect(pdf.length).toBeLessThan(originals / 3);
      await request(web.t.http)
        .post(`/api/conversations/${conversation.id}/read`)
        .set(counsellorAuth)
        .expect(204);
      // The client sees the read marks come in, as text, without a reload.
      await region
        .locator('.message-mine .message-state', { hasText: ar('state.read') })
        .first()
        .waitFor({ timeout: 15_000 });

      // The client looks elsewhere on the page: the list is out of view, so nothing is read yet.
      await client.evaluate(() => window.scrollTo(0, 0));
      expect(
        await region.locator('.message-list').evaluate((list) => list.getBoundingClientRect().top),
      ).toBeGreaterThan(740);
      const answer = await answerPdf();
      await request(web.t.http)
        .post(`/api/conversations/${conversation.id}/documents`)
        .set(counsellorAuth)
        .attach('file', answer, { filename: ANSWER_NAME, contentType: 'application/pdf' })
        .expect(201);
      const live = region.locator('[aria-live="polite"][data-arrivals]');
      await expect.poll(() => live.textContent(), { timeout: 15_000 }).toBe(ar('live.newMessage'));
      await region.getByText(ANSWER_NAME).waitFor({ state: 'attached' });
      // Announced, not the whole list: the live region holds one sentence.
      expect(await client.locator('[aria-live]').filter({ hasText: ANSWER_NAME }).count()).toBe(0);

      // Exactly one notice, without content, while the client has not read the answer.
      const notices = async () =>
        web.t.dataSource.query<{ status: string; channel: string; key: string }[]>(
          `SELECT status, channel, key FROM notification WHERE kind = 'new-message'`,
        );
      await expect
        .poll(async () => (await notices()).map((n) => n.status), { timeout: 60_000 })
        .toEqual(['sent']);
      const [notice] = await notices();
      expect(notice.channel).toBe('email');
      const mailDir = join(web.t.config.DATA_DIR, 'mail');
      const mails = await Promise.all(
        (existsSync(mailDir) ? readdirSync(mailDir) : []).map((file) =>
          simpleParser(readFileSync(join(mailDir, file))),
        ),
      );
      const messageMails = mails.filter((mail) => mail.messageId?.includes('new-message'));
      expect(messageMails).toHaveLength(1);
      const body = `${messageMails[0].subject ?? ''}\n${messageMails[0].text ?? ''}\n${String(messageMails[0].html)}`;
      expect(body).not.toContain(ANSWER_NAME);
      expect(body).not.toContain('Mietvertrag');
      expect(body).not.toContain(CLIENT_TEXT);
      expect(
        messageMails[0].to && 'text' in messageMails[0].to ? messageMails[0].to.text : '',
      ).toContain(email);

      // The client scrolls to the answer: now it is read, and the counsellor sees it read.
      const downloadButton = region.getByRole('button', {
        name: ar('download', { name: ANSWER_NAME }),
      });
      await downloadButton.scrollIntoViewIfNeeded();
      await expect
        .poll(
          async () =>
            (
              await request(web.t.http)
                .get(`/api/conversations/${conversation.id}`)
                .set(counsellorAuth)
                .expect(200)
            ).body.messages.filter(
              (m: { author: string; read: boolean }) => m.author === 'counsellor' && !m.read,
            ).length,
          { timeout: 15_000 },
        )
        .toBe(0);
      const download = client.waitForEvent('download');
      await downloadButton.click();
      const file = await download;
      expect(file.suggestedFilename()).toBe(ANSWER_NAME);
      const saved = await file.path();
      expect(readFileSync(saved).equals(answer)).toBe(true);

      await expectRegionAccessible(client, 'section.conversation', 'conversation with an answer');
      await screenshot(client, 'conversation-answer-ar-mobile');
      // The token went in headers only: no API address carried it.
      expect(apiUrls.filter((url) => url.includes(manageToken))).toEqual([]);
      expect(apiUrls.some((url) => url.endsWith('/api/public/manage/conversation/events'))).toBe(
        true,
      );
      expect(await pageErrors(client)).toEqual([]);
    });

    it('shows the conversation on a walk-in ticket’s page too', async () => {
      const hour = await request(web.t.http)
        .post('/api/admin/walk-in-hours')
        .set(admin)
        .send({
          name: { de: 'Offene Sprechstunde', en: 'Open hour' },
          description: { de: 'Ohne Termin', en: 'No appointment needed' },
          topics: ['general'],
          languages: ['de', 'ar'],
          channel: 'video',
          defaultHandlingMinutes: 20,
          rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
            weekday,
            start: '00:00',
            end: '24:00',
          })),
        })
        .expect(201);
      const taken = await request(web.t.http)
        .post(`/api/public/walk-in/hours/${hour.body.id}/tickets`)
        .send({ language: 'ar', pseudonym: 'Samir', privacyAccepted: true })
        .expect(201);
      const client = await newPage(browser, web.baseUrl, { mobile: true, language: 'ar' });
      await client.goto(`/walk-in/ticket#token=${taken.body.ticketToken}`);
      const region = client.locator('section.conversation');
      await region.getByRole('heading', { level: 2 }).waitFor();
      await region.getByLabel(ar('compose.label')).waitFor();
      await region.getByRole('button', { name: ar('documents.takePhoto') }).waitFor();
      await expectRegionAccessible(client, 'section.conversation', 'conversation on a ticket');
      await screenshot(client, 'conversation-ticket-ar-mobile');
      expect(await pageErrors(client)).toEqual([]);
    });
  },
);
