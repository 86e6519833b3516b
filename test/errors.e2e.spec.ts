import { Controller, Get } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Public } from '../apps/api/src/auth/auth.decorators.js';
import { createTestApp, type TestApp } from './support/test-app.js';

@Controller('test-only')
class ExplodingController {
  @Get('boom')
  @Public()
  boom(): never {
    throw new Error('connection string postgres://secret@db/internal leaked?');
  }
}

const ERROR_SHAPE = {
  statusCode: expect.any(Number),
  error: expect.any(String),
  message: expect.any(String),
  requestId: expect.any(String),
};

describe('the one JSON error shape', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ controllers: [ExplodingController] });
  });
  afterAll(() => t.close());

  it('answers unknown routes with 404 in the error shape', async () => {
    const response = await request(t.http).get('/api/no/such/route').expect(404);
    expect(response.body).toEqual({ ...ERROR_SHAPE, statusCode: 404, error: 'Not Found' });
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
      requestId: expect.any(String),
    });
    const huge = await request(t.http)
      .post('/api/auth/login')
      .send({ email: 'a@b.de', password: 'x'.repeat(200_000) })
      .expect(413);
    expect(huge.body).toMatchObject({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'Request body is too large',
    });
  });

  it('never leaks the stack or message of an unexpected error', async () => {
    const response = await request(t.http).get('/test-only/boom').expect(500);
    expect(response.body).toEqual({
      ...ERROR_SHAPE,
      statusCode: 500,
      error: 'Internal Server Error',
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
