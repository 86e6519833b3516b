/// <reference lib="dom" />
// Callbacks of page.evaluate run in the browser: their document and window are the DOM's.
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
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
import { texts } from './support/web-texts.js';

/**
 * The client's journey in a real browser against the real API and database: booking in Arabic on a
 * phone (right-to-left), the counsellor seeing it, rescheduling and cancelling by the manage link.
 */
describe.runIf(browserTestsRun)(
  'web: a client books in Arabic, reschedules and cancels',
  { timeout: 120_000 },
  () => {
    let web: WebApp;
    let browser: Browser;
    let admin: { Authorization: string };
    let counsellor: { email: string; password: string };
    let typeId: string;
    const ar = texts('ar', 'booking');
    const arManage = texts('ar', 'manage');
    const en = texts('en', 'booking');

    const freeStarts = async (day: string): Promise<string[]> =>
      (
        await request(web.t.http)
          .get('/api/public/slots')
          .query({ consultationTypeId: typeId, from: day, to: day, timeZone: 'Europe/Berlin' })
          .expect(200)
      ).body.slots.map((slot: { start: string }) => DateTime.fromISO(slot.start).toMillis());

    const manageView = async (token: string) =>
      (await request(web.t.http).get('/api/public/manage').set('X-Manage-Token', token).expect(200))
        .body;

    beforeAll(async () => {
      web = await startWebApp({ env: { MAX_FUTURE_APPOINTMENTS_PER_CONTACT: '10' } });
      browser = await launchBrowser();
      admin = { Authorization: `Bearer ${(await web.t.login('admin')).token}` };
      const login = await web.t.login('counsellor');
      counsellor = login;
      const created = await request(web.t.http)
        .post('/api/admin/counsellors')
        .set(admin)
        .send({
          displayName: 'Amira Haddad',
          languages: ['ar', 'de'],
          topics: ['residence'],
          staffId: login.id,
          timeZone: 'Europe/Berlin',
        })
        .expect(201);
      for (const weekday of [1, 2, 3, 4, 5, 6, 7]) {
        await request(web.t.http)
          .post(`/api/counsellors/${created.body.id}/rules`)
          .set(admin)
          .send({ weekday, start: '08:00', end: '20:00' })
          .expect(201);
      }
      typeId = (
        await request(web.t.http)
          .post('/api/admin/consultation-types')
          .set(admin)
          .send({
            name: { de: 'Aufenthalt', en: 'Residence', ar: 'الإقامة' },
            topic: 'residence',
            durationMinutes: 45,
            stepMinutes: 60,
            bufferBeforeMinutes: 0,
            bufferAfterMinutes: 0,
            minNoticeMinutes: 60,
            horizonDays: 30,
            channel: 'video',
            counsellorIds: [created.body.id],
          })
          .expect(201)
      ).body.id;
    });

    afterAll(async () => {
      await browser?.close();
      await web?.close();
    });

    const topicRadio = (page: Page, t: typeof ar) =>
      page
        .getByRole('group', { name: t('topic.legend'), exact: true })
        .getByRole('radio')
        .first();

    /** Walks the booking flow up to the details form; answers the chosen slot's start (ISO). */
    async function chooseSlot(page: Page, t: typeof ar, shots?: string): Promise<string> {
      await page.goto('/o/beratungsstelle');
      await page.getByRole('heading', { level: 1, name: t('topic.title') }).waitFor();
      // The topics come from the API: wait for them, not for the language choices below them.
      await topicRadio(page, t).check();
      // Our counsellor speaks Arabic and German: a client reading English takes any language.
      if (t === en) await page.getByRole('radio', { name: t('language.any') }).check();
      if (shots) {
        await expectAccessible(page, `${shots} topic`);
        await screenshot(page, `${shots}-1-topic`);
      }
      await page.getByRole('button', { name: t('next') }).click();
      await page.getByRole('heading', { level: 1, name: t('slots.title') }).waitFor();
      // Not today: the appointment must be far enough ahead to be changed online later.
      const days = page.locator('.day-list button');
      await days.nth(1).waitFor();
      // Free times shown, and still the waitlist for a client who needs an earlier one.
      const waitlist = texts(t === ar ? 'ar' : 'en', 'waitlist');
      await page.getByRole('button', { name: waitlist('offer.earlierButton') }).waitFor();
      await days.nth(1).click();
      const time = page.locator('.time-list button').first();
      const start = (await time.getAttribute('data-start')) ?? '';
      await time.click();
      expect(await time.getAttribute('aria-pressed')).toBe('true');
      if (shots) {
        await expectAccessible(page, `${shots} slots`);
        await screenshot(page, `${shots}-2-slots`);
      }
      await page.getByRole('button', { name: t('next') }).click();
      await page.getByRole('heading', { level: 1, name: t('details.title') }).waitFor();
      expect(start).not.toBe('');
      return start;
    }

    it('books in Arabic on a phone: right-to-left, Arabic texts, a manage link that works', async () => {
      const page = await newPage(browser, web.baseUrl, { mobile: true, language: 'ar-SY' });
      await chooseSlot(page, ar, 'client-ar-mobile');
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      expect(await page.getAttribute('html', 'lang')).toBe('ar');

      // Mistakes are shown next to the fields, in Arabic, before anything is sent.
      await page.getByRole('button', { name: ar('details.submit') }).click();
      await page.getByText(ar('details.errors.pseudonym')).waitFor();
      await page.getByText(ar('details.errors.contact.empty')).waitFor();
      // On the phone the user is led to the first problem: focused and on screen.
      const nameField = page.getByLabel(ar('details.pseudonym'));
      await page.waitForFunction(
        () => document.activeElement?.getAttribute('aria-invalid') === 'true',
      );
      expect(await nameField.evaluate((element) => element === document.activeElement)).toBe(true);
      expect(
        await nameField.evaluate((element) => {
          const box = element.getBoundingClientRect();
          return box.top >= 0 && box.bottom <= window.innerHeight;
        }),
      ).toBe(true);

      await page.getByLabel(ar('details.pseudonym')).fill('Mariam');
      await page.getByLabel(ar('details.emailAddress'), { exact: true }).fill('mariam@example.org');
      await page.getByLabel(ar('details.interpreter')).check();
      await page.getByLabel(ar('privacy.consent')).check();
      await expectAccessible(page, 'client details (ar)');
      await screenshot(page, 'client-ar-mobile-3-details');
      await page.getByRole('button', { name: ar('details.submit') }).click();

      await page.getByRole('heading', { level: 1, name: arManage('booked.title') }).waitFor();
      const token = new URLSearchParams(new URL(page.url()).hash.slice(1)).get('token') ?? '';
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // The link shown to keep is the manage link, token in the fragment.
      expect(await page.getByLabel(arManage('link.label')).inputValue()).toBe(
        `${web.baseUrl}/manage#token=${token}`,
      );
      await expectAccessible(page, 'confirmation (ar)');
      await screenshot(page, 'client-ar-mobile-4-confirmation');

      const booked = await manageView(token);
      expect(booked).toMatchObject({
        status: 'confirmed',
        pseudonym: 'Mariam',
        language: 'ar',
        needsInterpreter: true,
        consultationType: { name: 'الإقامة' },
      });
      // The page names the office booked with and links its privacy notice: its own controller.
      await page.getByText(arManage('office.with', { office: booked.office.name })).waitFor();
      expect(
        await page
          .getByRole('link', { name: arManage('privacy.notice', { office: booked.office.name }) })
          .getAttribute('href'),
      ).toBe(`/o/${booked.office.slug}/privacy`);
      // The calendar file comes from the API with the manage token, never with it inside.
      const ics = await request(web.t.http)
        .get('/api/public/manage/calendar.ics')
        .set('X-Manage-Token', token)
        .expect(200);
      expect(ics.headers['content-type']).toMatch(/text\/calendar/);
      expect(ics.text).toContain(`UID:${booked.id}@sprechstunde`);
      expect(ics.text).not.toContain(token);

      // The counsellor sees the appointment in the console.
      const staff = await newPage(browser, web.baseUrl);
      await loginInBrowser(staff, counsellor.email, counsellor.password);
      await staff.goto('/staff');
      await staff.getByText('Mariam').first().waitFor();
      await screenshot(staff, 'counsellor-desktop-console-with-booking');
      await staff.context().close();

      // Reschedule by the manage link: the new time is taken, the old one free again.
      const oldStart = DateTime.fromISO(booked.start).toMillis();
      await page.getByRole('button', { name: arManage('change.reschedule') }).click();
      await page.getByRole('heading', { name: arManage('change.rescheduleTitle') }).waitFor();
      const days = page.locator('.manage .day-list button');
      await days.nth(2).click();
      await page.locator('.manage .time-list button').first().click();
      await page
        .getByRole('button', { name: new RegExp(arManage('change.moveTo', { when: '' }).trim()) })
        .click();
      await page.getByRole('button', { name: arManage('change.reschedule') }).waitFor();
      const moved = await manageView(token);
      expect(DateTime.fromISO(moved.start).toMillis()).not.toBe(oldStart);
      expect(
        await freeStarts(DateTime.fromMillis(oldStart).setZone('Europe/Berlin').toISODate() ?? ''),
      ).toContain(oldStart);
      const newStart = DateTime.fromISO(moved.start).toMillis();
      const newDay = DateTime.fromMillis(newStart).setZone('Europe/Berlin').toISODate() ?? '';
      expect(await freeStarts(newDay)).not.toContain(newStart);
      await screenshot(page, 'client-ar-mobile-5-manage');

      // Cancel: confirmed in Arabic, and the slot is offered again.
      await page.getByRole('button', { name: arManage('change.cancel') }).click();
      await page.getByRole('button', { name: arManage('change.confirmCancel') }).click();
      await page.getByText(arManage('cancelled')).waitFor();
      expect((await manageView(token)).status).toBe('cancelled');
      expect(await freeStarts(newDay)).toContain(newStart);
      // A new appointment is booked with the same office, on its own page.
      expect(await page.getByRole('link', { name: arManage('bookNew') }).getAttribute('href')).toBe(
        `/o/${booked.office.slug}`,
      );
      await expectAccessible(page, 'manage page after cancelling (ar)');
      await screenshot(page, 'client-ar-mobile-6-cancelled');
      expect(await pageErrors(page)).toEqual([]);
      await page.context().close();
    });

    it('offers a new time only where the conversation language is spoken, and announces the move', async () => {
      // Two counsellors serve a type: one speaks Arabic (mornings), one only German (afternoons).
      const counsellorIn = async (displayName: string, languages: string[], hours: string[]) => {
        const created = await request(web.t.http)
          .post('/api/admin/counsellors')
          .set(admin)
          .send({ displayName, languages, topics: ['work'], timeZone: 'Europe/Berlin' })
          .expect(201);
        for (const weekday of [1, 2, 3, 4, 5, 6, 7]) {
          await request(web.t.http)
            .post(`/api/counsellors/${created.body.id}/rules`)
            .set(admin)
            .send({ weekday, start: hours[0], end: hours[1] })
            .expect(201);
        }
        return created.body.id as string;
      };
      const arabic = await counsellorIn('Samira Arabic', ['ar'], ['08:00', '12:00']);
      const german = await counsellorIn('Gerd German', ['de'], ['14:00', '18:00']);
      const workType = (
        await request(web.t.http)
          .post('/api/admin/consultation-types')
          .set(admin)
          .send({
            name: { de: 'Arbeit', en: 'Work', ar: 'العمل' },
            topic: 'work',
            durationMinutes: 30,
            stepMinutes: 60,
            bufferBeforeMinutes: 0,
            bufferAfterMinutes: 0,
            minNoticeMinutes: 60,
            horizonDays: 30,
            channel: 'video',
            counsellorIds: [arabic, german],
          })
          .expect(201)
      ).body.id as string;
      const day = DateTime.now().setZone('Europe/Berlin').plus({ days: 2 }).toISODate() ?? '';
      const booked = await request(web.t.http)
        .post('/api/public/appointments')
        .send({
          consultationTypeId: workType,
          start: `${day}T09:00:00+01:00`,
          counsellorLanguage: 'ar',
          pseudonym: 'Rana',
          language: 'ar',
          timeZone: 'Europe/Berlin',
          contact: { channel: 'email', value: 'rana@example.org' },
        })
        .expect(201);
      expect(booked.body.appointment.counsellorLanguage).toBe('ar');

      const page = await newPage(browser, web.baseUrl, { mobile: true, language: 'ar' });
      await page.goto(`/manage#token=${booked.body.manageToken}`);
      await page.getByRole('button', { name: arManage('change.reschedule') }).click();
      await page.getByRole('heading', { name: arManage('change.rescheduleTitle') }).waitFor();
      const days = page.locator('.manage .day-list button');
      await days.nth(1).waitFor();
      await days.nth(1).click();
      const times = page.locator('.manage .time-list button');
      await times.first().waitFor();
      // Every time offered is one the server accepts: inside the Arabic speaker's mornings.
      const hours = (
        await times.evaluateAll((buttons) =>
          buttons.map((button) => button.getAttribute('data-start') ?? ''),
        )
      ).map((start) => DateTime.fromISO(start).setZone('Europe/Berlin').hour);
      expect(hours.length).toBeGreaterThan(0);
      expect(hours.every((hour) => hour >= 8 && hour < 12)).toBe(true);

      const chosen = (await times.last().getAttribute('data-start')) ?? '';
      await times.last().click();
      await page
        .getByRole('button', { name: new RegExp(arManage('change.moveTo', { when: '' }).trim()) })
        .click();
      // The move is announced: a status naming the new time, focused and on screen.
      const notice = page.getByRole('status').filter({
        hasText: arManage('change.moved', { when: '' }).replace(/[.:\s]+$/, ''),
      });
      await notice.waitFor();
      expect(await notice.evaluate((element) => element === document.activeElement)).toBe(true);
      expect(
        await notice.evaluate((element) => {
          const box = element.getBoundingClientRect();
          return box.top >= 0 && box.bottom <= window.innerHeight;
        }),
      ).toBe(true);
      const moved = await manageView(booked.body.manageToken);
      expect(DateTime.fromISO(moved.start).toMillis()).toBe(DateTime.fromISO(chosen).toMillis());
      expect(moved.counsellor.displayName).toBe('Samira Arabic');
      await expectAccessible(page, 'manage page after moving (ar)');
      await screenshot(page, 'client-ar-mobile-moved');
      expect(await pageErrors(page)).toEqual([]);
      await page.context().close();
    });

    /** A counsellor for the tests below: every day 08–20, topics health and family. */
    let nadia: Promise<string> | undefined;
    const nadiaId = () =>
      (nadia ??= (async () => {
        const created = await request(web.t.http)
          .post('/api/admin/counsellors')
          .set(admin)
          .send({
            displayName: 'Nadia Karimi',
            languages: ['ar', 'de', 'en'],
            topics: ['health', 'family'],
            timeZone: 'Europe/Berlin',
          })
          .expect(201);
        for (const weekday of [1, 2, 3, 4, 5, 6, 7]) {
          await request(web.t.http)
            .post(`/api/counsellors/${created.body.id}/rules`)
            .set(admin)
            .send({ weekday, start: '08:00', end: '20:00' })
            .expect(201);
        }
        return created.body.id as string;
      })());

    it('offers a move to 30 minutes later, inside the own appointment’s hour, and makes it', async () => {
      const familyType = (
        await request(web.t.http)
          .post('/api/admin/consultation-types')
          .set(admin)
          .send({
            name: { de: 'Familie', en: 'Family', ar: 'العائلة' },
            topic: 'family',
            durationMinutes: 60,
            stepMinutes: 30,
            bufferBeforeMinutes: 0,
            bufferAfterMinutes: 0,
            minNoticeMinutes: 60,
            horizonDays: 30,
            channel: 'video',
            counsellorIds: [await nadiaId()],
          })
          .expect(201)
      ).body.id as string;
      const day = DateTime.now().setZone('Europe/Berlin').plus({ days: 2 }).toISODate() ?? '';
      const booked = await request(web.t.http)
        .post('/api/public/appointments')
        .send({
          consultationTypeId: familyType,
          start: DateTime.fromISO(`${day}T10:00`, { zone: 'Europe/Berlin' }).toISO(),
          pseudonym: 'Rana',
          language: 'en',
          timeZone: 'Europe/Berlin',
          contact: { channel: 'email', value: 'rana.family@example.org' },
        })
        .expect(201);
      const token = booked.body.manageToken as string;
      const manageEn = texts('en', 'manage');

      const page = await newPage(browser, web.baseUrl, { language: 'en' });
      await page.goto(`/manage#token=${token}`);
      await page.getByRole('button', { name: manageEn('change.reschedule') }).click();
      await page.getByRole('heading', { name: manageEn('change.rescheduleTitle') }).waitFor();
      // 10:30 overlaps the appointment's own 10:00–11:00: offered to this appointment, to move it.
      const halfPast = page.locator(`.manage .time-list button[data-start^="${day}T10:30"]`);
      const days = page.locator('.manage .day-list button');
      await days.first().waitFor();
      for (let index = 0; index < (await days.count()); index++) {
        await days.nth(index).click();
        if ((await halfPast.count()) > 0) break;
      }
      await halfPast.click();
      await page
        .getByRole('button', { name: new RegExp(manageEn('change.moveTo', { when: '' }).trim()) })
        .click();
      await page
        .getByRole('status')
        .filter({ hasText: manageEn('change.moved', { when: '' }).replace(/[.:\s]+$/, '') })
        .waitFor();
      const moved = await manageView(token);
      expect(DateTime.fromISO(moved.start).setZone('Europe/Berlin').toFormat('HH:mm')).toBe(
        '10:30',
      );
      expect(await pageErrors(page)).toEqual([]);
      await page.context().close();
    });

    it('tells a client who booked a phone consultation that no message can come, and offers to keep the link', async () => {
      await request(web.t.http)
        .post('/api/admin/consultation-types')
        .set(admin)
        .send({
          name: { de: 'Gesundheit am Telefon', en: 'Health by phone', ar: 'الصحة عبر الهاتف' },
          topic: 'health',
          durationMinutes: 30,
          stepMinutes: 60,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 60,
          horizonDays: 30,
          channel: 'phone',
          counsellorIds: [await nadiaId()],
        })
        .expect(201);
      const health = (
        await request(web.t.http).get('/api/public/topics').query({ language: 'en' }).expect(200)
      ).body.find((topic: { code: string }) => topic.code === 'health').name as string;
      const manageEn = texts('en', 'manage');

      // This server has no SMS gateway: a phone number is the only contact, and nothing can reach it.
      const page = await newPage(browser, web.baseUrl, { mobile: true, language: 'en' });
      await page.goto('/o/beratungsstelle');
      await page.getByRole('radio', { name: health, exact: true }).check();
      await page.getByRole('radio', { name: en('language.any') }).check();
      await page.getByRole('button', { name: en('next') }).click();
      await page.getByRole('heading', { level: 1, name: en('slots.title') }).waitFor();
      await page.locator('.day-list button').nth(1).click();
      await page.locator('.time-list button').first().click();
      await page.getByRole('button', { name: en('next') }).click();
      await page.getByRole('heading', { level: 1, name: en('details.title') }).waitFor();
      await page.getByLabel(en('details.pseudonym')).fill('Samir');
      await page.getByLabel(en('details.phoneCall')).fill('0176 1234 5678');
      await page.getByLabel(en('privacy.consent')).check();
      await page.getByRole('button', { name: en('details.submit') }).click();

      await page.getByRole('heading', { level: 1, name: manageEn('booked.title') }).waitFor();
      // Said plainly, where the link to keep is, and no promise of a text message or reminders.
      await page.getByText(manageEn('link.noMessages')).waitFor();
      await page.getByText(manageEn('next.noMessages')).waitFor();
      expect(await page.getByText(manageEn('next.message.phone')).count()).toBe(0);
      expect(await page.getByText(manageEn('next.reminders')).count()).toBe(0);
      const token = new URLSearchParams(new URL(page.url()).hash.slice(1)).get('token') ?? '';
      expect(await page.getByLabel(manageEn('link.label')).inputValue()).toBe(
        `${web.baseUrl}/manage#token=${token}`,
      );
      await page
        .getByRole('region', { name: manageEn('link.title') })
        .getByRole('button', { name: manageEn('link.copy') })
        .waitFor();
      // Add to calendar, next to the warning: the appointment's calendar file, as a download.
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page
          .getByRole('region', { name: manageEn('link.title') })
          .getByRole('button', { name: manageEn('calendar') })
          .click(),
      ]);
      expect(file.suggestedFilename()).toBe('appointment.ics');
      expect((await manageView(token)).messagesReachContact).toBe(false);
      await expectAccessible(page, 'confirmation without messages (en)');
      await screenshot(page, 'client-en-mobile-confirmation-no-sms');
      expect(await pageErrors(page)).toEqual([]);

      // An email address is reached: the usual promise, no warning.
      const byEmail = await request(web.t.http)
        .post('/api/public/appointments')
        .send({
          consultationTypeId: typeId,
          start: DateTime.now()
            .setZone('Europe/Berlin')
            .plus({ days: 5 })
            .set({ hour: 11, minute: 0, second: 0, millisecond: 0 })
            .toISO(),
          pseudonym: 'Lina',
          language: 'en',
          contact: { channel: 'email', value: 'lina@example.org' },
        })
        .expect(201);
      await page.goto(`/manage#token=${byEmail.body.manageToken}&booked=1`);
      await page.getByText(manageEn('next.message.email')).waitFor();
      expect(await page.getByText(manageEn('link.noMessages')).count()).toBe(0);
      await page.context().close();
    });

    it('explains a slot taken meanwhile in the user’s language and offers the next free ones', async () => {
      const page = await newPage(browser, web.baseUrl, { language: 'en' });
      const start = await chooseSlot(page, en, 'client-en-desktop');
      // Someone else takes exactly this slot between choosing and sending.
      await request(web.t.http)
        .post('/api/public/appointments')
        .send({
          consultationTypeId: typeId,
          start,
          pseudonym: 'Other',
          language: 'de',
          contact: { channel: 'email', value: 'other@example.org' },
        })
        .expect(201);

      await page.getByLabel(en('details.pseudonym')).fill('Oleh');
      await page.getByLabel(en('details.emailAddress'), { exact: true }).fill('oleh@example.org');
      await page.getByLabel(en('privacy.consent')).check();
      await page.getByRole('button', { name: en('details.submit') }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toBe(en('errors.taken'));
      // No raw error anywhere on the page.
      const body = (await page.textContent('body')) ?? '';
      expect(body).not.toMatch(/statusCode|Conflict|\{"/);
      await page.getByRole('group', { name: en('errors.alternatives') }).waitFor();
      await expectAccessible(page, 'slot taken (en)');
      await screenshot(page, 'client-en-desktop-slot-taken');
      // Picking an alternative and sending again books it.
      await page
        .getByRole('group', { name: en('errors.alternatives') })
        .getByRole('button')
        .first()
        .click();
      await page.getByRole('button', { name: en('details.submit') }).click();
      await page
        .getByRole('heading', { level: 1, name: texts('en', 'manage')('booked.title') })
        .waitFor();
      await page.context().close();
    });

    it('can be used with the keyboard alone, with a visible focus', async () => {
      const de = texts('de', 'booking');
      const page = await newPage(browser, web.baseUrl, { language: 'de' });
      await page.goto('/o/beratungsstelle');
      await page.getByRole('heading', { level: 1, name: de('topic.title') }).waitFor();

      /** Presses Tab until the target has the focus (as a keyboard user would), or fails. */
      const tabTo = async (target: ReturnType<Page['locator']>, what: string) => {
        for (let presses = 0; presses < 80; presses++) {
          if (await target.evaluate((element) => element === document.activeElement)) return;
          await page.keyboard.press('Tab');
        }
        throw new Error(`${what} cannot be reached with the Tab key`);
      };

      // Start as a user does: the page loaded (its topics too) and the window focused. A Tab sent
      // before the browser focused the new page would only move focus into the page.
      await topicRadio(page, de).waitFor();
      await page.bringToFront();
      await page.evaluate(() => window.focus());
      // The skip link comes first and leads to the content.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');

      await tabTo(topicRadio(page, de), 'the first topic');
      // A focused control shows it: the outline is not "none".
      expect(
        await page
          .getByRole('radio')
          .first()
          .evaluate((e) => getComputedStyle(e).outlineStyle),
      ).not.toBe('none');
      await page.keyboard.press('Space');
      await tabTo(page.getByRole('radio', { name: de('language.any') }), 'any language');
      await page.keyboard.press('Space');
      await tabTo(page.getByRole('button', { name: de('next') }), 'continue');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: de('slots.title') }).waitFor();
      await tabTo(page.locator('.day-list button').nth(1), 'the second day');
      await page.keyboard.press('Enter');
      const time = page.locator('.time-list button').first();
      await tabTo(time, 'the first time');
      await page.keyboard.press('Enter');
      expect(await time.getAttribute('aria-pressed')).toBe('true');
      await tabTo(page.getByRole('button', { name: de('next') }), 'continue');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: de('details.title') }).waitFor();
      await tabTo(page.getByLabel(de('details.pseudonym')), 'the name field');
      await page.keyboard.type('Tastatur');
      await tabTo(page.getByLabel(de('details.emailAddress'), { exact: true }), 'the email field');
      await page.keyboard.type('tastatur@example.org');
      await tabTo(page.getByLabel(de('privacy.consent')), 'the consent box');
      await page.keyboard.press('Space');
      await tabTo(page.getByRole('button', { name: de('details.submit') }), 'book');
      await page.keyboard.press('Enter');
      await page
        .getByRole('heading', { level: 1, name: texts('de', 'manage')('booked.title') })
        .waitFor();
      // The skip link moves the focus but keeps the URL fragment: it holds the token.
      const before = page.url();
      await page.locator('.skip-link').focus();
      await page.keyboard.press('Enter');
      expect(page.url()).toBe(before);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      await page
        .getByRole('heading', { level: 1, name: texts('de', 'manage')('booked.title') })
        .waitFor();
      await expectAccessible(page, 'confirmation (de, desktop)');
      await screenshot(page, 'client-de-desktop-4-confirmation');
      expect(await pageErrors(page)).toEqual([]);
      await page.context().close();
    });

    it('answers a broken manage link with a plain message, not an error dump', async () => {
      const page = await newPage(browser, web.baseUrl, { language: 'de' });
      await page.goto(`/manage#token=${'x'.repeat(43)}`);
      const de = texts('de', 'manage');
      await page.getByText(de('invalid.text')).waitFor();
      await page.goto('/manage');
      await page.getByRole('heading', { name: de('invalid.title') }).waitFor();
      await expectAccessible(page, 'invalid manage link (de)');
      await page.goto('/no/such/page');
      await page.getByRole('heading', { name: texts('de', 'common')('notFound.title') }).waitFor();
      await page.context().close();
    });
  },
);

