import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetentionService } from '@app/appointments';
import { CLIENT_TEXTS, NotificationScheduler } from '@app/notifications';
import { JobName, QueueName } from '@app/queue';
import { StaffService } from '@app/staff';
import { SmtpSink, type ReceivedMail } from './support/smtp-sink.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const BASE = 'https://sprechstunde.test';
/** The fixed start of a text, up to its first placeholder. */
const opening = (template: string) => template.slice(0, template.indexOf('{')).trim();
const MINUTE = 60_000;

function manageToken(mail: ReceivedMail): string {
  const match = /https:\/\/sprechstunde\.test\/manage#token=([A-Za-z0-9_-]{43})/.exec(
    mail.parsed.text ?? '',
  );
  if (!match) throw new Error(`no manage link in: ${mail.parsed.text}`);
  return match[1];
}

function calendar(mail: ReceivedMail): string {
  const file = mail.parsed.attachments.find((a) => a.filename === 'appointment.ics');
  if (!file) throw new Error('no calendar attachment');
  // Unfold continuation lines (RFC 5545 §3.1).
  return file.content.toString('utf8').replace(/\r?\n[ \t]/g, '');
}

describe('notifications: mails and SMS in the client’s language, exactly once', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let sms: {
    server: Server;
    received: { to: string; text: string; from: string; idempotencyKey: string }[];
  };
  let admin: { Authorization: string };
  let counsellor: { id: string; email: string; auth: { Authorization: string } };
  let typeId: string;
  let notifications: Queue;
  let address = 0;

  const nextAddress = () => `client${++address}@example.org`;
  const book = async (start: string, extra: object = {}) =>
    (
      await request(t.http)
        .post('/api/public/appointments')
        .send({
          consultationTypeId: typeId,
          start,
          pseudonym: 'Mariam',
          language: 'ar',
          timeZone: 'Europe/Berlin',
          contact: { channel: 'email', value: nextAddress() },
          ...extra,
        })
        .expect(201)
    ).body as { appointment: { id: string }; manageToken: string };
  const setClock = (iso: string) =>
    t.clock.advance(new Date(iso).getTime() - t.clock.now().getTime());

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    const received: { to: string; text: string; from: string; idempotencyKey: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        if (req.headers.authorization !== 'Bearer sms-test-token') {
          res.writeHead(401).end();
          return;
        }
        received.push({
          ...(JSON.parse(body) as { to: string; text: string; from: string }),
          idempotencyKey: req.headers['idempotency-key'] as string,
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `sms-${received.length}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    sms = { server, received };
    t = await createTestApp({
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Sprechstunde Test <noreply@sprechstunde.test>',
        PUBLIC_BASE_URL: BASE,
        SMS_GATEWAY_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`,
        SMS_GATEWAY_TOKEN: 'sms-test-token',
        BOOKING_RATE_LIMIT_PER_MINUTE: '10000',
        MANAGE_RATE_LIMIT_PER_MINUTE: '10000',
        RETENTION_DAYS: '30',
        AGENDA_HOUR: '7',
      },
    });
    setClock('2026-12-07T06:00:00Z'); // Monday 07:00 in Berlin
    notifications = t.app.get<Queue>(getQueueToken(QueueName.Notifications));
    admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    const login = await t.login('counsellor', 'amira@office.sprechstunde.test');
    const created = await request(t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({
        displayName: 'Amira Haddad',
        languages: ['ar', 'de'],
        topics: ['residence'],
        staffId: login.id,
      })
      .expect(201);
    counsellor = {
      id: created.body.id,
      email: login.email,
      auth: { Authorization: `Bearer ${login.token}` },
    };
    for (const weekday of [1, 2, 3, 4, 5]) {
      await request(t.http)
        .post(`/api/counsellors/${counsellor.id}/rules`)
        .set(admin)
        .send({ weekday, start: '08:00', end: '18:00' })
        .expect(201);
    }
    typeId = (
      await request(t.http)
        .post('/api/admin/consultation-types')
        .set(admin)
        .send({
          name: { de: 'Aufenthalt', en: 'Residence', ar: 'الإقامة', uk: 'Перебування' },
          topic: 'residence',
          durationMinutes: 30,
          stepMinutes: 30,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 0,
          horizonDays: 60,
          channel: 'video',
          reminderOffsetsMinutes: [1440, 60],
          counsellorIds: [counsellor.id],
        })
        .expect(201)
    ).body.id;
  });

  afterAll(async () => {
    await t.close();
    await smtp.stop();
    await new Promise((resolve) => sms.server.close(resolve));
  });

  it('confirms a booking in Arabic, right to left, with a working manage link and a calendar file', async () => {
    const booked = await book('2026-12-09T10:00:00+01:00', {
      timeZone: 'Asia/Beirut',
      needsInterpreter: true,
    });
    const to = `client${address}@example.org`;
    await smtp.waitFor(() => smtp.to(to).length === 1);
    const [mail] = smtp.to(to);
    expect(mail.parsed.subject).toContain(opening(CLIENT_TEXTS.ar.confirmation.subject));
    expect(mail.parsed.headers.get('content-language')).toBe('ar');
    expect(mail.parsed.html).toContain('dir="rtl"');
    expect(mail.parsed.html).toContain('lang="ar"');
    // 10:00 in Berlin is 11:00 in Beirut; times are shown in the client's zone.
    expect(mail.parsed.text).toContain('Asia/Beirut (UTC+02:00)');
    expect(mail.parsed.text).toMatch(/١١:٠٠|11:00/);
    expect(mail.parsed.text).toContain('Amira Haddad');
    expect(mail.parsed.text).toContain('الإقامة');

    const token = manageToken(mail);
    expect(token).not.toBe(booked.manageToken); // each message has a link of its own
    const viewed = await request(t.http)
      .get('/api/public/manage')
      .set('X-Manage-Token', token)
      .expect(200);
    expect(viewed.body.id).toBe(booked.appointment.id);

    const ics = calendar(mail);
    expect(ics).toContain(`UID:${booked.appointment.id}@sprechstunde`);
    expect(ics).toContain('DTSTART:20261209T090000Z');
    expect(ics).toContain('DTEND:20261209T093000Z');
    expect(ics).toContain('SEQUENCE:1');
    expect(ics).toContain('STATUS:CONFIRMED');
    expect(ics).toContain('METHOD:PUBLISH');

    // The counsellor hears of it, in German, without the client's data.
    const isNotice = (m: ReceivedMail) =>
      m.parsed.messageId === `<counsellor-booked.${booked.appointment.id}.v1@sprechstunde.test>`;
    await smtp.waitFor(() => smtp.to(counsellor.email).some(isNotice));
    const notice = smtp.to(counsellor.email).find(isNotice)!;
    expect(notice.parsed.subject).toMatch(/^Neuer Termin: /);
    expect(notice.parsed.text).toContain('Dolmetschung');
    expect(JSON.stringify(notice.parsed.text)).not.toContain('Mariam');
    expect(JSON.stringify(notice.parsed.text)).not.toContain(to);

    // The queue holds ids only.
    const job = await notifications.getJob(`reminder.${booked.appointment.id}.v1.1440`);
    expect(job?.data).toEqual({
      kind: 'reminder',
      appointmentId: booked.appointment.id,
      version: 1,
      offsetMinutes: 1440,
    });
    expect(await job?.getState()).toBe('delayed');
  });

  it('sends the reminder when it is due, with the join link, in Ukrainian and the client’s zone', async () => {
    // The clock stands 60 minutes and 2 seconds before the start: the 1-hour reminder is due in 2 s.
    setClock('2026-12-10T08:59:58Z');
    const booked = await book('2026-12-10T11:00:00+01:00', {
      language: 'uk',
      timeZone: 'Europe/Kyiv',
      pseudonym: 'Olena',
    });
    const to = `client${address}@example.org`;
    await smtp.waitFor(() => smtp.to(to).length === 2, 30_000);
    const reminder = smtp
      .to(to)
      .find((m) => m.parsed.subject?.startsWith(opening(CLIENT_TEXTS.uk.reminder.subject)));
    expect(
      reminder,
      smtp
        .to(to)
        .map((m) => m.parsed.subject)
        .join(' | '),
    ).toBeDefined();
    expect(reminder!.parsed.text).toContain('Europe/Kyiv (UTC+02:00)');
    expect(reminder!.parsed.text).toContain('12:00'); // 11:00 Berlin = 12:00 Kyiv
    const view = await request(t.http)
      .get('/api/public/manage')
      .set('X-Manage-Token', manageToken(reminder!))
      .expect(200);
    expect(view.body.id).toBe(booked.appointment.id);
    // The 24-hour reminder's moment had passed at booking: it is not sent late.
    expect(await notifications.getJob(`reminder.${booked.appointment.id}.v1.1440`)).toBeUndefined();
  });

  it('moves the reminders with a reschedule and removes them with a cancellation', async () => {
    setClock('2026-12-07T06:00:00Z');
    const booked = await book('2026-12-16T10:00:00+01:00', { language: 'de' });
    const id = booked.appointment.id;
    const to = `client${address}@example.org`;
    await smtp.waitFor(() => smtp.to(to).length === 1);
    const reminderJob = (version: number, offset = 60) =>
      notifications.getJob(`reminder.${id}.v${version}.${offset}`);
    await expect.poll(async () => (await reminderJob(1))?.data.version).toBe(1);
    const firstDelay = (await reminderJob(1))!.delay;

    await request(t.http)
      .post('/api/public/manage/reschedule')
      .set('X-Manage-Token', booked.manageToken)
      .send({ start: '2026-12-17T15:00:00+01:00' })
      .expect(200);
    await smtp.waitFor(() => smtp.to(to).length === 2);
    const moved = smtp.to(to)[1];
    expect(moved.parsed.subject).toMatch(/^Ihr Termin hat eine neue Zeit/);
    expect(calendar(moved)).toContain('SEQUENCE:2');
    expect(calendar(moved)).toContain('DTSTART:20261217T140000Z');
    // The version-1 reminders are gone, version 2's are planned 29 hours later.
    await expect.poll(async () => (await reminderJob(2))?.data.version).toBe(2);
    expect(await reminderJob(1)).toBeUndefined();
    expect(await reminderJob(1, 1440)).toBeUndefined();
    expect((await reminderJob(2))!.delay - firstDelay).toBeGreaterThan(29 * 60 * MINUTE - 30_000);
    expect((await reminderJob(2))!.delay - firstDelay).toBeLessThan(29 * 60 * MINUTE + 30_000);

    await request(t.http)
      .post('/api/public/manage/cancel')
      .set('X-Manage-Token', booked.manageToken)
      .expect(200);
    await smtp.waitFor(() => smtp.to(to).length === 3);
    const cancelled = smtp.to(to)[2];
    expect(cancelled.parsed.subject).toMatch(/abgesagt/);
    expect(calendar(cancelled)).toContain('STATUS:CANCELLED');
    expect(calendar(cancelled)).toContain('SEQUENCE:3');
    expect(cancelled.parsed.text).not.toContain('#token='); // nothing left to manage
    await expect.poll(async () => (await reminderJob(2)) ?? null).toBeNull();
    expect(await reminderJob(2, 1440)).toBeUndefined();
    expect(await reminderJob(3)).toBeUndefined(); // nothing planned for the cancelled version
    await smtp.waitFor(() =>
      smtp
        .to(counsellor.email)
        .some(
          (m) =>
            m.parsed.messageId === `<counsellor-cancelled.${id}.v3@sprechstunde.test>` &&
            /^Termin abgesagt/.test(m.parsed.subject ?? ''),
        ),
    );
  });

  it('never puts a manage token into a calendar file: mail attachments and the API’s file', async () => {
    setClock('2026-12-07T06:00:00Z');
    const booked = await book('2026-12-18T14:00:00+01:00', { language: 'en' });
    const to = `client${address}@example.org`;
    const files: [string, string][] = [];
    const fromApi = async (label: string) => {
      const response = await request(t.http)
        .get('/api/public/manage/calendar.ics')
        .set('X-Manage-Token', booked.manageToken)
        .buffer(true)
        .parse((res, done) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          res.on('end', () => done(null, body));
        })
        .expect(200);
      expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8; method=PUBLISH');
      files.push([label, response.body as string]);
    };
    const attachment = (mail: ReceivedMail) =>
      mail.parsed.attachments.find((a) => a.filename === 'appointment.ics')!.content.toString();

    await smtp.waitFor(() => smtp.to(to).length === 1);
    expect(manageToken(smtp.to(to)[0])).toMatch(/^[\w-]{43}$/); // the mail body keeps its link
    files.push(['confirmation', attachment(smtp.to(to)[0])]);
    await fromApi('api');
    await request(t.http)
      .post('/api/public/manage/reschedule')
      .set('X-Manage-Token', booked.manageToken)
      .send({ start: '2026-12-18T15:00:00+01:00' })
      .expect(200);
    await smtp.waitFor(() => smtp.to(to).length === 2);
    files.push(['rescheduled', attachment(smtp.to(to)[1])]);
    await request(t.http)
      .post('/api/public/manage/cancel')
      .set('X-Manage-Token', booked.manageToken)
      .expect(200);
    await smtp.waitFor(() => smtp.to(to).length === 3);
    files.push(['cancelled', attachment(smtp.to(to)[2])]);
    await fromApi('api-cancelled');

    for (const [label, ics] of files) {
      const unfolded = ics.replace(/\r\n[ \t]/g, '');
      expect(unfolded, label).not.toContain('token');
      expect(unfolded, label).not.toContain('/manage');
      // The office’s own page, and its name in the client’s language (the default office, in English).
      expect(unfolded, label).toContain(
        'URL;VALUE=URI:https://sprechstunde.test/o/beratungsstelle\r\n',
      );
      expect(unfolded, label).toMatch(
        /^ORGANIZER;CN="Counselling office":mailto:noreply@sprechstunde\.test\r$/m,
      );
      expect(ics.endsWith('END:VCALENDAR\r\n'), label).toBe(true);
      expect(ics.replace(/\r\n/g, ''), label).not.toMatch(/[\r\n]/);
      const cancelled = label.endsWith('cancelled');
      expect(unfolded, label).toContain(cancelled ? 'STATUS:CANCELLED' : 'STATUS:CONFIRMED');
      if (cancelled) expect(unfolded, label).not.toMatch(/join/i);
    }
  });

  it('sends a duplicated job once, also while the first is still being sent', async () => {
    setClock('2026-12-07T06:00:00Z');
    const to = `client${address + 1}@example.org`;
    // The mail server holds the first message for 2 s; the duplicates arrive meanwhile.
    let held = false;
    smtp.behaviour = (rcpt) =>
      rcpt === to && !held ? ((held = true), { delayMs: 2_000 }) : 'accept';
    const started = smtp.started;
    const booked = await book('2026-12-18T09:00:00+01:00', { language: 'en' });
    await expect.poll(() => smtp.started, { timeout: 15_000 }).toBeGreaterThan(started);
    const payload = { kind: 'confirmation', appointmentId: booked.appointment.id, version: 1 };
    const duplicates = await notifications.addBulk(
      ['a', 'b', 'c'].map((suffix) => ({
        name: JobName.SendNotification,
        data: payload,
        opts: { jobId: `duplicate.${booked.appointment.id}.${suffix}` },
      })),
    );
    for (const job of duplicates) {
      await expect.poll(() => job.getState(), { timeout: 20_000 }).toBe('completed');
      expect((await notifications.getJob(job.id!))!.returnvalue).toMatchObject({
        outcome: 'duplicate',
      });
    }
    smtp.behaviour = () => 'accept';
    expect(smtp.to(to)).toHaveLength(1);
    const [log] = await t.dataSource.query(
      `SELECT status, attempts FROM notification WHERE key = $1`,
      [`confirmation.${booked.appointment.id}.v1`],
    );
    expect(log).toEqual({ status: 'sent', attempts: 1 });
  });

  it('records, without sending again, a message an earlier attempt delivered but could not record', async () => {
    setClock('2026-12-07T06:00:00Z');
    const booked = await book('2026-12-21T10:00:00+01:00', { language: 'en' });
    const id = booked.appointment.id;
    const to = `client${address}@example.org`;
    await smtp.waitFor(() => smtp.to(to).length === 1); // the confirmation
    // A job that, in an earlier attempt, got the message accepted while the database was away: it
    // remembers that in its progress (see NotificationsProcessor), and its retry only records.
    const job = await notifications.add(
      JobName.SendNotification,
      { kind: 'reminder', appointmentId: id, version: 1, offsetMinutes: 60 },
      { jobId: `delivered-earlier.${id}`, delay: 3_600_000 },
    );
    await job.updateProgress({ delivered: true });
    await job.promote();
    await expect
      .poll(async () => (await notifications.getJob(job.id!))?.returnvalue, { timeout: 15_000 })
      .toMatchObject({ outcome: 'sent', channel: 'email' });
    const [log] = await t.dataSource.query(
      'SELECT status, sent_at IS NOT NULL AS "sentAt" FROM notification WHERE key = $1',
      [`reminder.${id}.v1.60`],
    );
    expect(log).toEqual({ status: 'sent', sentAt: true });
    expect(smtp.to(to)).toHaveLength(1); // nothing sent again
  });

  it('sends SMS through the gateway in E.164 with the link', async () => {
    setClock('2026-12-07T06:00:00Z');
    const booked = await book('2026-12-21T09:00:00+01:00', {
      language: 'tr',
      contact: { channel: 'phone', value: '+49 151 2345 6789' },
    });
    const own = () =>
      sms.received.filter((m) => m.idempotencyKey.includes(`.${booked.appointment.id}.`));
    await expect.poll(() => own().length, { timeout: 15_000 }).toBe(1);
    const [message] = own();
    expect(message).toMatchObject({
      from: 'Sprechstunde',
      to: '+4915123456789',
      idempotencyKey: `confirmation.${booked.appointment.id}.v1`,
    });
    expect(message.text.startsWith(opening(CLIENT_TEXTS.tr.confirmation.sms))).toBe(true);
    expect(message.text).toMatch(/https:\/\/sprechstunde\.test\/manage#token=[\w-]{43}$/);
  });

  it('records a refused message as failed at once and shows it to admins', async () => {
    setClock('2026-12-07T06:00:00Z');
    const refused = `client${address + 1}@example.org`;
    smtp.behaviour = (rcpt) => (rcpt === refused ? { reject: 550 } : 'accept');
    const metrics = async () =>
      (await request(t.http).get('/api/admin/notifications/metrics').set(admin).expect(200))
        .body as {
        kinds: { kind: string; sent: number; failed: number }[];
        queue: Record<string, number>;
      };
    const failedConfirmations = async () =>
      (await metrics()).kinds.find((k) => k.kind === 'confirmation')!.failed;
    const failedBefore = await failedConfirmations();
    const booked = await book('2026-12-22T09:00:00+01:00', { language: 'en' });
    await expect
      .poll(
        async () =>
          (
            (await request(t.http).get('/api/admin/notifications/failed').set(admin).expect(200))
              .body as { appointmentId: string }[]
          ).filter((n) => n.appointmentId === booked.appointment.id),
        { timeout: 15_000 },
      )
      .toEqual([
        expect.objectContaining({
          appointmentId: booked.appointment.id,
          kind: 'confirmation',
          // The client, not the appointment's counsellor, was the recipient.
          recipient: 'client',
          channel: 'email',
          attempts: 1,
          lastError: expect.stringContaining('SMTP 550'),
        }),
      ]);
    // The server quoted the address in its answer; the log keeps the code, not the address.
    const [failed] = await t.dataSource.query(
      "SELECT last_error FROM notification WHERE appointment_id = $1 AND kind = 'confirmation'",
      [booked.appointment.id],
    );
    expect(failed.last_error).toContain('[address]');
    expect(failed.last_error).not.toContain('@');
    smtp.behaviour = () => 'accept';
    // This test's refusal is counted (whatever other tests left in the log), and its own
    // appointment's reminders wait in the queue.
    expect(await failedConfirmations()).toBe(failedBefore + 1);
    await expect
      .poll(async () => (await notifications.getJob(`reminder.${booked.appointment.id}.v1.60`))?.id)
      .toBeDefined();
    expect((await metrics()).queue.delayed).toBeGreaterThan(0);
    await request(t.http).get('/api/admin/notifications/metrics').set(counsellor.auth).expect(403);
    await request(t.http)
      .get('/api/admin/notifications/failed')
      .query({ limit: 0 })
      .set(admin)
      .expect(400);
  });

  it('retries a temporary failure with backoff and then sends once', async () => {
    setClock('2026-12-07T06:00:00Z');
    const busy = `client${address + 1}@example.org`;
    let refusals = 0;
    smtp.behaviour = (rcpt) => (rcpt === busy && refusals++ === 0 ? { reject: 451 } : 'accept');
    const booked = await book('2026-12-22T10:00:00+01:00', { language: 'en' });
    const key = `confirmation.${booked.appointment.id}.v1`;
    const log = async () =>
      (
        await t.dataSource.query(
          'SELECT status, attempts, last_error AS "lastError" FROM notification WHERE key = $1',
          [key],
        )
      )[0] as { status: string; attempts: number; lastError: string | null } | undefined;
    await expect.poll(log, { timeout: 15_000 }).toEqual({
      status: 'pending',
      attempts: 1,
      lastError: expect.stringContaining('451'),
    });
    // The job waits for its retry (exponential backoff, 15 s first); the test does not wait for it.
    await expect.poll(async () => (await notifications.getJob(key))!.getState()).toBe('delayed');
    const job = (await notifications.getJob(key))!;
    expect(job.attemptsMade).toBe(1);
    await job.promote();
    await smtp.waitFor(() => smtp.to(busy).length === 1);
    await expect.poll(log, { timeout: 15_000 }).toEqual({
      status: 'sent',
      attempts: 2,
      lastError: null,
    });
    smtp.behaviour = () => 'accept';
  });

  it('mails each counsellor their agenda once a day', async () => {
    // A day no other test books on: the agenda lists this test's appointment only.
    setClock('2026-12-07T06:00:00Z');
    await book('2026-12-15T13:30:00+01:00', { language: 'de' });
    setClock('2026-12-15T06:30:00Z'); // 07:30 in Berlin
    const scheduler = t.app.get(NotificationScheduler);
    expect(await scheduler.planAgendas()).toBe(1);
    // (The repeatable agenda job may also run meanwhile, for whatever day the test clock shows.)
    const isAgenda = (m: ReceivedMail) =>
      m.parsed.subject === 'Ihre Termine am Dienstag, 15. Dezember';
    await smtp.waitFor(() => smtp.to(counsellor.email).some(isAgenda));
    const agenda = smtp.to(counsellor.email).find(isAgenda)!;
    expect(agenda.parsed.text).toContain('Termine: 1');
    expect(agenda.parsed.text).toContain('13:30');
    await expect.poll(() => scheduler.planAgendas()).toBe(0);
    setClock('2026-12-16T05:59:00Z'); // 06:59 the next day: too early
    expect(await scheduler.planAgendas()).toBe(0);
  });

  it('erases personal data after the retention period, once, keeping anonymous statistics', async () => {
    setClock('2026-12-07T06:00:00Z');
    const booked = await book('2026-12-23T09:00:00+01:00', {
      language: 'en',
      note: 'Brief von der Ausländerbehörde',
    });
    await smtp.waitFor(() => smtp.to(`client${address}@example.org`).length === 1);
    const retention = t.app.get(RetentionService);
    setClock('2027-01-21T08:00:00Z'); // 29 days after: not yet
    await retention.purge();
    await request(t.http)
      .get('/api/public/manage')
      .set('X-Manage-Token', booked.manageToken)
      .expect(200);
    setClock('2027-01-22T08:31:00Z'); // 30 days after the end
    const first = await retention.purge();
    expect(first.erased).toBeGreaterThanOrEqual(1);
    const [row] = await t.dataSource.query(
      `SELECT client_pseudonym, contact_channel, contact_value, client_note, status,
              personal_data_erased_at IS NOT NULL AS erased, consultation_type_id, counsellor_id
         FROM appointment WHERE id = $1`,
      [booked.appointment.id],
    );
    expect(row).toEqual({
      client_pseudonym: null,
      contact_channel: null,
      contact_value: null,
      client_note: null,
      status: 'confirmed',
      erased: true,
      consultation_type_id: typeId,
      counsellor_id: counsellor.id,
    });
    await request(t.http)
      .get('/api/public/manage')
      .set('X-Manage-Token', booked.manageToken)
      .expect(404);
    const audit = await t.dataSource.query(
      `SELECT actor_type, changes FROM audit_event WHERE appointment_id = $1 AND action = 'appointment.personal-data-erased'`,
      [booked.appointment.id],
    );
    expect(audit).toEqual([{ actor_type: 'system', changes: { retentionDays: 30 } }]);
    expect((await retention.purge()).erased).toBe(0);
  });

  it("shows the queue dashboard, every office's jobs, to platform admins only", async () => {
    // Fresh sessions: the clock has moved on by weeks since the others were opened.
    await t.app.get(StaffService).createPlatformAdmin({
      email: 'platform@test.sprechstunde.local',
      displayName: 'Platform',
      password: 'platform password 1',
    });
    const login = await request(t.http)
      .post('/api/auth/login')
      .send({ email: 'platform@test.sprechstunde.local', password: 'platform password 1' })
      .expect(200);
    const platform = { Authorization: `Bearer ${(login.body as { token: string }).token}` };
    const officeAdmin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    const counsellor = { Authorization: `Bearer ${(await t.login('counsellor')).token}` };
    await request(t.http).get('/api/admin/queues/').expect(401);
    await request(t.http).get('/api/admin/queues/').set(counsellor).expect(403);
    const refused = await request(t.http).get('/api/admin/queues/').set(officeAdmin).expect(403);
    expect(refused.body.code).toBe('forbidden');
    const page = await request(t.http).get('/api/admin/queues/').set(platform).expect(200);
    expect(page.text).toContain('<html');
    const session = await request(t.http)
      .post('/api/admin/queue-dashboard/session')
      .set(platform)
      .expect(204);
    const cookie = session.headers['set-cookie'][0];
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api\/admin\/queues/);
    expect(cookie).toMatch(/Secure/);
    const queues = await request(t.http)
      .get('/api/admin/queues/api/queues')
      .set('Cookie', cookie.split(';')[0])
      .expect(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(
      [QueueName.DomainEvents, QueueName.Maintenance, QueueName.Notifications].sort(),
    );
    for (const auth of [officeAdmin, counsellor]) {
      await request(t.http).post('/api/admin/queue-dashboard/session').set(auth).expect(403);
    }
  });
});
