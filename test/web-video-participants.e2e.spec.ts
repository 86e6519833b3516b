import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLiveKit, type FakeLiveKit } from './support/fake-livekit.js';
import { defaultOfficeId } from './support/offices.js';
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

const FIVE_MINUTES = 5 * 60_000;

/**
 * A three-party call in Chromium: client, counsellor and a sign-language interpreter, plus a guest
 * the counsellor invites, who waits until admitted. The client is told who is in the call, sees the
 * interpreter pinned large, and refuses the guest.
 */
describe.skipIf(!browserTestsRun)('calls with an interpreter and a guest (browser)', () => {
  let web: WebApp;
  let browser: Browser;
  // LiveKit cannot run here: the stand-in accepts the call page's signalling connection and never
  // answers, so the page stays "connecting" (livekit-client waits 15 s) and shows the people it
  // expects, in the call's layout, each tile with name and role.
  let livekit: FakeLiveKit;
  let counsellor: { email: string; password: string };
  let appointment: { id: string; manageToken: string };

  beforeAll(async () => {
    livekit = await startFakeLiveKit();
    web = await startWebApp({ env: { LIVEKIT_URL: livekit.url } });
    browser = await launchBrowser();
    web.t.clock.advance(Date.now() - web.t.clock.now().getTime());
    const admin = { Authorization: `Bearer ${(await web.t.login('admin')).token}` };
    const login = await web.t.login('counsellor');
    counsellor = { email: login.email, password: login.password };
    const created = await request(web.t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({ displayName: 'Olena', languages: ['de'], topics: ['general'], staffId: login.id })
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
        language: 'de',
        contact: { channel: 'email', value: 'mariam@example.org' },
      })
      .expect(201);
    appointment = { id: booked.body.appointment.id, manageToken: booked.body.manageToken };
    // Until booking takes interpreters: a sign-language interpreter set on the appointment.
    const interpreterLogin = await web.t.login('interpreter');
    const [interpreter] = await web.t.dataSource.query<{ id: string }[]>(
      `INSERT INTO counsellor (office_id, display_name, languages, staff_id, kind)
       VALUES ($1, 'Jana', '{gsg,de}', $2, 'interpreter') RETURNING id`,
      [await defaultOfficeId(web.t.dataSource), interpreterLogin.id],
    );
    await web.t.dataSource.query(
      `UPDATE appointment SET interpreter_id = $2, interpreter_language = 'gsg' WHERE id = $1`,
      [appointment.id, interpreter.id],
    );
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await livekit?.close();
  });

  it('introduces everyone, lets an invited guest wait until admitted, pins the sign-language interpreter and lets the client refuse the guest', async () => {
    // The counsellor invites a support person for this call.
    const staffPage = await newPage(browser, web.baseUrl);
    await loginInBrowser(staffPage, counsellor.email, counsellor.password);
    await staffPage.goto(`/staff/video/${appointment.id}`);
    await staffPage.getByRole('heading', { name: 'Guests in this call' }).waitFor();
    await staffPage.getByLabel('Guest’s name').fill('Samira');
    await staffPage.getByLabel('Role').selectOption('support');
    await staffPage.getByRole('button', { name: 'Create invitation link' }).click();
    const link = new URL((await staffPage.locator('.guest-link code').textContent()) ?? '');
    expect(link.hash).toMatch(/^#token=[A-Za-z0-9_-]{43}$/);
    await expectAccessible(staffPage, 'counsellor call page with a guest invited');

    // The guest checks their devices and waits.
    const guest = await newPage(browser, web.baseUrl, { mobile: true });
    await guest.goto(`${link.pathname}${link.hash}`);
    await guest.getByRole('heading', { name: 'Video call as a guest' }).waitFor();
    await guest.getByText('Samira, you are invited as Support person (guest)').waitFor();
    await guest.getByRole('button', { name: 'Join the call' }).click();
    await guest.getByText('You are in the waiting room.').waitFor();
    await expectAccessible(guest, 'guest waiting room');
    await screenshot(guest, 'guest-waiting-room-mobile');

    // A second device cannot use the link.
    const other = await newPage(browser, web.baseUrl);
    await other.goto(`${link.pathname}${link.hash}`);
    await other.getByText('This link was already opened on another device.').waitFor();
    await other.context().close();

    // The counsellor sees the guest waiting and lets them in: the guest's page goes to the call,
    // a grid with every tile's role.
    await staffPage.getByText('guest in the call with Mariam').waitFor();
    await staffPage.getByRole('button', { name: 'Let Samira in' }).click();
    const guestStage = guest.locator('.stage[data-layout="grid"]');
    await guestStage.waitFor();
    expect(await guestStage.locator('[data-role="counsellor"] .tile-role').textContent()).toBe(
      'Counsellor',
    );
    expect(await guestStage.locator('[data-role="interpreter"] .tile-role').textContent()).toMatch(
      /^Interpreter \(.+\)$/,
    );
    expect(await guestStage.locator('[data-role="client"] .tile-role').textContent()).toBe(
      'Client',
    );

    // The client is told who is in the call before joining.
    const client = await newPage(browser, web.baseUrl);
    await client.goto(`/manage/video#token=${appointment.manageToken}`);
    const people = client.locator('.people-in-call');
    await people.getByText('Samira', { exact: true }).waitFor();
    const roles = await people
      .locator('.people-item')
      .evaluateAll((items) => items.map((item) => item.textContent?.replace(/\s+/g, ' ').trim()));
    expect(roles[0]).toMatch(/^Olena ?Counsellor/);
    expect(roles[1]).toMatch(/^Jana ?Interpreter \(/);
    expect(roles[2]).toMatch(/^Mariam \(you\) ?Client/);
    expect(roles[3]).toMatch(/^Samira ?Support person \(guest\)/);
    await expectAccessible(client, 'client call page: who is in the call');

    // In the call the sign-language interpreter's video is pinned large, every tile labelled.
    await client.getByRole('button', { name: 'Join the call' }).click();
    await client.getByText('You are in the waiting room.').waitFor();
    await staffPage.getByRole('button', { name: 'Let Mariam in' }).click();
    const stage = client.locator('.stage[data-layout="pinned"]');
    await stage.waitFor();
    const pinned = stage.locator('.tile-pinned');
    expect(await pinned.getAttribute('data-role')).toBe('interpreter');
    expect(await pinned.locator('.tile-role').textContent()).toMatch(/^Interpreter \(/);
    const counsellorTile = stage.locator('[data-role="counsellor"]');
    expect(await counsellorTile.locator('.tile-role').textContent()).toBe('Counsellor');
    expect(await stage.locator('[data-role="guest"] .tile-role').textContent()).toBe(
      'Support person (guest)',
    );
    const big = await pinned.boundingBox();
    const small = await counsellorTile.boundingBox();
    expect((big?.width ?? 0) * (big?.height ?? 0)).toBeGreaterThan(
      4 * (small?.width ?? 0) * (small?.height ?? 0),
    );
    await screenshot(client, 'client-call-sign-language-pinned');
    await expectAccessible(client, 'client call page with a pinned interpreter');

    // The client refuses the guest: the counsellor sees it.
    await client.getByRole('button', { name: 'I do not want Samira in the call' }).click();
    await client.getByText('Samira will not take part in your call.').waitFor();
    expect(livekit.removed).toContainEqual(
      expect.objectContaining({ identity: expect.stringMatching(/^guest-/) }),
    );
    await staffPage.reload();
    await staffPage.getByText('refused by the client').waitFor();
    expect(await pageErrors(client)).toEqual([]);
  });
});