describe('web: the API serves the app', () => {
  let web: WebApp;
  beforeAll(async () => {
    web = await startWebApp();
  });
  afterAll(() => web?.close());

  it('answers page navigations with the app, under a strict Content-Security-Policy', async () => {
    for (const path of ['/', '/manage', '/staff/login', '/admin/counsellors', '/no/such/page']) {
      const page = await request(web.t.http).get(path).set('Accept', 'text/html').expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.text).toContain('<div id="root">');
      const csp = page.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self' wss://livekit.test.invalid");
      expect(page.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('serves hashed assets compressed and cached for good; API paths stay JSON 404s', async () => {
    const html = (await request(web.t.http).get('/').set('Accept', 'text/html')).text;
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? '';
    expect(script).not.toBe('');
    const asset = await request(web.t.http).get(script).set('Accept-Encoding', 'gzip').expect(200);
    expect(asset.headers['content-encoding']).toBe('gzip');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    await request(web.t.http).get('/assets/missing.js').expect(404);
    for (const path of ['/api/nope', '/health/nope']) {
      const answer = await request(web.t.http).get(path).set('Accept', 'text/html').expect(404);
      expect(answer.body.statusCode).toBe(404);
      expect(answer.headers['content-encoding']).toBeUndefined();
    }
    // A JSON client asking for a page path gets no HTML either.
    await request(web.t.http).get('/no/such/page').set('Accept', 'application/json').expect(404);
  });
});
