import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.js';

const BASE = 'https://sprechstunde.test';

interface Counsellor {
  id: string;
  auth: { Authorization: string };
}

/** The iCalendar text with folded lines joined (RFC 5545 §3.1). */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');
const feedPath = (url: string) => url.slice(BASE.length);

describe('a counsellor’s private calendar feed', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let amira: Counsellor;
  let jonas: Counsellor;
  let typeId: string;
  const booked: Record<string, string> = {};

  async function counsellor(name: string): Promise<Counsellor> {
    const login = await t.login('counsellor');
    const created = await request(t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({ displayName: name, languages: ['de'], topics: ['residence'], staffId: login.id })
      .expect(201);
    await request(t.http)
      .post(`/api/counsellors/${created.body.id}/rules`)
      .set(admin)
      .send({ weekday: 3, start: '08:00', end: '18:00' })
      .expect(201);
    return { id: created.body.id, auth: { Authorization: `Bearer ${login.token}` } };
  }

  const book = async (who: Counsellor, start: string, pseudonym: string, email: string) =>
    (
      await request(t.http)
        .post('/api/public/appointments')
        .send({
          consultationTypeId: typeId,
          start,
          counsellorId: who.id,
          pseudonym,
          language: 'de',
          contact: { channel: 'email', value: email },
          note: `Notiz von ${pseudonym}: Aufenthaltstitel läuft ab`,
        })
        .expect(201)
    ).body.appointment.id as string;

  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_BASE_URL: BASE } });
    t.clock.advance(new Date('2026-12-07T06:00:00Z').getTime() - t.clock.now().getTime());
    admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    amira = await counsellor('Amira Haddad');
    jonas = await counsellor('Jonas Weber');
    typeId = (
      await request(t.http)
        .post('/api/admin/consultation-types')
        .set(admin)
        .send({
          name: { de: 'Aufenthalt', en: 'Residence' },
          topic: 'residence',
          durationMinutes: 30,
          stepMinutes: 30,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 0,
          horizonDays: 60,
          channel: 'video',
          counsellorIds: [amira.id, jonas.id],
        })
        .expect(201)
    ).body.id;
    booked.mariam = await book(amira, '2026-12-09T10:00:00+01:00', 'Mariam', 'mariam@example.org');
    booked.cancelled = await book(amira, '2026-12-09T11:00:00+01:00', 'Yusuf', 'yusuf@example.org');
    await request(t.http)
      .post(`/api/appointments/${booked.cancelled}/cancel`)
      .set(amira.auth)
      .send({ reason: 'Client called to cancel' })
      .expect(200);
    booked.olena = await book(jonas, '2026-12-09T10:00:00+01:00', 'Olena', 'olena@example.org');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('lists the counsellor’s appointments with type, channel, time, status and console link, and no client data', async () => {
    const created = await request(t.http).post('/api/calendar-feed').set(amira.auth).expect(201);
    expect(created.body.url).toMatch(new RegExp(`^${BASE}/api/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
    const feed = await request(t.http).get(feedPath(created.body.url)).expect(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(feed.headers['cache-control']).toMatch(/no-store/);
    const ics = unfold(feed.text);
    expect(ics).toContain(`UID:${booked.mariam}.counsellor@sprechstunde`);
    expect(ics).toContain('DTSTART:20261209T090000Z');
    expect(ics).toContain('SUMMARY:Aufenthalt (Video)');
    expect(ics).toContain(`URL;VALUE=URI:${BASE}/staff`);
    expect(ics).toContain(`UID:${booked.cancelled}.counsellor@sprechstunde`);
    expect(ics).toContain('STATUS:CANCELLED');
    expect(ics).toContain('STATUS:CONFIRMED');
    for (const personal of [
      'Mariam',
      'mariam@example.org',
      'Yusuf',
      'yusuf@example.org',
      'Aufenthaltstitel',
      'Notiz',
    ]) {
      expect(ics, personal).not.toContain(personal);
    }
    // Another counsellor's appointment at the same time is not in it.
    expect(ics).not.toContain(booked.olena);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('shows each counsellor only their own appointments', async () => {
    const created = await request(t.http).post('/api/calendar-feed').set(jonas.auth).expect(201);
    const ics = unfold((await request(t.http).get(feedPath(created.body.url)).expect(200)).text);
    expect(ics).toContain(`UID:${booked.olena}.counsellor@sprechstunde`);
    expect(ics).not.toContain(booked.mariam);
    expect(ics).not.toContain(booked.cancelled);
    expect(ics).not.toContain('Olena');
  });

  it('a regenerated link replaces the old one, a revoked one answers 404, as does an unknown one', async () => {
    const first = await request(t.http).post('/api/calendar-feed').set(amira.auth).expect(201);
    const second = await request(t.http).post('/api/calendar-feed').set(amira.auth).expect(201);
    expect(second.body.url).not.toBe(first.body.url);
    const gone = await request(t.http).get(feedPath(first.body.url)).expect(404);
    expect(gone.body.code).toBe('calendar_feed_not_found');
    await request(t.http).get(feedPath(second.body.url)).expect(200);
    expect(
      (await request(t.http).get('/api/calendar-feed').set(amira.auth).expect(200)).body,
    ).toMatchObject({ exists: true });

    await request(t.http).delete('/api/calendar-feed').set(amira.auth).expect(204);
    await request(t.http).get(feedPath(second.body.url)).expect(404);
    expect(
      (await request(t.http).get('/api/calendar-feed').set(amira.auth).expect(200)).body,
    ).toEqual({ exists: false, createdAt: null });

    for (const path of ['/api/calendar/not-a-token.ics', `/api/calendar/${'A'.repeat(43)}.ics`]) {
      expect((await request(t.http).get(path).expect(404)).body.code).toBe(
        'calendar_feed_not_found',
      );
    }
  });

  it('is for counsellors only: an account without a counsellor profile gets 403, no login 401', async () => {
    const refused = await request(t.http).post('/api/calendar-feed').set(admin).expect(403);
    expect(refused.body.code).toBe('no_counsellor_profile');
    await request(t.http).post('/api/calendar-feed').expect(401);
  });
});
