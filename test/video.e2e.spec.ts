import { createHash } from 'node:crypto';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import request from 'supertest';
import type { EntitySubscriberInterface } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QueueName } from '@app/queue';
import { VideoService } from '@app/video';
import { openEventStream } from './support/event-stream.js';
import { createTestApp, TEST_LIVEKIT, type TestApp } from './support/test-app.js';

const verifier = new TokenVerifier(TEST_LIVEKIT.apiKey, TEST_LIVEKIT.apiSecret);

/** Signs a webhook body exactly as LiveKit does: a JWT whose sha256 claim is the body's digest. */
async function signed(body: string, secret = TEST_LIVEKIT.apiSecret): Promise<string> {
  const token = new AccessToken(TEST_LIVEKIT.apiKey, secret);
  token.sha256 = createHash('sha256').update(body).digest('base64');
  return token.toJwt();
}

describe('video sessions', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let counsellor: { id: string; staffId: string; auth: { Authorization: string } };
  let other: { Authorization: string };
  const types: Record<'video' | 'audio' | 'auto' | 'phone' | 'plain', string> = {
    video: '',
    audio: '',
    auto: '',
    phone: '',
    plain: '',
  };
  let hour = 7;

  /** Books the next free hour on 1 June 2026 (Berlin) and returns its id and manage token. */
  async function book(
    kind: keyof typeof types,
  ): Promise<{ id: string; token: string; room: string; start: Date }> {
    hour += 1;
    const start = `2026-06-01T${String(hour).padStart(2, '0')}:00:00+02:00`;
    const response = await request(t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: types[kind],
        start,
        pseudonym: 'Darya',
        language: 'uk',
        // A phone consultation needs a number to call.
        contact:
          kind === 'phone'
            ? { channel: 'phone', value: '+49 30 1234567' }
            : { channel: 'email', value: 'd@example.org' },
      })
      .expect(201);
    return {
      id: response.body.appointment.id,
      token: response.body.manageToken,
      room: `sprechstunde-${response.body.appointment.id}`,
      start: new Date(start),
    };
  }
  const at = (iso: string) => t.clock.advance(new Date(iso).getTime() - t.clock.now().getTime());
  const join = (token: string) =>
    request(t.http).post('/api/public/manage/video').set('X-Manage-Token', token);
  const webhook = async (event: object, secret?: string) => {
    const body = JSON.stringify(event);
    return request(t.http)
      .post('/api/livekit/webhook')
      .set('Content-Type', 'application/webhook+json')
      .set('Authorization', await signed(body, secret))
      .send(body);
  };
  const participant = (
    id: string,
    kind: 'participant_joined' | 'participant_left',
    room: string,
    identity: string,
    when: string,
  ) => ({
    id,
    event: kind,
    createdAt: String(Math.floor(new Date(when).getTime() / 1000)),
    room: { name: room },
    participant: { identity },
  });

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        BOOKING_RATE_LIMIT_PER_MINUTE: '10000',
        MANAGE_RATE_LIMIT_PER_MINUTE: '10000',
        MAX_FUTURE_APPOINTMENTS_PER_CONTACT: '100',
        SESSION_IDLE_MINUTES: '1440',
        SESSION_MAX_HOURS: '48',
      },
    });
    at('2026-06-01T05:00:00Z');
    admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    const login = await t.login('counsellor');
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
    counsellor = {
      id: created.body.id,
      staffId: login.id,
      auth: { Authorization: `Bearer ${login.token}` },
    };
    other = { Authorization: `Bearer ${(await t.login('counsellor')).token}` };
    await request(t.http)
      .post(`/api/counsellors/${counsellor.id}/rules`)
      .set(admin)
      .send({ weekday: 1, start: '08:00', end: '24:00' })
      .expect(201);
    const base = {
      name: { de: 'Beratung' },
      topic: 'general',
      durationMinutes: 60,
      stepMinutes: 60,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minNoticeMinutes: 0,
      horizonDays: 60,
      counsellorIds: [counsellor.id],
    };
    for (const [kind, channel] of [
      ['video', 'video'],
      ['audio', 'audio'],
      ['auto', 'video'],
      ['phone', 'phone'],
      ['plain', 'video'],
    ] as const) {
      const type = await request(t.http)
        .post('/api/admin/consultation-types')
        .set(admin)
        .send({ ...base, channel })
        .expect(201);
      types[kind] = type.body.id;
    }
    const auto = await request(t.http)
      .patch(`/api/admin/consultation-types/${types.auto}`)
      .set(admin)
      .send({ autoAdmit: true })
      .expect(200);
    expect(auto.body).toMatchObject({
      autoAdmit: true,
      e2ee: true,
      joinOpensMinutesBefore: 15,
      joinClosesMinutesAfter: 30,
    });
    await request(t.http)
      .patch(`/api/admin/consultation-types/${types.plain}`)
      .set(admin)
      .send({ e2ee: false })
      .expect(200);
    await request(t.http)
      .patch(`/api/admin/consultation-types/${types.plain}`)
      .set(admin)
      .send({ joinOpensMinutesBefore: 999 })
      .expect(400);
  });
  // Every test starts on the morning of 1 June and moves the clock forward from there.
  beforeEach(() => at('2026-06-01T05:00:00Z'));
  afterAll(() => t.close());

  it('opens the room 15 minutes before the start and closes it 30 minutes after the end', async () => {
    const appointment = await book('video');
    at(new Date(appointment.start.getTime() - 15 * 60_000 - 1000).toISOString());
    const early = await join(appointment.token).expect(403);
    expect(early.body.opensAt).toBe(
      new Date(appointment.start.getTime() - 15 * 60_000).toISOString(),
    );
    await request(t.http)
      .post(`/api/appointments/${appointment.id}/video/token`)
      .set(counsellor.auth)
      .expect(403);
    at(new Date(appointment.start.getTime() - 15 * 60_000).toISOString());
    expect((await join(appointment.token).expect(200)).body.status).toBe('waiting');
    at(new Date(appointment.start.getTime() + 90 * 60_000 - 1000).toISOString());
    await request(t.http)
      .post(`/api/appointments/${appointment.id}/video/token`)
      .set(counsellor.auth)
      .expect(200);
    at(new Date(appointment.start.getTime() + 90 * 60_000).toISOString());
    await join(appointment.token).expect(403);
    await request(t.http)
      .post(`/api/appointments/${appointment.id}/video/token`)
      .set(counsellor.auth)
      .expect(403);
  });

  it('keeps the client waiting until admitted, then issues least-privilege tokens that end with the window', async () => {
    const appointment = await book('video');
    at(new Date(appointment.start.getTime() - 5 * 60_000).toISOString());
    expect((await join(appointment.token).expect(200)).body).toMatchObject({ status: 'waiting' });
    const waiting = await request(t.http)
      .get('/api/video/waiting')
      .set(counsellor.auth)
      .expect(200);
    // The earlier appointment's client is still waiting in its open room, too.
    expect(waiting.body).toContainEqual(
      expect.objectContaining({ appointmentId: appointment.id, pseudonym: 'Darya' }),
    );
    expect((await request(t.http).get('/api/video/waiting').set(other).expect(200)).body).toEqual(
      [],
    );
    await request(t.http)
      .post(`/api/appointments/${appointment.id}/video/admit`)
      .set(other)
      .expect(404);

    const staffAnswer = await request(t.http)
      .post(`/api/appointments/${appointment.id}/video/token`)
      .set(counsellor.auth)
      .expect(200);
    await request(t.http)
      .post(`/api/appointments/${appointment.id}/video/admit`)
      .set(counsellor.auth)
      .expect(204);
    await request(t.http)
      .post(`/api/appointments/${appointment.id}/video/admit`)
      .set(counsellor.auth)
      .expect(204);
    const after = await request(t.http).get('/api/video/waiting').set(counsellor.auth).expect(200);
    expect(after.body.map((w: { appointmentId: string }) => w.appointmentId)).not.toContain(
      appointment.id,
    );
    const clientAnswer = (await join(appointment.token).expect(200)).body;
    expect(clientAnswer).toMatchObject({
      status: 'admitted',
      url: 'wss://livekit.test.invalid',
      room: appointment.room,
    });

    const client = await verifier.verify(clientAnswer.token);
    expect(client.sub).toBe('client');
    expect(client.name).toBe('Darya');
    expect(client.video).toMatchObject({
      room: appointment.room,
      roomJoin: true,
      canPublish: true,
      canSubscribe: true,
    });
    expect(client.video?.roomAdmin).toBeFalsy();
    expect(client.video?.canPublishSources).toBeUndefined();
    const staffClaims = await verifier.verify(staffAnswer.body.token);
    expect(staffClaims.sub).toBe('counsellor');
    expect(staffClaims.name).toBe('Olena Bondar');
    expect(staffClaims.video).toMatchObject({
      room: appointment.room,
      roomJoin: true,
      roomAdmin: true,
    });
    // Lifetime: until the window closes (11:30 + …), never longer.
    const windowLeft = (appointment.start.getTime() + 90 * 60_000 - t.clock.now().getTime()) / 1000;
    const lifetime = (client.exp as number) - Date.now() / 1000;
    expect(lifetime).toBeGreaterThan(windowLeft - 10);
    expect(lifetime).toBeLessThanOrEqual(windowLeft + 1);
    expect(JSON.stringify(client)).not.toContain('d@example.org');

    // One E2EE key for both, stored only sealed.
    expect(clientAnswer.e2eeKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(staffAnswer.body.e2eeKey).toBe(clientAnswer.e2eeKey);
    const [row] = await t.dataSource.query(
      'SELECT e2ee_key_sealed FROM video_session WHERE appointment_id = $1',
      [appointment.id],
    );
    expect(row.e2ee_key_sealed).toMatch(/^[0-9a-f]{16}:v1\./); // master key id, then the sealed key
    expect(row.e2ee_key_sealed).not.toContain(
      Buffer.from(clientAnswer.e2eeKey, 'base64').toString('base64url'),
    );

    const admin2 = await request(t.http)
      .post(`/api/appointments/${appointment.id}/video/token`)
      .set(admin)
      .expect(200);
    expect((await verifier.verify(admin2.body.token)).sub).toBe('admin');
  });

  it('gives audio-only clients a token that cannot publish video, and no key without E2EE', async () => {
    const audio = await book('audio');
    at(new Date(audio.start.getTime()).toISOString());
    await request(t.http)
      .post(`/api/appointments/${audio.id}/video/admit`)
      .set(counsellor.auth)
      .expect(204);
    const answer = (await join(audio.token).expect(200)).body;
    const claims = await verifier.verify(answer.token);
    expect(claims.video?.canPublishSources).toEqual(['microphone']);

    const plain = await book('plain');
    at(new Date(plain.start.getTime()).toISOString());
    await request(t.http)
      .post(`/api/appointments/${plain.id}/video/admit`)
      .set(counsellor.auth)
      .expect(204);
    expect((await join(plain.token).expect(200)).body.e2eeKey).toBeNull();

    const phone = await book('phone');
    at(new Date(phone.start.getTime()).toISOString());
    await join(phone.token).expect(403);
  });

  it('issues no tokens for cancelled appointments', async () => {
    const appointment = await book('video');
    await request(t.http)
      .post('/api/public/manage/cancel')
      .set('X-Manage-Token', appointment.token)
      .expect(200);
    at(new Date(appointment.start.getTime()).toISOString());
    await join(appointment.token).expect(403);
    await request(t.http)
      .post(`/api/appointments/${appointment.id}/video/token`)
      .set(counsellor.auth)
      .expect(403);
  });

  it('verifies webhooks, ignores duplicates and handles them out of order; attendance decides the outcome', async () => {
    const both = await book('video');
    const absent = await book('video');
    const recorded = await book('video');
    const time = (a: { start: Date }, minutes: number) =>
      new Date(a.start.getTime() + minutes * 60_000).toISOString();

    const body = JSON.stringify(
      participant('EV_forged', 'participant_joined', both.room, 'client', time(both, 0)),
    );
    const forged = await request(t.http)
      .post('/api/livekit/webhook')
      .set('Content-Type', 'application/webhook+json')
      .set('Authorization', await signed(body, 'another-secret-of-at-least-32-chars!!'))
      .send(body)
      .expect(401);
    expect(forged.body.statusCode).toBe(401);
    await request(t.http)
      .post('/api/livekit/webhook')
      .set('Content-Type', 'application/webhook+json')
      .send(body)
      .expect(401);
    // A valid signature over a different body.
    await request(t.http)
      .post('/api/livekit/webhook')
      .set('Content-Type', 'application/webhook+json')
      .set('Authorization', await signed(body.replace('client', 'counsellor')))
      .send(body)
      .expect(401);
    expect(
      await t.dataSource.query('SELECT * FROM video_session WHERE appointment_id = $1', [both.id]),
    ).toEqual([]);

    // Out of order: the client's "left" arrives before the "joined"; one event arrives twice.
    await webhook(
      participant('EV_2', 'participant_left', both.room, 'client', time(both, 50)),
    ).then((r) => expect(r.body).toEqual({ result: 'processed' }));
    expect(
      (await webhook(participant('EV_1', 'participant_joined', both.room, 'client', time(both, 2))))
        .status,
    ).toBe(200);
    const again = await webhook(
      participant('EV_1', 'participant_joined', both.room, 'client', time(both, 2)),
    );
    expect(again.body).toEqual({ result: 'duplicate' });
    expect(
      (
        await webhook(
          participant('EV_3', 'participant_joined', both.room, 'counsellor', time(both, 1)),
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await webhook(
          participant('EV_4', 'participant_joined', recorded.room, 'client', time(recorded, 1)),
        )
      ).status,
    ).toBe(200);
    const [session] = await t.dataSource.query(
      'SELECT client_joined_at, client_left_at, counsellor_joined_at FROM video_session WHERE appointment_id = $1',
      [both.id],
    );
    expect(session.client_joined_at.toISOString()).toBe(time(both, 2));
    expect(session.client_left_at.toISOString()).toBe(time(both, 50));

    // The counsellor records an outcome by hand for one: it stands.
    at(time(recorded, 10));
    await request(t.http)
      .post(`/api/appointments/${recorded.id}/outcome`)
      .set(counsellor.auth)
      .send({ outcome: 'no_show' })
      .expect(200);

    const video = t.app.get(VideoService);
    at(time(both, 89)); // before the window has closed: nothing is decided
    await video.settleDue();
    expect(
      (await request(t.http).get(`/api/appointments/${both.id}`).set(admin).expect(200)).body
        .status,
    ).toBe('confirmed');
    at(time(absent, 90));
    await video.settleDue();
    const status = async (id: string) =>
      (await request(t.http).get(`/api/appointments/${id}`).set(admin).expect(200)).body.status;
    expect(await status(both.id)).toBe('completed');
    expect(await status(absent.id)).toBe('no_show');
    expect(await status(recorded.id)).toBe('no_show');
    const audit = await request(t.http)
      .get('/api/admin/audit')
      .query({ appointmentId: absent.id })
      .set(admin)
      .expect(200);
    expect(audit.body[0]).toMatchObject({
      action: 'appointment.outcome-recorded',
      actorType: 'system',
    });
  });

  it("keeps no dedupe mark when applying a webhook fails, so that LiveKit's retry is applied", async () => {
    const appointment = await book('video');
    const when = new Date(appointment.start.getTime() + 60_000).toISOString();
    const event = participant('EV_retry', 'participant_joined', appointment.room, 'client', when);
    // A real database failure after the dedupe record is written: a trigger refusing this
    // appointment's attendance row (the test's own database).
    await t.dataSource.query(`
      CREATE FUNCTION refuse_attendance() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'attendance refused by the test'; END $$`);
    await t.dataSource.query(`
      CREATE TRIGGER refuse_attendance BEFORE INSERT OR UPDATE ON video_session FOR EACH ROW
      WHEN (NEW.appointment_id = '${appointment.id}') EXECUTE FUNCTION refuse_attendance()`);
    try {
      expect((await webhook(event)).status).toBe(500);
    } finally {
      await t.dataSource.query('DROP TRIGGER refuse_attendance ON video_session');
      await t.dataSource.query('DROP FUNCTION refuse_attendance()');
    }
    expect((await webhook(event)).body).toEqual({ result: 'processed' });
    const [session] = await t.dataSource.query(
      'SELECT client_joined_at FROM video_session WHERE appointment_id = $1',
      [appointment.id],
    );
    expect(session.client_joined_at.toISOString()).toBe(when);
    expect((await webhook(event)).body).toEqual({ result: 'duplicate' });
  });

  it('streams the waiting state as server-sent events and pushes the admission at once', async () => {
    const appointment = await book('video');
    at(new Date(appointment.start.getTime() - 60_000).toISOString());
    const stream = await openEventStream(t, '/api/public/manage/video/events', {
      'X-Manage-Token': appointment.token,
    });
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toMatch(/text\/event-stream/);
      expect(await stream.next()).toMatchObject({ event: 'waiting', data: { status: 'waiting' } });
      const admittedAt = Date.now();
      await request(t.http)
        .post(`/api/appointments/${appointment.id}/video/admit`)
        .set(counsellor.auth)
        .expect(204);
      // Pushed, not found by the next poll: well before the 30 s safety re-read.
      expect(await stream.next(1000)).toMatchObject({
        event: 'admitted',
        data: { status: 'admitted', room: appointment.room },
      });
      expect(Date.now() - admittedAt).toBeLessThan(1000);
      await stream.ended;
    } finally {
      stream.close();
    }
  });

  it("pushes who is waiting to the counsellor's stream when a client arrives", async () => {
    const appointment = await book('video');
    at(new Date(appointment.start.getTime() - 60_000).toISOString());
    const stream = await openEventStream(t, '/api/video/waiting/events', counsellor.auth);
    try {
      const first = await stream.next();
      expect(first.event).toBe('waiting');
      expect(first.data).not.toContainEqual(
        expect.objectContaining({ appointmentId: appointment.id }),
      );
      await join(appointment.token).expect(200);
      const next = await stream.next(1000);
      expect(next.data).toContainEqual(
        expect.objectContaining({ appointmentId: appointment.id, pseudonym: 'Darya' }),
      );
    } finally {
      stream.close();
    }
    await request(t.http).get('/api/video/waiting/events').expect(401);
  });

  /** Until every outbox event is published and no job waits or runs on any queue. */
  const settleJobs = async () => {
    const queues = Object.values(QueueName).map((name) => t.app.get<Queue>(getQueueToken(name)));
    await expect
      .poll(
        async () => {
          const [{ pending }] = await t.dataSource.query<{ pending: number }[]>(
            'SELECT count(*)::int AS pending FROM outbox_event WHERE published_at IS NULL',
          );
          const counts = await Promise.all(
            queues.map((queue) => queue.getJobCounts('waiting', 'active', 'prioritized')),
          );
          return pending + counts.reduce((sum, c) => sum + c.waiting + c.active + c.prioritized, 0);
        },
        { timeout: 15_000 },
      )
      .toBe(0);
  };

  it('costs idle streams no database reads between changes', async () => {
    const appointment = await book('video');
    at(new Date(appointment.start.getTime() - 60_000).toISOString());
    const streams = await Promise.all(
      Array.from({ length: 10 }, () =>
        openEventStream(t, '/api/public/manage/video/events', {
          'X-Manage-Token': appointment.token,
        }),
      ),
    );
    try {
      for (const stream of streams) expect((await stream.next()).event).toBe('waiting');
      // The booking's own messages (the job processors run in this process in embedded mode, and
      // their reads join video_session) are done first: what is counted is the streams' cost.
      await settleJobs();
      // Every statement on the video tables from now on (the streams' reads touch video_session).
      let reads = 0;
      const counter: EntitySubscriberInterface = {
        afterQuery: (event) => {
          if (/video_session/.test(event.query)) reads += 1;
        },
      };
      t.dataSource.subscribers.push(counter);
      try {
        const seconds = 3;
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000)); // the idle time measured
        const perStreamPerMinute = reads / streams.length / (seconds / 60);
        // Polling every 2 s cost about 30 reads per stream and minute; the safety re-read every
        // 30 s costs 2.
        expect(perStreamPerMinute).toBeLessThanOrEqual(2);
      } finally {
        t.dataSource.subscribers.splice(t.dataSource.subscribers.indexOf(counter), 1);
      }
      await request(t.http)
        .post(`/api/appointments/${appointment.id}/video/admit`)
        .set(counsellor.auth)
        .expect(204);
      for (const stream of streams) expect((await stream.next(2000)).event).toBe('admitted');
    } finally {
      for (const stream of streams) stream.close();
    }
  });

  // Two API processes share changes through Redis; the embedded mode is one process only.
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'pushes an admission made in one API process to a stream held by another',
    async () => {
      const second = await createTestApp({
        database: t.database,
        // One deployment: the same queue prefix, so the same Redis channel for changes.
        env: {
          WORKER_IN_API: 'false',
          MANAGE_RATE_LIMIT_PER_MINUTE: '10000',
          QUEUE_PREFIX: t.config.QUEUE_PREFIX,
        },
      });
      try {
        second.clock.advance(t.clock.now().getTime() - second.clock.now().getTime());
        const appointment = await book('video');
        const startsAt = appointment.start.getTime() - 60_000;
        at(new Date(startsAt).toISOString());
        second.clock.advance(startsAt - second.clock.now().getTime());
        const stream = await openEventStream(second, '/api/public/manage/video/events', {
          'X-Manage-Token': appointment.token,
        });
        try {
          expect((await stream.next()).event).toBe('waiting');
          await request(t.http)
            .post(`/api/appointments/${appointment.id}/video/admit`)
            .set(counsellor.auth)
            .expect(204);
          expect((await stream.next(1000)).event).toBe('admitted');
        } finally {
          stream.close();
        }
      } finally {
        await second.close();
      }
    },
  );

  it('admits automatically once the counsellor is in the room, when the type says so', async () => {
    const appointment = await book('auto');
    at(new Date(appointment.start.getTime() - 60_000).toISOString());
    expect((await join(appointment.token).expect(200)).body.status).toBe('waiting');
    expect(
      (
        await webhook(
          participant(
            'EV_auto',
            'participant_joined',
            appointment.room,
            'counsellor',
            t.clock.now().toISOString(),
          ),
        )
      ).status,
    ).toBe(200);
    const answer = (await join(appointment.token).expect(200)).body;
    expect(answer.status).toBe('admitted');
    // The webhook created the session before any token was asked for: the E2EE key is still there.
    expect(answer.e2eeKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });
});
