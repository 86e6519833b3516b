import { spawn, type ChildProcess } from 'node:child_process';
import { DateTime } from 'luxon';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltWorker } from './support/built-worker.js';
import { SmtpSink } from './support/smtp-sink.js';
import { createTestApp, TEST_LIVEKIT, type TestApp } from './support/test-app.js';

/**
 * A worker process killed with SIGKILL in the middle of sending, then started again: the
 * notification still arrives exactly once. The API runs no jobs here; the workers are the
 * compiled `apps/worker`, as in production.
 */
describe('a worker killed mid-job and restarted', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let entry: string;
  const workers: ChildProcess[] = [];

  const startWorker = (): ChildProcess => {
    const child = spawn(process.execPath, [entry], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        DATABASE_URL: t.database.url,
        DATABASE_POOL_SIZE: '4',
        // The embedded test database delivers no NOTIFY between connections.
        DATABASE_NOTIFY: t.database.kind === 'postgres' ? 'true' : 'false',
        ...(t.config.REDIS_URL ? { REDIS_URL: t.config.REDIS_URL } : {}),
        QUEUE_PREFIX: t.config.QUEUE_PREFIX,
        SMTP_URL: smtp.url,
        PUBLIC_BASE_URL: 'https://sprechstunde.test',
        LIVEKIT_API_KEY: TEST_LIVEKIT.apiKey,
        LIVEKIT_API_SECRET: TEST_LIVEKIT.apiSecret,
        DATA_ENCRYPTION_KEY: t.config.DATA_ENCRYPTION_KEY,
        DATA_DIR: t.config.DATA_DIR,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    workers.push(child);
    return child;
  };

  beforeAll(async () => {
    entry = ensureBuiltWorker();
    smtp = await SmtpSink.start();
    t = await createTestApp({
      env: {
        WORKER_IN_API: 'false',
        SMTP_URL: smtp.url,
        PUBLIC_BASE_URL: 'https://sprechstunde.test',
      },
    });
  }, 180_000);

  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
    await t.close();
    await smtp.stop();
  });

  it('sends the confirmation exactly once', async () => {
    const admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    const counsellor = await request(t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({ displayName: 'Lesia Petrenko', languages: ['uk', 'de'], topics: ['work'] })
      .expect(201);
    for (const weekday of [1, 2, 3, 4, 5]) {
      await request(t.http)
        .post(`/api/counsellors/${counsellor.body.id}/rules`)
        .set(admin)
        .send({ weekday, start: '08:00', end: '18:00' })
        .expect(201);
    }
    const type = await request(t.http)
      .post('/api/admin/consultation-types')
      .set(admin)
      .send({
        name: { de: 'Arbeit', en: 'Work' },
        topic: 'work',
        durationMinutes: 30,
        stepMinutes: 30,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 0,
        horizonDays: 30,
        channel: 'video',
        counsellorIds: [counsellor.body.id],
      })
      .expect(201);
    // The next weekday, at 10:00 in Berlin.
    let day = DateTime.now()
      .setZone('Europe/Berlin')
      .plus({ days: 2 })
      .set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    while (day.weekday > 5) day = day.plus({ days: 1 });

    // The mail server holds the first message long enough for the worker to be killed meanwhile.
    let held = 0;
    smtp.behaviour = () => (held++ === 0 ? { delayMs: 60_000 } : 'accept');
    let worker = startWorker();
    const booked = await request(t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: type.body.id,
        start: day.toISO(),
        pseudonym: 'Olena',
        language: 'uk',
        timeZone: 'Europe/Berlin',
        contact: { channel: 'email', value: 'olena@example.org' },
      })
      .expect(201);
    await expect.poll(() => smtp.started, { timeout: 30_000, interval: 100 }).toBe(1);
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker.once('exit', resolve));
    const [row] = await t.dataSource.query(
      "SELECT status FROM notification WHERE kind = 'confirmation' AND appointment_id = $1",
      [booked.body.appointment.id],
    );
    expect(row).toEqual({ status: 'sending' }); // claimed by the job that died

    worker = startWorker();
    // The killed worker's lock runs out (15 s); the restarted worker takes the job up again.
    await smtp.waitFor((mails) => mails.some((m) => m.to === 'olena@example.org'), 60_000);
    await expect
      .poll(
        async () =>
          (
            await t.dataSource.query(
              "SELECT status, attempts FROM notification WHERE kind = 'confirmation' AND appointment_id = $1",
              [booked.body.appointment.id],
            )
          )[0],
        { timeout: 10_000 },
      )
      .toEqual({ status: 'sent', attempts: 2 });
    // Whatever else runs (the counsellor has no account to notify), the client got one mail.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(smtp.to('olena@example.org')).toHaveLength(1);
    expect(smtp.started).toBe(2);
  }, 120_000);
});
