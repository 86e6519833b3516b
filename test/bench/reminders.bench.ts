/**
 * npm run bench:reminders — reminder scheduling and delivery on real PostgreSQL and Redis
 * (BENCH_DATABASE_URL, BENCH_REDIS_URL), with the built worker code (dist/) and a real SMTP
 * server in this process.
 * (a) The notification scheduler plans the jobs of 100,000 booked appointments (confirmation,
 *     counsellor notice and two reminders each), delivered as the domain-events worker delivers
 *     them: in the outbox relay's batches, as many batches at once as the worker's concurrency.
 *     Reminder jobs added per second.
 *     Beside it, in the same run on the same Redis, the ceiling of BullMQ itself: plain addBulk of
 *     as many delayed jobs (ids and offsets only, deterministic ids), bullmq_raw_per_s.
 * (b) 2,000 appointments whose reminders are due at the same moment: how late each reminder
 *     reaches the SMTP server, measured from its due time.
 * Every Redis key of the run (QUEUE_PREFIX is the bench database's name) and the database are
 * removed at the end, also when the run fails.
 */
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { SmtpSink } from '../support/smtp-sink.js';
import { benchApi, DEFAULT_OFFICE } from './bench-api.js';

import type * as WorkerModuleFile from '../../apps/worker/src/worker.module.js';
import type * as ConfigFile from '../../libs/config/src/index.js';
import type * as NotificationsFile from '../../libs/notifications/src/index.js';
import type * as ProcessorFile from '../../libs/jobs/src/notifications.processor.js';
import type * as DomainEventsFile from '../../libs/jobs/src/domain-events.processor.js';
import type * as RelayFile from '../../libs/appointments/src/outbox-relay.service.js';

const APPOINTMENTS = Number(process.env.BENCH_APPOINTMENTS ?? 100_000);
const DUE_TOGETHER = Number(process.env.BENCH_DUE_TOGETHER ?? 2_000);
/** For (b): how many appointments are booked at once. */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const COUNSELLORS = 50;
const LANGUAGES = ['de', 'en', 'ar', 'fa', 'uk', 'ru', 'tr'];

