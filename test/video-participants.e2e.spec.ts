import { createHash } from 'node:crypto';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VideoService } from '@app/video';
import { openEventStream } from './support/event-stream.js';
import { startFakeLiveKit, type FakeLiveKit } from './support/fake-livekit.js';
import { defaultOfficeId } from './support/offices.js';
import { createTestApp, TEST_LIVEKIT, type TestApp } from './support/test-app.js';

const verifier = new TokenVerifier(TEST_LIVEKIT.apiKey, TEST_LIVEKIT.apiSecret);
type Auth = { Authorization: string };

/** Signs a webhook body exactly as LiveKit does: a JWT whose sha256 claim is the body's digest. */
async function signed(body: string): Promise<string> {
  const token = new AccessToken(TEST_LIVEKIT.apiKey, TEST_LIVEKIT.apiSecret);
  token.sha256 = createHash('sha256').update(body).digest('base64');
  return token.toJwt();
}

describe('more than two in a call: interpreter and guests', () => {
  let t: TestApp;
  let livekit: FakeLiveKit;
  let admin: Auth;
  let counsellor: Auth;
  let otherCounsellor: Auth;
  let interpreter: { auth: Auth; rosterId: string };
  let otherInterpreter: { auth: Auth; rosterId: string };
  let typeId: string;
  let hour = 6;

  async function makeInterpreter(name: string, languages: string[]) {
    const login = await t.login('interpreter');
    const [row] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO counsellor (office_id, display_name, languages, staff_id, kind)
       VALUES ($1, $2, $3, $4, 'interpreter') RETURNING id`,
      [await defaultOfficeId(t.dataSource), name, languages, login.id],
    );
    return { auth: { Authorization: `Bearer ${login.token}` }, rosterId: row.id };
  }

  /** Books the next hour on 1 June 2026 (Berlin), optionally with the interpreter set by SQL. */
  async function book(withInterpreter?: { rosterId: string; language: string }) {
    hour += 1;
    const start = `2026-06-01T${String(hour).padStart(2, '0')}:00:00+02:00`;
    const response = await request(t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: typeId,
        start,
        pseudonym: 'Darya',
        language: 'uk',
        contact: { channel: 'email', value: 'd@example.org' },
      })
      .expect(201);
    const id: string = response.body.appointment.id;
    if (withInterpreter) {
      await t.dataSource.query(
        'UPDATE appointment SET interpreter_id = $2, interpreter_language = $3 WHERE id = $1',
        [id, withInterpreter.rosterId, withInterpreter.language],
      );
    }
    return {
      id,
      token: response.body.manageToken as string,
      room: `sprechstunde-${id}`,
      start: new Date(start),
    };
  }
  const at = (when: Date | string) =>
    t.clock.advance(new Date(when).getTime() - t.clock.now().getTime());
  const minutes = (a: { start: Date }, m: number) => new Date(a.start.getTime() + m * 60_000);
  const staffToken = (id: string, auth: Auth) =>
    request(t.http).post(`/api/appointments/${id}/video/token`).set(auth);
  const interpreterToken = (id: string, auth: Auth) =>
    request(t.http).post(`/api/appointments/${id}/video/interpreter-token`).set(auth);
  const clientJoin = (token: string) =>
    request(t.http).post('/api/public/manage/video').set('X-Manage-Token', token);
  const people = (token: string) =>
    request(t.http).get('/api/public/manage/video/people').set('X-Manage-Token', token);
  const invite = (id: string, body: object, auth = counsellor) =>
    request(t.http).post(`/api/appointments/${id}/video/guests`).set(auth).send(body);
  const guest = (link: string) => {
    const token = new URL(link).hash.replace('#token=', '');
    return {
      token,
      claim: () =>
        request(t.http).post('/api/public/video/guest/claim').set('X-Guest-Token', token),
      info: (device: string) =>
        request(t.http)
          .get('/api/public/video/guest')
          .set({ 'X-Guest-Token': token, 'X-Guest-Device': device }),
      join: (device: string) =>
        request(t.http)
          .post('/api/public/video/guest/join')
          .set({ 'X-Guest-Token': token, 'X-Guest-Device': device }),
    };
  };
  const webhook = async (event: object) => {
    const body = JSON.stringify(event);
    return request(t.http)
      .post('/api/livekit/webhook')
      .set('Content-Type', 'application/webhook+json')
      .set('Authorization', await signed(body))
      .send(body);
  };
  const participant = (
    id: string,
    kind: 'participant_joined' | 'participant_left',
    room: string,
    identity: string,
    when: Date,
  ) => ({
    id,
    event: kind,
    createdAt: String(Math.floor(when.getTime() / 1000)),
    room: { name: room },
    participant: { identity },
  });

  beforeAll(async () => {
    livekit = await startFakeLiveKit();
    t = await createTestApp({
      env: {
        LIVEKIT_URL: livekit.url,
        BOOKING_RATE_LIMIT_PER_MINUTE: '10000',
        MANAGE_RATE_LIMIT_PER_MINUTE: '10000',
        MAX_FUTURE_APPOINTMENTS_PER_CONTACT: '100',
        SESSION_IDLE_MINUTES: '1440',
        SESSION_MAX_HOURS: '48',
      },
    });
    at('2026-06-01T04:00:00Z');
    admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    const login = await t.login('counsellor');
    counsellor = { Authorization: `Bearer ${login.token}` };
    otherCounsellor = { Authorization: `Bearer ${(await t.login('counsellor')).token}` };
    const created = await request(t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({
        displayName: 'Olena Bondar',
        languages: ['uk', 'de'],
        topics: ['general'],
        staffId: login.id,
      })
      .expect(201);
    await request(t.http)
      .post(`/api/counsellors/${created.body.id}/rules`)
      .set(admin)
      .send({ weekday: 1, start: '06:00', end: '24:00' })
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
    interpreter = await makeInterpreter('Amanuel Tesfay', ['ti', 'de']);
    otherInterpreter = await makeInterpreter('Hevin Kaya', ['kmr', 'de']);
  });
  beforeEach(() => at('2026-06-01T04:00:00Z'));
  afterAll(async () => {
    await t?.close();
    await livekit?.close();
  });

  it("gives the appointment's interpreter camera and microphone only, inside the window, with everyone's role in the token", async () => {
    const appointment = await book({ rosterId: interpreter.rosterId, language: 'ti' });
    const other = await book();
    at(minutes(appointment, -16));
    const early = await interpreterToken(appointment.id, interpreter.auth).expect(403);
    expect(early.body.opensAt).toBe(minutes(appointment, -15).toISOString());

    at(minutes(appointment, -5));
    // Not their appointment: answered like an unknown one.
    await interpreterToken(appointment.id, otherInterpreter.auth).expect(404);
    await interpreterToken(other.id, interpreter.auth).expect(404);
    // Counsellors' routes stay closed to interpreters, and the interpreter's route to others.
    await staffToken(appointment.id, interpreter.auth).expect(403);
    await interpreterToken(appointment.id, counsellor).expect(403);

    const answer = (await interpreterToken(appointment.id, interpreter.auth).expect(200)).body;
    const claims = await verifier.verify(answer.token);
    expect(claims.sub).toBe('interpreter');
    expect(claims.name).toBe('Amanuel Tesfay');
    expect(claims.video).toMatchObject({
      room: appointment.room,
      roomJoin: true,
      canPublish: true,
    });
    expect(claims.video?.canPublishSources).toEqual(['camera', 'microphone']);
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.attributes).toEqual({ role: 'interpreter', language: 'ti' });
    expect(JSON.parse(claims.metadata ?? '{}')).toMatchObject({
      role: 'interpreter',
      language: 'ti',
    });
    const lifetime = (claims.exp as number) - Date.now() / 1000;
    expect(lifetime).toBeLessThanOrEqual(
      (minutes(appointment, 90).getTime() - t.clock.now().getTime()) / 1000 + 1,
    );

    // The same E2EE key as the counsellor's and the client's, and their roles in their tokens.
    const staff = (await staffToken(appointment.id, counsellor).expect(200)).body;
    expect(answer.e2eeKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(staff.e2eeKey).toBe(answer.e2eeKey);
    const staffClaims = await verifier.verify(staff.token);
    expect(staffClaims.attributes).toEqual({ role: 'counsellor' });
    expect(staffClaims.video?.canPublishSources).toBeUndefined();
    expect(staffClaims.video?.roomAdmin).toBe(true);
    await clientJoin(appointment.token).expect(200);
    await request(t.http)
      .post(`/api/appointments/${appointment.id}/video/admit`)
      .set(counsellor)
      .expect(204);
    const client = (await clientJoin(appointment.token).expect(200)).body;
    expect((await verifier.verify(client.token)).attributes).toEqual({ role: 'client' });
    expect(client.e2eeKey).toBe(answer.e2eeKey);

    // The client is told who is in the call.
    expect((await people(appointment.token).expect(200)).body).toEqual([
      expect.objectContaining({
        identity: 'counsellor',
        role: 'counsellor',
        name: 'Olena Bondar',
        you: false,
      }),
      expect.objectContaining({
        identity: 'interpreter',
        role: 'interpreter',
        name: 'Amanuel Tesfay',
        language: 'ti',
        signLanguage: false,
      }),
      expect.objectContaining({ identity: 'client', role: 'client', name: 'Darya', you: true }),
    ]);

    at(minutes(appointment, 90));
    await interpreterToken(appointment.id, interpreter.auth).expect(403);
  });

  it('marks a sign-language interpreter for the pinned layout', async () => {
    const appointment = await book({ rosterId: otherInterpreter.rosterId, language: 'gsg' });
    const list = (await people(appointment.token).expect(200)).body as {
      role: string;
      signLanguage: boolean;
    }[];
    expect(list.find((p) => p.role === 'interpreter')).toMatchObject({ signLanguage: true });
  });

  it('lets the counsellor invite a guest with a one-time link that waits until admitted; the client sees and may refuse them', async () => {
    const appointment = await book();
    at(minutes(appointment, -60));
    await invite(appointment.id, { name: 'Samira', role: 'translator' }).expect(400);
    await invite(appointment.id, { name: 'Samira', role: 'interpreter', language: 'xx' }).expect(
      400,
    );
    await invite(appointment.id, { name: 'Samira', role: 'interpreter' }, otherCounsellor).expect(
      404,
    );
    await invite(appointment.id, { name: 'Samira', role: 'interpreter' }, interpreter.auth).expect(
      403,
    );
    const invited = (
      await invite(appointment.id, { name: 'Samira', role: 'interpreter', language: 'ti' }).expect(
        201,
      )
    ).body;
    expect(invited.guest).toMatchObject({
      name: 'Samira',
      role: 'interpreter',
      status: 'invited',
      expiresAt: minutes(appointment, 90).toISOString(),
    });
    expect(invited.link).toMatch(/\/guest#token=[A-Za-z0-9_-]{43}$/);
    const g = guest(invited.link);
    const [row] = await t.dataSource.query('SELECT * FROM video_guest WHERE id = $1', [
      invited.guest.id,
    ]);
    expect(row.token_hash).toBe(createHash('sha256').update(g.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(g.token);

    // One device: the first opening binds the link.
    const { deviceKey } = (await g.claim().expect(200)).body;
    expect((await g.claim().expect(409)).body.code).toBe('guest_link_used');
    expect((await g.info('A'.repeat(43)).expect(409)).body.code).toBe('guest_link_used');
    const info = (await g.info(deviceKey).expect(200)).body;
    expect(info.people).toContainEqual(
      expect.objectContaining({
        role: 'guest',
        name: 'Samira',
        guestRole: 'interpreter',
        you: true,
      }),
    );

    // The client sees the invited guest before the call.
    expect((await people(appointment.token).expect(200)).body).toContainEqual(
      expect.objectContaining({
        role: 'guest',
        name: 'Samira',
        guestRole: 'interpreter',
        status: 'invited',
        guestId: invited.guest.id,
      }),
    );

    await g.join(deviceKey).expect(403); // the window opens 15 minutes before
    at(minutes(appointment, -10));
    expect((await g.join(deviceKey).expect(200)).body.status).toBe('waiting');
    const waiting = (await request(t.http).get('/api/video/waiting').set(counsellor).expect(200))
      .body;
    expect(waiting).toContainEqual(
      expect.objectContaining({
        appointmentId: appointment.id,
        guest: { id: invited.guest.id, name: 'Samira', role: 'interpreter' },
      }),
    );
    const stream = await openEventStream(t, '/api/public/video/guest/events', {
      'X-Guest-Token': g.token,
      'X-Guest-Device': deviceKey,
    });
    try {
      expect(await stream.next()).toMatchObject({ event: 'waiting' });
      await request(t.http)
        .post(`/api/appointments/${appointment.id}/video/guests/${invited.guest.id}/admit`)
        .set(otherCounsellor)
        .expect(404);
      await request(t.http)
        .post(`/api/appointments/${appointment.id}/video/guests/${invited.guest.id}/admit`)
        .set(counsellor)
        .expect(204);
      expect(await stream.next(2000)).toMatchObject({
        event: 'admitted',
        data: { status: 'admitted' },
      });
    } finally {
      stream.close();
    }
    const joined = (await g.join(deviceKey).expect(200)).body;
    const claims = await verifier.verify(joined.token);
    expect(claims.sub).toBe(`guest-${invited.guest.id}`);
    expect(claims.name).toBe('Samira');
    expect(claims.attributes).toEqual({ role: 'guest', guestRole: 'interpreter', language: 'ti' });
    expect(claims.video?.canPublishSources).toEqual(['camera', 'microphone']);
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect((claims.exp as number) - Date.now() / 1000).toBeLessThanOrEqual(600 + 1);
    expect(joined.e2eeKey).toBe(
      (await staffToken(appointment.id, counsellor).expect(200)).body.e2eeKey,
    );

    // The client refuses: the invitation ends and LiveKit is told to remove the guest.
    await request(t.http)
      .post(`/api/public/manage/video/guests/${invited.guest.id}/refuse`)
      .set('X-Manage-Token', 'x'.repeat(43))
      .expect(404);
    await request(t.http)
      .post(`/api/public/manage/video/guests/${invited.guest.id}/refuse`)
      .set('X-Manage-Token', appointment.token)
      .expect(204);
    expect(livekit.removed).toContainEqual({
      room: appointment.room,
      identity: `guest-${invited.guest.id}`,
    });
    expect((await g.join(deviceKey).expect(403)).body.code).toBe('guest_invite_withdrawn');
    const guests = (
      await request(t.http)
        .get(`/api/appointments/${appointment.id}/video/guests`)
        .set(counsellor)
        .expect(200)
    ).body;
    expect(guests).toEqual([expect.objectContaining({ id: invited.guest.id, status: 'refused' })]);
    expect((await people(appointment.token).expect(200)).body).not.toContainEqual(
      expect.objectContaining({ role: 'guest' }),
    );

    // Each step is audited once, without the guest's name; the client's export lists the guest.
    const audit = await t.dataSource.query<{ action: string; by: string; changes: object }[]>(
      `SELECT action, actor_type AS by, changes FROM audit_event
        WHERE appointment_id = $1 AND action LIKE 'video.guest%' ORDER BY occurred_at, id`,
      [appointment.id],
    );
    const entry = { guestId: invited.guest.id, role: 'interpreter', language: 'ti' };
    expect(audit).toEqual([
      { action: 'video.guest_invited', by: 'staff', changes: entry },
      { action: 'video.guest_admitted', by: 'staff', changes: entry },
      { action: 'video.guest_refused', by: 'client', changes: entry },
    ]);
    const exported = await request(t.http)
      .get('/api/public/manage/export')
      .set('X-Manage-Token', appointment.token)
      .expect(200);
    expect(exported.body.callGuests).toEqual([
      expect.objectContaining({
        role: 'interpreter',
        name: 'Samira',
        language: 'ti',
        admittedAt: expect.any(String),
        refusedByClientAt: expect.any(String),
      }),
    ]);
    expect(exported.body.history.map((h: { action: string }) => h.action)).toContain(
      'video.guest_refused',
    );
  });

  it("lets the counsellor revoke an invitation, and ends every link with the call's window", async () => {
    const appointment = await book();
    at(minutes(appointment, -10));
    const revoked = (await invite(appointment.id, { name: 'Nadia', role: 'support' }).expect(201))
      .body;
    const g = guest(revoked.link);
    await request(t.http)
      .delete(`/api/appointments/${appointment.id}/video/guests/${revoked.guest.id}`)
      .set(counsellor)
      .expect(204);
    expect((await g.claim().expect(403)).body.code).toBe('guest_invite_withdrawn');

    const late = (await invite(appointment.id, { name: 'Karim', role: 'support' }).expect(201))
      .body;
    const l = guest(late.link);
    const { deviceKey } = (await l.claim().expect(200)).body;
    at(minutes(appointment, 90));
    expect((await l.join(deviceKey).expect(410)).body.code).toBe('guest_link_expired');
    expect((await guest(late.link).claim().expect(410)).body.code).toBe('guest_link_expired');
    await invite(appointment.id, { name: 'Karim', role: 'support' }).expect(403);
    await request(t.http)
      .post('/api/public/video/guest/join')
      .set({ 'X-Guest-Token': 'not-a-token', 'X-Guest-Device': deviceKey })
      .expect(410);
  });

  it('keeps attendance about the client and the counsellor: the interpreter and guests joining decide nothing', async () => {
    const video = t.app.get(VideoService);
    const onlyHelpers = await book({ rosterId: interpreter.rosterId, language: 'ti' });
    const noCounsellor = await book({ rosterId: interpreter.rosterId, language: 'ti' });
    const all = await book({ rosterId: interpreter.rosterId, language: 'ti' });
    at(minutes(onlyHelpers, -10));
    const g = (await invite(onlyHelpers.id, { name: 'Samira', role: 'support' }).expect(201)).body;

    const events: [string, string, string, Date][] = [
      ['P1', onlyHelpers.room, 'interpreter', minutes(onlyHelpers, 1)],
      ['P2', onlyHelpers.room, `guest-${g.guest.id}`, minutes(onlyHelpers, 2)],
      ['P3', onlyHelpers.room, 'counsellor', minutes(onlyHelpers, 1)],
      ['P4', noCounsellor.room, 'interpreter', minutes(noCounsellor, 1)],
      ['P5', noCounsellor.room, 'client', minutes(noCounsellor, 2)],
      ['P6', all.room, 'interpreter', minutes(all, 1)],
      ['P7', all.room, 'client', minutes(all, 1)],
      ['P8', all.room, 'counsellor', minutes(all, 1)],
    ];
    for (const [id, room, identity, when] of events)
      expect(
        (await webhook(participant(id, 'participant_joined', room, identity, when))).body,
      ).toEqual({ result: 'processed' });
    // A guest of another appointment, and unknown identities, are recorded nowhere.
    expect(
      (
        await webhook(
          participant('P9', 'participant_joined', all.room, `guest-${g.guest.id}`, minutes(all, 3)),
        )
      ).body,
    ).toEqual({ result: 'ignored' });
    expect(
      (
        await webhook(
          participant('P10', 'participant_joined', all.room, 'guest-client', minutes(all, 3)),
        )
      ).body,
    ).toEqual({ result: 'ignored' });

    const [session] = await t.dataSource.query(
      'SELECT client_joined_at, counsellor_joined_at, interpreter_joined_at FROM video_session WHERE appointment_id = $1',
      [onlyHelpers.id],
    );
    expect(session.client_joined_at).toBeNull();
    expect(session.interpreter_joined_at.toISOString()).toBe(minutes(onlyHelpers, 1).toISOString());
    const [guestRow] = await t.dataSource.query('SELECT joined_at FROM video_guest WHERE id = $1', [
      g.guest.id,
    ]);
    expect(guestRow.joined_at.toISOString()).toBe(minutes(onlyHelpers, 2).toISOString());

    at(minutes(all, 90));
    await video.settleDue();
    const status = async (id: string) =>
      (await request(t.http).get(`/api/appointments/${id}`).set(admin).expect(200)).body.status;
    expect(await status(onlyHelpers.id)).toBe('no_show');
    expect(await status(noCounsellor.id)).toBe('confirmed');
    expect(await status(all.id)).toBe('completed');
  });
});
