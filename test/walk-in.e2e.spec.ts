import { TokenVerifier } from 'livekit-server-sdk';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '@app/common';
import { NotificationSender } from '@app/notifications';
import { PrivacyService } from '@app/privacy';
import { WalkInQueueService } from '@app/walk-in';
import { SmtpSink } from './support/smtp-sink.js';
import { openEventStream } from './support/event-stream.js';
import { createTestApp, TEST_LIVEKIT, type TestApp } from './support/test-app.js';

type Auth = { Authorization: string };

const verifier = new TokenVerifier(TEST_LIVEKIT.apiKey, TEST_LIVEKIT.apiSecret);

/**
 * The online walk-in hour over HTTP: an admin defines it (Tuesdays 10–12 and Sundays 01–04 in
 * Berlin, so that a DST night is one of its days), counsellors sign on, clients take numbers, see
 * their place and estimate, are called into the counsellor's room, miss and rejoin, leave, are
 * handed over; closing rules refuse numbers with somewhere else to go.
 */
describe('walk-in hours', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let hourId: string;
  /**
   * Counsellors by name: their counsellor id and a login. The test moves the clock by days, past
   * the 30-minute idle end of a session, so each is logged in again when its session is old.
   */
  const accounts: Record<
    string,
    { id: string; email: string; password: string; token: string; at: number }
  > = {};
  const staff: Record<string, { auth: Auth; id: string }> = new Proxy(
    {},
    {
      get: (_, name: string) => {
        const account = accounts[name];
        return { id: account.id, auth: { Authorization: `Bearer ${account.token}` } };
      },
    },
  );
  const freshLogins = async () => {
    const now = t.clock.now().getTime();
    const stale = Object.values(accounts).filter(
      (account) => now - account.at >= 20 * 60_000 || now < account.at,
    );
    // At once: the password checks run in parallel (argon2 in libuv's threads).
    await Promise.all(
      stale.map(async (account) => {
        const answer = await request(t.http)
          .post('/api/auth/login')
          .send({ email: account.email, password: account.password })
          .expect(200);
        account.token = answer.body.token;
        account.at = now;
      }),
    );
  };
  let clients = 0;

  const at = async (iso: string) => {
    t.clock.advance(new Date(iso).getTime() - t.clock.now().getTime());
    await freshLogins();
  };

  const counsellor = async (name: string, languages: string[]) => {
    const login = await t.login('counsellor', `${name}@walk-in.example`);
    const created = await request(t.http)
      .post('/api/admin/counsellors')
      .set(staff.admin.auth)
      .send({ displayName: name, languages, topics: ['residence'], staffId: login.id })
      .expect(201);
    accounts[name] = { ...login, id: created.body.id, at: t.clock.now().getTime() };
  };

  const hourBody = (overrides: Record<string, unknown> = {}) => ({
    name: { de: 'Offene Sprechstunde', en: 'Open consultation hour' },
    description: { de: 'Ohne Termin', en: 'No appointment needed' },
    topics: ['residence', 'work'],
    languages: ['de', 'fa', 'ar'],
    channel: 'video',
    maxQueue: 30,
    closeMarginMinutes: 10,
    graceMinutes: 3,
    defaultHandlingMinutes: 10,
    rules: [
      { weekday: 2, start: '10:00', end: '12:00' },
      { weekday: 7, start: '01:00', end: '04:00' },
    ],
    ...overrides,
  });

  const take = (language: string, extra: Record<string, unknown> = {}, hour = hourId) => {
    clients += 1;
    return request(t.http)
      .post(`/api/public/walk-in/hours/${hour}/tickets`)
      .send({ language, pseudonym: `Client ${clients}`, privacyAccepted: true, ...extra });
  };
  const ticket = (token: string) =>
    request(t.http).get('/api/public/walk-in/ticket').set('X-Ticket-Token', token);
  const signOn = (name: string, hour = hourId) =>
    request(t.http).post(`/api/walk-in/hours/${hour}/sign-on`).set(staff[name].auth);
  const signOff = (name: string, hour = hourId) =>
    request(t.http).post(`/api/walk-in/hours/${hour}/sign-off`).set(staff[name].auth);
  const callNext = (name: string) =>
    request(t.http).post('/api/walk-in/call-next').set(staff[name].auth);
  /** "Call next" that must succeed: the called ticket (null when nobody waits). */
  const called = async (name: string) => (await callNext(name).expect(200)).body.ticket;
  const outcome = (name: string, id: string, value: string) =>
    request(t.http)
      .post(`/api/walk-in/tickets/${id}/outcome`)
      .set(staff[name].auth)
      .send({ outcome: value });

  /** Ends every call and sign-on, and empties the queue, between tests. */
  const reset = async () => {
    await t.dataSource.query(
      `UPDATE walk_in_ticket SET status = 'left', finished_at = now() WHERE status IN ('waiting', 'called', 'in_call')`,
    );
    await t.dataSource.query(
      'UPDATE walk_in_duty SET signed_off_at = now() WHERE signed_off_at IS NULL',
    );
  };

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({
      env: {
        SMTP_URL: smtp.url,
        PUBLIC_BASE_URL: 'https://sprechstunde.test',
        BOOKING_RATE_LIMIT_PER_MINUTE: '100000',
        MANAGE_RATE_LIMIT_PER_MINUTE: '100000',
        LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
      },
    });
    await at('2026-12-07T09:00:00Z'); // a Monday
    const adminLogin = await t.login('admin');
    accounts.admin = { ...adminLogin, at: t.clock.now().getTime() };
    await counsellor('Parisa', ['fa', 'de']);
    await counsellor('Jonas', ['de']);
    await counsellor('Amal', ['ar', 'de']);
    const created = await request(t.http)
      .post('/api/admin/walk-in-hours')
      .set(staff.admin.auth)
      .send(hourBody())
      .expect(201);
    hourId = created.body.id;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('refuses a bad definition with clear 400s and keeps the office zone', async () => {
    const bad = async (body: Record<string, unknown>, field: string) => {
      const answer = await request(t.http)
        .post('/api/admin/walk-in-hours')
        .set(staff.admin.auth)
        .send(body)
        .expect(400);
      expect(JSON.stringify(answer.body.details ?? answer.body.message)).toContain(field);
    };
    await bad(hourBody({ languages: [] }), 'languages');
    await bad(hourBody({ name: { en: 'Only English' } }), 'name');
    await bad(hourBody({ rules: [{ weekday: 8, start: '10:00', end: '12:00' }] }), 'weekday');
    await bad(hourBody({ rules: [{ weekday: 2, start: '12:00', end: '10:00' }] }), 'rules.0.end');
    await bad(hourBody({ channel: 'fax' }), 'channel');
    await bad(hourBody({ maxQueue: 0 }), 'maxQueue');
    const counsellorCannot = await request(t.http)
      .post('/api/admin/walk-in-hours')
      .set(staff.Jonas.auth)
      .send(hourBody())
      .expect(403);
    expect(counsellorCannot.body.code).toBeDefined();
    const read = await request(t.http)
      .get(`/api/admin/walk-in-hours/${hourId}`)
      .set(staff.admin.auth)
      .expect(200);
    expect(read.body.rules).toEqual([
      { weekday: 2, start: '10:00', end: '12:00', validFrom: null, validUntil: null },
      { weekday: 7, start: '01:00', end: '04:00', validFrom: null, validUntil: null },
    ]);
  });

  it('gives no number while closed, with the next session and the office booking page', async () => {
    await at('2026-12-07T09:00:00Z');
    const closed = await take('fa').expect(409);
    expect(closed.body).toMatchObject({
      code: 'walk_in_closed',
      nextSession: { startsAt: '2026-12-08T09:00:00.000Z', endsAt: '2026-12-08T11:00:00.000Z' },
      officeSlug: 'beratungsstelle',
    });
    const listed = await request(t.http)
      .get('/api/public/walk-in')
      .query({ office: 'beratungsstelle' })
      .expect(200);
    expect(listed.body).toEqual([
      expect.objectContaining({
        id: hourId,
        open: null,
        next: expect.objectContaining({ startsAt: '2026-12-08T09:00:00.000Z' }),
      }),
    ]);
    await request(t.http)
      .get('/api/public/walk-in/hours/00000000-0000-4000-8000-000000000000')
      .expect(404);
    await take('fa', {}, '00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('refuses bad requests for a number', async () => {
    await at('2026-12-08T09:30:00Z');
    expect((await take('tr').expect(400)).body.code).toBe('language_not_offered');
    expect((await take('fa', { topic: 'health' }).expect(400)).body.code).toBe('topic_not_offered');
    await take('fa', { privacyAccepted: false }).expect(400);
    await take('fa', { pseudonym: '   ' }).expect(400);
    const phone = await take('fa', { contact: { channel: 'phone', value: '123' } }).expect(400);
    expect(JSON.stringify(phone.body.details)).toContain('contact.value');
    await ticket('x'.repeat(43)).expect(404);
    await ticket('short').expect(404);
  });

  it('serves the queue: place and estimate, call in the language, the room token, outcome', async () => {
    await at('2026-12-08T09:50:00Z'); // 10:50 in Berlin
    await reset();
    await signOn('Parisa').expect(204);
    const first = await take('fa', { topic: 'residence' }).expect(201);
    const second = await take('de').expect(201);
    const third = await take('fa').expect(201);
    expect(first.body.ticket).toMatchObject({ status: 'waiting', place: 1, counsellorsOnDuty: 1 });
    expect(first.body.ticket.label).toMatch(/^A-\d{3}$/);
    expect(first.body.ticketToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const thirdView = (await ticket(third.body.ticketToken).expect(200)).body;
    expect(thirdView).toMatchObject({ status: 'waiting', place: 3 });
    // 2 ahead, 1 on duty who speaks it, 7.5–12.5 min per call: 2 × 7.5 → 15, 3 × 12.5 → 40.
    expect(thirdView.estimate).toEqual({ minMinutes: 15, maxMinutes: 40 });
    // The token is stored hashed only.
    const [{ count }] = await t.dataSource.query(
      'SELECT count(*)::int AS count FROM walk_in_ticket_token WHERE token_hash = $1',
      [first.body.ticketToken],
    );
    expect(count).toBe(0);

    // The console: the queue in Parisa's languages, without contact data.
    const console = (
      await request(t.http).get('/api/walk-in/console').set(staff.Parisa.auth).expect(200)
    ).body;
    expect(console.sessions).toHaveLength(1);
    expect(console.sessions[0].queue.map((e: { label: string }) => e.label)).toEqual([
      first.body.ticket.label,
      second.body.ticket.label,
      third.body.ticket.label,
    ]);
    expect(JSON.stringify(console)).not.toMatch(/Client \d|@|contact/);

    const firstCall = await called('Parisa');
    expect(firstCall).toMatchObject({
      label: first.body.ticket.label,
      language: 'fa',
      topic: 'residence',
    });
    expect((await callNext('Parisa').expect(409)).body.code).toBe('call_in_progress');
    expect((await ticket(first.body.ticketToken).expect(200)).body).toMatchObject({
      status: 'called',
      place: null,
    });
    expect((await ticket(third.body.ticketToken).expect(200)).body.place).toBe(2);

    const joined = (
      await request(t.http)
        .post('/api/public/walk-in/ticket/join')
        .set('X-Ticket-Token', first.body.ticketToken)
        .expect(200)
    ).body;
    expect(joined).toMatchObject({
      kind: 'video',
      url: 'wss://livekit.test.invalid',
      audioOnly: false,
    });
    expect(joined.e2eeKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const claims = await verifier.verify(joined.token);
    expect(claims.video).toMatchObject({ room: joined.room, roomJoin: true, roomAdmin: false });
    const staffJoin = (
      await request(t.http)
        .post(`/api/walk-in/tickets/${firstCall.id}/join`)
        .set(staff.Parisa.auth)
        .expect(200)
    ).body;
    expect(staffJoin.room).toBe(joined.room);
    expect(staffJoin.e2eeKey).toBe(joined.e2eeKey);
    expect((await verifier.verify(staffJoin.token)).video).toMatchObject({ roomAdmin: true });
    // Another counsellor cannot take over the call.
    await signOn('Jonas').expect(204);
    expect(
      (
        await request(t.http)
          .post(`/api/walk-in/tickets/${firstCall.id}/join`)
          .set(staff.Jonas.auth)
          .expect(409)
      ).body.code,
    ).toBe('not_your_call');

    await at('2026-12-08T10:02:00Z');
    await outcome('Parisa', firstCall.id, 'served').expect(204);
    expect((await ticket(first.body.ticketToken).expect(200)).body).toMatchObject({
      status: 'served',
    });
    // Jonas speaks German only: he gets the German client, though a Farsi one waits longer? No: the
    // Farsi one is behind; he gets the longest-waiting he can serve.
    expect((await called('Jonas')).label).toBe(second.body.ticket.label);
    expect((await called('Parisa')).label).toBe(third.body.ticket.label);
    expect((await callNext('Parisa').expect(409)).body.code).toBe('call_in_progress');
  });

  it('gives 20 counsellors pressing "call next" at once 20 different tickets', async () => {
    await at('2026-12-08T10:10:00Z');
    await reset();
    const names: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      const name = `Rush${i}`;
      if (!accounts[name]) await counsellor(name, ['de']);
      names.push(name);
      await signOn(name).expect(204);
    }
    await request(t.http)
      .put(`/api/admin/walk-in-hours/${hourId}`)
      .set(staff.admin.auth)
      .send(hourBody({ maxQueue: 100 }))
      .expect(200);
    const tokens: string[] = [];
    for (let i = 0; i < 25; i += 1) tokens.push((await take('de').expect(201)).body.ticketToken);
    const answers = await Promise.all(names.map((name) => callNext(name)));
    const labels = answers.map((answer) => {
      expect(answer.status).toBe(200);
      return answer.body.ticket.label as string;
    });
    expect(new Set(labels).size).toBe(20);
    const [{ called, counsellors }] = await t.dataSource.query(
      `SELECT count(*)::int AS called, count(DISTINCT counsellor_id)::int AS counsellors
         FROM walk_in_ticket WHERE status = 'called'`,
    );
    expect({ called, counsellors }).toEqual({ called: 20, counsellors: 20 });
    // The longest-waiting were called: the first 20 numbers taken.
    const waiting = await Promise.all(
      tokens.map(async (token) => (await ticket(token)).body.status),
    );
    expect(waiting.slice(0, 20).every((s) => s === 'called')).toBe(true);
    expect(waiting.slice(20).every((s) => s === 'waiting')).toBe(true);
    await request(t.http)
      .put(`/api/admin/walk-in-hours/${hourId}`)
      .set(staff.admin.auth)
      .send(hourBody())
      .expect(200);
    // Not needed again: no fresh logins for them when the clock jumps.
    for (const name of names) delete accounts[name];
  });

  // A ticket's token, notice or messenger link being inserted holds a key-share lock on the ticket
  // (the foreign key's check): "call next" must not skip the ticket for it. It did, with FOR UPDATE.
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'calls a waiting ticket while a row referring to it is being inserted',
    async () => {
      await at('2026-12-08T10:20:00Z');
      await reset();
      await signOn('Jonas').expect(204);
      const taken = (await take('de').expect(201)).body.ticket;
      const [{ id }] = await t.dataSource.query(
        `SELECT id FROM walk_in_ticket WHERE status = 'waiting' ORDER BY queued_at DESC LIMIT 1`,
      );
      const runner = t.dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await runner.query('SELECT 1 FROM walk_in_ticket WHERE id = $1 FOR KEY SHARE', [id]);
        const next = await called('Jonas');
        expect(next?.label).toBe(taken.label);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    },
  );

  it('marks an unanswered call missed after the grace, calls the next, and lets the missed client rejoin once', async () => {
    await at('2026-12-08T10:15:00Z');
    await reset();
    await signOn('Amal').expect(204);
    const late = await take('ar').expect(201);
    const next = await take('ar').expect(201);
    expect((await called('Amal')).label).toBe(late.body.ticket.label);
    const queue = t.app.get(WalkInQueueService);
    await at('2026-12-08T10:17:59Z');
    expect(await queue.settleOverdueCalls()).toBe(0);
    await at('2026-12-08T10:18:01Z');
    expect(await queue.settleOverdueCalls()).toBe(1);
    expect((await ticket(late.body.ticketToken)).body).toMatchObject({
      status: 'missed',
      canRejoin: true,
    });
    // The next client was called for Amal at once.
    expect((await ticket(next.body.ticketToken)).body.status).toBe('called');
    const back = await request(t.http)
      .post('/api/public/walk-in/ticket/rejoin')
      .set('X-Ticket-Token', late.body.ticketToken)
      .expect(200);
    expect(back.body).toMatchObject({ status: 'waiting', place: 1 });
    const after = await take('ar').expect(201);
    expect(after.body.ticket.place).toBe(2);
    // Missed again: no second rejoin.
    const current = (
      await request(t.http).get('/api/walk-in/console').set(staff.Amal.auth).expect(200)
    ).body.call;
    await outcome('Amal', current.ticketId, 'served').expect(204);
    expect((await called('Amal')).label).toBe(late.body.ticket.label);
    await at('2026-12-08T10:22:00Z');
    expect(await queue.settleOverdueCalls()).toBe(1);
    const refused = await request(t.http)
      .post('/api/public/walk-in/ticket/rejoin')
      .set('X-Ticket-Token', late.body.ticketToken)
      .expect(409);
    expect(refused.body.code).toBe('cannot_rejoin');
    expect((await ticket(late.body.ticketToken)).body.canRejoin).toBe(false);
  });

  it('lets a client leave, and hands a call to a colleague who then calls it first', async () => {
    await at('2026-12-08T10:25:00Z');
    await reset();
    await signOn('Jonas').expect(204);
    await signOn('Amal').expect(204);
    const leaving = await take('de').expect(201);
    const handed = await take('de').expect(201);
    const other = await take('de').expect(201);
    await request(t.http)
      .post('/api/public/walk-in/ticket/leave')
      .set('X-Ticket-Token', leaving.body.ticketToken)
      .expect(200);
    expect(
      (
        await request(t.http)
          .post('/api/public/walk-in/ticket/leave')
          .set('X-Ticket-Token', leaving.body.ticketToken)
          .expect(409)
      ).body.code,
    ).toBe('ticket_not_live');
    expect((await ticket(other.body.ticketToken)).body.place).toBe(2);
    const call = await called('Jonas');
    expect(call.label).toBe(handed.body.ticket.label);
    const notOnDuty = await request(t.http)
      .post(`/api/walk-in/tickets/${call.id}/hand-over`)
      .set(staff.Jonas.auth)
      .send({ counsellorId: staff.Parisa.id })
      .expect(400);
    expect(notOnDuty.body.code).toBe('not_on_duty');
    await request(t.http)
      .post(`/api/walk-in/tickets/${call.id}/hand-over`)
      .set(staff.Jonas.auth)
      .send({ counsellorId: staff.Amal.id })
      .expect(204);
    expect((await ticket(handed.body.ticketToken)).body).toMatchObject({
      status: 'waiting',
      place: 1,
    });
    // Jonas is free again but the handed ticket is Amal's: he gets the other one.
    const jonasCall = await called('Jonas');
    expect(jonasCall.label).toBe(other.body.ticket.label);
    expect((await called('Amal')).label).toBe(handed.body.ticket.label);
    // Signed off, Jonas is no longer on duty and calls nobody.
    await outcome('Jonas', jonasCall.id, 'served').expect(204);
    await signOff('Jonas').expect(204);
    const duty = (await request(t.http).get('/api/walk-in/duty').set(staff.Jonas.auth).expect(200))
      .body;
    expect(duty[0]).toMatchObject({ signedOn: false });
    expect(duty[0].onDuty.map((d: { displayName: string }) => d.displayName)).toEqual(['Amal']);
    await take('de').expect(201);
    expect(await called('Jonas')).toBeNull();
  });

  it('stops giving numbers when the queue is full or would run past the end, and counts who was turned away', async () => {
    await at('2026-12-15T09:05:00Z'); // 10:05 in Berlin, the next Tuesday
    await reset();
    await signOn('Jonas').expect(204);
    await request(t.http)
      .put(`/api/admin/walk-in-hours/${hourId}`)
      .set(staff.admin.auth)
      .send(hourBody({ maxQueue: 3 }))
      .expect(200);
    for (let i = 0; i < 3; i += 1) await take('de').expect(201);
    const full = await take('de').expect(409);
    expect(full.body).toMatchObject({ code: 'walk_in_full', officeSlug: 'beratungsstelle' });
    expect(full.body.nextSession.startsAt).toBe('2026-12-20T00:00:00.000Z'); // Sunday 01:00 Berlin
    await request(t.http)
      .put(`/api/admin/walk-in-hours/${hourId}`)
      .set(staff.admin.auth)
      .send(hourBody())
      .expect(200);
    // 11:45: 3 waiting, 1 on duty, 7.5–12.5 min a call: expected (15 + 40) / 2 minutes, past 11:50.
    await at('2026-12-15T10:45:00Z');
    expect((await take('de').expect(409)).body.code).toBe('walk_in_closing');
    // With nobody waiting, the expected 7.5 minutes still fit before 11:50.
    await at('2026-12-15T10:40:00Z');
    await reset();
    await signOn('Jonas').expect(204);
    await take('de').expect(201);
    await at('2026-12-15T10:50:00Z');
    expect((await take('de').expect(409)).body.code).toBe('walk_in_closing');
    const [session] = await t.dataSource.query(
      `SELECT turned_away, closed_early_at IS NOT NULL AS closed_early FROM walk_in_session
        WHERE starts_at = '2026-12-15T09:00:00Z'`,
    );
    expect(session).toEqual({ turned_away: 3, closed_early: true });
  });

  it('follows the DST night and closes on holidays and cancelled dates', async () => {
    await reset();
    const listNext = async () =>
      (await request(t.http).get(`/api/public/walk-in/hours/${hourId}`).expect(200)).body;
    await at('2027-03-28T00:30:00Z'); // Sunday 01:30 CET: spring forward at 02:00
    const dst = await listNext();
    expect(dst.open).toEqual({
      startsAt: '2027-03-28T00:00:00.000Z',
      endsAt: '2027-03-28T02:00:00.000Z',
    });
    await at('2027-03-28T01:30:00Z'); // 03:30 CEST: still open
    await take('de').expect(201);
    await at('2027-03-28T02:00:00Z');
    expect((await take('de').expect(409)).body.code).toBe('walk_in_closed');
    // Tuesday 2026-12-22 cancelled; the next Tuesday 29 December is no holiday; Sunday 27th is open.
    await at('2026-12-21T12:00:00Z');
    const cancelled = await request(t.http)
      .post(`/api/admin/walk-in-hours/${hourId}/exceptions`)
      .set(staff.admin.auth)
      .send({ date: '2026-12-22' })
      .expect(201);
    expect(cancelled.body).toMatchObject({ date: '2026-12-22', start: null, end: null });
    expect((await listNext()).next.startsAt).toBe('2026-12-27T00:00:00.000Z');
    // Christmas Day (a Berlin holiday) with extra hours: open.
    await request(t.http)
      .post(`/api/admin/walk-in-hours/${hourId}/exceptions`)
      .set(staff.admin.auth)
      .send({ date: '2026-12-25', start: '15:00', end: '16:00' })
      .expect(201);
    expect((await listNext()).next.startsAt).toBe('2026-12-25T14:00:00.000Z');
    await request(t.http)
      .post(`/api/admin/walk-in-hours/${hourId}/exceptions`)
      .set(staff.admin.auth)
      .send({ date: '2026-12-25', start: '15:00' })
      .expect(400);
    // New Year's Day is a holiday: a weekly window on it would not open (1 Jan 2030 is a Tuesday).
    await at('2029-12-31T12:00:00Z');
    expect((await listNext()).next.startsAt).toBe('2030-01-06T00:00:00.000Z');
  });

  it('pushes place and call to the client stream, from a credential that is not the token', async () => {
    await at('2026-12-15T09:20:00Z');
    await reset();
    await signOn('Parisa').expect(204);
    const ahead = await take('fa').expect(201);
    const mine = await take('fa').expect(201);
    const credential = (
      await request(t.http)
        .post('/api/public/walk-in/ticket/stream')
        .set('X-Ticket-Token', mine.body.ticketToken)
        .expect(200)
    ).body;
    expect(credential.credential).not.toContain(mine.body.ticketToken);
    await request(t.http)
      .get('/api/public/walk-in/ticket/events')
      .query({ credential: `${credential.credential}x` })
      .expect(401);
    const stream = await openEventStream(
      t,
      `/api/public/walk-in/ticket/events?credential=${encodeURIComponent(credential.credential)}`,
      {},
    );
    try {
      expect(stream.status).toBe(200);
      expect((await stream.next()).data).toMatchObject({ status: 'waiting', place: 2 });
      await called('Parisa');
      expect((await stream.next(2000)).data).toMatchObject({ status: 'waiting', place: 1 });
      const call = (await request(t.http).get('/api/walk-in/console').set(staff.Parisa.auth)).body
        .call;
      await outcome('Parisa', call.ticketId, 'served').expect(204);
      await called('Parisa');
      expect((await stream.next(2000)).data).toMatchObject({ status: 'called' });
    } finally {
      stream.close();
    }
    expect(ahead.body.ticket.place).toBe(1);
    // Expired credentials are refused.
    await at('2026-12-15T09:23:00Z');
    await request(t.http)
      .get('/api/public/walk-in/ticket/events')
      .query({ credential: credential.credential })
      .expect(401);
  });

  // Two API processes share changes through Redis; the embedded mode is one process.
  it.skipIf(!process.env.TEST_REDIS_URL)(
    'pushes a call made through one API process to a client connected to another',
    async () => {
      const second = await createTestApp({
        database: t.database,
        // The same deployment: the same Redis channel names.
        env: { WORKER_IN_API: 'false', QUEUE_PREFIX: t.config.QUEUE_PREFIX },
      });
      try {
        await at('2026-12-15T09:30:00Z');
        second.clock.advance(t.clock.now().getTime() - second.clock.now().getTime());
        await reset();
        await signOn('Parisa').expect(204);
        const mine = await take('fa').expect(201);
        const credential = (
          await request(second.http)
            .post('/api/public/walk-in/ticket/stream')
            .set('X-Ticket-Token', mine.body.ticketToken)
            .expect(200)
        ).body.credential as string;
        const stream = await openEventStream(
          second,
          `/api/public/walk-in/ticket/events?credential=${encodeURIComponent(credential)}`,
          {},
        );
        try {
          expect((await stream.next()).data).toMatchObject({ status: 'waiting', place: 1 });
          await called('Parisa');
          expect((await stream.next(2000)).data).toMatchObject({ status: 'called' });
        } finally {
          stream.close();
        }
      } finally {
        await second.close();
      }
    },
  );

  it('books a follow-up appointment for the client of a call', async () => {
    await at('2026-12-15T09:40:00Z');
    await reset();
    await signOn('Parisa').expect(204);
    const mine = await take('fa', {
      contact: { channel: 'email', value: 'sara@example.org' },
    }).expect(201);
    const call = await called('Parisa');
    const type = await request(t.http)
      .post('/api/admin/consultation-types')
      .set(staff.admin.auth)
      .send({
        name: { de: 'Folgeberatung', en: 'Follow-up' },
        topic: 'residence',
        durationMinutes: 30,
        stepMinutes: 30,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 0,
        horizonDays: 30,
        channel: 'video',
        counsellorIds: [staff.Parisa.id],
      })
      .expect(201);
    await request(t.http)
      .post(`/api/counsellors/${staff.Parisa.id}/rules`)
      .set(staff.admin.auth)
      .send({ weekday: 4, start: '09:00', end: '12:00' })
      .expect(201);
    await request(t.http)
      .post(`/api/walk-in/tickets/${call.id}/follow-up`)
      .set(staff.Parisa.auth)
      .send({ consultationTypeId: type.body.id, start: '2026-12-17T10:00:00+01:00' })
      .expect(400);
    const booked = await request(t.http)
      .post(`/api/walk-in/tickets/${call.id}/follow-up`)
      .set(staff.Parisa.auth)
      .send({
        consultationTypeId: type.body.id,
        start: '2026-12-17T10:00:00+01:00',
        clientConsent: true,
      });
    expect(booked.body).toEqual({ appointmentId: expect.any(String) });
    expect(booked.status).toBe(201);
    const [appointment] = await t.dataSource.query(
      'SELECT client_pseudonym, contact_value, counsellor_id, client_language FROM appointment WHERE id = $1',
      [booked.body.appointmentId],
    );
    expect(appointment).toEqual({
      client_pseudonym: mine.body.ticket ? expect.stringMatching(/^Client \d+$/) : null,
      contact_value: 'sara@example.org',
      counsellor_id: staff.Parisa.id,
      client_language: 'fa',
    });
    expect((await ticket(mine.body.ticketToken)).body.followUpAppointmentId).toBe(
      booked.body.appointmentId,
    );
  });

  it('shows admins who is on duty and anonymous statistics', async () => {
    await at('2026-12-15T10:00:00Z');
    await reset();
    await signOn('Parisa').expect(204);
    const list = (
      await request(t.http).get('/api/admin/walk-in-hours').set(staff.admin.auth).expect(200)
    ).body;
    expect(list[0].onDuty.map((d: { displayName: string }) => d.displayName)).toEqual(['Parisa']);
    const stats = (
      await request(t.http)
        .get(`/api/admin/walk-in-hours/${hourId}/statistics`)
        .query({ from: '2026-12-08', to: '2026-12-15' })
        .set(staff.admin.auth)
        .expect(200)
    ).body;
    expect(stats.sessions).toBe(2);
    expect(stats.closedEarly).toBe(1);
    // Client counts as every report publishes them: 3 turned away is "<5", no count of 1–4.
    expect(stats.turnedAway).toBe('<5');
    const groups = [stats.total, ...stats.byLanguage, ...stats.byTopic];
    for (const group of groups) {
      for (const field of ['tickets', 'served', 'missed', 'left', 'expired', 'handedOver']) {
        const value = group[field] as number | string;
        expect(value === '<5' || (typeof value === 'number' && value % 5 === 0)).toBe(true);
      }
      // Times only for groups of five tickets or more.
      if (group.tickets === '<5') expect(group.waitMedianMinutes).toBeNull();
    }
    expect(stats.total.tickets).toBeGreaterThanOrEqual(5);
    expect(stats.total.waitMedianMinutes).toEqual(expect.any(Number));
    expect(stats.byLanguage.map((g: { key: string }) => g.key)).toEqual(['ar', 'de', 'fa']);
    expect(JSON.stringify(stats)).not.toMatch(/Client|@/);
    await request(t.http)
      .get(`/api/admin/walk-in-hours/${hourId}/statistics`)
      .query({ from: '2026-12-09', to: '2026-12-08' })
      .set(staff.admin.auth)
      .expect(400);
    await request(t.http)
      .get(`/api/admin/walk-in-hours/${hourId}/statistics`)
      .set(staff.Parisa.auth)
      .query({ from: '2026-12-08', to: '2026-12-08' })
      .expect(403);
  });

  it('tells clients with a contact "nearly there" and "your turn" once each, in their language, with a link of their own', async () => {
    await at('2026-12-29T09:05:00Z');
    await reset();
    await signOn('Parisa').expect(204);
    const address = (i: number) => `walk-in-${i}@example.org`;
    const tickets = [];
    for (let i = 1; i <= 5; i += 1)
      tickets.push(
        (await take('fa', { contact: { channel: 'email', value: address(i) } }).expect(201)).body,
      );
    // Places 1–3 are near the front at once; 4 and 5 are not.
    await smtp.waitFor(() => [1, 2, 3].every((i) => smtp.to(address(i)).length === 1));
    const [soon] = smtp.to(address(3));
    expect(soon.parsed.subject).toBe(`به‌زودی نوبت شماست: شماره ${tickets[2].ticket.label}`);
    const link = /https:\/\/sprechstunde\.test\/walk-in\/ticket#token=([A-Za-z0-9_-]{43})/.exec(
      soon.parsed.text ?? '',
    );
    expect(link).not.toBeNull();
    expect(link?.[1]).not.toBe(tickets[2].ticketToken);
    expect((await ticket(link?.[1] as string).expect(200)).body.label).toBe(
      tickets[2].ticket.label,
    );

    await called('Parisa');
    await smtp.waitFor(() => smtp.to(address(1)).length === 2 && smtp.to(address(4)).length === 1);
    expect(smtp.to(address(1))[1].parsed.subject).toBe(
      `نوبت شماست: شماره ${tickets[0].ticket.label}`,
    );
    const call = (await request(t.http).get('/api/walk-in/console').set(staff.Parisa.auth)).body
      .call;
    await outcome('Parisa', call.ticketId, 'served').expect(204);
    await called('Parisa');
    await smtp.waitFor(() => smtp.to(address(2)).length === 2 && smtp.to(address(5)).length === 1);
    // Sent again by a duplicate job: the notification log says it went already.
    const sender = t.app.get(NotificationSender);
    const [{ id }] = await t.dataSource.query<{ id: string }[]>(
      'SELECT ticket_id AS id FROM walk_in_ticket_token WHERE token_hash = $1',
      [hashToken(tickets[2].ticketToken)],
    );
    expect(
      (
        await sender.send(
          { kind: 'walk-in-soon', ticketId: id },
          { lastAttempt: false, claimant: 'again' },
        )
      ).outcome,
    ).toBe('duplicate');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([1, 2, 3, 4, 5].map((i) => smtp.to(address(i)).length)).toEqual([2, 2, 1, 1, 1]);
  });

  it("erases tickets' personal data after the office's retention period, keeping the statistics", async () => {
    await reset();
    const before = (
      await request(t.http)
        .get(`/api/admin/walk-in-hours/${hourId}/statistics`)
        .query({ from: '2026-12-08', to: '2026-12-15' })
        .set(staff.admin.auth)
        .expect(200)
    ).body;
    const [{ token }] = await t.dataSource.query<{ token: string }[]>('SELECT 1 AS token');
    expect(token).toBe(1);
    await at('2027-01-20T12:00:00Z'); // 36 days after the last session: past the default 30
    const purged = await t.app.get(PrivacyService).purgeExpired();
    expect(purged.walkInTicketsErased).toBeGreaterThan(10);
    const [left] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE pseudonym IS NOT NULL OR contact_value IS NOT NULL)::int AS personal,
              (SELECT count(*)::int FROM walk_in_ticket_token k JOIN walk_in_ticket t ON t.id = k.ticket_id
                WHERE t.taken_at < '2026-12-16') AS tokens
         FROM walk_in_ticket WHERE taken_at < '2026-12-16'`,
    );
    expect(left).toEqual({ personal: 0, tokens: 0 });
    const after = (
      await request(t.http)
        .get(`/api/admin/walk-in-hours/${hourId}/statistics`)
        .query({ from: '2026-12-08', to: '2026-12-15' })
        .set(staff.admin.auth)
        .expect(200)
    ).body;
    expect(after).toEqual(before);
  });
});
