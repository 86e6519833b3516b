import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '@app/common';
import { QueueName } from '@app/queue';
import { createTestApp, type TestApp, unexpectedAnswers } from './support/test-app.js';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

describe('booking lifecycle over HTTP', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let amira: { id: string; auth: { Authorization: string }; email: string; password: string };
  let lesia: { id: string; auth: { Authorization: string }; email: string; password: string };
  let typeId: string;
  let soloTypeId: string;

  const at = (iso: string) => iso; // readability: every time below is Europe/Berlin with offset
  const bookBody = (start: string, extra: object = {}) => ({
    consultationTypeId: typeId,
    start,
    pseudonym: 'Mariam',
    language: 'ar',
    timeZone: 'Europe/Berlin',
    contact: { channel: 'email', value: 'mariam@example.org' },
    note: 'Frage zur Aufenthaltserlaubnis',
    needsInterpreter: true,
    ...extra,
  });
  const book = (body: object, key?: string) => {
    const call = request(t.http).post('/api/public/appointments').send(body);
    return key ? call.set('Idempotency-Key', key) : call;
  };
  const manage = (token: string) => ({ 'X-Manage-Token': token });
  const slotStarts = async (day: string, counsellorId?: string) =>
    (
      await request(t.http)
        .get('/api/public/slots')
        .query({
          consultationTypeId: typeId,
          from: day,
          to: day,
          ...(counsellorId ? { counsellorId } : {}),
        })
        .expect(200)
    ).body.slots.map((slot: { start: string }) => slot.start.slice(11, 16));

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        BOOKING_RATE_LIMIT_PER_MINUTE: '10000',
        MANAGE_RATE_LIMIT_PER_MINUTE: '10000',
        // One client books many times here; the per-contact limit has its own test.
        MAX_FUTURE_APPOINTMENTS_PER_CONTACT: '100',
      },
    });
    t.clock.advance(new Date('2026-05-25T08:00:00Z').getTime() - t.clock.now().getTime());
    admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    const counsellor = async (displayName: string, languages: string[]) => {
      const login = await t.login('counsellor');
      const created = await request(t.http)
        .post('/api/admin/counsellors')
        .set(admin)
        .send({ displayName, languages, topics: ['residence'], staffId: login.id })
        .expect(201);
      for (const weekday of [1, 2, 3, 4, 5]) {
        await request(t.http)
          .post(`/api/counsellors/${created.body.id}/rules`)
          .set(admin)
          .send({ weekday, start: '09:00', end: '17:00' })
          .expect(201);
      }
      return {
        id: created.body.id as string,
        auth: { Authorization: `Bearer ${login.token}` },
        email: login.email,
        password: login.password,
      };
    };
    amira = await counsellor('Amira Haddad', ['ar', 'de']);
    lesia = await counsellor('Lesia Petrenko', ['uk', 'de']);
    const type = (counsellorIds: string[]) =>
      request(t.http)
        .post('/api/admin/consultation-types')
        .set(admin)
        .send({
          name: { de: 'Beratung', en: 'Consultation', ar: 'استشارة' },
          topic: 'residence',
          durationMinutes: 60,
          stepMinutes: 60,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 120,
          horizonDays: 60,
          channel: 'video',
          counsellorIds,
        })
        .expect(201);
    typeId = (await type([amira.id, lesia.id])).body.id;
    soloTypeId = (await type([amira.id])).body.id;
  });
  afterAll(() => t.close());

  it('books, shows, reschedules and cancels by the manage link, freeing the slot each time', async () => {
    const booked = await book(
      bookBody(at('2026-06-01T10:00:00+02:00'), { counsellorId: amira.id }),
    ).expect(201);
    const token: string = booked.body.manageToken;
    expect(token).toMatch(TOKEN);
    expect(booked.body.appointment).toMatchObject({
      status: 'confirmed',
      start: '2026-06-01T10:00:00+02:00',
      end: '2026-06-01T11:00:00+02:00',
      consultationType: { id: typeId, name: 'استشارة', channel: 'video' },
      counsellor: { displayName: 'Amira Haddad' },
      pseudonym: 'Mariam',
      canChange: true,
      changeableUntil: '2026-06-01T08:00:00+02:00',
      joinOpensAt: '2026-06-01T09:45:00+02:00',
    });
    expect(await slotStarts('2026-06-01', amira.id)).not.toContain('10:00');

    // Only the hash of the token is stored.
    const rows = await t.dataSource.query(
      'SELECT token_hash FROM manage_token WHERE appointment_id = $1',
      [booked.body.appointment.id],
    );
    // (The confirmation mail, sent meanwhile, may have added a token of its own.)
    expect(rows).toContainEqual({ token_hash: hashToken(token) });
    const everything = JSON.stringify(await t.dataSource.query('SELECT * FROM manage_token'));
    expect(everything).not.toContain(token);

    const viewed = await request(t.http).get('/api/public/manage').set(manage(token)).expect(200);
    expect(viewed.body.id).toBe(booked.body.appointment.id);

    // The calendar file: the same event as the mails', with the booking page as its link and
    // never the token; a wrong or missing token gets the same 404 as everywhere else.
    const ics = await request(t.http)
      .get('/api/public/manage/calendar.ics')
      .set(manage(token))
      .expect(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    expect(ics.headers['content-disposition']).toContain('appointment.ics');
    expect(ics.text).toContain(`UID:${booked.body.appointment.id}@sprechstunde`);
    expect(ics.text).toContain('STATUS:CONFIRMED');
    expect(ics.text).not.toContain(token);
    for (const headers of [manage('x'.repeat(43)), {}]) {
      const missing = await request(t.http)
        .get('/api/public/manage/calendar.ics')
        .set(headers)
        .expect(404);
      expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    }

    const moved = await request(t.http)
      .post('/api/public/manage/reschedule')
      .set(manage(token))
      .send({ start: '2026-06-01T14:00:00+02:00' })
      .expect(200);
    expect(moved.body).toMatchObject({
      id: booked.body.appointment.id,
      start: '2026-06-01T14:00:00+02:00',
      counsellor: { displayName: 'Amira Haddad' },
    });
    const afterMove = await slotStarts('2026-06-01', amira.id);
    expect(afterMove).toContain('10:00');
    expect(afterMove).not.toContain('14:00');

    const cancelled = await request(t.http)
      .post('/api/public/manage/cancel')
      .set(manage(token))
      .expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', canChange: false });
    expect(await slotStarts('2026-06-01', amira.id)).toContain('14:00');
    await request(t.http).post('/api/public/manage/cancel').set(manage(token)).expect(422);

    // Every change went to the outbox, and from there to the domain-events queue.
    const events = await t.dataSource.query<{ type: string; published: boolean }[]>(
      'SELECT type, published_at IS NOT NULL AS published FROM outbox_event WHERE appointment_id = $1 ORDER BY id',
      [booked.body.appointment.id],
    );
    expect(events.map((e) => e.type)).toEqual([
      'appointment.booked',
      'appointment.rescheduled',
      'appointment.cancelled',
    ]);
    const queue = t.app.get<Queue>(getQueueToken(QueueName.DomainEvents));
    await expect
      .poll(
        async () =>
          (
            await t.dataSource.query(
              'SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL',
            )
          )[0].n,
        { timeout: 15_000 },
      )
      .toBe(0);
    const delivered = async () =>
      (await queue.getCompleted())
        .flatMap((job) => (job.data as { events: { appointmentId: string }[] }).events)
        .filter((event) => event.appointmentId === booked.body.appointment.id).length;
    await expect.poll(delivered, { timeout: 15_000 }).toBe(3);
  });

  it('answers wrong, unknown and malformed tokens with the same 404', async () => {
    const wrong = await request(t.http)
      .get('/api/public/manage')
      .set(manage('A'.repeat(43)))
      .expect(404);
    const malformed = await request(t.http)
      .get('/api/public/manage')
      .set(manage('short'))
      .expect(404);
    const missing = await request(t.http).get('/api/public/manage').expect(404);
    for (const response of [malformed, missing])
      expect(response.body.message).toBe(wrong.body.message);
    await request(t.http)
      .post('/api/public/manage/cancel')
      .set(manage('B'.repeat(43)))
      .expect(404);
  });

  it('gives exactly one of 100 concurrent requests for the same slot, the others 409 with alternatives', async () => {
    const body = { ...bookBody('2026-06-02T09:00:00+02:00'), consultationTypeId: soloTypeId };
    const responses = await Promise.all(Array.from({ length: 100 }, () => book(body)));
    const statuses = responses.map((response) => response.status);
    expect(unexpectedAnswers(responses)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    const conflict = responses.find((response) => response.status === 409)?.body;
    expect(conflict).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(conflict.nextFreeSlots[0]).toEqual({
      start: '2026-06-02T08:00:00.000Z',
      end: '2026-06-02T09:00:00.000Z',
    });
    const [{ n }] = await t.dataSource.query(
      "SELECT count(*)::int AS n FROM appointment WHERE consultation_type_id = $1 AND status = 'confirmed' AND starts_at = '2026-06-02T07:00:00Z'",
      [soloTypeId],
    );
    expect(n).toBe(1);
  });

  it('lets only one of several concurrent reschedules onto one slot succeed', async () => {
    const tokens: string[] = [];
    for (const hour of ['10', '11', '12', '13', '14', '15']) {
      const booked = await book({
        ...bookBody(`2026-06-03T${hour}:00:00+02:00`),
        consultationTypeId: soloTypeId,
      }).expect(201);
      tokens.push(booked.body.manageToken);
    }
    const responses = await Promise.all(
      tokens.map((token) =>
        request(t.http)
          .post('/api/public/manage/reschedule')
          .set(manage(token))
          .send({ start: '2026-06-03T16:00:00+02:00' }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    const [{ n }] = await t.dataSource.query(
      "SELECT count(*)::int AS n FROM appointment WHERE status = 'confirmed' AND counsellor_id = $1 AND starts_at >= '2026-06-03T00:00:00Z' AND starts_at < '2026-06-04T00:00:00Z'",
      [amira.id],
    );
    expect(n).toBe(6); // five stayed where they were, one moved
  });

  it('returns the same booking for a retried Idempotency-Key, and refuses the key for another request', async () => {
    const body = bookBody('2026-06-04T11:00:00+02:00');
    const first = await book(body, 'retry-key-0001').expect(201);
    const again = await book(body, 'retry-key-0001').expect(200);
    expect(again.body.appointment.id).toBe(first.body.appointment.id);
    expect(again.body.manageToken).not.toBe(first.body.manageToken);
    for (const token of [first.body.manageToken, again.body.manageToken]) {
      await request(t.http).get('/api/public/manage').set(manage(token)).expect(200);
    }
    await book({ ...body, pseudonym: 'Someone else' }, 'retry-key-0001').expect(409);
    await book(body, 'bad key!').expect(400);

    const concurrent = await Promise.all(
      Array.from({ length: 8 }, () =>
        book(bookBody('2026-06-04T13:00:00+02:00'), 'retry-key-0002'),
      ),
    );
    const failures = concurrent.filter((r) => r.status >= 500);
    expect(failures.map((r) => r.body)).toEqual([]);
    expect(new Set(concurrent.map((r) => r.body.appointment.id)).size).toBe(1);
    const [{ n }] = await t.dataSource.query(
      "SELECT count(*)::int AS n FROM appointment WHERE starts_at = '2026-06-04T11:00:00Z'",
    );
    expect(n).toBe(1);
  });

  it('assigns "any counsellor" fairly and keeps to the requested language', async () => {
    // Amira gets two appointments in the week of 8 June, Lesia none.
    for (const hour of ['09', '10']) {
      await book(bookBody(`2026-06-08T${hour}:00:00+02:00`, { counsellorId: amira.id })).expect(
        201,
      );
    }
    const fair = await book(bookBody('2026-06-09T09:00:00+02:00')).expect(201);
    expect(fair.body.appointment.counsellor.displayName).toBe('Lesia Petrenko');
    const arabic = await book(
      bookBody('2026-06-09T11:00:00+02:00', { counsellorLanguage: 'ar' }),
    ).expect(201);
    expect(arabic.body.appointment.counsellor.displayName).toBe('Amira Haddad');
  });

  it('answers 422 outside the roster, inside the notice period and past the horizon; 400 for bad input', async () => {
    const outside = await book(bookBody('2026-06-05T20:00:00+02:00')).expect(422);
    expect(outside.body.message).toMatch(/No counsellor offers/);
    const offGrid = await book(bookBody('2026-06-05T10:30:00+02:00')).expect(422);
    expect(offGrid.body.statusCode).toBe(422);
    const soon = await book(bookBody('2026-05-25T11:00:00+02:00')).expect(422);
    expect(soon.body.message).toMatch(/too soon/);
    const far = await book(bookBody('2026-09-01T10:00:00+02:00')).expect(422);
    expect(far.body.message).toMatch(/too far ahead/);
    const bad = await book(
      bookBody('tomorrow', {
        contact: { channel: 'phone', value: '12' },
        pseudonym: ' ',
        language: 'xx',
      }),
    ).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'contact.value',
      'language',
      'pseudonym',
      'start',
    ]);
    await book(
      bookBody('2026-06-05T10:00:00+02:00', {
        contact: { channel: 'phone', value: '+49 30 901820' },
      }),
    ).expect(201);
    await book({
      ...bookBody('2026-06-05T11:00:00+02:00'),
      consultationTypeId: '5b2f3c1e-0000-4000-8000-000000000000',
    }).expect(404);
  });

  it('reads a national phone number as one of the office’s country and stores it internationally', async () => {
    const booked = await book(
      bookBody('2026-06-12T10:00:00+02:00', {
        contact: { channel: 'phone', value: '0176 1234 5678' },
      }),
    ).expect(201);
    expect(booked.body.appointment.contact).toEqual({
      channel: 'phone',
      value: '+4917612345678',
    });
    // Not a number in the office's country (DE by default), nor an international one.
    const wrong = await book(
      bookBody('2026-06-12T11:00:00+02:00', { contact: { channel: 'phone', value: '0000 000' } }),
    ).expect(400);
    expect(wrong.body).toMatchObject({
      code: 'invalid_phone_number',
      details: [{ field: 'contact.value' }],
    });
    expect(await slotStarts('2026-06-12')).toContain('11:00');
  });

  it('takes only a phone number for a phone consultation, and offers SMS only with a gateway', async () => {
    const phoneType = await request(t.http)
      .post('/api/admin/consultation-types')
      .set(admin)
      .send({
        name: { de: 'Telefonberatung', en: 'Phone consultation' },
        topic: 'residence',
        durationMinutes: 30,
        stepMinutes: 60,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 120,
        horizonDays: 60,
        channel: 'phone',
        counsellorIds: [amira.id],
      })
      .expect(201);
    // A phone consultation needs a number to call unless the admin says otherwise.
    expect(phoneType.body.requiredContact).toBe('phone');
    const types = await request(t.http)
      .get('/api/public/consultation-types')
      .query({ language: 'en' })
      .expect(200);
    const offered = (id: string) =>
      types.body.find((type: { id: string }) => type.id === id).contactChannels;
    // Names follow each language's fallback: Leichte Sprache reads German, Spanish English.
    const named = async (language: string) =>
      (
        await request(t.http).get('/api/public/consultation-types').query({ language }).expect(200)
      ).body.find((type: { id: string }) => type.id === phoneType.body.id).name;
    expect(await named('de-x-ls')).toBe('Telefonberatung');
    expect(await named('es')).toBe('Phone consultation');
    expect(offered(phoneType.body.id)).toEqual(['phone']);
    // No SMS gateway is configured here: a video type takes email only.
    expect(offered(typeId)).toEqual(['email']);

    const refused = await book({
      ...bookBody('2026-06-12T14:00:00+02:00'),
      consultationTypeId: phoneType.body.id,
    }).expect(400);
    expect(refused.body).toMatchObject({
      code: 'phone_contact_required',
      details: [{ field: 'contact.channel' }],
    });
    await book({
      ...bookBody('2026-06-12T14:00:00+02:00', {
        contact: { channel: 'phone', value: '030 901820' },
      }),
      consultationTypeId: phoneType.body.id,
    }).expect(201);
    // The admin may relax it (e.g. the office calls a number it has on file).
    const relaxed = await request(t.http)
      .patch(`/api/admin/consultation-types/${phoneType.body.id}`)
      .set(admin)
      .send({ requiredContact: 'any' })
      .expect(200);
    expect(relaxed.body.requiredContact).toBe('any');
    await book({
      ...bookBody('2026-06-12T15:00:00+02:00'),
      consultationTypeId: phoneType.body.id,
    }).expect(201);
  });

  it('tells client and counsellor the join window of the appointment’s own type', async () => {
    const created = await request(t.http)
      .post('/api/admin/consultation-types')
      .set(admin)
      .send({
        name: { de: 'Lange Sprechstunde', en: 'Long consultation' },
        topic: 'residence',
        durationMinutes: 60,
        stepMinutes: 60,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 120,
        horizonDays: 60,
        channel: 'video',
        joinOpensMinutesBefore: 20,
        joinClosesMinutesAfter: 40,
        counsellorIds: [lesia.id],
      })
      .expect(201);
    const booked = await book({
      ...bookBody('2026-06-22T10:00:00+02:00', { counsellorId: lesia.id }),
      consultationTypeId: created.body.id,
    }).expect(201);
    expect(booked.body.appointment.joinOpensAt).toBe('2026-06-22T09:40:00+02:00');
    const listed = await request(t.http)
      .get('/api/appointments')
      .query({ from: '2026-06-22', to: '2026-06-22' })
      .set(lesia.auth)
      .expect(200);
    expect(listed.body).toHaveLength(1);
    expect(listed.body[0]).toMatchObject({
      joinOpensAt: '2026-06-22T07:40:00.000Z',
      joinClosesAt: '2026-06-22T09:40:00.000Z',
    });
  });

  it('stops online changes at the cut-off', async () => {
    const booked = await book(bookBody('2026-05-26T10:00:00+02:00')).expect(201);
    t.clock.advance(23 * 3_600_000); // 2026-05-26 07:00 UTC = 09:00 Berlin: one hour before, cut-off is two
    const view = await request(t.http)
      .get('/api/public/manage')
      .set(manage(booked.body.manageToken))
      .expect(200);
    expect(view.body.canChange).toBe(false);
    const late = await request(t.http)
      .post('/api/public/manage/cancel')
      .set(manage(booked.body.manageToken))
      .expect(422);
    expect(late.body.message).toMatch(/no longer be changed online/);
    await request(t.http)
      .post('/api/public/manage/reschedule')
      .set(manage(booked.body.manageToken))
      .send({ start: '2026-06-10T10:00:00+02:00' })
      .expect(422);
    t.clock.advance(-23 * 3_600_000);
  });

  it('scopes staff: counsellors see and change only their own appointments; admins reassign, cancel and read the audit log', async () => {
    const booked = await book(
      bookBody('2026-06-11T10:00:00+02:00', { counsellorId: amira.id }),
    ).expect(201);
    const id: string = booked.body.appointment.id;
    const range = { from: '2026-06-11', to: '2026-06-11' };
    const amirasList = await request(t.http)
      .get('/api/appointments')
      .query(range)
      .set(amira.auth)
      .expect(200);
    expect(amirasList.body.map((a: { id: string }) => a.id)).toEqual([id]);
    expect(amirasList.body[0]).toMatchObject({
      pseudonym: 'Mariam',
      contact: { channel: 'email', value: 'mariam@example.org' },
      needsInterpreter: true,
    });
    // The type's join window (defaults: 15 minutes before the start to 30 after the end).
    const listed = amirasList.body[0];
    expect(Date.parse(listed.joinOpensAt)).toBe(Date.parse(listed.startsAt) - 15 * 60_000);
    expect(Date.parse(listed.joinClosesAt)).toBe(Date.parse(listed.endsAt) + 30 * 60_000);
    const lesiasList = await request(t.http)
      .get('/api/appointments')
      .query(range)
      .set(lesia.auth)
      .expect(200);
    expect(lesiasList.body).toEqual([]);
    await request(t.http).get(`/api/appointments/${id}`).set(lesia.auth).expect(404);
    await request(t.http)
      .post(`/api/appointments/${id}/outcome`)
      .set(lesia.auth)
      .send({ outcome: 'completed' })
      .expect(404);
    await request(t.http)
      .post(`/api/admin/appointments/${id}/reassign`)
      .set(amira.auth)
      .send({ counsellorId: lesia.id })
      .expect(403);
    await request(t.http)
      .post(`/api/appointments/${id}/outcome`)
      .set(amira.auth)
      .send({ outcome: 'completed' })
      .expect(422); // not started

    // Lesia is busy at 10:00 on 11 June after this booking, so reassigning to her fails; at 12:00 she is free.
    await book(bookBody('2026-06-11T10:00:00+02:00', { counsellorId: lesia.id })).expect(201);
    await request(t.http)
      .post(`/api/admin/appointments/${id}/reassign`)
      .set(admin)
      .send({ counsellorId: lesia.id })
      .expect(409);
    const other = await book(
      bookBody('2026-06-11T12:00:00+02:00', { counsellorId: amira.id }),
    ).expect(201);
    const reassigned = await request(t.http)
      .post(`/api/admin/appointments/${other.body.appointment.id}/reassign`)
      .set(admin)
      .send({ counsellorId: lesia.id })
      .expect(200);
    expect(reassigned.body.counsellor).toEqual({ id: lesia.id, displayName: 'Lesia Petrenko' });
    const cancelled = await request(t.http)
      .post(`/api/admin/appointments/${id}/cancel`)
      .set(admin)
      .send({ reason: 'Counsellor ill' })
      .expect(200);
    expect(cancelled.body.status).toBe('cancelled');

    const audit = await request(t.http)
      .get('/api/admin/audit')
      .query({ appointmentId: id })
      .set(admin)
      .expect(200);
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual([
      'appointment.cancelled',
      'appointment.booked',
    ]);
    expect(audit.body[0]).toMatchObject({
      actorType: 'staff',
      changes: { status: 'cancelled', reasonGiven: true },
    });
    const allAudit = JSON.stringify(
      (await request(t.http).get('/api/admin/audit').set(admin).expect(200)).body,
    );
    expect(allAudit).not.toMatch(/Mariam|mariam@example\.org|901820|Aufenthalt|Counsellor ill/);
    await request(t.http).get('/api/admin/audit').set(amira.auth).expect(403);
  });

  it('lets the assigned counsellor record the outcome once the appointment has started', async () => {
    const booked = await book(
      bookBody('2026-05-27T10:00:00+02:00', { counsellorId: amira.id }),
    ).expect(201);
    t.clock.advance(2 * 86_400_000);
    const relogin = await request(t.http)
      .post('/api/auth/login')
      .send({ email: amira.email, password: amira.password })
      .expect(200);
    amira.auth = { Authorization: `Bearer ${relogin.body.token}` };
    const done = await request(t.http)
      .post(`/api/appointments/${booked.body.appointment.id}/outcome`)
      .set(amira.auth)
      .send({ outcome: 'no_show' })
      .expect(200);
    expect(done.body.status).toBe('no_show');
    await request(t.http)
      .post(`/api/appointments/${booked.body.appointment.id}/outcome`)
      .set(amira.auth)
      .send({ outcome: 'completed' })
      .expect(422);
    await request(t.http)
      .post(`/api/appointments/${booked.body.appointment.id}/outcome`)
      .set(amira.auth)
      .send({ outcome: 'maybe' })
      .expect(400);
    t.clock.advance(-2 * 86_400_000);
  });
});
