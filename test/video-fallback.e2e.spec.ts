import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_TEXTS } from '@app/notifications';
import { NotificationRepository } from '../libs/notifications/src/notification.repository.js';
import { VideoService } from '@app/video';
import { openEventStream } from './support/event-stream.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * A server without LiveKit (the quick start): the API says there is no video instead of failing
 * calls, the counsellor switches an appointment to a phone call, a client asks to be phoned.
 */
describe('video without a LiveKit server, and phone instead', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let counsellor: { Authorization: string };
  let other: { Authorization: string };
  let typeId = '';
  let hour = 7;
  let counsellorStaffId = '';
  /** The SMS the gateway took, by their idempotency key (`<kind>.<appointment>.v<version>`). */
  const sms: { to: string; text: string; key: string }[] = [];
  let gateway: Server;

  const PHONE = '+49 30 1234567';
  async function book(
    contact: { channel: 'email' | 'phone'; value: string } = { channel: 'phone', value: PHONE },
  ): Promise<{ id: string; token: string; start: Date }> {
    hour += 1;
    const start = `2026-06-01T${String(hour).padStart(2, '0')}:00:00+02:00`;
    const response = await request(t.http)
      .post('/api/public/appointments')
      .send({ consultationTypeId: typeId, start, pseudonym: 'Mariam', language: 'ar', contact })
      .expect(201);
    return {
      id: response.body.appointment.id,
      token: response.body.manageToken,
      start: new Date(start),
    };
  }
  const at = (when: Date) => t.clock.advance(when.getTime() - t.clock.now().getTime());
  const minutesBefore = (a: { start: Date }, minutes: number) =>
    new Date(a.start.getTime() - minutes * 60_000);
  const manage = (method: 'get' | 'post', path: string, token: string) =>
    request(t.http)[method](`/api/public/manage/video${path}`).set('X-Manage-Token', token);

  beforeAll(async () => {
    gateway = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const { to, text } = JSON.parse(body) as { to: string; text: string };
        sms.push({ to, text, key: req.headers['idempotency-key'] as string });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `sms-${sms.length}` }));
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    t = await createTestApp({
      env: {
        SMS_GATEWAY_URL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`,
        PUBLIC_BASE_URL: 'https://sprechstunde.test',
        LIVEKIT_URL: '',
        BOOKING_RATE_LIMIT_PER_MINUTE: '10000',
        MANAGE_RATE_LIMIT_PER_MINUTE: '10000',
        MAX_FUTURE_APPOINTMENTS_PER_CONTACT: '100',
        // The test clock moves by hours: staff sessions must outlast it.
        SESSION_IDLE_MINUTES: '1440',
        SESSION_MAX_HOURS: '48',
      },
    });
    at(new Date('2026-06-01T05:00:00Z'));
    admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    const login = await t.login('counsellor');
    counsellor = { Authorization: `Bearer ${login.token}` };
    counsellorStaffId = login.id;
    other = { Authorization: `Bearer ${(await t.login('counsellor')).token}` };
    const created = await request(t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({
        displayName: 'Olena',
        languages: ['ar', 'de'],
        topics: ['general'],
        staffId: login.id,
      })
      .expect(201);
    await request(t.http)
      .post(`/api/counsellors/${created.body.id}/rules`)
      .set(admin)
      .send({ weekday: 1, start: '08:00', end: '24:00' })
      .expect(201);
    const type = await request(t.http)
      .post('/api/admin/consultation-types')
      .set(admin)
      .send({
        name: { de: 'Beratung' },
        topic: 'general',
        durationMinutes: 60,
        stepMinutes: 60,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 0,
        horizonDays: 60,
        channel: 'video',
        counsellorIds: [created.body.id],
      })
      .expect(201);
    typeId = type.body.id;
  });
  beforeEach(() => at(new Date('2026-06-01T05:00:00Z')));
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => gateway?.close(resolve));
  });

  it('says that there is no video instead of handing out tokens for a server that is not there', async () => {
    expect((await request(t.http).get('/api/public/video').expect(200)).body).toEqual({
      videoAvailable: false,
    });
    const appointment = await book();
    at(minutesBefore(appointment, 5));
    expect((await manage('get', '', appointment.token).expect(200)).body).toEqual({
      videoAvailable: false,
      byPhone: false,
      phoneCallRequested: false,
      phoneNumberKnown: true,
    });
    const client = await manage('post', '', appointment.token).expect(503);
    expect(client.body).toMatchObject({ statusCode: 503, code: 'video_not_configured' });
    await manage('get', '/events', appointment.token).expect(503);
    const staff = await request(t.http)
      .post(`/api/appointments/${appointment.id}/video/token`)
      .set(counsellor)
      .expect(503);
    expect(staff.body.code).toBe('video_not_configured');
    await request(t.http)
      .post(`/api/appointments/${appointment.id}/video/admit`)
      .set(counsellor)
      .expect(503);
  });

  it('lets the counsellor switch an appointment to a phone call in one step', async () => {
    const appointment = await book();
    at(minutesBefore(appointment, 30));
    await request(t.http)
      .post(`/api/appointments/${appointment.id}/video/switch-to-phone`)
      .set(other)
      .expect(404);
    const switched = await request(t.http)
      .post(`/api/appointments/${appointment.id}/video/switch-to-phone`)
      .set(counsellor)
      .expect(200);
    expect(switched.body).toEqual({ phone: '+49301234567' }); // as stored: normalised
    expect((await manage('get', '', appointment.token).expect(200)).body).toMatchObject({
      videoAvailable: false,
      byPhone: true,
    });
    at(minutesBefore(appointment, 5));
    expect((await manage('post', '', appointment.token).expect(409)).body.code).toBe(
      'switched_to_phone',
    );
    // Attendance of a room nobody used decides nothing: no "no-show" for a phoned client.
    at(new Date(appointment.start.getTime() + 90 * 60_000));
    await t.app.get(VideoService).settleDue();
    expect(
      (await request(t.http).get(`/api/appointments/${appointment.id}`).set(counsellor).expect(200))
        .body.status,
    ).toBe('confirmed');
  });

  it('tells the client by their channel, in their language, and records who switched it', async () => {
    hour += 1;
    const start = `2026-06-01T${String(hour).padStart(2, '0')}:00:00+02:00`;
    const booked = await request(t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: typeId,
        start,
        pseudonym: 'Olena',
        language: 'uk',
        timeZone: 'Europe/Kyiv',
        contact: { channel: 'phone', value: '+49 151 2345 6789' },
      })
      .expect(201);
    const id = booked.body.appointment.id as string;
    at(minutesBefore({ start: new Date(start) }, 30));
    const switchToPhone = () =>
      request(t.http)
        .post(`/api/appointments/${id}/video/switch-to-phone`)
        .set(counsellor)
        .expect(200);
    await switchToPhone();
    // A second press changes nothing: no second notice, no second entry.
    await switchToPhone();

    const notice = () => sms.filter((message) => message.key.startsWith('switched-to-phone.'));
    await expect
      .poll(() => notice().filter((m) => m.key.includes(id)), { timeout: 15_000 })
      .toEqual([
        expect.objectContaining({ to: '+4915123456789', key: `switched-to-phone.${id}.v2` }),
      ]);
    const [message] = notice().filter((m) => m.key.includes(id));
    // In Ukrainian, with the time in the client's zone (Kyiv: 11:xx for a Berlin 10:xx start).
    const opening = CLIENT_TEXTS.uk.switchedToPhone.sms.split('{')[0];
    expect(message.text.startsWith(opening)).toBe(true);
    expect(message.text).toContain(`${String(hour + 1).padStart(2, '0')}:00`);
    expect(message.text).toMatch(/https:\/\/sprechstunde\.test\/manage#token=[\w-]{43}$/);

    const audit = await request(t.http)
      .get('/api/admin/audit')
      .query({ appointmentId: id })
      .set(admin)
      .expect(200);
    expect(
      audit.body.filter((e: { action: string }) => e.action === 'appointment.switched-to-phone'),
    ).toEqual([
      expect.objectContaining({
        actorType: 'staff',
        actorId: counsellorStaffId,
        appointmentId: id,
        changes: { version: 2 },
      }),
    ]);
    // The switch is a change of the appointment: its version moved on once (older reminders lapse).
    const view = await request(t.http).get(`/api/appointments/${id}`).set(counsellor).expect(200);
    expect(view.body).toMatchObject({ status: 'confirmed', version: 2 });
    // Every later message (reminders, calendar file) speaks of a phone call, not of joining a video.
    const asMessagesSeeIt = await t.app.get(NotificationRepository).appointment(id);
    expect(asMessagesSeeIt).toMatchObject({ channel: 'phone', version: 2 });
  });

  it('refuses the switch when there is no phone number to call', async () => {
    const appointment = await book({ channel: 'email', value: 'mariam@example.org' });
    const refused = await request(t.http)
      .post(`/api/appointments/${appointment.id}/video/switch-to-phone`)
      .set(counsellor)
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'no_phone_number' });
    expect(refused.body.message).toMatch(/phone number/);
    expect((await manage('get', '', appointment.token).expect(200)).body.phoneNumberKnown).toBe(
      false,
    );
    expect((await manage('post', '/phone-request', appointment.token).expect(409)).body.code).toBe(
      'no_phone_number',
    );
  });

  it('lets a client ask to be phoned; the counsellor sees it at once among those waiting', async () => {
    const appointment = await book();
    at(minutesBefore(appointment, 2));
    const stream = await openEventStream(t, '/api/video/waiting/events', counsellor);
    try {
      const first = await stream.next();
      expect(first.data).not.toContainEqual(
        expect.objectContaining({ appointmentId: appointment.id }),
      );
      await manage('post', '/phone-request', appointment.token).expect(204);
      await manage('post', '/phone-request', appointment.token).expect(204);
      const next = await stream.next(1000);
      expect(next.data).toContainEqual({
        appointmentId: appointment.id,
        pseudonym: 'Mariam',
        startsAt: appointment.start.toISOString(),
        waitingSince: null,
        phoneCallRequestedAt: t.clock.now().toISOString(),
        guest: null,
      });
    } finally {
      stream.close();
    }
    expect((await manage('get', '', appointment.token).expect(200)).body.phoneCallRequested).toBe(
      true,
    );
    // Switched to phone: the request is dealt with and leaves the list.
    await request(t.http)
      .post(`/api/appointments/${appointment.id}/video/switch-to-phone`)
      .set(counsellor)
      .expect(200);
    const waiting = await request(t.http).get('/api/video/waiting').set(counsellor).expect(200);
    expect(waiting.body).toEqual([]);
  });
});
