import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '@app/common';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('staff authentication', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        LOGIN_MAX_FAILURES: '3',
        LOGIN_ADDRESS_MAX_FAILURES: '10',
        LOGIN_LOCK_MINUTES: '15',
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
        TRUST_PROXY: 'loopback',
      },
    });
  });
  afterAll(() => t.close());

  it('logs in with the right password and stores only the hash of the session token', async () => {
    const admin = await t.login('admin');
    expect(admin.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await t.dataSource.query<{ token_hash: string }[]>(
      'SELECT token_hash FROM staff_session WHERE staff_id = $1',
      [admin.id],
    );
    expect(rows).toEqual([{ token_hash: hashToken(admin.token) }]);
    const me = await request(t.http)
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(200);
    expect(me.body).toEqual({
      id: admin.id,
      email: admin.email,
      displayName: expect.any(String),
      role: 'admin',
      office: expect.objectContaining({ slug: 'beratungsstelle', timeZone: 'Europe/Berlin' }),
    });
  });

  it('stores passwords as argon2id hashes', async () => {
    const admin = await t.login('admin');
    const [row] = await t.dataSource.query<{ password_hash: string }[]>(
      'SELECT password_hash FROM staff_account WHERE id = $1',
      [admin.id],
    );
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(row.password_hash).not.toContain(admin.password);
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const admin = await t.login('admin');
    const wrong = await request(t.http)
      .post('/api/auth/login')
      .send({ email: admin.email, password: 'not-the-password' })
      .expect(401);
    const unknown = await request(t.http)
      .post('/api/auth/login')
      .send({ email: 'nobody@test.sprechstunde.local', password: 'not-the-password' })
      .expect(401);
    expect(wrong.body).toMatchObject({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Invalid email or password',
    });
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('accepts the email in any case', async () => {
    const admin = await t.login('admin', 'Mixed.Case@test.sprechstunde.local');
    await request(t.http)
      .post('/api/auth/login')
      .send({ email: 'MIXED.CASE@test.sprechstunde.local', password: admin.password })
      .expect(200);
  });

  /** A login attempt from a client address (the test app trusts X-Forwarded-For from loopback). */
  const attempt = (email: string, password: string, address = '203.0.113.1') =>
    request(t.http)
      .post('/api/auth/login')
      .set('X-Forwarded-For', address)
      .send({ email, password });

  it('slows repeated failures from one address with a doubling wait, and forgets them after a success', async () => {
    const counsellor = await t.login('counsellor');
    for (const n of [1, 2, 3]) await attempt(counsellor.email, `wrong-${n}`).expect(401);
    // The fourth failure is past LOGIN_MAX_FAILURES (3): it and the next attempt wait 1 s.
    const first = await attempt(counsellor.email, 'wrong-4').expect(429);
    expect(first.body).toMatchObject({ code: 'login_throttled' });
    expect(first.headers['retry-after']).toBe('1');
    await attempt(counsellor.email, counsellor.password).expect(429);
    t.clock.advance(1000);
    expect((await attempt(counsellor.email, 'wrong-5').expect(429)).headers['retry-after']).toBe(
      '2',
    );
    t.clock.advance(2000);
    expect((await attempt(counsellor.email, 'wrong-6').expect(429)).headers['retry-after']).toBe(
      '4',
    );
    t.clock.advance(4000);
    await attempt(counsellor.email, counsellor.password).expect(200);
    // A success forgets: three more failures are free again.
    for (const n of [7, 8, 9]) await attempt(counsellor.email, `wrong-${n}`).expect(401);
  });

  it('never locks the owner out: failures from another address do not make the owner wait', async () => {
    const counsellor = await t.login('counsellor');
    for (let n = 0; n < 8; n++) {
      await attempt(counsellor.email, `wrong-${n}`, '198.51.100.66').expect(n < 3 ? 401 : 429);
    }
    await attempt(counsellor.email, counsellor.password, '203.0.113.9').expect(200);
  });

  it('answers unknown and known emails alike, throttled included, in the same time class', async () => {
    const counsellor = await t.login('counsellor');
    const unknown = 'nobody.here@test.sprechstunde.local';
    const run = async (email: string, address: string) => {
      const answers: string[] = [];
      for (let n = 0; n < 5; n++) {
        const response = await attempt(email, `wrong-${n}`, address);
        answers.push(
          `${response.status} ${response.headers['retry-after'] ?? '-'} ${JSON.stringify({
            ...response.body,
            requestId: undefined,
          })}`,
        );
      }
      return answers;
    };
    const known = await run(counsellor.email, '192.0.2.10');
    expect(await run(unknown, '192.0.2.11')).toEqual(known);
    expect(known.map((line) => line.slice(0, 3))).toEqual(['401', '401', '401', '429', '429']);

    // Both spend one password verification: no timing tells them apart (median of several).
    const time = async (email: string, address: string) => {
      const took: number[] = [];
      for (let n = 0; n < 5; n++) {
        const started = performance.now();
        await attempt(email, 'wrong', `${address}.${n}`).expect(401);
        took.push(performance.now() - started);
      }
      return took.sort((x, y) => x - y)[2];
    };
    const knownMs = await time(counsellor.email, '192.0.3');
    const unknownMs = await time(unknown, '192.0.4');
    expect(unknownMs).toBeGreaterThan(knownMs / 3);
    expect(unknownMs).toBeLessThan(knownMs * 3);
  });

  it('makes an address that tries many emails wait, whatever the emails', async () => {
    // LOGIN_ADDRESS_MAX_FAILURES is 10 here; each email stays under its own 3.
    const emails = ['a', 'b', 'c', 'd', 'e'].map((name) => `${name}.spray@test.sprechstunde.local`);
    const statuses: number[] = [];
    for (const email of emails) {
      for (const n of [1, 2]) statuses.push((await attempt(email, `x${n}`, '192.0.2.99')).status);
    }
    expect(statuses).toEqual(Array(10).fill(401));
    const limited = await attempt('f.spray@test.sprechstunde.local', 'x', '192.0.2.99').expect(429);
    expect(limited.body).toMatchObject({ code: 'login_throttled' });
    await attempt('f.spray@test.sprechstunde.local', 'x', '192.0.2.100').expect(401);
  });

  it('keeps the browser session in an HttpOnly, SameSite=Strict cookie, Secure over https', async () => {
    const admin = await t.login('admin');
    const login = await request(t.http)
      .post('/api/auth/login')
      .set('X-Forwarded-Proto', 'https')
      .send({ email: admin.email, password: admin.password })
      .expect(200);
    const [cookie] = login.headers['set-cookie'] as unknown as string[];
    expect(cookie).toMatch(/^sprechstunde_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Strict/i);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; Path=\/api(;|$)/);
    const session = cookie.split(';')[0];
    // The cookie alone is a session (a link from a mail in a new tab finds it) …
    const me = await request(t.http).get('/api/auth/me').set('Cookie', session).expect(200);
    expect(me.body).toMatchObject({ id: admin.id });
    // … and over plain http it is not Secure (the local quick start).
    const plain = await request(t.http)
      .post('/api/auth/login')
      .send({ email: admin.email, password: admin.password })
      .expect(200);
    expect((plain.headers['set-cookie'] as unknown as string[])[0]).not.toMatch(/Secure/i);
    // Logout ends the session and clears the cookie.
    const logout = await request(t.http)
      .post('/api/auth/logout')
      .set({ Cookie: session, 'Sec-Fetch-Site': 'same-origin' })
      .expect(204);
    expect((logout.headers['set-cookie'] as unknown as string[])[0]).toMatch(
      /^sprechstunde_session=;.*Expires=Thu, 01 Jan 1970/,
    );
    await request(t.http).get('/api/auth/me').set('Cookie', session).expect(401);
  });

  it('refuses state-changing requests with the session cookie from other origins (CSRF)', async () => {
    const counsellor = await t.login('counsellor');
    const login = await request(t.http)
      .post('/api/auth/login')
      .send({ email: counsellor.email, password: counsellor.password })
      .expect(200);
    const session = (login.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    const change = (headers: Record<string, string>) =>
      request(t.http)
        .post('/api/auth/password')
        .set({ Cookie: session, ...headers })
        .send({ currentPassword: counsellor.password, newPassword: 'a brand new passphrase' });
    const foreign: Record<string, string>[] = [
      {},
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
    ];
    for (const headers of foreign) {
      const refused = await change(headers).expect(403);
      expect(refused.body).toMatchObject({ code: 'cross_origin_request' });
    }
    // Reading needs no origin; our own pages (or the public address as Origin) may change things.
    await request(t.http).get('/api/auth/me').set('Cookie', session).expect(200);
    // API clients with a bearer token send no Origin and need none.
    await request(t.http)
      .post('/api/auth/logout')
      .set('Authorization', `Bearer ${counsellor.token}`)
      .expect(204);
    await change({ Origin: new URL(t.config.PUBLIC_BASE_URL).origin }).expect(204);
  });

  it('gives the queue dashboard a session of its own, not a copy of the browser session', async () => {
    // The dashboard shows every office's jobs: it is the platform admin's.
    const admin = await t.login('platform_admin');
    const login = await request(t.http)
      .post('/api/auth/login')
      .send({ email: admin.email, password: admin.password })
      .expect(200);
    const session = (login.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    const opened = await request(t.http)
      .post('/api/admin/queue-dashboard/session')
      .set({ Cookie: session, 'Sec-Fetch-Site': 'same-origin' })
      .expect(204);
    const dashboard = (opened.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    const [, value] = dashboard.split('=');
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(value).not.toBe((login.body as { token: string }).token);
    await request(t.http).get('/api/admin/queues/api/queues').set('Cookie', dashboard).expect(200);
  });

  it('refuses staff endpoints without a session (401) and admin endpoints to counsellors (403)', async () => {
    const counsellor = await t.login('counsellor');
    const admin = await t.login('admin');
    const none = await request(t.http).get('/api/admin/staff').expect(401);
    expect(none.body).toMatchObject({ statusCode: 401, message: 'Staff login required' });
    await request(t.http)
      .get('/api/admin/staff')
      .set('Authorization', 'Bearer not-a-real-token-at-all')
      .expect(401);
    const forbidden = await request(t.http)
      .get('/api/admin/staff')
      .set('Authorization', `Bearer ${counsellor.token}`)
      .expect(403);
    expect(forbidden.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    const listed = await request(t.http)
      .get('/api/admin/staff')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(200);
    expect(listed.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: counsellor.id, role: 'counsellor' })]),
    );
    expect(JSON.stringify(listed.body)).not.toMatch(/password|argon2/i);
  });

  it('ends a session at logout', async () => {
    const admin = await t.login('admin');
    const auth = { Authorization: `Bearer ${admin.token}` };
    await request(t.http).post('/api/auth/logout').set(auth).expect(204);
    await request(t.http).get('/api/auth/me').set(auth).expect(401);
  });

  it('expires an idle session, and a used one at its absolute lifetime', async () => {
    const admin = await t.login('admin');
    const auth = { Authorization: `Bearer ${admin.token}` };
    t.clock.advance(29 * 60_000);
    await request(t.http).get('/api/auth/me').set(auth).expect(200);
    t.clock.advance(29 * 60_000); // 58 minutes after login, but used 29 minutes ago
    await request(t.http).get('/api/auth/me').set(auth).expect(200);
    t.clock.advance(31 * 60_000);
    await request(t.http).get('/api/auth/me').set(auth).expect(401);

    const other = await t.login('admin');
    const otherAuth = { Authorization: `Bearer ${other.token}` };
    for (let minutes = 0; minutes < 12 * 60; minutes += 25) {
      t.clock.advance(25 * 60_000);
      const expected = minutes + 25 < 12 * 60 ? 200 : 401;
      await request(t.http).get('/api/auth/me').set(otherAuth).expect(expected);
    }
  });

  it('lets an admin create a counsellor who can then log in; deactivation ends the sessions', async () => {
    const admin = await t.login('admin');
    const auth = { Authorization: `Bearer ${admin.token}` };
    const created = await request(t.http)
      .post('/api/admin/staff')
      .set(auth)
      .send({
        email: 'new.counsellor@test.sprechstunde.local',
        displayName: 'New Counsellor',
        role: 'counsellor',
        password: 'a long enough password',
      })
      .expect(201);
    await request(t.http)
      .post('/api/admin/staff')
      .set(auth)
      .send({
        email: 'NEW.counsellor@test.sprechstunde.local',
        displayName: 'Again',
        role: 'counsellor',
        password: 'a long enough password',
      })
      .expect(409);
    const login = await request(t.http)
      .post('/api/auth/login')
      .send({ email: 'new.counsellor@test.sprechstunde.local', password: 'a long enough password' })
      .expect(200);
    await request(t.http)
      .patch(`/api/admin/staff/${created.body.id}`)
      .set(auth)
      .send({ active: false })
      .expect(200);
    await request(t.http)
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${login.body.token}`)
      .expect(401);
    await request(t.http)
      .post('/api/auth/login')
      .send({ email: 'new.counsellor@test.sprechstunde.local', password: 'a long enough password' })
      .expect(401);
  });

  it('counts wrong current passwords like failed logins', async () => {
    const counsellor = await t.login('counsellor');
    const auth = { Authorization: `Bearer ${counsellor.token}` };
    const change = (currentPassword: string) =>
      request(t.http)
        .post('/api/auth/password')
        .set(auth)
        .set('X-Forwarded-For', '203.0.113.50')
        .send({ currentPassword, newPassword: 'a brand new passphrase' });
    for (const n of [1, 2, 3]) {
      const wrong = await change(`wrong-${n}`).expect(401);
      expect(wrong.body).toMatchObject({ code: 'wrong_current_password' });
    }
    const throttled = await change('wrong-4').expect(429);
    expect(throttled.body).toMatchObject({ code: 'login_throttled' });
    // Even the right one waits, and so does a login of that email from that address.
    await change(counsellor.password).expect(429);
    await attempt(counsellor.email, counsellor.password, '203.0.113.50').expect(429);
    t.clock.advance(1000);
    await change(counsellor.password).expect(204);
  });

  it('changes the own password with the current one and ends the other sessions', async () => {
    const counsellor = await t.login('counsellor');
    const second = await request(t.http)
      .post('/api/auth/login')
      .send({ email: counsellor.email, password: counsellor.password })
      .expect(200);
    const auth = { Authorization: `Bearer ${counsellor.token}` };
    await request(t.http)
      .post('/api/auth/password')
      .set(auth)
      .send({ currentPassword: 'wrong', newPassword: 'a brand new passphrase' })
      .expect(401);
    await request(t.http)
      .post('/api/auth/password')
      .set(auth)
      .send({ currentPassword: counsellor.password, newPassword: 'short' })
      .expect(400);
    const unchanged = await request(t.http)
      .post('/api/auth/password')
      .set(auth)
      .send({ currentPassword: counsellor.password, newPassword: counsellor.password })
      .expect(400);
    expect(unchanged.body).toMatchObject({ code: 'password_unchanged' });
    await request(t.http)
      .post('/api/auth/password')
      .set(auth)
      .send({ currentPassword: counsellor.password, newPassword: 'a brand new passphrase' })
      .expect(204);
    await request(t.http).get('/api/auth/me').set(auth).expect(200);
    await request(t.http)
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${second.body.token}`)
      .expect(401);
    await request(t.http)
      .post('/api/auth/login')
      .send({ email: counsellor.email, password: 'a brand new passphrase' })
      .expect(200);
  });
});

