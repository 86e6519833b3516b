import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('health', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is live and ready when the database and the queue backend answer', async () => {
    await request(t.http).get('/health/live').expect(200, { status: 'ok' });
    const ready = await request(t.http).get('/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { database: 'up', queue: 'up' } });
  });
});

describe('health when the database goes away', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { WORKER_IN_API: 'false' } });
  });
  afterAll(() => t.close());

  it('answers 503 naming the database, while liveness stays 200', async () => {
    await request(t.http).get('/health/ready').expect(200);
    await t.database.takeDown();
    await request(t.http).get('/health/live').expect(200);
    const ready = await request(t.http).get('/health/ready').expect(503);
    expect(ready.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(ready.body.message).toMatch(/^Not ready: database/);
    expect(ready.body.details).toEqual(
      expect.arrayContaining([{ field: 'database', messages: [expect.any(String)] }]),
    );
  });
});
