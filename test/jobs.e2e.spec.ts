import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobName, QueueName } from '@app/queue';
import { createTestApp, type TestApp } from './support/test-app.js';

async function until<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(
        `condition not met within ${timeoutMs} ms; last value ${JSON.stringify(value)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('jobs on the configured queue backend', () => {
  let t: TestApp;
  let maintenance: Queue;

  beforeAll(async () => {
    t = await createTestApp();
    maintenance = t.app.get<Queue>(getQueueToken(QueueName.Maintenance));
  });
  afterAll(() => t.close());

  it('registers the housekeeping jobs as repeatable jobs', async () => {
    const schedulers = await maintenance.getJobSchedulers();
    expect(schedulers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: JobName.PurgeExpiredSessions, every: 3_600_000 }),
        expect.objectContaining({ key: JobName.RelayOutbox, every: 5_000 }),
        expect.objectContaining({ key: JobName.SettleVideoAttendance, every: 60_000 }),
        expect.objectContaining({ key: JobName.PurgePersonalData, every: 3_600_000 }),
        expect.objectContaining({ key: JobName.SendDailyAgendas, every: 300_000 }),
        expect.objectContaining({ key: JobName.SettleWalkIn, every: 10_000 }),
        expect.objectContaining({ key: JobName.MatchWaitlist, every: 60_000 }),
        expect.objectContaining({ key: JobName.SendMessageDigests, every: 300_000 }),
        expect.objectContaining({ key: JobName.PlanSurveys, every: 300_000 }),
      ]),
    );
    expect(schedulers).toHaveLength(9);
  });

  it('runs a queued job in the worker: expired sessions are purged, live ones stay', async () => {
    const stale = await t.login('counsellor');
    t.clock.advance(13 * 3_600_000);
    const fresh = await t.login('counsellor');
    const job = await maintenance.add(
      JobName.PurgeExpiredSessions,
      {},
      { jobId: `purge-test-${Date.now()}` },
    );
    const state = await until(
      () => job.getState(),
      (s) => s === 'completed' || s === 'failed',
    );
    expect(state).toBe('completed');
    const remaining = await t.dataSource.query<{ staff_id: string }[]>(
      'SELECT staff_id FROM staff_session',
    );
    expect(remaining.map((row) => row.staff_id)).toEqual([fresh.id]);
    expect(remaining.map((row) => row.staff_id)).not.toContain(stale.id);
    await request(t.http)
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${fresh.token}`)
      .expect(200);
  });
});
