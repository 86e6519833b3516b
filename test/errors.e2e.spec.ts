import { Controller, Get, Inject } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Public } from '../apps/api/src/auth/auth.decorators.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** A value that must never reach a log line: it stands for an email, a pseudonym, a token hash. */
const SECRET = 'secret-mariam@example.org';

@Controller('test-only')
class ExplodingController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get('boom')
  @Public()
  boom(): never {
    throw new Error('connection string postgres://secret@db/internal leaked?');
  }

  /** PostgreSQL repeats the bad input in its message: invalid input syntax for type uuid: "…". */
  @Get('bad-cast')
  @Public()
  async badCast(): Promise<unknown> {
    return this.dataSource.query('SELECT $1::uuid AS id', [SECRET]);
  }

  /** A unique violation carries the value in its detail: Key (…)=(…) already exists. */
  @Get('duplicate')
  @Public()
  async duplicate(): Promise<unknown> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('CREATE TEMP TABLE unique_test (x text UNIQUE) ON COMMIT DROP');
      await manager.query('INSERT INTO unique_test VALUES ($1), ($1)', [SECRET]);
    });
  }

  /** What a NUL byte used to do: reach the database and fail with the row's values bound. */
  @Get('nul')
  @Public()
  async nul(): Promise<unknown> {
    return this.dataSource.query('SELECT $1::text AS a, $2::text AS b', [SECRET, 'a\u0000b']);
  }
}

const ERROR_SHAPE = {
  statusCode: expect.any(Number),
  error: expect.any(String),
  code: expect.any(String),
  message: expect.any(String),
  requestId: expect.any(String),
};

