import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
    t = await createTestApp({
      env: {
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
  afterAll(() => t.close());

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
