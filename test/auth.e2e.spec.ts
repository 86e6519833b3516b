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
        LOGIN_LOCK_MINUTES: '15',
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
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

  it('locks the account after repeated failures, even for the right password, until the lock runs out', async () => {
    const counsellor = await t.login('counsellor');
    const attempt = (password: string) =>
      request(t.http).post('/api/auth/login').send({ email: counsellor.email, password });
    await attempt('wrong-1').expect(401);
    await attempt('wrong-2').expect(401);
    const locking = await attempt('wrong-3').expect(429);
    expect(locking.body.message).toMatch(/Too many failed logins/);
    expect(Number(locking.headers['retry-after'])).toBe(15 * 60);
    await attempt(counsellor.password).expect(429);

    t.clock.advance(15 * 60_000 + 1000);
    await attempt(counsellor.password).expect(200);
    // A successful login resets the count: two more failures do not lock again.
    await attempt('wrong-4').expect(401);
    await attempt('wrong-5').expect(401);
    await attempt(counsellor.password).expect(200);
  });

  it('starts counting afresh after a lock has run out', async () => {
    const counsellor = await t.login('counsellor');
    const attempt = (password: string) =>
      request(t.http).post('/api/auth/login').send({ email: counsellor.email, password });
    for (const n of [1, 2]) await attempt(`wrong-${n}`).expect(401);
    await attempt('wrong-3').expect(429);
    t.clock.advance(16 * 60_000);
    await attempt('wrong-again').expect(401);
    await attempt(counsellor.password).expect(200);
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