describe('the one JSON error shape', () => {
  let t: TestApp;
  /** Every log line the app writes, as production would write it to standard output. */
  const logs: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      controllers: [ExplodingController],
      logs: { write: (line: string) => void logs.push(line) },
    });
  });
  afterAll(() => t.close());

  it('logs a failing database query without its query, bound values or the values in its message', async () => {
    const failures = [
      ['/test-only/bad-cast', '22P02'],
      ['/test-only/duplicate', '23505'],
      ['/test-only/nul', '22021'],
    ] as const;
    for (const [path, sqlState] of failures) {
      const response = await request(t.http).get(path).expect(500);
      expect(response.body).toMatchObject({ code: 'internal_error' });
      expect(JSON.stringify(response.body)).not.toContain(SECRET);
      // The line is still useful: which request, which kind of database error, where.
      const line = logs
        .map((text) => JSON.parse(text) as { msg?: string; err?: { code?: string } })
        .find((entry) => entry.msg === 'request failed' && entry.err?.code === sqlState);
      expect(line, `error line for ${path}`).toBeDefined();
    }
    const text = logs.join('\n');
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/SELECT|INSERT|parameters|already exists/);
  });

  it('refuses NUL in any text (body, query, path) with 400 before anything is stored or logged', async () => {
    t.clock.advance(new Date('2026-05-25T08:00:00Z').getTime() - t.clock.now().getTime());
    const admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    const login = await t.login('counsellor');
    const counsellor = await request(t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({ displayName: 'Amira', languages: ['ar'], topics: ['residence'], staffId: login.id })
      .expect(201);
    await request(t.http)
      .post(`/api/counsellors/${counsellor.body.id}/rules`)
      .set(admin)
      .send({ weekday: 1, start: '09:00', end: '17:00' })
      .expect(201);
    const type = await request(t.http)
      .post('/api/admin/consultation-types')
      .set(admin)
      .send({
        name: { de: 'Beratung', en: 'Consultation' },
        topic: 'residence',
        durationMinutes: 60,
        stepMinutes: 60,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 120,
        horizonDays: 60,
        channel: 'video',
        counsellorIds: [counsellor.body.id],
      })
      .expect(201);
    const booking = {
      consultationTypeId: type.body.id,
      start: '2026-06-01T10:00:00+02:00',
      pseudonym: 'Mariam',
      language: 'ar',
      timeZone: 'Europe/Berlin',
      contact: { channel: 'email', value: SECRET },
      note: 'Frage',
    };
    logs.length = 0;
    const refused = [
      request(t.http)
        .post('/api/public/appointments')
        .send({ ...booking, pseudonym: 'Mar\u0000iam' }),
      request(t.http)
        .post('/api/public/appointments')
        .send({ ...booking, note: `${SECRET}\u0000` }),
      request(t.http)
        .post('/api/public/appointments')
        .send({ ...booking, contact: { channel: 'email', value: `\u0000${SECRET}` } }),
      request(t.http).post('/api/admin/staff').set(admin).send({
        email: 'new@test.sprechstunde.local',
        displayName: 'Lesia\u0000',
        role: 'counsellor',
        password: 'a long passphrase of words',
      }),
      request(t.http)
        .get('/api/public/slots')
        .query({ consultationTypeId: type.body.id, from: '2026-06-01\u0000', to: '2026-06-01' }),
      request(t.http).get('/api/public/manage').set('X-Manage-Token', 'x').query({ a: '\u0000' }),
      request(t.http).get(`/api/admin/staff/%00`).set(admin),
    ];
    for (const call of refused) {
      const response = await call.expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'nul_character' });
    }
    const [stored] = await t.dataSource.query<{ appointments: number; staff: number }[]>(
      `SELECT (SELECT count(*)::int FROM appointment) AS appointments,
              (SELECT count(*)::int FROM staff_account WHERE email = 'new@test.sprechstunde.local') AS staff`,
    );
    expect(stored).toEqual({ appointments: 0, staff: 0 });
    expect(logs.join('\n')).not.toContain(SECRET);
    // The same booking without the NUL goes through.
    await request(t.http).post('/api/public/appointments').send(booking).expect(201);
  });

  it('answers unknown routes with 404 in the error shape', async () => {
    const response = await request(t.http).get('/api/no/such/route').expect(404);
    expect(response.body).toEqual({
      ...ERROR_SHAPE,
      statusCode: 404,
      error: 'Not Found',
      code: 'not_found',
    });
    expect(response.headers['x-request-id']).toBe(response.body.requestId);
  });

  it('names each invalid or unknown field in a 400', async () => {
    const response = await request(t.http)
      .post('/api/auth/login')
      .send({ email: 'not-an-email', password: '', extra: 'field' })
      .expect(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      code: 'validation_failed',
      message: 'Validation failed',
    });
    const fields = (response.body.details as { field: string }[])
      .map((detail) => detail.field)
      .sort();
    expect(fields).toEqual(['email', 'extra', 'password']);
  });

  it('answers malformed JSON with 400, and an oversized body with 413', async () => {
    const malformed = await request(t.http)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(malformed.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      code: 'malformed_body',
      requestId: expect.any(String),
    });
    const huge = await request(t.http)
      .post('/api/auth/login')
      .send({ email: 'a@b.de', password: 'x'.repeat(200_000) })
      .expect(413);
    expect(huge.body).toMatchObject({
      statusCode: 413,
      error: 'Payload Too Large',
      code: 'payload_too_large',
      message: 'Request body is too large',
    });
  });

  it('never leaks the stack or message of an unexpected error', async () => {
    const response = await request(t.http).get('/test-only/boom').expect(500);
    expect(response.body).toEqual({
      ...ERROR_SHAPE,
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'internal_error',
      message: 'Internal server error',
    });
    expect(JSON.stringify(response.body)).not.toMatch(/secret|postgres|at .*\.ts/);
  });

  it('keeps a valid incoming X-Request-Id and replaces a hostile one', async () => {
    const kept = await request(t.http)
      .get('/nope')
      .set('X-Request-Id', 'abc12345-trace')
      .expect(404);
    expect(kept.body.requestId).toBe('abc12345-trace');
    const replaced = await request(t.http)
      .get('/nope')
      .set('X-Request-Id', '<script>alert(1)</script>')
      .expect(404);
    expect(replaced.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers', async () => {
    const response = await request(t.http).get('/health/live').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toBeDefined();
    expect(response.headers['x-powered-by']).toBeUndefined();
    // Nothing of ours is meant to be framed.
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  it('keeps answers with personal data or secrets out of every cache, and clears the site at logout', async () => {
    const staff = await t.login('counsellor');
    const login = await request(t.http)
      .post('/api/auth/login')
      .send({ email: staff.email, password: staff.password })
      .expect(200);
    const auth = { Authorization: `Bearer ${(login.body as { token: string }).token}` };
    const me = await request(t.http).get('/api/auth/me').set(auth).expect(200);
    const manage = await request(t.http)
      .get('/api/public/manage')
      .set('X-Manage-Token', 'A'.repeat(43))
      .expect(404);
    const types = await request(t.http).get('/api/public/consultation-types').expect(200);
    for (const response of [login, me, manage, types]) {
      expect(response.headers['cache-control']).toBe('no-store');
    }
    const logout = await request(t.http).post('/api/auth/logout').set(auth).expect(204);
    expect(logout.headers['clear-site-data']).toBe('"cache", "cookies", "storage"');
    // Only a successful logout clears: a failed one has nothing to clear.
    const refused = await request(t.http).post('/api/auth/logout').set(auth).expect(401);
    expect(refused.headers['clear-site-data']).toBeUndefined();
  });

  it('allows camera and microphone to the web app own pages only, and nothing else', async () => {
    const api = await request(t.http).get('/api/public/consultation-types').expect(200);
    const page = await request(t.http).get('/manage/video').set('Accept', 'text/html');
    const policy = (header: unknown) =>
      new Map(
        String(header)
          .split(',')
          .map((part) => part.trim().split('=') as [string, string]),
      );
    const forApi = policy(api.headers['permissions-policy']);
    const forPage = policy(page.headers['permissions-policy']);
    expect([forApi.get('camera'), forApi.get('microphone')]).toEqual(['()', '()']);
    expect([forPage.get('camera'), forPage.get('microphone')]).toEqual(['(self)', '(self)']);
    for (const feature of ['geolocation', 'payment', 'usb', 'display-capture']) {
      expect([forApi.get(feature), forPage.get(feature)]).toEqual(['()', '()']);
    }
  });

  it('serves the OpenAPI document with the auth endpoints and the error shape', async () => {
    const response = await request(t.http).get('/api/docs-json').expect(200);
    const document = response.body as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/auth/me',
        '/api/admin/staff',
        '/health/ready',
      ]),
    );
    expect(document.components.schemas).toHaveProperty('ErrorResponseDto');
    await request(t.http).get('/api/docs').expect(200);
  });
});

describe('the OpenAPI page in production', () => {
  let t: TestApp;

  // DATABASE_URL is set, as in production; OPENAPI_DOCS is left to its default.
  beforeAll(async () => {
    t = await createTestApp({ env: { OPENAPI_DOCS: '' } });
  });
  afterAll(() => t.close());

  it('is off unless OPENAPI_DOCS is set', async () => {
    await request(t.http).get('/api/docs').expect(404);
    await request(t.http).get('/api/docs-json').expect(404);
  });
});
