import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  browserTestsRun,
  expectAccessible,
  launchBrowser,
  loginInBrowser,
  newPage,
  screenshot,
  startWebApp,
  type WebApp,
} from './support/web.js';

const FIVE_MINUTES = 5 * 60_000;

/**
 * The quick start's case in a real browser: no LiveKit server. The client's call page says so and
 * offers "call me"; the counsellor sees the request and switches to a phone call in one step.
 */
describe.skipIf(!browserTestsRun)('video pages without a LiveKit server (browser)', () => {
  let web: WebApp;
  let browser: Browser;
  let counsellor: { email: string; password: string };
  let appointment: { id: string; manageToken: string };

  beforeAll(async () => {
    web = await startWebApp({ env: { LIVEKIT_URL: '' } });
    browser = await launchBrowser();
    web.t.clock.advance(Date.now() - web.t.clock.now().getTime());
    const admin = { Authorization: `Bearer ${(await web.t.login('admin')).token}` };
    const login = await web.t.login('counsellor');
    counsellor = { email: login.email, password: login.password };
    const created = await request(web.t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({
        displayName: 'Olena',
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
        name: { de: 'Beratung', en: 'Counselling' },
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
    // Starting in about five minutes (real time): the call window is open.
    const start = new Date(Math.ceil((Date.now() + FIVE_MINUTES) / FIVE_MINUTES) * FIVE_MINUTES);
    const booked = await request(web.t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: type.body.id,
        start: start.toISOString(),
        pseudonym: 'Mariam',
        language: 'ar',
        contact: { channel: 'phone', value: '+49 30 1234567' },
      })
      .expect(201);
    appointment = { id: booked.body.appointment.id, manageToken: booked.body.manageToken };
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('tells the client plainly, takes a "call me" and lets the counsellor switch to phone', async () => {
    const client = await newPage(browser, web.baseUrl, { mobile: true });
    await client.goto(`/manage/video#token=${appointment.manageToken}`);
    await client.getByText('Video calls are not available here at the moment.').waitFor();
    await client.getByRole('button', { name: 'Please call me by phone' }).click();
    await client.getByText('Your counsellor knows that you would like a phone call.').waitFor();
    await expectAccessible(client, 'client call page without video');
    await screenshot(client, 'client-video-unavailable-mobile');

    const staffPage = await newPage(browser, web.baseUrl);
    await loginInBrowser(staffPage, counsellor.email, counsellor.password);
    await staffPage.getByText('Mariam asks to be called by phone.').waitFor();
    await staffPage.getByRole('button', { name: 'Switch Mariam to a phone call' }).click();
    await staffPage.getByText('Switched to a phone call. Please call +49301234567.').waitFor();
    await expectAccessible(staffPage, 'counsellor console without video');

    await client.reload();
    await client
      .getByText('This appointment is now a phone call: your counsellor will call you')
      .waitFor();
  });
});
