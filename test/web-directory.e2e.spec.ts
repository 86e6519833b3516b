import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOffice } from './support/offices.js';
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

/**
 * The city's directory in a real browser, in Farsi on a phone (right to left): the offices with
 * their next free time, a district filter, "earliest in my language, any office" leading to that
 * office's own booking page with the type chosen, its privacy notice, and unknown offices.
 */
describe.runIf(browserTestsRun)('web: the directory of offices', { timeout: 120_000 }, () => {
  let web: WebApp;
  let browser: Browser;
  let youthType: string;
  const d = texts('fa', 'directory');
  const b = texts('fa', 'booking');
  const common = texts('fa', 'common');

  type Auth = { Authorization: string };
  const offer = async (auth: Auth, languages: string[], start: string) => {
    const created = await request(web.t.http)
      .post('/api/admin/counsellors')
      .set(auth)
      .send({ displayName: `C ${languages[0]}`, languages, topics: ['residence'] })
      .expect(201);
    for (const weekday of [1, 2, 3, 4, 5, 6, 7]) {
      await request(web.t.http)
        .post(`/api/counsellors/${created.body.id}/rules`)
        .set(auth)
        .send({ weekday, start, end: '20:00' })
        .expect(201);
    }
    return (
      await request(web.t.http)
        .post('/api/admin/consultation-types')
        .set(auth)
        .send({
          name: { de: 'Aufenthalt', en: 'Residence', fa: 'اقامت' },
          topic: 'residence',
          durationMinutes: 60,
          stepMinutes: 60,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 0,
          horizonDays: 30,
          channel: 'video',
          counsellorIds: [created.body.id],
        })
        .expect(201)
    ).body.id as string;
  };
  const adminOf = async (officeId?: string): Promise<Auth> => ({
    Authorization: `Bearer ${(await web.t.login('admin', undefined, officeId)).token}`,
  });

  beforeAll(async () => {
    web = await startWebApp();
    browser = await launchBrowser();
    const youth = await insertOffice(web.t.dataSource, {
      slug: 'jugend',
      name: { de: 'Jugendmigrationsdienst', en: 'Youth migration service' },
    });
    const resting = await insertOffice(web.t.dataSource, { slug: 'ruhend' });
    await web.t.dataSource.query("UPDATE office SET district = 'Mitte' WHERE id = $1", [youth]);
    await offer(await adminOf(), ['de'], '16:00');
    youthType = await offer(await adminOf(youth), ['fa', 'de'], '06:00');
    await offer(await adminOf(resting), ['fa'], '00:00');
    await web.t.dataSource.query("UPDATE office SET status = 'suspended' WHERE id = $1", [resting]);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('lists active offices, filters them, and leads to the earliest time in my language', async () => {
    const page = await newPage(browser, web.baseUrl, { mobile: true, language: 'fa' });
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: d('title') }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const offices = page.getByRole('list', { name: d('results.title') });
    await offices.getByRole('link', { name: 'Youth migration service', exact: true }).waitFor();
    await offices.getByRole('link', { name: 'Counselling office', exact: true }).waitFor();
    // The suspended office is nowhere, its types neither.
    expect(await offices.getByRole('listitem').count()).toBe(2);
    expect(await offices.textContent()).not.toContain('Office ruhend');
    const youthCard = offices.getByRole('listitem').filter({ hasText: 'Youth migration service' });
    expect(await youthCard.textContent()).toContain(d('results.district', { district: 'Mitte' }));
    expect(await youthCard.textContent()).toContain(
      d('results.next', { when: '', type: '' }).split(':')[0],
    );
    await expectAccessible(page, 'the directory (fa, phone)');
    await screenshot(page, 'directory-fa-mobile');

    await page.getByLabel(d('filters.district')).selectOption('Mitte');
    await offices
      .getByRole('link', { name: 'Counselling office', exact: true })
      .waitFor({ state: 'detached' });
    expect(await offices.getByRole('listitem').count()).toBe(1);
    await page.getByLabel(d('filters.district')).selectOption('');

    // Farsi is spoken at the youth office only: the earliest time in Farsi is theirs.
    await page.getByRole('button', { name: d('earliest.action') }).click();
    const earliest = page.locator('.earliest-offer');
    await earliest.waitFor();
    expect(await earliest.textContent()).toContain('Youth migration service');
    expect(await page.getByLabel(d('filters.language')).inputValue()).toBe('fa');
    await offices
      .getByRole('link', { name: 'Counselling office', exact: true })
      .waitFor({ state: 'detached' });

    await earliest.getByRole('link', { name: d('earliest.book') }).click();
    await page.waitForURL((url) => url.pathname === '/o/jugend');
    expect(new URL(page.url()).searchParams.get('type')).toBe(youthType);
    await page.getByRole('heading', { level: 1, name: b('topic.title') }).waitFor();
    await page.getByText('Youth migration service', { exact: true }).waitFor();
    // Its own types only, the directory's choice already made.
    // (Two offices offer this topic: a choice of type would show if the page were not scoped.)
    expect(await page.getByRole('group', { name: b('type.legend'), exact: true }).count()).toBe(0);
    const topic = page
      .getByRole('group', { name: b('topic.legend'), exact: true })
      .getByRole('radio');
    expect(await topic.count()).toBe(1);
    expect(await topic.isChecked()).toBe(true);
    await expectAccessible(page, "an office's booking page (fa, phone)");

    await page.getByRole('link', { name: d('office.privacyLink') }).click();
    await page.getByRole('heading', { level: 1, name: d('privacy.title') }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Träger jugend');
    await expectAccessible(page, "an office's privacy notice (fa, phone)");
    expect(await pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it("answers an unknown or suspended office's page with the not-found page", async () => {
    const page = await newPage(browser, web.baseUrl, { language: 'fa' });
    for (const slug of ['nirgends', 'ruhend']) {
      await page.goto(`/o/${slug}`);
      await page.getByRole('heading', { level: 1, name: common('notFound.title') }).waitFor();
    }
    await page.context().close();
  });
});
