import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRedisServer } from './support/redis-server.js';
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

// Only with real services: the embedded mode has no Redis.
describe.skipIf(!process.env.TEST_REDIS_URL)('health when Redis goes away and comes back', () => {
  let redis: TestRedisServer;
  let t: TestApp;

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    t = await createTestApp({ env: { REDIS_URL: redis.url, WORKER_IN_API: 'false' } });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('is ready again within about two seconds of Redis answering, even after a long outage', async () => {
    await request(t.http).get('/health/ready').expect(200);
    await redis.stop();
    const outageEnds = Date.now() + 20_000;
    const down = await request(t.http).get('/health/ready').expect(503);
    expect(down.body.message).toMatch(/queue/);
    // The outage of the report (20 s): long enough that a growing reconnect backoff (BullMQ's
    // default reaches 20 s) would leave the app waiting long after Redis is back.
    while (Date.now() < outageEnds) {
      await request(t.http).get('/health/ready').expect(503);
    }
    await redis.start();
    const back = Date.now();
    let status = 0;
    while (Date.now() - back < 10_000) {
      status = (await request(t.http).get('/health/ready')).status;
      if (status === 200) break;
    }
    expect(status).toBe(200);
    expect(Date.now() - back).toBeLessThan(2500);
  }, 40_000);
});
