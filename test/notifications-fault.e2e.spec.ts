import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '@app/queue';
import { SmtpSink } from './support/smtp-sink.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * The database goes away right after the mail server accepted a message, before the notification
 * log could record it, and comes back seconds later. The sender must retry the record, not the
 * send. Real PostgreSQL only: an embedded database cannot be brought back, and there the queue
 * lives in the same database, so no job could run (or send) while it is away.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('notifications across a database outage', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: { Authorization: string };
  let counsellorEmail: string;
  let typeId: string;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Sprechstunde Test <noreply@sprechstunde.test>',
        PUBLIC_BASE_URL: 'https://sprechstunde.test',
      },
    });
    t.clock.advance(new Date('2026-12-07T06:00:00Z').getTime() - t.clock.now().getTime());
    admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    const login = await t.login('counsellor', 'dara@office.sprechstunde.test');
    counsellorEmail = login.email;
    const counsellor = await request(t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({
        displayName: 'Dara Karimi',
        languages: ['fa', 'de'],
        topics: ['work'],
        staffId: login.id,
      })
      .expect(201);
    await request(t.http)
      .post(`/api/counsellors/${counsellor.body.id}/rules`)
      .set(admin)
      .send({ weekday: 3, start: '08:00', end: '18:00' })
      .expect(201);
    typeId = (
      await request(t.http)
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
          horizonDays: 60,
          channel: 'video',
          counsellorIds: [counsellor.body.id],
        })
        .expect(201)
    ).body.id;
  }, 60_000);

  afterAll(async () => {
    await t?.database.bringUp().catch(() => undefined);
    await t?.close();
    await smtp?.stop();
  });

  it('delivers each message exactly once when the database fails right after the SMTP accept', async () => {
    // The first message the server accepts takes the database down before the sender hears "250";
    // it comes back 3 s later, as after a restart.
    let outage: Promise<void> | undefined;
    smtp.beforeAccept = () => {
      smtp.beforeAccept = undefined;
      const down = t.database.takeDown();
      outage = down.then(() => sleep(3_000)).then(() => t.database.bringUp());
      return down;
    };
    const booked = await request(t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: typeId,
        start: '2026-12-16T10:00:00+01:00',
        pseudonym: 'Shirin',
        language: 'fa',
        timeZone: 'Europe/Berlin',
        contact: { channel: 'email', value: 'shirin@example.org' },
      })
      .expect(201);
    const id = (booked.body as { appointment: { id: string } }).appointment.id;
    await expect.poll(() => outage !== undefined, { timeout: 20_000 }).toBe(true);
    await outage;

    // Both messages (the client's confirmation, the counsellor's notice) end up recorded as sent…
    const logged = () =>
      t.dataSource.query<{ kind: string; status: string }[]>(
        'SELECT kind, status FROM notification WHERE appointment_id = $1 ORDER BY kind',
        [id],
      );
    await expect.poll(logged, { timeout: 60_000, interval: 250 }).toEqual([
      { kind: 'confirmation', status: 'sent' },
      { kind: 'counsellor-booked', status: 'sent' },
    ]);
    // …with no job left that could still send one.
    const notifications = t.app.get<Queue>(getQueueToken(QueueName.Notifications));
    for (const key of [`confirmation.${id}.v1`, `counsellor-booked.${id}.v1`]) {
      expect(await (await notifications.getJob(key))?.getState()).toBe('completed');
    }
    // …and the mail server got each exactly once.
    expect(smtp.to('shirin@example.org')).toHaveLength(1);
    expect(smtp.to(counsellorEmail)).toHaveLength(1);
    const ids = smtp.mails.map((mail) => mail.parsed.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  }, 90_000);
});