describe('login rate limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('answers 429 past the per-minute limit, while other endpoints stay open', async () => {
    const attempt = () =>
      request(t.http)
        .post('/api/auth/login')
        .send({ email: 'x@test.sprechstunde.local', password: 'whatever' });
    for (let i = 0; i < 3; i++) await attempt().expect(401);
    const limited = await attempt().expect(429);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(limited.headers['retry-after']).toBeDefined();
    await request(t.http).get('/health/live').expect(200);
  });
});

describe('public API budgets', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        PUBLIC_RATE_LIMIT_PER_MINUTE: '6',
        SLOT_SEARCH_RATE_LIMIT_PER_MINUTE: '2',
        EVENT_STREAM_RATE_LIMIT_PER_MINUTE: '1',
        TRUST_PROXY: 'loopback',
      },
    });
  });
  afterAll(() => t.close());

  const from = (address: string) => ({ 'X-Forwarded-For': address });

  it('shares one budget per address across the public routes: spreading requests does not help', async () => {
    const spread = ['/api/public/topics', '/api/public/consultation-types', '/api/public/manage'];
    const statuses: number[] = [];
    for (let n = 0; n < 6; n++) {
      statuses.push(
        (
          await request(t.http)
            .get(spread[n % 3])
            .set(from('203.0.113.7'))
        ).status,
      );
    }
    expect(statuses).not.toContain(429);
    const refused = await request(t.http)
      .get('/api/public/topics')
      .set(from('203.0.113.7'))
      .expect(429);
    expect(refused.body).toMatchObject({ code: 'too_many_requests' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another address has its own budget; staff routes are not the public API.
    await request(t.http).get('/api/public/topics').set(from('203.0.113.8')).expect(200);
    await request(t.http).get('/api/auth/me').set(from('203.0.113.7')).expect(401);
  });

  it('gives slot searches and event streams tighter budgets of their own', async () => {
    const search = (address: string) =>
      request(t.http)
        .get('/api/public/slots')
        .query({ consultationTypeId: 'not-a-uuid', from: '2026-06-01', to: '2026-06-02' })
        .set(from(address));
    await search('198.51.100.1').expect(400);
    await search('198.51.100.1').expect(400);
    await search('198.51.100.1').expect(429);
    await request(t.http).get('/api/public/topics').set(from('198.51.100.1')).expect(200);

    const stream = () =>
      request(t.http)
        .get('/api/public/manage/video/events')
        .set({ ...from('198.51.100.2'), 'X-Manage-Token': 'A'.repeat(43) });
    expect((await stream()).status).not.toBe(429);
    await stream().expect(429);
  });
});
