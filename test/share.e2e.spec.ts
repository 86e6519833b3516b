import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOffice } from './support/offices.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const BASE = 'https://termine.example.org';
const SLUG = 'willkommen-mitte';
// Markup in every name: the cards must escape it.
const OFFICE_NAME = {
  de: 'Willkommen <Mitte> & "Co"',
  en: 'Welcome <Centre> & "Co"',
  ar: 'مركز <الترحيب> & "معًا"',
  uk: 'Центр <Привіт> & "Ко"',
};

/** A crawler's request: no JavaScript, and an Accept header that does not ask for HTML. */
const crawl = (t: TestApp, path: string) =>
  request(t.http).get(path).set('User-Agent', 'TelegramBot (like TwitterBot)').set('Accept', '*/*');

/** The value of one meta tag (HTML-unescaped by the DOM-less way: the raw attribute). */
function meta(html: string, attribute: 'property' | 'name', key: string): string | undefined {
  return new RegExp(`<meta ${attribute}="${key}" content="([^"]*)"`).exec(html)?.[1];
}

/** A binary answer as a Buffer (supertest buffers only known types by default). */
const binary = (response: request.Test) =>
  response.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

async function pdfOf(body: Buffer) {
  const document = await getDocument({
    data: new Uint8Array(body),
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
  const page = await document.getPage(1);
  const text = (await page.getTextContent()).items
    .map((item) => ('str' in item ? item.str : ''))
    .join(' ');
  return { pages: document.numPages, view: page.view, text };
}

/**
 * Sharing over HTTP: share links answer the web app's index.html with the card of the office,
 * type or walk-in hour in the link's language (escaped), the preview image is a 1200 × 630 PNG,
 * the poster one A4 page of PDF with the office's name, languages and walk-in hours.
 */
describe('sharing', () => {
  let t: TestApp;
  let webDir: string;
  let typeId: string;
  let hourId: string;

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'sprechstunde-share-web-'));
    copyFileSync('apps/web/index.html', join(webDir, 'index.html'));
    t = await createTestApp({ env: { PUBLIC_BASE_URL: BASE, WEB_DIR: webDir } });
    const officeId = await insertOffice(t.dataSource, {
      slug: SLUG,
      name: OFFICE_NAME,
      languages: ['de'],
      topics: ['residence'],
    });
    const admin = {
      Authorization: `Bearer ${(await t.login('admin', undefined, officeId)).token}`,
    };
    const counsellor = await request(t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({ displayName: 'Amira', languages: ['ar', 'de', 'uk'], topics: ['residence'] })
      .expect(201);
    const type = await request(t.http)
      .post('/api/admin/consultation-types')
      .set(admin)
      .send({
        name: {
          de: 'Erstberatung Aufenthalt',
          en: 'First consultation',
          ar: 'الاستشارة الأولى',
          uk: 'Перша консультація',
        },
        topic: 'residence',
        durationMinutes: 45,
        stepMinutes: 45,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 60,
        horizonDays: 60,
        channel: 'video',
        counsellorIds: [counsellor.body.id],
      })
      .expect(201);
    typeId = type.body.id;
    const hour = await request(t.http)
      .post('/api/admin/walk-in-hours')
      .set(admin)
      .send({
        name: {
          de: 'Offene Sprechstunde',
          en: 'Open hour',
          ar: 'ساعة مفتوحة',
          uk: 'Відкрита година',
        },
        description: {},
        topics: ['residence'],
        languages: ['de', 'ar'],
        channel: 'video',
        maxQueue: 30,
        closeMarginMinutes: 10,
        graceMinutes: 3,
        defaultHandlingMinutes: 10,
        rules: [{ weekday: 2, start: '10:00', end: '12:00' }],
      })
      .expect(201);
    hourId = hour.body.id;
  });
  afterAll(async () => {
    await t?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('lists the links of an office with short readable keys', async () => {
    const { body } = await request(t.http)
      .get('/api/public/share/links')
      .query({ office: SLUG, language: 'ar' })
      .expect(200);
    expect(body.office).toEqual({
      slug: SLUG,
      name: OFFICE_NAME.ar,
      url: `${BASE}/s/${SLUG}/ar`,
    });
    expect(body.types).toEqual([
      {
        id: typeId,
        key: `first-consultation-${typeId.slice(0, 8)}`,
        name: 'الاستشارة الأولى',
        url: `${BASE}/s/${SLUG}/ar/first-consultation-${typeId.slice(0, 8)}`,
      },
    ]);
    expect(body.walkInHours).toEqual([
      {
        id: hourId,
        key: `open-hour-${hourId.slice(0, 8)}`,
        name: 'ساعة مفتوحة',
        url: `${BASE}/s/${SLUG}/ar/walk-in/open-hour-${hourId.slice(0, 8)}`,
      },
    ]);
    expect(body.posterUrl).toBe(`${BASE}/api/public/share/poster.pdf?office=${SLUG}&language=ar`);
  });

  it('answers a share link with index.html carrying the card in Arabic, escaped, right to left', async () => {
    const key = `first-consultation-${typeId.slice(0, 8)}`;
    const answer = await crawl(t, `/s/${SLUG}/ar/${key}`).expect(200);
    expect(answer.headers['content-type']).toMatch(/^text\/html/);
    const html = answer.text;
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<div id="root"></div>');
    const title = 'الاستشارة الأولى – مركز &lt;الترحيب&gt; &amp; &quot;معًا&quot;';
    expect(html).toContain(`<title>${title}</title>`);
    expect(meta(html, 'property', 'og:title')).toBe(title);
    expect(meta(html, 'property', 'og:description')).toContain('احجز موعدًا');
    expect(meta(html, 'property', 'og:locale')).toBe('ar_AR');
    expect(meta(html, 'property', 'og:type')).toBe('website');
    expect(meta(html, 'property', 'og:url')).toBe(`${BASE}/s/${SLUG}/ar/${key}`);
    expect(meta(html, 'property', 'og:image')).toBe(
      `${BASE}/api/public/share/preview.png?office=${SLUG}&amp;language=ar&amp;type=${key}`,
    );
    expect(meta(html, 'name', 'twitter:card')).toBe('summary_large_image');
    // No raw markup of the name anywhere: it could close the attribute or the element.
    expect(html).not.toContain('<الترحيب>');
    expect(html).not.toContain('"معًا"');
    // The same headers as every page (the CSP among them).
    expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('previews the office and a walk-in hour in Ukrainian, and the pages they lead to', async () => {
    const office = (await crawl(t, `/s/${SLUG}/uk`).expect(200)).text;
    expect(office).toContain('<html lang="uk" dir="ltr">');
    expect(meta(office, 'property', 'og:title')).toBe('Центр &lt;Привіт&gt; &amp; &quot;Ко&quot;');
    expect(meta(office, 'property', 'og:description')).toContain('Запишіться онлайн');
    expect(meta(office, 'property', 'og:locale')).toBe('uk_UA');

    const hourKey = `open-hour-${hourId.slice(0, 8)}`;
    const hour = (await crawl(t, `/s/${SLUG}/uk/walk-in/${hourKey}`).expect(200)).text;
    expect(meta(hour, 'property', 'og:title')).toBe(
      'Відкрита година – Центр &lt;Привіт&gt; &amp; &quot;Ко&quot;',
    );
    // The walk-in page itself, with ?lang=, previews the same card under its canonical share URL.
    const page = (await crawl(t, `/walk-in/${hourId}?lang=uk`).expect(200)).text;
    expect(meta(page, 'property', 'og:url')).toBe(`${BASE}/s/${SLUG}/uk/walk-in/${hourKey}`);
    const officePage = (await crawl(t, `/o/${SLUG}?type=${typeId}&lang=ar`).expect(200)).text;
    expect(meta(officePage, 'property', 'og:title')).toMatch(/^الاستشارة الأولى – /);
  });

  it('leaves other pages and unknown offices with the plain index.html', async () => {
    const plain = await request(t.http).get('/manage').set('Accept', 'text/html').expect(200);
    expect(plain.text).toContain('<title>Sprechstunde</title>');
    expect(plain.text).not.toContain('og:title');
    const unknown = await request(t.http).get('/s/no-such-office/ar').set('Accept', 'text/html');
    expect(unknown.status).toBe(200);
    expect(unknown.text).not.toContain('og:title');
  });

  it('renders the preview image as a 1200 × 630 PNG, cached and revalidated', async () => {
    const answer = await binary(
      request(t.http)
        .get('/api/public/share/preview.png')
        .query({ office: SLUG, language: 'ar', type: `x-${typeId.slice(0, 8)}` }),
    ).expect(200);
    expect(answer.headers['content-type']).toBe('image/png');
    expect(answer.headers['cache-control']).toBe('public, max-age=3600');
    const png = answer.body as Buffer;
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    const etag = answer.headers.etag;
    await request(t.http)
      .get('/api/public/share/preview.png')
      .query({ office: SLUG, language: 'ar', type: `x-${typeId.slice(0, 8)}` })
      .set('If-None-Match', etag)
      .expect(304);
    // Another language is another image.
    const ukrainian = await binary(
      request(t.http).get('/api/public/share/preview.png').query({ office: SLUG, language: 'uk' }),
    ).expect(200);
    expect(ukrainian.headers.etag).not.toBe(etag);
  });

  it('renders the poster as one A4 page with the name, the link, the languages and the hours', async () => {
    const answer = await binary(
      request(t.http).get('/api/public/share/poster.pdf').query({ office: SLUG, language: 'de' }),
    ).expect(200);
    expect(answer.headers['content-type']).toBe('application/pdf');
    const pdf = await pdfOf(answer.body as Buffer);
    expect(pdf.pages).toBe(1);
    expect(pdf.view.map((value: number) => Math.round(value * 100) / 100)).toEqual([
      0, 0, 595.28, 841.89,
    ]);
    const text = pdf.text.replace(/\s+/g, ' ');
    expect(text).toContain('Willkommen <Mitte> & "Co"');
    expect(text).toContain(`${BASE}/s/${SLUG}/de`);
    expect(text).toContain('Deutsch');
    expect(text).toContain('Українська');
    expect(text).toContain('Offene Sprechstunde');
    expect(text).toContain('Dienstag');
    expect(text).toContain('10:00–12:00');

    const arabic = await binary(
      request(t.http).get('/api/public/share/poster.pdf').query({ office: SLUG, language: 'ar' }),
    ).expect(200);
    const arabicPdf = await pdfOf(arabic.body as Buffer);
    expect(arabicPdf.pages).toBe(1);
    expect(arabicPdf.text).toContain(`${BASE}/s/${SLUG}/ar`);
    expect(arabicPdf.text).toMatch(/[\u0600-\u06ff]/);
  });

  it('answers an unknown office with 404 and a bad language with 400, as JSON', async () => {
    for (const path of ['/api/public/share/poster.pdf', '/api/public/share/preview.png']) {
      const missing = await request(t.http)
        .get(path)
        .query({ office: 'no-such-office', language: 'ar' })
        .expect(404);
      expect(missing.headers['content-type']).toMatch(/json/);
      expect(missing.body.code).toBe('office_not_found');
      const bad = await request(t.http)
        .get(path)
        .query({ office: SLUG, language: 'xx' })
        .expect(400);
      expect(bad.body.statusCode).toBe(400);
    }
    const unknownType = await request(t.http)
      .get('/api/public/share/preview.png')
      .query({ office: SLUG, language: 'ar', type: 'nothing-00000000' })
      .expect(404);
    expect(unknownType.body.code).toBe('consultation_type_not_found');
  });
});
