import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_TEXTS } from '@app/notifications';
import { SmtpSink, type ReceivedMail } from './support/smtp-sink.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const BASE = 'https://sprechstunde.test';
/** The fixed start of a text, up to its first placeholder. */
const opening = (template: string) => template.slice(0, template.indexOf('{')).trim();

function manageLinkToken(mail: ReceivedMail): string {
  const match = /https:\/\/sprechstunde\.test\/manage#token=([A-Za-z0-9_-]{43})/.exec(
    mail.parsed.text ?? '',
  );
  if (!match) throw new Error(`no manage link in: ${mail.parsed.text}`);
  return match[1];
}

interface Staff {
  staffId: string;
  counsellorId: string;
  auth: { Authorization: string };
}

describe('staff book, move and cancel on a client’s behalf', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: { Authorization: string; staffId: string };
  let amira: Staff;
  let jonas: Staff;
  let typeId: string;
  let phoneTypeId: string;
  let address = 0;
  /** The SMS gateway's side: what it was asked to send. */
  const sms: { to: string; text: string; key: string }[] = [];
  let gateway: Server;

  const nextAddress = () => `caller${++address}@example.org`;
  const body = (start: string, extra: object = {}) => ({
    consultationTypeId: typeId,
    start,
    pseudonym: 'Mariam',
    language: 'en',
    timeZone: 'Europe/Berlin',
    contact: { channel: 'email', value: nextAddress() },
    note: 'Called the office, no internet at home',
    ...extra,
  });
  const audit = async (appointmentId: string) =>
    (
      await request(t.http)
        .get('/api/admin/audit')
        .query({ appointmentId })
        .set({ Authorization: admin.Authorization })
        .expect(200)
    ).body as { actorType: string; actorId: string | null; action: string }[];

  async function counsellor(name: string): Promise<Staff> {
    const login = await t.login('counsellor');
    const created = await request(t.http)
      .post('/api/admin/counsellors')
      .set({ Authorization: admin.Authorization })
      .send({
        displayName: name,
        languages: ['en', 'de'],
        topics: ['residence'],
        staffId: login.id,
      })
      .expect(201);
    for (const weekday of [1, 2, 3, 4, 5]) {
      await request(t.http)
        .post(`/api/counsellors/${created.body.id}/rules`)
        .set({ Authorization: admin.Authorization })
        .send({ weekday, start: '08:00', end: '18:00' })
        .expect(201);
    }
    return {
      staffId: login.id,
      counsellorId: created.body.id as string,
      auth: { Authorization: `Bearer ${login.token}` },
    };
  }

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    gateway = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => {
        const message = JSON.parse(text) as { to: string; text: string };
        sms.push({ ...message, key: String(req.headers['idempotency-key']) });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `sms-${sms.length}` }));
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    t = await createTestApp({
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Sprechstunde Test <noreply@sprechstunde.test>',
        PUBLIC_BASE_URL: BASE,
        SMS_GATEWAY_URL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`,
        SMS_GATEWAY_TOKEN: 'sms-test-token',
      },
    });
    t.clock.advance(new Date('2026-12-07T06:00:00Z').getTime() - t.clock.now().getTime());
    const adminLogin = await t.login('admin');
    admin = { Authorization: `Bearer ${adminLogin.token}`, staffId: adminLogin.id };
    amira = await counsellor('Amira Haddad');
    jonas = await counsellor('Jonas Weber');
    typeId = (
      await request(t.http)
        .post('/api/admin/consultation-types')
        .set({ Authorization: admin.Authorization })
        .send({
          name: { de: 'Aufenthalt', en: 'Residence' },
          topic: 'residence',
          durationMinutes: 30,
          stepMinutes: 30,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 60,
          horizonDays: 60,
          channel: 'video',
          reminderOffsetsMinutes: [],
          counsellorIds: [amira.counsellorId, jonas.counsellorId],
        })
        .expect(201)
    ).body.id;
    phoneTypeId = (
      await request(t.http)
        .post('/api/admin/consultation-types')
        .set({ Authorization: admin.Authorization })
        .send({
          name: { de: 'Telefonberatung', en: 'Phone counselling' },
          topic: 'residence',
          durationMinutes: 30,
          stepMinutes: 30,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 0,
          horizonDays: 60,
          channel: 'phone',
          reminderOffsetsMinutes: [],
          counsellorIds: [amira.counsellorId],
        })
        .expect(201)
    ).body.id;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
    if (gateway) await new Promise((resolve) => gateway.close(resolve));
  });

  it('a phone consultation booked by staff is confirmed by SMS with the manage link', async () => {
    const booked = await request(t.http)
      .post('/api/appointments')
      .set(amira.auth)
      .send({
        ...body('2026-12-14T15:00:00+01:00', { consultationTypeId: phoneTypeId }),
        contact: { channel: 'phone', value: '0176 1234 5678' },
      })
      .expect(201);
    expect(booked.body.contact).toEqual({ channel: 'phone', value: '+4917612345678' });
    const own = () => sms.filter((m) => m.key === `confirmation.${booked.body.id}.v1`);
    await expect.poll(() => own().length, { timeout: 30_000 }).toBe(1);
    expect(own()[0].to).toBe('+4917612345678');
    const token = /https:\/\/sprechstunde\.test\/manage#token=([\w-]{43})$/.exec(own()[0].text);
    expect(token).not.toBeNull();
    await request(t.http)
      .get('/api/public/manage')
      .set('X-Manage-Token', token![1])
      .expect(200)
      .expect((res) => expect(res.body.id).toBe(booked.body.id));
  });

  it('a counsellor books for a caller: the client gets the confirmation with a manage link, the audit names the counsellor', async () => {
    const request_ = body('2026-12-09T10:00:00+01:00');
    const booked = await request(t.http)
      .post('/api/appointments')
      .set(amira.auth)
      .send(request_)
      .expect(201);
    expect(booked.body.counsellor.id).toBe(amira.counsellorId);
    expect(booked.body.status).toBe('confirmed');
    expect(booked.body.pseudonym).toBe('Mariam');
    expect(booked.body).not.toHaveProperty('manageToken');

    const to = request_.contact.value;
    await smtp.waitFor(() => smtp.to(to).length === 1);
    const [mail] = smtp.to(to);
    expect(mail.parsed.subject).toContain(opening(CLIENT_TEXTS.en.confirmation.subject));
    const viewed = await request(t.http)
      .get('/api/public/manage')
      .set('X-Manage-Token', manageLinkToken(mail))
      .expect(200);
    expect(viewed.body.id).toBe(booked.body.id);
    expect(viewed.body.note).toBe('Called the office, no internet at home');

    const [entry] = await audit(booked.body.id);
    expect(entry).toMatchObject({
      actorType: 'staff',
      actorId: amira.staffId,
      action: 'appointment.booked',
    });
    // The counsellor sees it in their agenda like any booking.
    const agenda = await request(t.http)
      .get('/api/appointments')
      .query({ from: '2026-12-09', to: '2026-12-09' })
      .set(amira.auth)
      .expect(200);
    expect(agenda.body.map((a: { id: string }) => a.id)).toContain(booked.body.id);
  });

  it('a counsellor cannot book into a colleague’s calendar (403), an admin can', async () => {
    const refused = await request(t.http)
      .post('/api/appointments')
      .set(amira.auth)
      .send(body('2026-12-09T11:00:00+01:00', { counsellorId: jonas.counsellorId }))
      .expect(403);
    expect(refused.body.code).toBe('not_own_counsellor');
    const jonasDay = await request(t.http)
      .get('/api/appointments')
      .query({ from: '2026-12-09', to: '2026-12-09' })
      .set(jonas.auth)
      .expect(200);
    expect(jonasDay.body).toEqual([]);

    const booked = await request(t.http)
      .post('/api/appointments')
      .set({ Authorization: admin.Authorization })
      .send(body('2026-12-09T11:00:00+01:00', { counsellorId: jonas.counsellorId }))
      .expect(201);
    expect(booked.body.counsellor.id).toBe(jonas.counsellorId);
    expect((await audit(booked.body.id))[0]).toMatchObject({
      actorType: 'staff',
      actorId: admin.staffId,
    });
  });

  it('keeps the booking path’s guarantees: validation, notice, double booking, idempotency', async () => {
    const invalid = await request(t.http)
      .post('/api/appointments')
      .set(amira.auth)
      .send({ ...body('2026-12-10T10:00:00+01:00'), contact: { channel: 'email', value: 'x' } })
      .expect(400);
    expect(invalid.body.code).toBe('validation_failed');
    // Inside the type's notice (60 minutes) as for clients.
    await request(t.http)
      .post('/api/appointments')
      .set(amira.auth)
      .send(body('2026-12-07T07:30:00+01:00'))
      .expect(422);

    const first = body('2026-12-10T10:00:00+01:00');
    const key = 'staff-booking-key-1';
    const booked = await request(t.http)
      .post('/api/appointments')
      .set(amira.auth)
      .set('Idempotency-Key', key)
      .send(first)
      .expect(201);
    const replayed = await request(t.http)
      .post('/api/appointments')
      .set(amira.auth)
      .set('Idempotency-Key', key)
      .send(first)
      .expect(200);
    expect(replayed.body.id).toBe(booked.body.id);
    // The same key from a client is another key: it never replays the staff booking.
    const publicAttempt = await request(t.http)
      .post('/api/public/appointments')
      .set('Idempotency-Key', key)
      .send({ ...first, counsellorId: amira.counsellorId });
    expect(publicAttempt.status).toBe(409);
    expect(publicAttempt.body).not.toHaveProperty('manageToken');
    // Amira is taken at 10:00 on the 10th: the exclusion constraint holds for staff too.
    const taken = await request(t.http)
      .post('/api/appointments')
      .set(amira.auth)
      .send(body('2026-12-10T10:00:00+01:00'))
      .expect(409);
    expect(taken.body.nextFreeSlots.length).toBeGreaterThan(0);
  });

  it('the agenda answers any range up to 62 days, and a longer one with 400 period_too_long', async () => {
    const booked = await request(t.http)
      .post('/api/appointments')
      .set(amira.auth)
      .send(body('2027-01-28T09:00:00+01:00'))
      .expect(201);
    const twoMonths = await request(t.http)
      .get('/api/appointments')
      .query({ from: '2026-12-01', to: '2027-01-31' }) // 62 days, both ends included
      .set(amira.auth)
      .expect(200);
    expect(twoMonths.body.map((a: { id: string }) => a.id)).toContain(booked.body.id);
    const tooLong = await request(t.http)
      .get('/api/appointments')
      .query({ from: '2026-12-01', to: '2027-02-01' })
      .set(amira.auth)
      .expect(400);
    expect(tooLong.body.code).toBe('period_too_long');
    expect(tooLong.body.details).toEqual([
      { field: 'to', messages: ['The period may span at most 62 days'] },
    ]);
  });

  it('a counsellor moves and cancels a client’s appointment; the client is told, the audit names them', async () => {
    const request_ = body('2026-12-11T09:00:00+01:00');
    const to = request_.contact.value;
    const booked = await request(t.http)
      .post('/api/appointments')
      .set(amira.auth)
      .send(request_)
      .expect(201);
    await smtp.waitFor(() => smtp.to(to).length === 1);

    // Another counsellor neither sees nor moves it.
    await request(t.http)
      .post(`/api/appointments/${booked.body.id}/reschedule`)
      .set(jonas.auth)
      .send({ start: '2026-12-11T12:00:00+01:00' })
      .expect(404);
    const toColleague = await request(t.http)
      .post(`/api/appointments/${booked.body.id}/reschedule`)
      .set(amira.auth)
      .send({ start: '2026-12-11T12:00:00+01:00', counsellorId: jonas.counsellorId })
      .expect(403);
    expect(toColleague.body.code).toBe('not_own_counsellor');

    const moved = await request(t.http)
      .post(`/api/appointments/${booked.body.id}/reschedule`)
      .set(amira.auth)
      .send({ start: '2026-12-11T12:00:00+01:00' })
      .expect(200);
    expect(moved.body.startsAt).toBe('2026-12-11T11:00:00.000Z');
    expect(moved.body.counsellor.id).toBe(amira.counsellorId);
    await smtp.waitFor(() => smtp.to(to).length === 2);
    expect(smtp.to(to)[1].parsed.subject).toContain(opening(CLIENT_TEXTS.en.rescheduled.subject));

    await request(t.http)
      .post(`/api/appointments/${booked.body.id}/cancel`)
      .set(amira.auth)
      .send({ reason: 'Client called: found another date' })
      .expect(200)
      .expect((res) => expect(res.body.status).toBe('cancelled'));
    await smtp.waitFor(() => smtp.to(to).length === 3);
    expect(smtp.to(to)[2].parsed.subject).toContain(opening(CLIENT_TEXTS.en.cancelled.subject));

    const trail = await audit(booked.body.id);
    expect(
      trail
        .map((e) => [e.action, e.actorType, e.actorId])
        .sort((a, b) => a[0]!.localeCompare(b[0]!)),
    ).toEqual([
      ['appointment.booked', 'staff', amira.staffId],
      ['appointment.cancelled', 'staff', amira.staffId],
      ['appointment.rescheduled', 'staff', amira.staffId],
    ]);
  });
});
