import { TokenVerifier } from 'livekit-server-sdk';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivacyService } from '@app/privacy';
import { createTestApp, TEST_LIVEKIT, type TestApp } from './support/test-app.js';

type Auth = { Authorization: string };

const verifier = new TokenVerifier(TEST_LIVEKIT.apiKey, TEST_LIVEKIT.apiSecret);

/**
 * Interpreters in walk-in hours over HTTP: an admin puts interpreters on duty, the public page
 * lists their languages, a client asks for one, "call next" takes a free interpreter with the
 * ticket (never one already in a call, whoever races), the interpreter gets a token for the same
 * room, and the outcome, retention and statistics treat the interpreter as they should.
 */
describe('walk-in hours with interpreters', () => {
  let t: TestApp;
  let hourId: string;
  const people: Record<string, { id: string; auth: Auth; email: string; password: string }> = {};
  let clients = 0;

  /** Logs everybody in again: the test moves the clock past the sessions' idle end. */
  const relogin = async () => {
    await Promise.all(
      Object.values(people).map(async (person) => {
        const answer = await request(t.http)
          .post('/api/auth/login')
          .send({ email: person.email, password: person.password })
          .expect(200);
        person.auth = { Authorization: `Bearer ${answer.body.token}` };
      }),
    );
  };
  const at = async (iso: string) => {
    t.clock.advance(new Date(iso).getTime() - t.clock.now().getTime());
    await relogin();
  };
  const person = async (
    name: string,
    role: 'counsellor' | 'interpreter',
    languages: string[],
  ): Promise<void> => {
    const login = await t.login(role, `${name.toLowerCase()}@walk-in-interpreters.example`);
    const created = await request(t.http)
      .post('/api/admin/counsellors')
      .set(people.admin.auth)
      .send(
        role === 'interpreter'
          ? { displayName: name, languages, kind: 'interpreter', staffId: login.id }
          : { displayName: name, languages, topics: ['residence'], staffId: login.id },
      )
      .expect(201);
    people[name] = {
      id: created.body.id,
      auth: { Authorization: `Bearer ${login.token}` },
      email: login.email,
      password: login.password,
    };
  };

  const take = (language: string, extra: Record<string, unknown> = {}) => {
    clients += 1;
    return request(t.http)
      .post(`/api/public/walk-in/hours/${hourId}/tickets`)
      .send({ language, pseudonym: `Client ${clients}`, privacyAccepted: true, ...extra });
  };
  const ticket = (token: string) =>
    request(t.http).get('/api/public/walk-in/ticket').set('X-Ticket-Token', token);
  const signOn = (name: string) =>
    request(t.http).post(`/api/walk-in/hours/${hourId}/sign-on`).set(people[name].auth);
  const callNext = (name: string) =>
    request(t.http).post('/api/walk-in/call-next').set(people[name].auth);
  const called = async (name: string) => (await callNext(name).expect(200)).body.ticket;
  const outcome = (name: string, id: string, value: string) =>
    request(t.http)
      .post(`/api/walk-in/tickets/${id}/outcome`)
      .set(people[name].auth)
      .send({ outcome: value })
      .expect(204);
  const onDuty = (name: string) =>
    request(t.http)
      .put(`/api/admin/walk-in-hours/${hourId}/interpreters/${people[name].id}`)
      .set(people.admin.auth);
  const current = async (name: string) =>
    (
      await request(t.http)
        .get('/api/walk-in/interpreter/current')
        .set(people[name].auth)
        .expect(200)
    ).body;
  const interpreterJoin = (name: string, ticketId: string) =>
    request(t.http)
      .post(`/api/walk-in/interpreter/tickets/${ticketId}/join`)
      .set(people[name].auth);

  /** Ends every call and sign-on and empties the queue; interpreters stay on duty. */
  const reset = async () => {
    await t.dataSource.query(
      `UPDATE walk_in_ticket SET status = 'left', finished_at = now() WHERE status IN ('waiting', 'called', 'in_call')`,
    );
    await t.dataSource.query(
      'UPDATE walk_in_duty SET signed_off_at = now() WHERE signed_off_at IS NULL',
    );
  };

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        BOOKING_RATE_LIMIT_PER_MINUTE: '100000',
        MANAGE_RATE_LIMIT_PER_MINUTE: '100000',
        LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
      },
    });
    t.clock.advance(new Date('2026-12-08T08:00:00Z').getTime() - t.clock.now().getTime());
    const admin = await t.login('admin');
    people.admin = { ...admin, auth: { Authorization: `Bearer ${admin.token}` } };
    await person('Parisa', 'counsellor', ['fa', 'de']);
    await person('Jonas', 'counsellor', ['de']);
    await person('Tesfay', 'interpreter', ['ti', 'de']);
    await person('Hanna', 'interpreter', ['gsg', 'de']);
    const created = await request(t.http)
      .post('/api/admin/walk-in-hours')
      .set(people.admin.auth)
      .send({
        name: { de: 'Offene Sprechstunde', en: 'Open consultation hour' },
        topics: [],
        languages: ['de', 'fa'],
        channel: 'video',
        maxQueue: 100,
        defaultHandlingMinutes: 5,
        rules: [{ weekday: 2, start: '10:00', end: '12:00' }], // Tuesdays, Berlin
      })
      .expect(201);
    hourId = created.body.id;
  });
  afterAll(() => t?.close());

  it('lets admins put interpreters on duty; clients see their languages and may ask for one', async () => {
    // 09:00 in Berlin: not open yet, so the duty is for the coming session.
    const before = (
      await request(t.http)
        .get(`/api/admin/walk-in-hours/${hourId}/interpreters`)
        .set(people.admin.auth)
        .expect(200)
    ).body;
    expect(before.session).toEqual({
      startsAt: '2026-12-08T09:00:00.000Z',
      endsAt: '2026-12-08T11:00:00.000Z',
    });
    expect(before.interpreters).toEqual([
      expect.objectContaining({ displayName: 'Hanna', languages: ['gsg', 'de'], onDuty: false }),
      expect.objectContaining({ displayName: 'Tesfay', languages: ['ti', 'de'], onDuty: false }),
    ]);
    await onDuty('Tesfay').expect(204);
    await onDuty('Tesfay').expect(204); // again: no second duty
    // A counsellor is no interpreter; an unknown id is unknown.
    expect((await onDuty('Parisa').expect(404)).body.code).toBe('interpreter_not_found');
    await request(t.http)
      .put(`/api/admin/walk-in-hours/${hourId}/interpreters/${people.Parisa.id}`)
      .set(people.Jonas.auth)
      .expect(403);
    const after = (
      await request(t.http)
        .get(`/api/admin/walk-in-hours/${hourId}/interpreters`)
        .set(people.admin.auth)
        .expect(200)
    ).body;
    expect(after.interpreters.map((i: { onDuty: boolean }) => i.onDuty)).toEqual([false, true]);

    // German is a language of the hour itself: only Tigrinya is offered.
    const hour = (await request(t.http).get(`/api/public/walk-in/hours/${hourId}`).expect(200))
      .body;
    expect(hour.interpreterLanguages).toEqual(['ti']);

    await at('2026-12-08T08:50:00Z'); // 09:50: numbers from 09:45
    const notOnDuty = await take('de', { interpreterLanguage: 'gsg' }).expect(422);
    expect(notOnDuty.body).toMatchObject({ code: 'interpreter_language_unavailable' });
    expect((await take('de', { interpreterLanguage: 'fa' }).expect(422)).body.code).toBe(
      'interpreter_language_unavailable',
    );
    const bad = await take('de', { interpreterLanguage: 'tigrinya' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('interpreterLanguage');
    const taken = await take('de', { interpreterLanguage: 'ti' }).expect(201);
    expect(taken.body.ticket).toMatchObject({
      status: 'waiting',
      interpreterLanguage: 'ti',
      interpreterJoins: false,
    });

    // Hanna on duty too: sign language is offered from now on.
    await request(t.http)
      .put(`/api/admin/walk-in-hours/${hourId}/interpreters/${people.Hanna.id}`)
      .set(people.admin.auth)
      .expect(204);
    expect(
      (await request(t.http).get(`/api/public/walk-in/hours/${hourId}`).expect(200)).body
        .interpreterLanguages,
    ).toEqual(['gsg', 'ti']);
    await request(t.http)
      .delete(`/api/admin/walk-in-hours/${hourId}/interpreters/${people.Hanna.id}`)
      .set(people.admin.auth)
      .expect(204);
    await take('de', { interpreterLanguage: 'gsg' }).expect(422);
  });

  it('calls a ticket with a free interpreter, passes it while the interpreter is busy, and brings all three into one room', async () => {
    await at('2026-12-08T09:05:00Z');
    await reset();
    await signOn('Jonas').expect(204);
    await signOn('Parisa').expect(204);
    const a = (await take('de', { interpreterLanguage: 'ti' }).expect(201)).body;
    const b = (await take('de', { interpreterLanguage: 'ti' }).expect(201)).body;
    const c = (await take('de').expect(201)).body;

    const first = await called('Jonas');
    expect(first).toMatchObject({
      label: a.ticket.label,
      interpreter: { id: people.Tesfay.id, name: 'Tesfay', language: 'ti' },
    });
    // Tesfay is busy: B waits (keeping its place), C without an interpreter is called.
    const second = await called('Parisa');
    expect(second).toMatchObject({ label: c.ticket.label, interpreter: null });
    expect((await ticket(b.ticketToken).expect(200)).body).toMatchObject({
      status: 'waiting',
      place: 1,
    });
    expect((await ticket(a.ticketToken).expect(200)).body).toMatchObject({
      status: 'called',
      interpreterLanguage: 'ti',
      interpreterJoins: true,
    });

    // The counsellor's console shows the interpreter of the call, and who is busy.
    const console = (
      await request(t.http).get('/api/walk-in/console').set(people.Jonas.auth).expect(200)
    ).body;
    expect(console.call.interpreter).toEqual({
      id: people.Tesfay.id,
      name: 'Tesfay',
      language: 'ti',
    });
    expect(console.sessions[0].interpreters).toEqual([
      {
        interpreterId: people.Tesfay.id,
        displayName: 'Tesfay',
        languages: ['ti', 'de'],
        busy: true,
      },
    ]);
    expect(
      console.sessions[0].queue.find((e: { id: string }) => e.id !== first.id)?.interpreterLanguage,
    ).toBe('ti');

    // The interpreter finds the call, without the client's contact or name.
    const mine = await current('Tesfay');
    expect(mine.call).toMatchObject({
      ticketId: first.id,
      label: a.ticket.label,
      counsellorName: 'Jonas',
      language: 'de',
      interpreterLanguage: 'ti',
    });
    expect(mine.duties).toHaveLength(1);
    expect(JSON.stringify(mine)).not.toMatch(/Client \d/);

    // One room: client, counsellor and interpreter, the same E2EE key.
    const client = (
      await request(t.http)
        .post('/api/public/walk-in/ticket/join')
        .set('X-Ticket-Token', a.ticketToken)
        .expect(200)
    ).body;
    const counsellor = (
      await request(t.http)
        .post(`/api/walk-in/tickets/${first.id}/join`)
        .set(people.Jonas.auth)
        .expect(200)
    ).body;
    const interpreter = (await interpreterJoin('Tesfay', first.id).expect(200)).body;
    expect(interpreter).toMatchObject({
      kind: 'video',
      room: client.room,
      e2eeKey: client.e2eeKey,
    });
    expect(counsellor.room).toBe(client.room);
    const claims = await verifier.verify(interpreter.token);
    expect(claims.sub).toBe('interpreter');
    expect(claims.name).toBe('Tesfay');
    expect(claims.video).toMatchObject({ room: client.room, roomJoin: true });
    expect(claims.video?.roomAdmin ?? false).toBe(false);
    expect(claims.video?.canPublishSources).toEqual(['camera', 'microphone']);
    expect(JSON.parse(claims.metadata ?? '{}')).toMatchObject({
      role: 'interpreter',
      language: 'ti',
    });
    // Nobody else gets the interpreter's token.
    expect((await interpreterJoin('Hanna', first.id).expect(404)).body.code).toBe(
      'ticket_not_found',
    );
    await interpreterJoin('Jonas', first.id).expect(403);
    await interpreterJoin('Tesfay', second.id).expect(404);
    expect(
      (await request(t.http).get('/api/walk-in/interpreter/current').set(people.Jonas.auth)).status,
    ).toBe(403);

    // The call ends: Tesfay is free, B is called next with him; the old call's token is over.
    await outcome('Jonas', first.id, 'served');
    expect((await interpreterJoin('Tesfay', first.id).expect(409)).body.code).toBe('not_your_call');
    expect((await current('Tesfay')).call).toBeNull();
    const third = await called('Jonas');
    expect(third).toMatchObject({ label: b.ticket.label, interpreter: { name: 'Tesfay' } });
    // Nobody answered: missed, and Tesfay is free again.
    await outcome('Jonas', third.id, 'missed');
    expect((await current('Tesfay')).call).toBeNull();
    await outcome('Parisa', second.id, 'served');
  });

  it('hands the interpreter back when a call is handed over', async () => {
    await at('2026-12-08T09:20:00Z');
    await reset();
    await signOn('Jonas').expect(204);
    await signOn('Parisa').expect(204);
    const a = (await take('de', { interpreterLanguage: 'ti' }).expect(201)).body;
    const first = await called('Jonas');
    expect(first.interpreter?.name).toBe('Tesfay');
    await request(t.http)
      .post(`/api/walk-in/tickets/${first.id}/hand-over`)
      .set(people.Jonas.auth)
      .send({ counsellorId: people.Parisa.id })
      .expect(204);
    expect((await current('Tesfay')).call).toBeNull();
    const again = await called('Parisa');
    expect(again).toMatchObject({ label: a.ticket.label, interpreter: { name: 'Tesfay' } });
    await outcome('Parisa', again.id, 'served');
  });

  it('gives one interpreter to one of 10 counsellors pressing "call next" at once', async () => {
    await at('2026-12-08T09:30:00Z');
    await reset();
    const names: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const name = `Rush${i}`;
      if (!people[name]) await person(name, 'counsellor', ['de']);
      names.push(name);
      await signOn(name).expect(204);
    }
    const needing = [
      (await take('de', { interpreterLanguage: 'ti' }).expect(201)).body,
      (await take('de', { interpreterLanguage: 'ti' }).expect(201)).body,
    ];
    for (let i = 0; i < 4; i += 1) await take('de').expect(201);
    const answers = await Promise.all(names.map((name) => callNext(name)));
    expect(answers.map((answer) => answer.status)).toEqual(names.map(() => 200));
    const tickets = answers
      .map((answer) => answer.body.ticket as { label: string; interpreter: unknown } | null)
      .filter((ticket) => ticket !== null);
    expect(new Set(tickets.map((ticket) => ticket?.label)).size).toBe(tickets.length);
    const withInterpreter = tickets.filter((ticket) => ticket?.interpreter !== null);
    expect(withInterpreter).toHaveLength(1);
    expect(needing.map((n) => n.ticket.label)).toContain(withInterpreter[0]?.label);
    // The other Tigrinya ticket waits for Tesfay; the tickets without an interpreter were called.
    const statuses = await Promise.all(
      needing.map(async (n) => (await ticket(n.ticketToken).expect(200)).body.status),
    );
    expect(statuses.sort()).toEqual(['called', 'waiting']);
    const [row] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE interpreter_id IS NOT NULL)::int AS interpreted,
              count(*)::int AS live
         FROM walk_in_ticket WHERE status IN ('called', 'in_call')`,
    );
    expect(row).toEqual({ interpreted: 1, live: tickets.length });
    expect(tickets.length).toBeGreaterThanOrEqual(4);
    // Nobody answers these calls: ended here, before the clock moves past their grace.
    await reset();
    for (const name of names) delete people[name];
  });

  it("puts a pool's interpreter on duty only once the office chose the pool", async () => {
    await at('2026-12-08T09:40:00Z');
    const platform = await t.login('platform_admin');
    const pool = await request(t.http)
      .post('/api/platform/offices')
      .set({ Authorization: `Bearer ${platform.token}` })
      .send({
        kind: 'interpreter_pool',
        slug: 'dolmetschpool-walk-in',
        name: { de: 'Dolmetschpool' },
        timeZone: 'Europe/Berlin',
        holidayRegion: 'DE-BE',
        country: 'DE',
        languages: ['de'],
        topics: [],
        privacyController: 'Dolmetschpool e. V.',
        privacyContact: 'datenschutz@pool.example',
        retentionDays: 30,
        firstAdmin: {
          email: 'leitung@pool.example',
          displayName: 'Pool-Leitung',
          password: 'a long passphrase of words',
        },
      })
      .expect(201);
    const poolLogin = await request(t.http)
      .post('/api/auth/login')
      .send({ email: 'leitung@pool.example', password: 'a long passphrase of words' })
      .expect(200);
    const poolAdmin = { Authorization: `Bearer ${poolLogin.body.token}` };
    const account = await request(t.http)
      .post('/api/admin/staff')
      .set(poolAdmin)
      .send({
        email: 'parwin@pool.example',
        displayName: 'Parwin',
        role: 'interpreter',
        password: 'another long passphrase',
      })
      .expect(201);
    const parwin = (
      await request(t.http)
        .post('/api/admin/counsellors')
        .set(poolAdmin)
        .send({
          kind: 'interpreter',
          displayName: 'Parwin',
          languages: ['prs'],
          staffId: account.body.id,
        })
        .expect(201)
    ).body.id as string;
    const put = () =>
      request(t.http)
        .put(`/api/admin/walk-in-hours/${hourId}/interpreters/${parwin}`)
        .set(people.admin.auth);
    expect((await put().expect(404)).body.code).toBe('interpreter_not_found');
    await request(t.http)
      .put('/api/office/interpreter-pools')
      .set(people.admin.auth)
      .send({ poolIds: [pool.body.office.id] })
      .expect((answer) => expect(answer.status).toBeLessThan(300));
    await put().expect(204);
    expect(
      (await request(t.http).get(`/api/public/walk-in/hours/${hourId}`).expect(200)).body
        .interpreterLanguages,
    ).toEqual(['prs', 'ti']);
    const login = await request(t.http)
      .post('/api/auth/login')
      .send({ email: 'parwin@pool.example', password: 'another long passphrase' })
      .expect(200);
    const mine = (
      await request(t.http)
        .get('/api/walk-in/interpreter/current')
        .set({ Authorization: `Bearer ${login.body.token}` })
        .expect(200)
    ).body;
    expect(mine).toMatchObject({ duties: [{ hourId }], call: null });
    await request(t.http)
      .delete(`/api/admin/walk-in-hours/${hourId}/interpreters/${parwin}`)
      .set(people.admin.auth)
      .expect(204);
  });

  it('counts interpreter languages in the statistics and erases who interpreted with the client data', async () => {
    await at('2026-12-09T10:00:00Z');
    await reset();
    const stats = (
      await request(t.http)
        .get(`/api/admin/walk-in-hours/${hourId}/statistics`)
        .query({ from: '2026-12-08', to: '2026-12-08' })
        .set(people.admin.auth)
        .expect(200)
    ).body;
    const ti = stats.byInterpreterLanguage.find((g: { key: string }) => g.key === 'ti');
    expect(stats.byInterpreterLanguage.map((g: { key: string }) => g.key)).toEqual(['ti']);
    // 2 served and 1 missed: published as every report publishes client counts.
    expect(ti).toMatchObject({ tickets: 5, served: '<5', missed: '<5' });
    expect(JSON.stringify(stats)).not.toMatch(/Tesfay|Client/);

    await at('2027-01-20T12:00:00Z'); // past the default 30 days
    await t.app.get(PrivacyService).purgeExpired();
    const [left] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE interpreter_id IS NOT NULL)::int AS interpreters,
              count(*) FILTER (WHERE interpreter_language = 'ti')::int AS languages
         FROM walk_in_ticket`,
    );
    expect(left.interpreters).toBe(0);
    expect(left.languages).toBeGreaterThan(0);
    const afterwards = (
      await request(t.http)
        .get(`/api/admin/walk-in-hours/${hourId}/statistics`)
        .query({ from: '2026-12-08', to: '2026-12-08' })
        .set(people.admin.auth)
        .expect(200)
    ).body;
    expect(afterwards.byInterpreterLanguage).toEqual(stats.byInterpreterLanguage);
  });
});
