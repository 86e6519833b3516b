/// <reference lib="dom" />
// Callbacks of page.evaluate run in the browser: their document and window are the DOM's.
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SurveyPlanner } from '@app/notifications';
import { SmtpSink } from './support/smtp-sink.js';
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

const BASE = 'https://sprechstunde.test';
const MINUTE = 60_000;

/**
 * The feedback survey in a real browser, in Arabic on a phone (right to left): the client taps
 * "5" in the survey mail, which is stored as the answer when the page opens; the client adds the
 * rest and sends; the same link then says it was answered. axe checks each state.
 */
describe.runIf(browserTestsRun)(
  'web: a client answers the feedback survey in Arabic',
  { timeout: 120_000 },
  () => {
    let web: WebApp;
    let smtp: SmtpSink;
    let browser: Browser;
    /** The survey links of the mail, by first answer ('' for the plain link): path, query, fragment. */
    const links = new Map<string, string>();
    const ar = texts('ar', 'survey');

    const setClock = (iso: string) =>
      web.t.clock.advance(new Date(iso).getTime() - web.t.clock.now().getTime());

    beforeAll(async () => {
      smtp = await SmtpSink.start();
      web = await startWebApp({ env: { SMTP_URL: smtp.url, PUBLIC_BASE_URL: BASE } });
      browser = await launchBrowser();
      setClock('2026-12-07T09:05:00Z');
      const adminLogin = await web.t.login('admin');
      const admin = { Authorization: `Bearer ${adminLogin.token}` };
      const login = await web.t.login('counsellor');
      const counsellor = await request(web.t.http)
        .post('/api/admin/counsellors')
        .set(admin)
        .send({
          displayName: 'Amira',
          languages: ['ar', 'de'],
          topics: ['residence'],
          staffId: login.id,
        })
        .expect(201);
      await request(web.t.http)
        .post(`/api/counsellors/${counsellor.body.id}/rules`)
        .set(admin)
        .send({ weekday: 2, start: '09:00', end: '12:00' })
        .expect(201);
      const type = await request(web.t.http)
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
          reminderOffsetsMinutes: [],
          counsellorIds: [counsellor.body.id],
        })
        .expect(201);
      const booked = await request(web.t.http)
        .post('/api/public/appointments')
        .send({
          consultationTypeId: type.body.id,
          counsellorId: counsellor.body.id,
          start: '2026-12-08T10:00:00+01:00',
          pseudonym: 'Mariam',
          language: 'ar',
          timeZone: 'Europe/Berlin',
          contact: { channel: 'email', value: 'mariam@example.org' },
        })
        .expect(201);
      // The consultation takes place: the counsellor records it, it ends.
      setClock('2026-12-08T09:05:00Z');
      const again = await request(web.t.http)
        .post('/api/auth/login')
        .send({ email: login.email, password: login.password })
        .expect(200);
      await request(web.t.http)
        .post(`/api/appointments/${booked.body.appointment.id}/outcome`)
        .set({ Authorization: `Bearer ${again.body.token}` })
        .send({ outcome: 'completed' })
        .expect(200);
      web.t.clock.advance(35 * MINUTE);
      await web.t.app.get(SurveyPlanner).planDue();
      const isSurvey = (m: { parsed: { messageId?: string } }) =>
        /^<survey\./.test(m.parsed.messageId ?? '');
      await smtp.waitFor(() => smtp.to('mariam@example.org').some(isSurvey));
      const mail = smtp.to('mariam@example.org').find(isSurvey)!;
      for (const match of (mail.parsed.text ?? '').matchAll(
        /https:\/\/sprechstunde\.test(\/survey\?lang=ar#token=[A-Za-z0-9_-]{43}(?:&helpful=(\d))?)/g,
      ))
        links.set(match[2] ?? '', match[1]);
      expect([...links.keys()].sort()).toEqual(['', '1', '2', '3', '4', '5']);
    });

    afterAll(async () => {
      await browser?.close();
      await web?.close();
      await smtp?.stop();
    });

    it('opens with the tapped answer, takes the rest, thanks, and then says it was answered', async () => {
      const page = await newPage(browser, web.baseUrl, { mobile: true, language: 'de' });

      // The plain link: sending without the first answer is refused on the page (nothing is sent).
      await page.goto(links.get('')!);
      await page.getByRole('heading', { name: ar('title') }).waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar');
      await page.getByRole('button', { name: ar('send') }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: ar('required') })
        .waitFor();
      await expectAccessible(page, 'survey: first question missing (ar)');

      const token = /#token=([A-Za-z0-9_-]{43})/.exec(links.get('5')!)![1];
      const context = await request(web.t.http)
        .get('/api/public/survey')
        .set('X-Survey-Token', token)
        .expect(200);
      // The mail's "5 – very": the tap is the answer, stored when the page opens.
      const tapped = await newPage(browser, web.baseUrl, { mobile: true, language: 'de' });
      await tapped.goto(links.get('5')!);
      await tapped
        .getByRole('status')
        .filter({ hasText: ar('tapSaved', { answer: '5' }) })
        .waitFor();
      const stored = () =>
        web.t.dataSource.query<Record<string, unknown>[]>(
          'SELECT helpful, technology_easy, use_again, comment, language, channel, topic FROM survey_answer',
        );
      expect(await stored()).toEqual([
        {
          helpful: 5,
          technology_easy: null,
          use_again: null,
          comment: null,
          language: 'ar',
          channel: 'video',
          topic: 'residence',
        },
      ]);
      // The first question is answered: the page asks the others.
      expect(await tapped.getByRole('group', { name: ar('helpful.legend') }).count()).toBe(0);
      const technology = tapped.getByRole('group', { name: ar('technology.legend') });
      // The office's name, and nothing of the consultation or the client.
      await tapped.getByText(ar('intro', { office: context.body.officeName })).waitFor();
      const body = await tapped.locator('main').innerText();
      expect(body).not.toContain('Mariam');
      expect(body).not.toContain('Amira');
      await expectAccessible(tapped, 'survey form (ar, phone)');
      // Big targets: each answer is at least 44 px high and wide on a 360 px phone.
      const box = await technology
        .getByRole('radio', { name: '3' })
        .evaluate((input) => input.closest('label')!.getBoundingClientRect().toJSON() as DOMRect);
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.width).toBeGreaterThanOrEqual(44);
      // Right to left: "1" stands right of "5".
      const x = async (name: string) =>
        technology
          .getByRole('radio', { name })
          .evaluate((input) => input.closest('label')!.getBoundingClientRect().left);
      expect(await x(`1 – ${ar('technology.low')}`)).toBeGreaterThan(
        await x(`5 – ${ar('technology.high')}`),
      );

      await technology.getByRole('radio', { name: '4' }).check();
      await tapped
        .getByRole('group', { name: ar('again.legend') })
        .getByRole('radio', { name: ar('again.yes') })
        .check();
      await tapped.getByLabel(ar('comment.label')).fill('كانت المستشارة لطيفة جدًا.');
      await screenshot(tapped, 'web-survey-ar-form');
      await tapped.getByRole('button', { name: ar('send') }).click();
      await tapped.getByRole('heading', { name: ar('thanks.title') }).waitFor();
      await expectAccessible(tapped, 'survey thanks (ar)');

      expect(await stored()).toEqual([
        {
          helpful: 5,
          technology_easy: 4,
          use_again: true,
          comment: 'كانت المستشارة لطيفة جدًا.',
          language: 'ar',
          channel: 'video',
          topic: 'residence',
        },
      ]);

      // The link again (the same page reloaded, and the first page's form): answered.
      await tapped.reload();
      await tapped.getByText(ar('answered')).waitFor();
      await expectAccessible(tapped, 'survey answered (ar)');
      await screenshot(tapped, 'web-survey-ar-answered');
      await page
        .getByRole('group', { name: ar('helpful.legend') })
        .getByRole('radio', { name: '2' })
        .check();
      await page.getByRole('button', { name: ar('send') }).click();
      await page.getByText(ar('answered')).waitFor();
      const [{ n }] = await web.t.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM survey_answer',
      );
      expect(n).toBe(1);

      expect(await pageErrors(page)).toEqual([]);
      expect(await pageErrors(tapped)).toEqual([]);
    });
  },
);
