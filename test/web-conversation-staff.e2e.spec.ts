/// <reference lib="dom" />
// Callbacks of page.evaluate run in the browser: their document and window are the DOM's.
import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
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

const FIVE_MINUTES = 5 * 60_000;
const m = (key: string, values?: Record<string, string>) =>
  texts('en', 'staff')(`messages.${key}`, values);

/** A real 16 × 16 PNG (the browser decodes it for the thumbnail), built by hand. */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(16, 0);
  header.writeUInt32BE(16, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(16 * 3, 0x80)]);
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: 16 }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const PHOTO = png();
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\nAntrag ausgefuellt\n',
);

interface ClientView {
  messages: {
    author: 'client' | 'counsellor';
    text?: string;
    read: boolean;
    document?: { fileName: string } | null;
  }[];
}

/**
 * The counsellor's side of the conversations in a real browser: a client writes and sends a photo
 * over the manage link; the counsellor sees the unread badge, opens the inbox and the conversation,
 * reads (which marks it read for the client), opens the photo, answers with a PDF and a text, and
 * sees the client's delivered/read marks arrive by the event stream. Another counsellor of the
 * office sees nothing of it; an admin sees that it exists and its size only.
 */
describe.skipIf(!browserTestsRun)('counsellor inbox and conversation (browser)', () => {
  let web: WebApp;
  let browser: Browser;
  /** A staff account of the office, as the test app creates it. */
  type Account = Awaited<ReturnType<WebApp['t']['login']>>;
  let counsellor: Account;
  let other: Account;
  let admin: Account;
  let manageToken: string;
  let appointmentId: string;
  let conversationId: string;

  /** The server's test clock to the real time, then a second on, so that every write is later. */
  const tick = () => {
    web.t.clock.advance(Date.now() - web.t.clock.now().getTime());
    web.t.clock.advance(1000);
  };
  const manage = () => ({ 'X-Manage-Token': manageToken });
  const bearer = (who: { token: string }) => ({ Authorization: `Bearer ${who.token}` });
  const clientView = async (): Promise<ClientView> =>
    (await request(web.t.http).get('/api/public/manage/conversation').set(manage()).expect(200))
      .body as ClientView;

  beforeAll(async () => {
    web = await startWebApp();
    browser = await launchBrowser();
    tick();
    admin = await web.t.login('admin');
    counsellor = await web.t.login('counsellor');
    other = await web.t.login('counsellor');
    const profile = await request(web.t.http)
      .post('/api/admin/counsellors')
      .set(bearer(admin))
      .send({
        displayName: 'Olena Bondar',
        languages: ['uk', 'de'],
        topics: ['general'],
        staffId: counsellor.id,
      })
      .expect(201);
    await request(web.t.http)
      .post('/api/admin/counsellors')
      .set(bearer(admin))
      .send({
        displayName: 'Jonas Weber',
        languages: ['de'],
        topics: ['general'],
        staffId: other.id,
      })
      .expect(201);
    for (let weekday = 1; weekday <= 7; weekday += 1) {
      await request(web.t.http)
        .post(`/api/counsellors/${profile.body.id}/rules`)
        .set(bearer(admin))
        .send({ weekday, start: '00:00', end: '24:00' })
        .expect(201);
    }
    const type = await request(web.t.http)
      .post('/api/admin/consultation-types')
      .set(bearer(admin))
      .send({
        name: { de: 'Beratung Aufenthalt', en: 'Residence counselling' },
        topic: 'general',
        durationMinutes: 20,
        stepMinutes: 5,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 0,
        horizonDays: 30,
        channel: 'video',
        counsellorIds: [profile.body.id],
      })
      .expect(201);
    // Booked "in the past" (server clock an hour back), so that it is on today's list of the
    // console in real time.
    const start = new Date(Math.floor((Date.now() - FIVE_MINUTES) / FIVE_MINUTES) * FIVE_MINUTES);
    web.t.clock.advance(-60 * 60_000);
    const booked = await request(web.t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: type.body.id,
        start: start.toISOString(),
        pseudonym: 'Darya',
        language: 'uk',
        contact: { channel: 'email', value: 'darya@example.org' },
      })
      .expect(201);
    appointmentId = booked.body.appointment.id;
    manageToken = booked.body.manageToken;

    // The client writes and sends a photo of a letter.
    tick();
    await request(web.t.http)
      .post('/api/public/manage/conversation/messages')
      .set(manage())
      .send({ text: 'Guten Tag, hier ist der Brief vom Amt.' })
      .expect(201);
    tick();
    await request(web.t.http)
      .post('/api/public/manage/conversation/documents')
      .set(manage())
      .attach('file', PHOTO, { filename: 'brief-amt.png', contentType: 'image/png' })
      .expect(201);
    const inbox = await request(web.t.http)
      .get('/api/conversations')
      .set(bearer(counsellor))
      .expect(200);
    conversationId = (inbox.body as { id: string; appointmentId?: string }[]).find(
      (c) => c.appointmentId === appointmentId,
    )!.id;
    tick();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('lets the counsellor read the client’s message and photo and answer with a PDF and a text', async () => {
    const unread = await request(web.t.http)
      .get('/api/conversations/unread')
      .set(bearer(counsellor))
      .expect(200);
    expect(unread.body).toEqual({ conversations: 1, messages: 2 });

    const page = await newPage(browser, web.baseUrl);
    await loginInBrowser(page, counsellor.email, counsellor.password);
    await page.getByRole('heading', { level: 1, name: 'My appointments' }).waitFor();
    // The badge in the navigation, and the unread mark beside today's appointment.
    const nav = page.getByRole('link', { name: `${m('nav')} ${m('navUnread', { count: '2' })}` });
    await nav.waitFor();
    const today = page.getByRole('region', { name: /^Today/ });
    await today.getByRole('button', { name: m('consoleUnread', { count: '2' }) }).waitFor();

    // The inbox: one row, unread, opened by keyboard.
    await nav.click();
    await page.getByRole('heading', { level: 1, name: m('title') }).waitFor();
    const row = page.getByRole('link', { name: /Darya/ });
    await row.getByText(m('unread', { count: '2' })).waitFor();
    await row.getByText(pattern(m('appointmentAt', { time: '{{time}}' }))).waitFor();
    await expectAccessible(page, 'counsellor inbox');
    await screenshot(page, 'staff-inbox-desktop');
    await row.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/staff/messages/${conversationId}`);

    // The conversation: the text, the photo as a row with a thumbnail.
    await page.getByRole('heading', { name: m('conversationWith', { name: 'Darya' }) }).waitFor();
    await page.getByText('Guten Tag, hier ist der Brief vom Amt.').waitFor();
    const open = page.getByRole('button', { name: m('openDocument', { name: 'brief-amt.png' }) });
    await open.waitFor();
    const thumbnail = page.getByRole('img', { name: m('preview', { name: 'brief-amt.png' }) });
    await thumbnail.waitFor();
    await expect
      .poll(() => thumbnail.evaluate((image) => (image as HTMLImageElement).naturalWidth))
      .toBe(16);
    expect(await thumbnail.getAttribute('src')).toMatch(/^blob:/);

    // Shown is read: the client's messages are marked read, the badge goes.
    await expect
      .poll(async () => (await clientView()).messages.filter((x) => x.author === 'client'))
      .toEqual([
        expect.objectContaining({ text: 'Guten Tag, hier ist der Brief vom Amt.', read: true }),
        expect.objectContaining({
          document: expect.objectContaining({ fileName: 'brief-amt.png' }),
          read: true,
        }),
      ]);
    await page.getByRole('link', { name: m('nav'), exact: true }).waitFor();

    // "Open" fetches the file in the session and saves it: a download, never a page of ours.
    const downloading = page.waitForEvent('download');
    await open.click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('brief-amt.png');
    expect(Buffer.compare(readFileSync(await download.path()), PHOTO)).toBe(0);
    expect(page.url()).toContain(`/staff/messages/${conversationId}`);

    // A file the server refuses: a readable message, not a status code.
    const fileInput = page.getByLabel(m('file'));
    await fileInput.setInputFiles({
      name: 'notiz.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('only text, not a PDF'),
    });
    await page.getByRole('button', { name: m('sendFile') }).click();
    await page.getByText(m('errors.type')).waitFor();

    // The answer: a filled-in form as PDF, then a text.
    tick();
    await fileInput.setInputFiles({ name: 'Antrag.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: m('sendFile') }).click();
    await page.getByText(m('fileSent', { name: 'Antrag.pdf' })).waitFor();
    await page.getByRole('button', { name: m('openDocument', { name: 'Antrag.pdf' }) }).waitFor();
    tick();
    await page
      .getByLabel(m('text'))
      .fill('Danke! Ich habe den Antrag ausgefüllt, bitte unterschreiben.');
    await page.getByRole('button', { name: m('send'), exact: true }).click();
    await page.getByText(m('textSent')).waitFor();
    const mine = page.getByRole('listitem').filter({ hasText: 'bitte unterschreiben' });
    const mark = (text: string) => mine.getByText(new RegExp(`· ${text}$`));
    await mark(m('sent')).waitFor();
    await expectAccessible(page, 'counsellor conversation');
    await screenshot(page, 'staff-conversation-desktop');

    // The client sees both; fetching marks them delivered, reading marks them read, and the
    // counsellor's page follows by the event stream.
    tick();
    const seen = await clientView();
    expect(seen.messages.filter((x) => x.author === 'counsellor')).toEqual([
      expect.objectContaining({ document: expect.objectContaining({ fileName: 'Antrag.pdf' }) }),
      expect.objectContaining({
        text: 'Danke! Ich habe den Antrag ausgefüllt, bitte unterschreiben.',
      }),
    ]);
    await mark(m('delivered')).waitFor({ timeout: 10_000 });
    tick();
    await request(web.t.http)
      .post('/api/public/manage/conversation/read')
      .set(manage())
      .expect(204);
    await mark(m('read')).waitFor({ timeout: 10_000 });

    // A new client message arrives live, and is read at once since it is shown.
    tick();
    await request(web.t.http)
      .post('/api/public/manage/conversation/messages')
      .set(manage())
      .send({ text: 'Mache ich, danke.' })
      .expect(201);
    await page.getByText('Mache ich, danke.').waitFor({ timeout: 10_000 });
    await expect
      .poll(async () => (await clientView()).messages.at(-1))
      .toMatchObject({ text: 'Mache ich, danke.', read: true });

    // When nothing changes, the open conversation stays quiet: reading it must not announce a
    // change that makes the page read it again. (At most one safety re-read of the three
    // queries may fall into the window.)
    await page.waitForTimeout(2000);
    const reads: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/conversations')) reads.push(r.url());
    });
    await page.waitForTimeout(5000);
    expect(reads.length).toBeLessThanOrEqual(3);

    // The same conversation beside the appointment in the console, opened on demand.
    await page
      .getByRole('link', { name: texts('en', 'staff')('nav.console'), exact: true })
      .click();
    const beside = today.getByRole('button', { name: m('console'), exact: true });
    await beside.click();
    expect(await beside.getAttribute('aria-expanded')).toBe('true');
    await today.getByRole('heading', { name: m('conversationWith', { name: 'Darya' }) }).waitFor();
    await today.getByText('Mache ich, danke.').waitFor();
    await today.getByRole('button', { name: m('openDocument', { name: 'Antrag.pdf' }) }).waitFor();

    expect(await pageErrors(page)).toEqual([]);
  }, 180_000);

  it('shows another counsellor of the office nothing of it', async () => {
    const listed = await request(web.t.http)
      .get('/api/conversations')
      .set(bearer(other))
      .expect(200);
    expect((listed.body as { id: string }[]).map((c) => c.id)).not.toContain(conversationId);
    const refused = await request(web.t.http)
      .get(`/api/conversations/${conversationId}`)
      .set(bearer(other));
    expect([403, 404]).toContain(refused.status);

    const page = await newPage(browser, web.baseUrl);
    await loginInBrowser(page, other.email, other.password);
    await page.goto('/staff/messages');
    await page.getByText(m('none')).waitFor();
    await page.goto(`/staff/messages/${conversationId}`);
    await page
      .getByRole('alert')
      .filter({ hasText: refused.status === 403 ? m('errors.forbidden') : m('errors.notFound') })
      .waitFor();
    expect(await page.getByText('Darya').count()).toBe(0);
    expect(await page.getByText('Guten Tag').count()).toBe(0);
    expect(await pageErrors(page)).toEqual([]);
  });

  it('shows an admin that the conversation exists and its size, nothing more', async () => {
    const listed = await request(web.t.http)
      .get('/api/conversations')
      .set(bearer(admin))
      .expect(200);
    const count = (await clientView()).messages.length;
    const row = (listed.body as Record<string, unknown>[]).find((c) => c.id === conversationId);
    expect(row).toMatchObject({ messageCount: count, sizeBytes: expect.any(Number) });
    expect(row?.sizeBytes).toBeGreaterThan(0);
    expect(row).not.toHaveProperty('clientName');
    await request(web.t.http)
      .get(`/api/conversations/${conversationId}`)
      .set(bearer(admin))
      .expect(403);

    const page = await newPage(browser, web.baseUrl);
    await loginInBrowser(page, admin.email, admin.password);
    await page.getByRole('link', { name: m('nav'), exact: true }).click();
    const table = page.getByRole('region', { name: m('officeList') });
    const line = table
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: m('subjectAppointment'), exact: true }) });
    await line.waitFor();
    await line.getByRole('cell', { name: String(count), exact: true }).waitFor();
    expect(await page.getByText('Darya').count()).toBe(0);
    expect(await table.getByRole('link').count()).toBe(0);
    expect(await pageErrors(page)).toEqual([]);
  });
});
