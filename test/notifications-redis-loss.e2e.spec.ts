import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobReconciliation } from '@app/jobs';
import { NotificationScheduler } from '@app/notifications';
import { JobName, QueueName } from '@app/queue';
import { TestRedisServer } from './support/redis-server.js';
import { SmtpSink } from './support/smtp-sink.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const SCHEDULERS = [
  JobName.PurgeExpiredSessions,
  JobName.PurgePersonalData,
  JobName.RelayOutbox,
  JobName.SendDailyAgendas,
  JobName.SettleVideoAttendance,
  JobName.SettleWalkIn,
  JobName.MatchWaitlist,
  JobName.SendMessageDigests,
  JobName.PlanSurveys,
].sort();

/** A counsellor, a consultation type with reminders 24 h and 1 h before, and one booking. */
async function bookOne(t: TestApp): Promise<string> {
  t.clock.advance(new Date('2026-12-07T06:00:00Z').getTime() - t.clock.now().getTime());
  const admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
  const counsellor = await request(t.http)
    .post('/api/admin/counsellors')
    .set(admin)
    .send({ displayName: 'Nika Beridze', languages: ['ru', 'de'], topics: ['family'] })
    .expect(201);
  await request(t.http)
    .post(`/api/counsellors/${counsellor.body.id}/rules`)
    .set(admin)
    .send({ weekday: 3, start: '08:00', end: '18:00' })
    .expect(201);
  const type = await request(t.http)
    .post('/api/admin/consultation-types')
    .set(admin)
    .send({
      name: { de: 'Familie', en: 'Family' },
      topic: 'family',
      durationMinutes: 30,
      stepMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minNoticeMinutes: 0,
      horizonDays: 60,
      channel: 'video',
      reminderOffsetsMinutes: [1440, 60],
      counsellorIds: [counsellor.body.id],
    })
    .expect(201);
  const booked = await request(t.http)
    .post('/api/public/appointments')
    .send({
      consultationTypeId: type.body.id,
      start: '2026-12-16T10:00:00+01:00',
      pseudonym: 'Ivan',
      language: 'ru',
      timeZone: 'Europe/Berlin',
      contact: { channel: 'email', value: 'ivan@example.org' },
    })
    .expect(201);
  return (booked.body as { appointment: { id: string } }).appointment.id;
}

const reminderIds = (id: string) => [`reminder.${id}.v1.1440`, `reminder.${id}.v1.60`];

async function reminderStates(queue: Queue, id: string): Promise<(string | null)[]> {
  return Promise.all(
    reminderIds(id).map(async (jobId) => (await (await queue.getJob(jobId))?.getState()) ?? null),
  );
}

async function schedulerKeys(queue: Queue): Promise<string[]> {
  return (await queue.getJobSchedulers()).map((scheduler) => scheduler.key).sort();
}

describe('the queue is reconciled with the database', () => {
  let t: TestApp;
  let notifications: Queue;
  let maintenance: Queue;
  let id: string;

  beforeAll(async () => {
    t = await createTestApp();
    notifications = t.app.get<Queue>(getQueueToken(QueueName.Notifications));
    maintenance = t.app.get<Queue>(getQueueToken(QueueName.Maintenance));
    id = await bookOne(t);
  });
  afterAll(() => t.close());

  it('re-creates lost reminders and schedules, and changes nothing where they exist', async () => {
    await expect
      .poll(() => reminderStates(notifications, id), { timeout: 15_000 })
      .toEqual(['delayed', 'delayed']);
    const [dayBefore] = reminderIds(id);
    const delay = (await notifications.getJob(dayBefore))!.delay;
    await notifications.remove(dayBefore);
    await maintenance.removeJobScheduler(JobName.RelayOutbox);
    expect(await reminderStates(notifications, id)).toEqual([null, 'delayed']);
    expect(await schedulerKeys(maintenance)).not.toContain(JobName.RelayOutbox);

    const reconciliation = t.app.get(JobReconciliation);
    expect(await reconciliation.reconcile('request')).toMatchObject({ reminders: 2 });
    expect(await reminderStates(notifications, id)).toEqual(['delayed', 'delayed']);
    const restored = (await notifications.getJob(dayBefore))!;
    expect(restored.data).toEqual({
      kind: 'reminder',
      appointmentId: id,
      version: 1,
      offsetMinutes: 1440,
    });
    // Planned for the same moment as before (the test clock stood still).
    expect(restored.delay).toBe(delay);
    expect(await schedulerKeys(maintenance)).toEqual(SCHEDULERS);

    // Idempotent: a second run adds no second job.
    await reconciliation.reconcile('request');
    const delayed = await notifications.getDelayed();
    expect(delayed.filter((job) => job.data.appointmentId === id)).toHaveLength(2);
  });

  it('plans no reminders for cancelled appointments', async () => {
    await t.dataSource.query(`UPDATE appointment SET status = 'cancelled' WHERE id = $1`, [id]);
    await Promise.all(reminderIds(id).map((jobId) => notifications.remove(jobId)));
    await t.app.get(JobReconciliation).reconcile('request');
    expect(await reminderStates(notifications, id)).toEqual([null, null]);
  });

  it('brings back the notices of the last day’s events that the log has no entry for, once', async () => {
    const own = await bookOne(t);
    // Two change events of this appointment that the relay already published (so only
    // reconciliation can plan their notices): one 23 hours old, one 25 hours old.
    const versions = { recent: 101, old: 102 };
    await t.dataSource.query(
      `INSERT INTO outbox_event (type, appointment_id, payload, created_at, published_at)
       VALUES ('appointment.rescheduled', $1, $2, now() - interval '23 hours', now()),
              ('appointment.rescheduled', $1, $3, now() - interval '25 hours', now())`,
      [own, { version: versions.recent }, { version: versions.old }],
    );
    const scheduler = t.app.get(NotificationScheduler);
    const job = (kind: string, version: number) =>
      notifications.getJob(`${kind}.${own}.v${version}`);
    await scheduler.reconcileNotices();
    expect((await job('rescheduled', versions.recent))?.data).toEqual({
      kind: 'rescheduled',
      appointmentId: own,
      version: versions.recent,
    });
    expect(await job('counsellor-rescheduled', versions.recent)).toBeDefined();
    expect(await job('rescheduled', versions.old)).toBeUndefined();
    expect(await job('counsellor-rescheduled', versions.old)).toBeUndefined();

    // Once it is in the log, a later run leaves it alone, even with its job gone.
    const key = `rescheduled.${own}.v${versions.recent}`;
    const log = async () =>
      (
        await t.dataSource.query<{ status: string; attempts: number }[]>(
          'SELECT status, attempts FROM notification WHERE key = $1',
          [key],
        )
      )[0];
    await expect.poll(log, { timeout: 15_000 }).toEqual({ status: 'sent', attempts: 1 });
    await expect
      .poll(async () => (await job('rescheduled', versions.recent))?.getState())
      .toBe('completed');
    await notifications.remove(key);
    await scheduler.reconcileNotices();
    expect(await job('rescheduled', versions.recent)).toBeUndefined();
    expect(await log()).toEqual({ status: 'sent', attempts: 1 });
  });
});

