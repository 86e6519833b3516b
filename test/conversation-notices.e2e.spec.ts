import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetentionService } from '@app/appointments';
import { CLIENT_TEXTS, NotificationScheduler, quietWindow, STAFF_TEXTS } from '@app/notifications';
import { QueueName } from '@app/queue';
import { localize, type LocalizedText } from '@app/roster';
import { SmtpSink, type ReceivedMail } from './support/smtp-sink.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const BASE = 'https://sprechstunde.test';
const HOUR = 3_600_000;
const MINUTE = 60_000;
const QUIET_MINUTES = 60;
/** What counsellors and clients write: none of it may show in any notice. */
const SECRET = 'Ihr Bescheid Nr. 4711 ist da';

interface Staff {
  id: string;
  email: string;
  password: string;
  auth: { Authorization: string };
}

describe('conversation notices: content-free, quiet, not at night; the counsellors’ digest', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let notifications: Queue;
  let scheduler: NotificationScheduler;
  const counsellors: Record<string, Staff> = {};
  let adminAccount: Staff;
  const admin: { Authorization: string } = { Authorization: '' };
  const types: Record<string, string> = {};
  let clients = 0;

  const setClock = (iso: string) =>
    t.clock.advance(new Date(iso).getTime() - t.clock.now().getTime());
  /** Staff sessions run out as the test clock jumps: log in again. */
  const relogin = async () => {
    for (const staff of [adminAccount, ...Object.values(counsellors)]) {
      const answer = await request(t.http)
        .post('/api/auth/login')
        .send({ email: staff.email, password: staff.password })
        .expect(200);
      staff.auth = { Authorization: `Bearer ${answer.body.token}` };
    }
    admin.Authorization = adminAccount.auth.Authorization;
  };
  const at = async (iso: string) => {
    setClock(iso);
    await relogin();
  };

  const addCounsellor = async (name: string, languages: string[]) => {
    const login = await t.login('counsellor', `${name.toLowerCase()}@office.sprechstunde.test`);
    const created = await request(t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({ displayName: name, languages, topics: ['residence'], staffId: login.id })
      .expect(201);
    counsellors[name] = {
      id: created.body.id,
      email: login.email,
      password: login.password,
      auth: { Authorization: `Bearer ${login.token}` },
    };
    // Wednesdays and Thursdays: the days the tests book.
    for (const weekday of [3, 4]) {
      await request(t.http)
        .post(`/api/counsellors/${created.body.id}/rules`)
        .set(admin)
        .send({ weekday, start: '08:00', end: '18:00' })
        .expect(201);
    }
    types[name] = (
      await request(t.http)
        .post('/api/admin/consultation-types')
        .set(admin)
        .send({
          name: { de: `Aufenthalt (${name})`, en: `Residence (${name})` },
          topic: 'residence',
          durationMinutes: 30,
          stepMinutes: 30,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 0,
          horizonDays: 60,
          channel: 'video',
          reminderOffsetsMinutes: [],
          counsellorIds: [created.body.id],
        })
        .expect(201)
    ).body.id;
  };

  /** A booking with its own client address; the manage token and the staff side's conversation id. */
  const book = async (counsellor: string, start: string, language = 'ar') => {
    const email = `client${++clients}@example.org`;
    const booked = await request(t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: types[counsellor],
        counsellorId: counsellors[counsellor].id,
        start,
        pseudonym: 'Mariam',
        language,
        timeZone: 'Europe/Berlin',
        contact: { channel: 'email', value: email },
      })
      .expect(201);
    const conversation = await request(t.http)
      .get(`/api/appointments/${booked.body.appointment.id}/conversation`)
      .set(counsellors[counsellor].auth)
      .expect(200);
    return {
      email,
      appointmentId: booked.body.appointment.id as string,
      token: booked.body.manageToken as string,
      conversationId: conversation.body.id as string,
      counsellor,
    };
  };
  type Booking = Awaited<ReturnType<typeof book>>;

  const counsellorWrites = (b: Booking, text = SECRET) =>
    request(t.http)
      .post(`/api/conversations/${b.conversationId}/messages`)
      .set(counsellors[b.counsellor].auth)
      .send({ text })
      .expect(201);
  const clientWrites = (b: Booking, text = SECRET) =>
    request(t.http)
      .post('/api/public/manage/conversation/messages')
      .set('X-Manage-Token', b.token)
      .send({ text })
      .expect(201);
  const clientReads = (b: Booking) =>
    request(t.http)
      .post('/api/public/manage/conversation/read')
      .set('X-Manage-Token', b.token)
      .expect(204);

  const isNotice = (m: ReceivedMail) => /^<new-message\./.test(m.parsed.messageId ?? '');
  const notices = (b: Booking) => smtp.to(b.email).filter(isNotice);
  const isDigest = (m: ReceivedMail) =>
    /^<counsellor-messages-digest\./.test(m.parsed.messageId ?? '');
  const digests = (counsellor: string) => smtp.to(counsellors[counsellor].email).filter(isDigest);
  const jobIdOf = (b: Booking, window: number) => `new-message.${b.conversationId}.${window}`;
  /** The notice jobs of one conversation that are not finished. */
  const pendingJobs = async (b: Booking): Promise<Job[]> =>
    (await notifications.getJobs(['waiting', 'active', 'delayed', 'prioritized'])).filter(
      (job) => (job.data as { conversationId?: string }).conversationId === b.conversationId,
    );
  const logged = async (key: string) =>
    (
      await t.dataSource.query<{ status: string }[]>(
        'SELECT status FROM notification WHERE key = $1',
        [key],
      )
    ).map((row) => row.status);
  /** Runs a delayed job now, as its time had come, and waits until it is done (and removed). */
  const runNow = async (id: string) => {
    const job = await notifications.getJob(id);
    expect(await job?.getState()).toBe('delayed');
    await job!.promote();
    await expect.poll(() => notifications.getJob(id), { timeout: 20_000 }).toBeUndefined();
  };

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Sprechstunde Test <noreply@sprechstunde.test>',
        PUBLIC_BASE_URL: BASE,
        BOOKING_RATE_LIMIT_PER_MINUTE: '10000',
        MANAGE_RATE_LIMIT_PER_MINUTE: '10000',
        LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
        CONVERSATION_NOTICE_QUIET_MINUTES: String(QUIET_MINUTES),
      },
    });
    setClock('2026-12-07T09:05:00Z'); // Monday 10:05 in Berlin
    notifications = t.app.get<Queue>(getQueueToken(QueueName.Notifications));
    scheduler = t.app.get(NotificationScheduler);
    const login = await t.login('admin');
    adminAccount = { ...login, auth: { Authorization: `Bearer ${login.token}` } };
    admin.Authorization = adminAccount.auth.Authorization;
    await addCounsellor('Amira', ['ar', 'de']);
    await addCounsellor('Jonas', ['de']);
    await addCounsellor('Lena', ['en', 'fa']);
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('tells the client once per quiet period, without the message, with a manage link that opens it', async () => {
    await at('2026-12-07T09:05:00Z');
    const b = await book('Amira', '2026-12-09T10:00:00+01:00');
    const window = quietWindow(t.clock.now(), QUIET_MINUTES);

    await counsellorWrites(b);
    await smtp.waitFor(() => notices(b).length === 1);
    // Recorded as sent (just after the mail server took it) at 10:05.
    await expect.poll(() => logged(jobIdOf(b, window))).toEqual(['sent']);
    t.clock.advance(MINUTE);
    await counsellorWrites(b);
    t.clock.advance(MINUTE);
    await counsellorWrites(b);
    // Three messages, one notice: the two later ones wait together for the next window, a quiet
    // period after the first notice.
    const pending = await pendingJobs(b);
    expect(pending.map((job) => job.id)).toEqual([jobIdOf(b, window + 1)]);
    expect(pending[0].data).toEqual({
      kind: 'new-message',
      conversationId: b.conversationId,
      window: window + 1,
    });
    expect(pending[0].delay).toBe(HOUR - MINUTE);
    expect(notices(b)).toHaveLength(1);
    expect(await logged(jobIdOf(b, window))).toEqual(['sent']);

    const [mail] = notices(b);
    const texts = CLIENT_TEXTS.ar.newMessage;
    const [{ name }] = await t.dataSource.query<{ name: LocalizedText }[]>(
      'SELECT o.name FROM office o JOIN appointment a ON a.office_id = o.id WHERE a.id = $1',
      [b.appointmentId],
    );
    const office = localize(name, 'ar');
    expect(mail.parsed.subject).toBe(texts.subject.replace('{office}', office));
    expect(mail.parsed.text).toContain(texts.lead.replace('{office}', office));
    expect(mail.parsed.html).toContain('dir="rtl"');
    for (const part of [mail.parsed.subject, mail.parsed.text, mail.parsed.html]) {
      expect(part).not.toContain('4711');
      expect(part).not.toContain('Mariam');
      expect(part).not.toContain('Amira');
    }
    expect(mail.parsed.attachments).toEqual([]);
    // The link's token is the client's way in: it opens the conversation.
    const token = /https:\/\/sprechstunde\.test\/manage#token=([A-Za-z0-9_-]{43})/.exec(
      mail.parsed.text ?? '',
    )?.[1];
    expect(token).toBeDefined();
    const opened = await request(t.http)
      .get('/api/public/manage/conversation')
      .set('X-Manage-Token', token!)
      .expect(200);
    expect(opened.body.messages).toHaveLength(3);
    const tokensOf = async () =>
      (
        await t.dataSource.query<{ tokens: number }[]>(
          'SELECT count(*)::int AS tokens FROM manage_token WHERE appointment_id = $1',
          [b.appointmentId],
        )
      )[0].tokens;
    const tokensAfterFirst = await tokensOf();

    // Read by opening? Not yet: the next window's notice still goes, since nothing was marked read.
    await runNow(jobIdOf(b, window + 1));
    expect(notices(b)).toHaveLength(2);
    expect(await logged(jobIdOf(b, window + 1))).toEqual(['sent']);
    // Each notice's token revokes the one before: an appointment keeps its booking's and
    // confirmation's tokens and the latest notice's, however many notices its conversation brings.
    const second = /https:\/\/sprechstunde\.test\/manage#token=([A-Za-z0-9_-]{43})/.exec(
      notices(b)[1].parsed.text ?? '',
    )?.[1];
    expect(second).toBeDefined();
    expect(second).not.toBe(token);
    await request(t.http)
      .get('/api/public/manage/conversation')
      .set('X-Manage-Token', token!)
      .expect(404);
    await request(t.http)
      .get('/api/public/manage/conversation')
      .set('X-Manage-Token', second!)
      .expect(200);
    await request(t.http)
      .get('/api/public/manage/conversation')
      .set('X-Manage-Token', b.token)
      .expect(200);
    expect(await tokensOf()).toBe(tokensAfterFirst);

    // Long after the quiet period, a new message is told at once.
    await at('2026-12-07T12:30:00Z');
    await counsellorWrites(b);
    await smtp.waitFor(() => notices(b).length === 3);
    await expect.poll(async () => (await pendingJobs(b)).length).toBe(0);
    expect(notices(b)).toHaveLength(3);
  });

  it('sends nothing for an appointment whose client data was erased meanwhile', async () => {
    await at('2026-12-07T21:45:00Z');
    const b = await book('Jonas', '2026-12-10T10:00:00+01:00', 'de');
    t.clock.advance(5 * MINUTE); // 22:50 in Berlin
    await counsellorWrites(b);
    const [job] = await pendingJobs(b);
    expect(await t.app.get(RetentionService).eraseNow(b.appointmentId)).toBe(true);
    await job.promote();
    await expect.poll(() => notifications.getJob(job.id!), { timeout: 20_000 }).toBeUndefined();
    expect(notices(b)).toHaveLength(0);
    expect(await logged(job.id!)).toEqual([]);
  });

  it('tells a walk-in client by the ticket page’s link, in their language, right to left', async () => {
    await at('2026-12-08T09:05:00Z'); // Tuesday 10:05 in Berlin
    const hour = await request(t.http)
      .post('/api/admin/walk-in-hours')
      .set(admin)
      .send({
        name: { de: 'Offene Sprechstunde', en: 'Open consultation hour' },
        description: { de: 'Ohne Termin', en: 'No appointment needed' },
        topics: ['residence'],
        languages: ['de', 'en', 'fa'],
        channel: 'video',
        maxQueue: 30,
        closeMarginMinutes: 10,
        graceMinutes: 3,
        defaultHandlingMinutes: 10,
        rules: [{ weekday: 2, start: '10:00', end: '12:00' }],
      })
      .expect(201);
    const hourId = hour.body.id as string;
    await request(t.http)
      .post(`/api/walk-in/hours/${hourId}/sign-on`)
      .set(counsellors.Lena.auth)
      .expect(204);
    const email = `client${++clients}@example.org`;
    const taken = await request(t.http)
      .post(`/api/public/walk-in/hours/${hourId}/tickets`)
      .send({
        language: 'fa',
        pseudonym: 'Parisa',
        privacyAccepted: true,
        contact: { channel: 'email', value: email },
      })
      .expect(201);
    const ticketToken = taken.body.ticketToken as string;
    // First the "nearly your turn" mail: its token's foreign-key check holds a key-share lock on the
    // ticket row, which "call next" (FOR UPDATE SKIP LOCKED) would skip the ticket for.
    await smtp.waitFor(() =>
      smtp.to(email).some((m) => /^<walk-in-soon\./.test(m.parsed.messageId ?? '')),
    );
    const call = await request(t.http)
      .post('/api/walk-in/call-next')
      .set(counsellors.Lena.auth)
      .expect(200);
    expect(call.body.ticket).toMatchObject({ label: taken.body.ticket.label });
    const conversation = await request(t.http)
      .get('/api/public/walk-in/ticket/conversation')
      .set('X-Ticket-Token', ticketToken)
      .expect(200);
    const ticket = {
      email,
      appointmentId: '',
      token: ticketToken,
      conversationId: conversation.body.id as string,
      counsellor: 'Lena',
    };
    await counsellorWrites(ticket);
    await smtp.waitFor(() => notices(ticket).length === 1);
    const [mail] = notices(ticket);
    expect(mail.parsed.subject).toMatch(/^پیام جدید از /);
    expect(mail.parsed.html).toContain('dir="rtl"');
    for (const part of [mail.parsed.subject, mail.parsed.text, mail.parsed.html]) {
      expect(part).not.toContain('4711');
      expect(part).not.toContain('Parisa');
    }
    const link = /https:\/\/sprechstunde\.test\/walk-in\/ticket#token=([A-Za-z0-9_-]{43})/.exec(
      mail.parsed.text ?? '',
    );
    expect(link).not.toBeNull();
    expect(link![1]).not.toBe(ticketToken); // a token of its own
    const opened = await request(t.http)
      .get('/api/public/walk-in/ticket/conversation')
      .set('X-Ticket-Token', link![1])
      .expect(200);
    expect(opened.body.messages).toHaveLength(1);
  });

  it('tells the counsellor nothing per message, then counts unread conversations in the morning digest', async () => {
    await at('2026-12-08T13:00:00Z'); // Tuesday 14:00
    const a = await book('Amira', '2026-12-10T11:00:00+01:00');
    const b = await book('Amira', '2026-12-10T12:00:00+01:00');
    const read = await book('Jonas', '2026-12-10T13:00:00+01:00', 'de');
    await clientWrites(a);
    await clientWrites(a, 'Noch eine Frage');
    await clientWrites(b);
    await clientWrites(read);
    // Jonas reads his: nothing to tell him tomorrow.
    await request(t.http)
      .post(`/api/conversations/${read.conversationId}/read`)
      .set(counsellors.Jonas.auth)
      .expect(204);
    // A client's message queues no notice at all.
    for (const booking of [a, b, read]) expect(await pendingJobs(booking)).toEqual([]);

    await at('2026-12-09T06:20:00Z'); // Wednesday 07:20 in Berlin: not yet
    expect(await scheduler.planMessageDigests()).toBe(0);
    await at('2026-12-09T06:40:00Z'); // 07:40: written after the digest's moment, counted tomorrow
    await clientWrites(b, 'Und noch etwas');
    await at('2026-12-09T06:45:00Z');
    expect(await scheduler.planMessageDigests()).toBe(1);
    await smtp.waitFor(() => digests('Amira').length === 1);
    const [digest] = digests('Amira');
    expect(digest.parsed.subject).toBe(STAFF_TEXTS.de.messagesDigest.subject);
    expect(digest.parsed.text).toContain('2 ungelesene Gespräche, 3 Nachrichten');
    expect(digest.parsed.text).toContain(`${BASE}/staff/messages`);
    for (const part of [digest.parsed.subject, digest.parsed.text, digest.parsed.html]) {
      expect(part).not.toContain('4711');
      expect(part).not.toContain('Noch eine Frage');
      expect(part).not.toContain('Mariam');
    }
    // Once a day.
    await expect.poll(() => scheduler.planMessageDigests(), { timeout: 20_000 }).toBe(0);
    expect(digests('Amira')).toHaveLength(1);
    // Nothing for Jonas (read) or Lena (no client wrote): no mail saying "0".
    expect(digests('Jonas')).toHaveLength(0);
    expect(digests('Lena')).toHaveLength(0);
    // And no per-message mail to Amira ever.
    expect(
      smtp
        .to(counsellors.Amira.email)
        .filter((m) => !isDigest(m) && /new-message/.test(m.parsed.messageId ?? '')),
    ).toHaveLength(0);

    // Read before the next morning: no digest on Thursday.
    for (const booking of [a, b])
      await request(t.http)
        .post(`/api/conversations/${booking.conversationId}/read`)
        .set(counsellors.Amira.auth)
        .expect(204);
    await at('2026-12-10T06:35:00Z');
    expect(await scheduler.planMessageDigests()).toBe(0);
  });

  it('keeps the night quiet: a message at 22:30 is told at 08:00 local — unless the client read it meanwhile', async () => {
    await at('2026-12-10T12:40:00Z');
    const b = await book('Amira', '2026-12-16T11:00:00+01:00');
    await at('2026-12-10T21:30:00Z'); // 22:30 in Berlin
    await counsellorWrites(b);
    const morning = quietWindow(new Date('2026-12-11T07:00:00Z'), QUIET_MINUTES);
    const [job] = await pendingJobs(b);
    expect(job.id).toBe(jobIdOf(b, morning));
    expect(job.delay).toBe(new Date('2026-12-11T07:00:00Z').getTime() - t.clock.now().getTime());
    // Another message that night waits for the same notice.
    t.clock.advance(10 * MINUTE);
    await counsellorWrites(b);
    expect((await pendingJobs(b)).map((pending) => pending.id)).toEqual([jobIdOf(b, morning)]);
    // The client reads in the night: the morning's notice is skipped, not failed.
    await clientReads(b);
    setClock('2026-12-11T07:00:00Z');
    await runNow(jobIdOf(b, morning));
    expect(notices(b)).toHaveLength(0);
    expect(await logged(jobIdOf(b, morning))).toEqual([]);

    // Nothing went out: the next message is told at once, not a quiet period later.
    await at('2026-12-11T07:10:00Z');
    await counsellorWrites(b);
    await smtp.waitFor(() => notices(b).length === 1);
    await expect.poll(() => logged(jobIdOf(b, morning))).toEqual(['sent']);
  });

  it('holds a notice that comes due late, at 21:30 local, until 08:00 without using an attempt', async () => {
    await at('2026-12-11T13:00:00Z');
    const b = await book('Jonas', '2026-12-16T12:00:00+01:00', 'de');
    const evening = new Date('2026-12-11T19:50:00Z'); // Friday 20:50 in Berlin
    await at(evening.toISOString());
    // The queue is held up (workers busy, or down): the 20:50 notice is still waiting at 21:30.
    await notifications.pause();
    try {
      await counsellorWrites(b);
      expect((await pendingJobs(b)).map((job) => job.id)).toEqual([
        jobIdOf(b, quietWindow(evening, QUIET_MINUTES)),
      ]);
      setClock('2026-12-11T20:30:00Z'); // 21:30
    } finally {
      await notifications.resume();
    }
    const morning = new Date('2026-12-12T07:00:00Z');
    const morningJob = jobIdOf(b, quietWindow(morning, QUIET_MINUTES));
    await expect
      .poll(async () => (await pendingJobs(b)).map((job) => job.id), { timeout: 20_000 })
      .toEqual([morningJob]);
    expect(notices(b)).toHaveLength(0);
    expect(await logged(jobIdOf(b, quietWindow(evening, QUIET_MINUTES)))).toEqual([]);
    const [job] = await pendingJobs(b);
    expect(job.delay).toBe(morning.getTime() - t.clock.now().getTime());
    // A message at 07:50 is told by that same morning notice.
    await at('2026-12-12T06:50:00Z');
    await counsellorWrites(b);
    expect((await pendingJobs(b)).map((pending) => pending.id)).toEqual([morningJob]);
    setClock(morning.toISOString());
    await runNow(morningJob);
    expect(notices(b)).toHaveLength(1);
    expect(await logged(morningJob)).toEqual(['sent']);
  });

  it('tells two messages seconds apart across a window boundary once, while the first notice waits', async () => {
    await at('2026-12-12T08:00:00Z');
    const b = await book('Jonas', '2026-12-17T12:00:00+01:00', 'de');
    const first = new Date('2026-12-12T09:59:59Z'); // 10:59:59 in Berlin
    await at(first.toISOString());
    const window = quietWindow(first, QUIET_MINUTES);
    await notifications.pause();
    try {
      await counsellorWrites(b);
      setClock('2026-12-12T10:00:01Z'); // 11:00:01, the next window
      await counsellorWrites(b);
      // The first notice has not been claimed by a sender yet: the second message still counts it.
      const pending = await pendingJobs(b);
      expect(pending.map((job) => job.id).sort()).toEqual(
        [jobIdOf(b, window), jobIdOf(b, window + 1)].sort(),
      );
      const next = pending.find((job) => job.id === jobIdOf(b, window + 1))!;
      expect(next.delay).toBe(first.getTime() + HOUR - t.clock.now().getTime());
    } finally {
      await notifications.resume();
    }
    await smtp.waitFor(() => notices(b).length === 1);
    await expect.poll(() => logged(jobIdOf(b, window))).toEqual(['sent']);
    expect(notices(b)).toHaveLength(1);
    expect(await logged(jobIdOf(b, window + 1))).toEqual([]);
  });

  it('brings a waiting notice back after the queue lost it, until the client reads', async () => {
    await at('2026-12-13T20:30:00Z'); // Sunday 21:30 in Berlin
    const b = await book('Lena', '2026-12-16T13:00:00+01:00', 'en');
    await counsellorWrites(b);
    const morning = new Date('2026-12-14T07:00:00Z');
    const id = jobIdOf(b, quietWindow(morning, QUIET_MINUTES));
    expect((await pendingJobs(b)).map((job) => job.id)).toEqual([id]);
    // Redis lost it (restarted without persistence): the claim in PostgreSQL brings it back.
    await notifications.remove(id);
    expect(await pendingJobs(b)).toEqual([]);
    t.clock.advance(30 * MINUTE);
    expect(await scheduler.reconcileMessageNotices()).toBeGreaterThanOrEqual(1);
    const [job] = await pendingJobs(b);
    expect(job.id).toBe(id);
    expect(job.data).toEqual({
      kind: 'new-message',
      conversationId: b.conversationId,
      window: quietWindow(morning, QUIET_MINUTES),
    });
    expect(job.delay).toBe(morning.getTime() - t.clock.now().getTime());
    // Read meanwhile: nothing to bring back.
    await notifications.remove(id);
    await clientReads(b);
    await scheduler.reconcileMessageNotices();
    expect(await pendingJobs(b)).toEqual([]);
    expect(notices(b)).toHaveLength(0);
  });

  it('waits for 08:00 local in the nights the clocks change (Berlin, March and October 2027)', async () => {
    for (const night of [
      {
        book: '2027-03-22T09:00:00Z',
        start: '2027-03-24T10:00:00+01:00',
        write: '2027-03-27T21:30:00Z',
        morning: '2027-03-28T06:00:00Z',
        hours: 8.5,
      },
      {
        book: '2027-10-25T09:00:00Z',
        start: '2027-10-27T10:00:00+01:00',
        write: '2027-10-30T19:30:00Z',
        morning: '2027-10-31T07:00:00Z',
        hours: 11.5,
      },
    ]) {
      await at(night.book);
      const b = await book('Lena', night.start, 'en');
      await at(night.write);
      await counsellorWrites(b);
      const [job] = await pendingJobs(b);
      expect(job.id).toBe(jobIdOf(b, quietWindow(new Date(night.morning), QUIET_MINUTES)));
      expect(job.delay).toBe(night.hours * HOUR);
      setClock(night.morning);
      await runNow(job.id!);
      expect(notices(b)).toHaveLength(1);
      expect(notices(b)[0].parsed.subject).toMatch(/^New message from /);
    }
  });
});
