/// <reference lib="dom" />
// Callbacks of page.evaluate run in the browser: their document and window are the DOM's.
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const ZONE = 'Europe/Berlin';

/**
 * The waitlist in a real browser, in Persian on a phone (right to left): the client finds no free
 * time, joins the waitlist from the booking flow, a cancellation frees a time that is offered by
 * mail, and the client takes it on the offer page.
 */
describe.runIf(browserTestsRun)(
  'web: a client waits for a time in Persian and takes the one offered',
  { timeout: 120_000 },
  () => {
    let web: WebApp;
    let smtp: SmtpSink;
    let browser: Browser;
    let typeId: string;
    /** The one time of the week: 09:00 Berlin, two days from now (after the minimum notice). */
    let onlyStart: DateTime;
    const fa = texts('fa', 'booking');
    const faWaitlist = texts('fa', 'waitlist');

    beforeAll(async () => {
      smtp = await SmtpSink.start();
      web = await startWebApp({ env: { SMTP_URL: smtp.url } });
      browser = await launchBrowser();
      const admin = { Authorization: `Bearer ${(await web.t.login('admin')).token}` };
      const login = await web.t.login('counsellor');
      const counsellor = await request(web.t.http)
        .post('/api/admin/counsellors')
        .set(admin)
        .send({
          displayName: 'Parisa Ahmadi',
          languages: ['fa', 'de'],
          topics: ['residence'],
          staffId: login.id,
          timeZone: ZONE,
        })
        .expect(201);
      onlyStart = DateTime.now()
        .setZone(ZONE)
        .plus({ days: 2 })
        .set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
      await request(web.t.http)
        .post(`/api/counsellors/${counsellor.body.id}/rules`)
        .set(admin)
        .send({ weekday: onlyStart.weekday, start: '09:00', end: '10:00' })
        .expect(201);
      typeId = (
        await request(web.t.http)
          .post('/api/admin/consultation-types')
          .set(admin)
          .send({
            name: { de: 'Aufenthalt', en: 'Residence', fa: 'اقامت' },
            topic: 'residence',
            durationMinutes: 60,
            stepMinutes: 60,
            bufferBeforeMinutes: 0,
            bufferAfterMinutes: 0,
            minNoticeMinutes: 60,
            horizonDays: 30,
            channel: 'video',
            counsellorIds: [counsellor.body.id],
          })
          .expect(201)
      ).body.id;
    });

    afterAll(async () => {
      await browser?.close();
      await web?.close();
      await smtp?.stop();
    });

    const freeStarts = async (): Promise<number[]> =>
      (
        await request(web.t.http)
          .get('/api/public/slots')
          .query({
            consultationTypeId: typeId,
            from: onlyStart.toISODate(),
            to: onlyStart.toISODate(),
            timeZone: ZONE,
          })
          .expect(200)
      ).body.slots.map((slot: { start: string }) => DateTime.fromISO(slot.start).toMillis());

    const fitsThePhone = async (page: Page) =>
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        360,
      );

    it('joins the waitlist where nothing is free, is offered a freed time and takes it', async () => {
      // Someone else has the week's only time.
      const other = await request(web.t.http)
        .post('/api/public/appointments')
        .send({
          consultationTypeId: typeId,
          start: onlyStart.toISO(),
          pseudonym: 'Someone',
          language: 'de',
          contact: { channel: 'email', value: 'someone@example.org' },
        })
        .expect(201);
      expect(await freeStarts()).toEqual([]);

      const page = await newPage(browser, web.baseUrl, { mobile: true, language: 'fa' });
      await page.goto('/o/beratungsstelle');
      await page.getByRole('heading', { level: 1, name: fa('topic.title') }).waitFor();
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      await page
        .getByRole('group', { name: fa('topic.legend'), exact: true })
        .getByRole('radio')
        .first()
        .check();
      // The page's language is the conversation language asked for.
      expect(await page.getByRole('radio', { name: 'فارسی' }).isChecked()).toBe(true);
      await page.getByRole('button', { name: fa('next') }).click();
      await page
        .getByRole('status')
        .filter({ hasText: fa('slots.none') })
        .waitFor();

      await page.getByRole('button', { name: faWaitlist('offer.button') }).click();
      await page.getByRole('heading', { level: 1, name: faWaitlist('join.title') }).waitFor();
      // Prefilled with the days the client looked at: this week.
      const today = DateTime.now().setZone(ZONE).toISODate();
      expect(await page.getByLabel(faWaitlist('join.from')).inputValue()).toBe(today);
      expect(await page.getByLabel(faWaitlist('join.to')).inputValue()).toBe(
        DateTime.now().setZone(ZONE).plus({ days: 6 }).toISODate(),
      );
      // A form sent half filled in leads to its first problem.
      await page.getByRole('button', { name: faWaitlist('join.submit') }).click();
      await expectFocused(page, faWaitlist('join.pseudonym'));
      await page.getByLabel(faWaitlist('join.pseudonym')).fill('Sara');
      await page.getByLabel(faWaitlist('join.emailAddress')).fill('sara@example.org');
      await page.getByRole('checkbox', { name: faWaitlist('join.privacy.consent') }).check();
      expect(
        await page
          .getByRole('link', { name: faWaitlist('join.privacy.link') })
          .getAttribute('href'),
      ).toBe('/o/beratungsstelle/privacy');
      await expectAccessible(page, 'waitlist form');
      await fitsThePhone(page);
      await screenshot(page, 'waitlist-1-join');
      await page.getByRole('button', { name: faWaitlist('join.submit') }).click();

      const link = page.getByLabel(faWaitlist('joined.linkLabel'));
      await link.waitFor();
      const entryToken = /\/waitlist\/offer#token=([A-Za-z0-9_-]{43})$/.exec(
        await link.inputValue(),
      )?.[1];
      expect(entryToken).toBeDefined();
      const waiting = await request(web.t.http)
        .get('/api/public/waitlist/entry')
        .set('X-Waitlist-Token', entryToken ?? '')
        .expect(200);
      expect(waiting.body).toMatchObject({
        status: 'waiting',
        language: 'fa',
        from: today,
        consultationTypeId: typeId,
      });
      await expectAccessible(page, 'waitlist joined');
      await screenshot(page, 'waitlist-2-joined');

      // The other client cancels: the time is held for Sara and offered to her by mail.
      await request(web.t.http)
        .post('/api/public/manage/cancel')
        .set('X-Manage-Token', other.body.manageToken)
        .expect(200);
      await smtp.waitFor(() => smtp.to('sara@example.org').length > 0);
      const offerToken = /\/waitlist\/offer#token=([A-Za-z0-9_-]{43})/.exec(
        smtp.to('sara@example.org')[0].parsed.text ?? '',
      )?.[1];
      expect(offerToken).toBeDefined();
      expect(await freeStarts()).toEqual([]);

      await page.goto(`/waitlist/offer#token=${offerToken}`);
      await page
        .getByRole('heading', { level: 1, name: faWaitlist('status.offered.title') })
        .waitFor();
      await expectAccessible(page, 'waitlist offer');
      await fitsThePhone(page);
      await screenshot(page, 'waitlist-3-offer');
      await page.getByRole('button', { name: faWaitlist('actions.accept') }).click();
      await page.getByRole('heading', { level: 1, name: faWaitlist('booked.title') }).waitFor();
      await expectAccessible(page, 'waitlist booked');
      await screenshot(page, 'waitlist-4-booked');

      // The page's manage link leads to the appointment at the freed time.
      const href =
        (await page
          .getByRole('link', { name: faWaitlist('booked.manage') })
          .getAttribute('href')) ?? '';
      const manageToken = /#token=([A-Za-z0-9_-]+)/.exec(href)?.[1] ?? '';
      const appointment = await request(web.t.http)
        .get('/api/public/manage')
        .set('X-Manage-Token', manageToken)
        .expect(200);
      expect(appointment.body.status).toBe('confirmed');
      expect(appointment.body.pseudonym).toBe('Sara');
      expect(DateTime.fromISO(appointment.body.start).toMillis()).toBe(onlyStart.toMillis());
      const booked = await request(web.t.http)
        .get('/api/public/waitlist/entry')
        .set('X-Waitlist-Token', entryToken ?? '')
        .expect(200);
      expect(booked.body.status).toBe('booked');

      // Opened again, the link says the appointment is booked and offers nothing more.
      await page.goto(`/waitlist/offer#token=${entryToken}`);
      await page
        .getByRole('heading', { level: 1, name: faWaitlist('status.booked.title') })
        .waitFor();
      expect(await page.getByRole('button', { name: faWaitlist('leave.button') }).count()).toBe(0);
      expect(await pageErrors(page)).toEqual([]);
    });

    it('lets a client leave the waitlist after confirming', async () => {
      const joined = await request(web.t.http)
        .post('/api/public/waitlist')
        .send({
          consultationTypeId: typeId,
          from: DateTime.now().setZone(ZONE).plus({ days: 1 }).toISODate(),
          to: DateTime.now().setZone(ZONE).plus({ days: 3 }).toISODate(),
          pseudonym: 'Omid',
          clientLanguage: 'fa',
          contact: { channel: 'email', value: 'omid@example.org' },
          privacyAccepted: true,
        })
        .expect(201);
      const page = await newPage(browser, web.baseUrl, { mobile: true, language: 'fa' });
      await page.goto(`/waitlist/offer#token=${joined.body.entryToken}`);
      await page
        .getByRole('heading', { level: 1, name: faWaitlist('status.waiting.title') })
        .waitFor();
      await expectAccessible(page, 'waitlist waiting');
      await page.getByRole('button', { name: faWaitlist('leave.button') }).click();
      // The question comes first; only its confirmation leaves.
      const dialog = page.getByRole('dialog');
      await dialog.getByText(faWaitlist('leave.question')).waitFor();
      await dialog.getByRole('button', { name: faWaitlist('leave.confirm') }).click();
      await page
        .getByRole('heading', { level: 1, name: faWaitlist('status.cancelled.title') })
        .waitFor();
      const left = await request(web.t.http)
        .get('/api/public/waitlist/entry')
        .set('X-Waitlist-Token', joined.body.entryToken)
        .expect(200);
      expect(left.body.status).toBe('cancelled');
      expect(await pageErrors(page)).toEqual([]);
    });
  },
);

/** Waits until the field labelled `label` has the focus. */
async function expectFocused(page: Page, label: string): Promise<void> {
  await page.waitForFunction((name) => {
    const field = [...document.querySelectorAll('label')].find((l) => l.textContent === name);
    return field !== undefined && document.activeElement?.id === field.htmlFor;
  }, label);
}