/** The built code (tsc emits the decorator metadata Nest's DI needs; tsx does not). */
function fromBuild(path: string): Promise<unknown> {
  return import(new URL(`../../dist/${path}`, import.meta.url).href);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** Counsellors (without staff accounts: no notices to send), a type, and booked appointments. */
async function seedAppointments(
  client: pg.Client,
  options: {
    counsellors: number;
    perCounsellor: number;
    firstStart: Date;
    offsets: number[];
    tag: string;
  },
): Promise<string[]> {
  const counsellors = await client.query<{ id: string }>(
    `INSERT INTO counsellor (office_id, display_name, languages, topics)
     SELECT ${DEFAULT_OFFICE}, 'Counsellor ' || n, ARRAY['de'], ARRAY['general'] FROM generate_series(1, $1) AS n RETURNING id`,
    [options.counsellors],
  );
  const type = await client.query<{ id: string }>(
    `INSERT INTO consultation_type (office_id, name, topic, duration_minutes, step_minutes, horizon_days, reminder_offsets_minutes)
     VALUES (${DEFAULT_OFFICE}, '{"de": "Beratung", "en": "Consultation"}', 'general', 30, 30, 400, $1) RETURNING id`,
    [options.offsets],
  );
  const rows = await client.query<{ id: string }>(
    `INSERT INTO appointment (office_id, consultation_type_id, counsellor_id, starts_at, ends_at, client_pseudonym,
                              client_language, contact_channel, contact_value, room_name)
     SELECT ${DEFAULT_OFFICE}, $1, c.id, s, s + interval '30 minutes', 'Client', ($4::text[])[1 + (c.n + k) % 7],
            'email', 'bench-' || $5 || '-' || c.n || '-' || k || '@example.org', NULL
       FROM (SELECT id, row_number() OVER () AS n FROM unnest($2::uuid[]) AS id) AS c,
            generate_series(0, $3 - 1) AS k,
            LATERAL (SELECT $6::timestamptz + k * interval '30 minutes' AS s) AS t
     RETURNING id`,
    [
      type.rows[0].id,
      counsellors.rows.map((r) => r.id),
      options.perCounsellor,
      LANGUAGES,
      options.tag,
      options.firstStart,
    ],
  );
  return rows.rows.map((r) => r.id);
}

async function main(): Promise<void> {
  const smtp = await SmtpSink.start({ parse: false });
  const bench = await benchApi();
  const client = new pg.Client({ connectionString: bench.databaseUrl });
  await client.connect();
  Object.assign(process.env, {
    DATABASE_URL: bench.databaseUrl,
    REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: bench.prefix,
    SMTP_URL: smtp.url,
    PUBLIC_BASE_URL: 'https://sprechstunde.example',
    LIVEKIT_API_KEY: 'APIbench',
    LIVEKIT_API_SECRET: 'bench-secret-not-for-production',
    DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    LOG_LEVEL: 'warn',
  });
  const { WorkerModule } = (await fromBuild(
    'apps/worker/src/worker.module.js',
  )) as typeof WorkerModuleFile;
  const { loadConfig } = (await fromBuild('libs/config/src/index.js')) as typeof ConfigFile;
  const { NotificationScheduler } = (await fromBuild(
    'libs/notifications/src/index.js',
  )) as typeof NotificationsFile;
  const { NotificationsProcessor } = (await fromBuild(
    'libs/jobs/src/notifications.processor.js',
  )) as typeof ProcessorFile;
  const { DOMAIN_EVENTS_CONCURRENCY } = (await fromBuild(
    'libs/jobs/src/domain-events.processor.js',
  )) as typeof DomainEventsFile;
  const { RELAY_BATCH } = (await fromBuild(
    'libs/appointments/src/outbox-relay.service.js',
  )) as typeof RelayFile;
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot(config, bench.databaseUrl),
    { logger: ['error', 'warn'] },
  );
  try {
    const scheduler = app.get(NotificationScheduler);
    const worker = app.get(NotificationsProcessor).worker;
    const queue = app.get<Queue>(getQueueToken('notifications'));
    await worker.pause(true);

    // (a) Scheduling.
    const inAYear = new Date(Date.now() + 30 * 24 * 3600 * 1000);
    const ids = await seedAppointments(client, {
      counsellors: COUNSELLORS,
      perCounsellor: Math.ceil(APPOINTMENTS / COUNSELLORS),
      firstStart: inAYear,
      offsets: [1440, 60],
      tag: 'a',
    });
    let eventId = 0;
    const booked = (appointmentId: string) => ({
      eventId: String(++eventId),
      type: 'appointment.booked' as const,
      appointmentId,
      version: 1,
    });
    const batches = Array.from({ length: Math.ceil(ids.length / RELAY_BATCH) }, (_, b) =>
      ids.slice(b * RELAY_BATCH, (b + 1) * RELAY_BATCH).map(booked),
    );
    const started = performance.now();
    await inParallel(batches, DOMAIN_EVENTS_CONCURRENCY, (batch) => scheduler.handle(batch));
    const seconds = (performance.now() - started) / 1000;
    const reminders = await queue.getDelayedCount();
    const allJobs = reminders + (await queue.getWaitingCount());
    const scheduledPerSecond = Math.round(reminders / seconds);
    console.log(
      `scheduling: ${ids.length} appointments in ${seconds.toFixed(1)} s, batches of ${RELAY_BATCH}, ${DOMAIN_EVENTS_CONCURRENCY} at once: ` +
        `${reminders} reminders (${scheduledPerSecond}/s), ${allJobs} jobs in all (${Math.round(allJobs / seconds)}/s), ` +
        `${Math.round(ids.length / seconds)} appointments/s`,
    );
    await queue.obliterate({ force: true });
    const rawPerSecond = await bullmqRaw(bench.prefix, reminders);
    console.log(
      `bullmq raw: ${rawPerSecond} delayed jobs/s by plain addBulk; scheduling reaches ${Math.round((100 * scheduledPerSecond) / rawPerSecond)} % of it`,
    );

    // (b) Many reminders due at once. Their confirmations go out first, well before.
    const dueAt = Math.ceil((Date.now() + 40_000) / 1000) * 1000;
    const due = await seedAppointments(client, {
      counsellors: DUE_TOGETHER,
      perCounsellor: 1,
      firstStart: new Date(dueAt + 60 * 60_000),
      offsets: [60],
      tag: 'b',
    });
    await inParallel(due, CONCURRENCY, (appointmentId) =>
      scheduler.handle([booked(appointmentId)]),
    );
    smtp.mails.length = 0;
    void worker.resume();
    // Every confirmation arrives before the due time (checked below), so what arrives after it is
    // the reminders.
    await smtp.waitFor(
      (mails) => mails.length >= 2 * DUE_TOGETHER || Date.now() > dueAt + 120_000,
      dueAt - Date.now() + 125_000,
    );
    const early = smtp.mails.filter((m) => m.receivedAt < dueAt);
    if (early.length !== DUE_TOGETHER) {
      throw new Error(
        `${early.length} mails before the due time, expected ${DUE_TOGETHER} confirmations`,
      );
    }
    const confirmationsDoneAt = Math.max(...early.map((m) => m.receivedAt));
    const lateness = smtp.mails
      .filter((m) => m.receivedAt >= dueAt)
      .map((m) => m.receivedAt - dueAt)
      .sort((a, b) => a - b);
    console.log(
      `due together: ${lateness.length} of ${DUE_TOGETHER} reminders arrived; confirmations finished ${Math.round((dueAt - confirmationsDoneAt) / 1000)} s before; ` +
        `lateness p50 ${percentile(lateness, 50)} ms, p99 ${percentile(lateness, 99)} ms, max ${lateness.at(-1)} ms`,
    );
    // Where the time goes: from the due time to a job's start (its log entry), and start to sent.
    const [timing] = (
      await client.query<{
        start_p50: number;
        start_p99: number;
        send_p50: number;
        send_p99: number;
      }>(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM created_at) * 1000 - $1) AS start_p50,
                percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM created_at) * 1000 - $1) AS start_p99,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - created_at) * 1000) AS send_p50,
                percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - created_at) * 1000) AS send_p99
           FROM notification WHERE kind = 'reminder'`,
        [dueAt],
      )
    ).rows;
    console.log(
      `reminder jobs started after the due time: p50 ${Math.round(timing.start_p50)} ms, p99 ${Math.round(timing.start_p99)} ms; ` +
        `start to sent: p50 ${Math.round(timing.send_p50)} ms, p99 ${Math.round(timing.send_p99)} ms`,
    );
    if (lateness.length < DUE_TOGETHER) console.log('NOT ALL REMINDERS ARRIVED within 120 s');
    console.log(
      `RESULT scheduled_per_s=${scheduledPerSecond} bullmq_raw_per_s=${rawPerSecond} due_2000_p99_lateness_ms=${lateness.length < DUE_TOGETHER ? 'incomplete' : percentile(lateness, 99)}`,
    );
  } finally {
    try {
      await app.close();
      await client.end();
    } finally {
      await bench.close();
      await smtp.stop();
    }
  }
}

/**
 * The ceiling for (a): `count` delayed jobs (as many as the scheduler made) added by plain addBulk
 * in batches of 1,000, four batches in flight, on the same Redis, in a queue of its own.
 */
async function bullmqRaw(prefix: string, count: number): Promise<number> {
  const connection = new Redis(process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', {
    maxRetriesPerRequest: null,
  });
  const queue = new Queue('raw-bench', { connection, prefix });
  try {
    const batches = Array.from({ length: Math.ceil(count / 1000) }, (_, b) => b);
    const delay = 30 * 24 * 3600 * 1000;
    const started = performance.now();
    await inParallel(batches, 4, async (b) => {
      await queue.addBulk(
        Array.from({ length: Math.min(1000, count - b * 1000) }, (_, i) => {
          const n = b * 1000 + i;
          return {
            name: 'reminder',
            data: { appointmentId: String(n), offsetMinutes: 60 },
            opts: { jobId: `reminder.${n}.60`, delay, removeOnComplete: true },
          };
        }),
      );
    });
    const seconds = (performance.now() - started) / 1000;
    return Math.round(count / seconds);
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    connection.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