/**
 * A Redis of the test's own, restarted without persistence: it comes back empty, and the worker
 * notices the reconnect. On the embedded database too, since the scenario needs only Redis.
 */
describe('Redis restarts empty', () => {
  let redis: TestRedisServer;
  let t: TestApp;

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    t = await createTestApp({ env: { REDIS_URL: redis.url } });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('gets its reminders and repeatable jobs back after the reconnect', async () => {
    const notifications = t.app.get<Queue>(getQueueToken(QueueName.Notifications));
    const maintenance = t.app.get<Queue>(getQueueToken(QueueName.Maintenance));
    const id = await bookOne(t);
    await expect
      .poll(() => reminderStates(notifications, id), { timeout: 15_000 })
      .toEqual(['delayed', 'delayed']);
    expect(await schedulerKeys(maintenance)).toEqual(SCHEDULERS);
    // The immediate notices are done (a job running while Redis dies fails noisily, beside the point).
    for (const kind of ['confirmation', 'counsellor-booked']) {
      await expect
        .poll(async () => (await notifications.getJob(`${kind}.${id}.v1`))?.getState(), {
          timeout: 15_000,
        })
        .toBe('completed');
    }

    await redis.stop();
    await redis.start(); // same port, nothing persisted: every key is gone
    await expect
      .poll(() => reminderStates(notifications, id), { timeout: 30_000, interval: 250 })
      .toEqual(['delayed', 'delayed']);
    await expect
      .poll(() => schedulerKeys(maintenance), { timeout: 10_000, interval: 250 })
      .toEqual(SCHEDULERS);
  }, 60_000);
});

/**
 * Notices queued but not yet sent when Redis comes back empty: the outbox in PostgreSQL still holds
 * the events, and reconciliation plans what the notification log has no entry for.
 */
describe('Redis restarts empty while a confirmation waits', () => {
  let redis: TestRedisServer;
  let smtp: SmtpSink;
  let t: TestApp;

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    smtp = await SmtpSink.start();
    t = await createTestApp({
      env: {
        REDIS_URL: redis.url,
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Sprechstunde Test <noreply@sprechstunde.test>',
      },
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
    await smtp?.stop();
  });

  it('sends the confirmation after the reconnect, exactly once', async () => {
    const notifications = t.app.get<Queue>(getQueueToken(QueueName.Notifications));
    // The notification queue holds its jobs (paused) so that the confirmation is queued, not sent,
    // when Redis loses everything (the pause included).
    await notifications.pause();
    const id = await bookOne(t);
    const key = `confirmation.${id}.v1`;
    await expect
      .poll(async () => (await notifications.getJob(key))?.data, { timeout: 15_000 })
      .toEqual({ kind: 'confirmation', appointmentId: id, version: 1 });
    const logged = () =>
      t.dataSource.query<{ status: string; attempts: number }[]>(
        'SELECT status, attempts FROM notification WHERE key = $1',
        [key],
      );
    expect(await logged()).toEqual([]);

    await redis.stop();
    await redis.start(); // nothing persisted: the waiting confirmation is gone
    const confirmations = () =>
      smtp.mails.filter(
        (mail) =>
          mail.parsed.messageId === `<${key}@sprechstunde.test>` && mail.to === 'ivan@example.org',
      );
    await smtp.waitFor(() => confirmations().length === 1, 30_000);
    await expect.poll(logged, { timeout: 15_000 }).toEqual([{ status: 'sent', attempts: 1 }]);

    // Another run offers nothing for it: the log has it.
    await t.app.get(JobReconciliation).reconcile('request');
    await expect
      .poll(async () => {
        const counts = await notifications.getJobCounts('waiting', 'active', 'prioritized');
        return counts.waiting + counts.active + counts.prioritized;
      })
      .toBe(0);
    expect(confirmations()).toHaveLength(1);
    expect(await logged()).toEqual([{ status: 'sent', attempts: 1 }]);
  }, 60_000);
});
