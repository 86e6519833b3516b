import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('rosters and slot search over HTTP', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let amira: { id: string; auth: { Authorization: string } };
  let typeId: string;
  let lesiaId: string;

  const post = (path: string, body: object, auth = admin) =>
    request(t.http).post(path).set(auth).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    // "Now" is well before the searched weeks, so notice and horizon do not interfere.
    t.clock.advance(new Date('2026-03-01T00:00:00Z').getTime() - t.clock.now().getTime());
    admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    const amiraLogin = await t.login('counsellor');
    const created = await post('/api/admin/counsellors', {
      displayName: 'Amira Haddad',
      languages: ['ar', 'de'],
      topics: ['residence', 'work'],
      staffId: amiraLogin.id,
    }).expect(201);
    amira = { id: created.body.id, auth: { Authorization: `Bearer ${amiraLogin.token}` } };
    const lesia = await post('/api/admin/counsellors', {
      displayName: 'Lesia Petrenko',
      languages: ['uk', 'ru', 'de'],
      topics: ['residence'],
      timeZone: 'Europe/Kyiv',
    }).expect(201);
    lesiaId = lesia.body.id;
    const type = await post('/api/admin/consultation-types', {
      name: {
        de: 'Erstberatung Aufenthalt',
        en: 'First consultation: residence',
        ar: 'استشارة أولى: الإقامة',
      },
      topic: 'residence',
      durationMinutes: 60,
      stepMinutes: 60,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minNoticeMinutes: 60,
      horizonDays: 120,
      channel: 'video',
      counsellorIds: [amira.id, lesiaId],
    }).expect(201);
    typeId = type.body.id;
  });
  afterAll(() => t.close());

  it('lets admins manage counsellors and consultation types, and refuses counsellors (403) and anonymous (401)', async () => {
    const list = await request(t.http).get('/api/admin/counsellors').set(admin).expect(200);
    expect(list.body.map((c: { displayName: string }) => c.displayName)).toEqual([
      'Amira Haddad',
      'Lesia Petrenko',
    ]);
    await request(t.http).get('/api/admin/counsellors').set(amira.auth).expect(403);
    await request(t.http).get('/api/admin/counsellors').expect(401);
    await request(t.http)
      .post('/api/admin/consultation-types')
      .set(amira.auth)
      .send({})
      .expect(403);
    const updated = await request(t.http)
      .patch(`/api/admin/counsellors/${lesiaId}`)
      .set(admin)
      .send({ languages: ['uk', 'ru', 'de', 'en'] })
      .expect(200);
    expect(updated.body.languages).toEqual(['uk', 'ru', 'de', 'en']);
    const type = await request(t.http)
      .get(`/api/admin/consultation-types/${typeId}`)
      .set(admin)
      .expect(200);
    expect(type.body.counsellorIds).toEqual([amira.id, lesiaId].sort());
  });

  it('answers bad input with 400 and field details, and saves nothing', async () => {
    const badCounsellor = await post('/api/admin/counsellors', {
      displayName: '',
      languages: ['xx'],
      topics: ['astrology'],
      timeZone: 'Mars/Olympus',
    }).expect(400);
    expect(badCounsellor.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'displayName',
      'languages',
      'timeZone',
      'topics',
    ]);

    const base = {
      name: { de: 'X' },
      topic: 'work',
      durationMinutes: 30,
      stepMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minNoticeMinutes: 0,
      horizonDays: 10,
      channel: 'video',
    };
    const zero = await post('/api/admin/consultation-types', {
      ...base,
      durationMinutes: 0,
    }).expect(400);
    expect(zero.body.details[0].field).toBe('durationMinutes');
    const horizon = await post('/api/admin/consultation-types', {
      ...base,
      minNoticeMinutes: 20000,
      horizonDays: 7,
    }).expect(400);
    expect(horizon.body.details[0].field).toBe('horizonDays');
    const ghost = await post('/api/admin/consultation-types', {
      ...base,
      counsellorIds: ['5b2f3c1e-0000-4000-8000-000000000000'],
    }).expect(400);
    expect(ghost.body.details[0].field).toBe('counsellorIds');
    const types = await request(t.http).get('/api/admin/consultation-types').set(admin).expect(200);
    expect(types.body).toHaveLength(1);

    const backwards = await post(`/api/counsellors/${amira.id}/rules`, {
      weekday: 1,
      start: '17:00',
      end: '09:00',
    }).expect(400);
    expect(backwards.body.details[0].field).toBe('end');
    expect(backwards.body.code).toBe('invalid_time_range');
    await post(`/api/counsellors/${amira.id}/rules`, {
      weekday: 8,
      start: '25:00',
      end: '09:00',
    }).expect(400);
    const rules = await request(t.http)
      .get(`/api/counsellors/${amira.id}/rules`)
      .set(admin)
      .expect(200);
    expect(rules.body).toEqual([]);
  });

  it('refuses overlapping rules of one counsellor, naming the clashing rule', async () => {
    const first = await post(`/api/counsellors/${lesiaId}/rules`, {
      weekday: 2,
      start: '09:00',
      end: '13:00',
    }).expect(201);
    await post(`/api/counsellors/${lesiaId}/rules`, {
      weekday: 2,
      start: '13:00',
      end: '15:00',
    }).expect(201);
    const clash = await post(`/api/counsellors/${lesiaId}/rules`, {
      weekday: 2,
      start: '12:00',
      end: '14:00',
    }).expect(400);
    // Clients decide by the code and name the clash from the structured rule, never from the text.
    expect(clash.body).toMatchObject({
      statusCode: 400,
      code: 'rule_overlaps',
      details: [{ field: 'weekday' }],
      clashingRule: {
        id: first.body.id,
        weekday: 2,
        start: '09:00',
        end: '13:00',
        validFrom: null,
        validUntil: null,
      },
    });
    expect(clash.body.message).toContain('Tuesday 09:00–13:00');
    // Same hours in a different validity period do not clash.
    await post(`/api/counsellors/${lesiaId}/rules`, {
      weekday: 3,
      start: '09:00',
      end: '12:00',
      validUntil: '2026-05-31',
    }).expect(201);
    await post(`/api/counsellors/${lesiaId}/rules`, {
      weekday: 3,
      start: '10:00',
      end: '16:00',
      validFrom: '2026-06-01',
    }).expect(201);
    const inMay = await post(`/api/counsellors/${lesiaId}/rules`, {
      weekday: 3,
      start: '11:00',
      end: '11:30',
      validFrom: '2026-05-01',
      validUntil: '2026-05-10',
    }).expect(400);
    expect(inMay.body.code).toBe('rule_overlaps');
    expect(inMay.body.clashingRule).toMatchObject({
      weekday: 3,
      start: '09:00',
      end: '12:00',
      validFrom: null,
      validUntil: '2026-05-31',
    });
  });

  it('refuses overlapping extra hours of one counsellor (409), on the admin’s and the counsellor’s own routes', async () => {
    const extras = `/api/counsellors/${amira.id}/extra-hours`;
    const first = await post(extras, { date: '2026-07-18', start: '10:00', end: '12:00' }).expect(
      201,
    );
    const clash = await post(
      extras,
      { date: '2026-07-18', start: '11:00', end: '13:00' },
      amira.auth,
    ).expect(409);
    // Decided by the code; the entry it clashes with is named beside the message.
    expect(clash.body).toMatchObject({
      statusCode: 409,
      code: 'extra_hours_overlap',
      details: [{ field: 'start' }],
    });
    expect(clash.body.message).toContain(`${first.body.id}: 2026-07-18 10:00–12:00`);
    // The answer names the clashing entry for clients to show in their own language.
    expect(clash.body.clashingExtraHours).toEqual({
      id: first.body.id,
      date: '2026-07-18',
      start: '10:00',
      end: '12:00',
    });
    // Inside, around, and from the admin's side: all refused.
    for (const [start, end] of [
      ['10:30', '11:00'],
      ['09:00', '13:00'],
      ['09:00', '10:01'],
    ]) {
      const refused = await post(extras, { date: '2026-07-18', start, end }).expect(409);
      expect(refused.body.code).toBe('extra_hours_overlap');
    }
    // Touching hours, another date and another counsellor's hours do not clash.
    await post(extras, { date: '2026-07-18', start: '12:00', end: '14:00' }, amira.auth).expect(
      201,
    );
    await post(extras, { date: '2026-07-19', start: '11:00', end: '13:00' }, amira.auth).expect(
      201,
    );
    await post(`/api/counsellors/${lesiaId}/extra-hours`, {
      date: '2026-07-18',
      start: '11:00',
      end: '13:00',
    }).expect(201);
    const saved = await request(t.http).get(extras).set(amira.auth).expect(200);
    expect(
      saved.body
        .filter((extra: { date: string }) => extra.date >= '2026-07-18')
        .map((extra: { date: string; start: string; end: string }) =>
          [extra.date, extra.start, extra.end].join(' '),
        ),
    ).toEqual(['2026-07-18 10:00 12:00', '2026-07-18 12:00 14:00', '2026-07-19 11:00 13:00']);
  });

  it('names every roster error by a stable code', async () => {
    const code = async (call: request.Test, status: number) =>
      (await call.expect(status)).body.code as string;
    const unknownId = '5b2f3c1e-0000-4000-8000-000000000000';
    const counsellor = `/api/counsellors/${lesiaId}`;
    const saved = async () =>
      Promise.all(
        ['rules', 'extra-hours', 'absences'].map(
          async (kind) => (await request(t.http).get(`${counsellor}/${kind}`).set(admin)).body,
        ),
      );
    const before = await saved();

    expect(
      await code(request(t.http).get(`/api/counsellors/${unknownId}/rules`).set(admin), 404),
    ).toBe('counsellor_not_found');
    expect(await code(request(t.http).get(`${counsellor}/rules`).set(amira.auth), 403)).toBe(
      'not_own_counsellor',
    );
    expect(await code(request(t.http).get('/api/counsellors/me').set(admin), 404)).toBe(
      'no_counsellor_profile',
    );
    expect(
      await code(
        post(`${counsellor}/rules`, {
          weekday: 4,
          start: '09:00',
          end: '10:00',
          validFrom: '2026-06-01',
          validUntil: '2026-05-01',
        }),
        400,
      ),
    ).toBe('rule_invalid_validity');
    expect(
      await code(
        post(`${counsellor}/extra-hours`, { date: '2026-06-01', start: '12:00', end: '11:00' }),
        400,
      ),
    ).toBe('invalid_time_range');
    expect(
      await code(
        post(`${counsellor}/absences`, { startDate: '2026-06-02', endDate: '2026-06-01' }),
        400,
      ),
    ).toBe('absence_invalid_range');
    expect(
      await code(
        post(`${counsellor}/absences`, {
          startsAt: '2026-06-01T12:00+02:00',
          endsAt: '2026-06-01T10:00+02:00',
        }),
        400,
      ),
    ).toBe('absence_invalid_range');
    expect(
      await code(
        post(`${counsellor}/absences`, {
          startDate: '2026-06-01',
          endDate: '2026-06-01',
          startsAt: '2026-06-01T10:00+02:00',
          endsAt: '2026-06-01T12:00+02:00',
        }),
        400,
      ),
    ).toBe('absence_ambiguous_period');
    for (const [kind, expected] of [
      ['rules', 'rule_not_found'],
      ['extra-hours', 'extra_hours_not_found'],
      ['absences', 'absence_not_found'],
    ]) {
      expect(
        await code(request(t.http).delete(`${counsellor}/${kind}/${unknownId}`).set(admin), 404),
      ).toBe(expected);
    }
    expect(
      await code(request(t.http).put('/api/admin/holidays/2026-04-02/open').set(admin), 400),
    ).toBe('not_a_holiday');
    expect(
      await code(request(t.http).get(`/api/admin/consultation-types/${unknownId}`).set(admin), 404),
    ).toBe('consultation_type_not_found');
    expect(
      await code(post('/api/admin/counsellors', { displayName: 'X', topics: ['astrology'] }), 400),
    ).toBe('validation_failed');
    // Nothing was saved by any refused request.
    expect(await saved()).toEqual(before);
  });

  it('lets a counsellor manage their own availability only', async () => {
    const me = await request(t.http).get('/api/counsellors/me').set(amira.auth).expect(200);
    expect(me.body.id).toBe(amira.id);
    for (const weekday of [1, 2, 3, 4, 5, 6, 7]) {
      await post(
        `/api/counsellors/${amira.id}/rules`,
        { weekday, start: '09:00', end: '12:00' },
        amira.auth,
      ).expect(201);
    }
    await request(t.http).get(`/api/counsellors/${lesiaId}/rules`).set(amira.auth).expect(403);
    await post(
      `/api/counsellors/${lesiaId}/rules`,
      { weekday: 1, start: '18:00', end: '19:00' },
      amira.auth,
    ).expect(403);
  });

  it('finds slots in the client’s zone across the spring DST change, with holidays and absences', async () => {
    await post(
      `/api/counsellors/${amira.id}/absences`,
      { startDate: '2026-04-01', endDate: '2026-04-01' },
      amira.auth,
    ).expect(201);
    const response = await request(t.http)
      .get('/api/public/slots')
      .query({
        consultationTypeId: typeId,
        from: '2026-03-28',
        to: '2026-04-03',
        timeZone: 'Europe/Berlin',
        counsellorId: amira.id,
      })
      .expect(200);
    const starts: string[] = response.body.slots.map((slot: { start: string }) => slot.start);
    expect(starts.filter((s) => s.startsWith('2026-03-28'))).toEqual([
      '2026-03-28T09:00:00+01:00',
      '2026-03-28T10:00:00+01:00',
      '2026-03-28T11:00:00+01:00',
    ]);
    expect(starts.filter((s) => s.startsWith('2026-03-29'))).toEqual([
      '2026-03-29T09:00:00+02:00',
      '2026-03-29T10:00:00+02:00',
      '2026-03-29T11:00:00+02:00',
    ]);
    expect(starts.some((s) => s.startsWith('2026-04-01'))).toBe(false); // absence
    expect(starts.some((s) => s.startsWith('2026-04-03'))).toBe(false); // Good Friday, a Berlin public holiday
    expect(response.body.counsellors).toEqual([
      { id: amira.id, displayName: 'Amira Haddad', languages: ['ar', 'de'] },
    ]);
    expect(JSON.stringify(response.body)).not.toMatch(/staffId|topics|timeZone":"Europe\/Kyiv/);

    const inKyiv = await request(t.http)
      .get('/api/public/slots')
      .query({
        consultationTypeId: typeId,
        from: '2026-03-28T00:00:00+01:00',
        to: '2026-03-28T23:59:00+01:00',
        timeZone: 'Europe/Kyiv',
        counsellorId: amira.id,
      })
      .expect(200);
    expect(inKyiv.body.slots[0].start).toBe('2026-03-28T10:00:00+02:00');
  });

  it('opens a holiday when an admin says so', async () => {
    const holidays = await request(t.http)
      .get('/api/admin/holidays')
      .query({ year: 2026 })
      .set(admin)
      .expect(200);
    expect(holidays.body).toContainEqual({ date: '2026-04-03', name: 'Karfreitag', open: false });
    await request(t.http)
      .put('/api/admin/holidays/2026-04-03/open')
      .set(admin)
      .expect(200, { date: '2026-04-03', name: 'Karfreitag', open: true });
    await request(t.http).put('/api/admin/holidays/2026-04-02/open').set(admin).expect(400);
    const response = await request(t.http)
      .get('/api/public/slots')
      .query({
        consultationTypeId: typeId,
        from: '2026-04-03',
        to: '2026-04-03',
        counsellorId: amira.id,
      })
      .expect(200);
    expect(response.body.slots).toHaveLength(3);
    await request(t.http).delete('/api/admin/holidays/2026-04-03/open').set(admin).expect(200);
  });

  it('filters by language, offers "any counsellor" by default, and hides booked times', async () => {
    const any = await request(t.http)
      .get('/api/public/slots')
      .query({ consultationTypeId: typeId, from: '2026-06-02', to: '2026-06-02' })
      .expect(200);
    // Tuesday: Amira 09–12 Berlin, Lesia 09–13 and 13–15 Kyiv (08–14 Berlin): together 08:00–14:00.
    expect(any.body.slots.map((slot: { start: string }) => slot.start.slice(11, 16))).toEqual([
      '08:00',
      '09:00',
      '10:00',
      '11:00',
      '12:00',
      '13:00',
    ]);
    expect(any.body.counsellors.map((c: { id: string }) => c.id).sort()).toEqual(
      [amira.id, lesiaId].sort(),
    );
    expect(any.body.slots[0]).toEqual({
      start: '2026-06-02T08:00:00+02:00',
      end: '2026-06-02T09:00:00+02:00',
    });
    const ukrainian = await request(t.http)
      .get('/api/public/slots')
      .query({ consultationTypeId: typeId, from: '2026-06-02', to: '2026-06-02', language: 'uk' })
      .expect(200);
    expect(ukrainian.body.counsellors.map((c: { id: string }) => c.id)).toEqual([lesiaId]);
    expect(ukrainian.body.slots).toHaveLength(6);
    const arabic = await request(t.http)
      .get('/api/public/slots')
      .query({ consultationTypeId: typeId, from: '2026-06-02', to: '2026-06-02', language: 'ar' })
      .expect(200);
    expect(arabic.body.slots.map((slot: { start: string }) => slot.start.slice(11, 16))).toEqual([
      '09:00',
      '10:00',
      '11:00',
    ]);

    await t.dataSource.query(
      `INSERT INTO appointment (consultation_type_id, counsellor_id, starts_at, ends_at, office_id) SELECT $1, $2, '2026-06-02T09:00:00+02:00', '2026-06-02T10:00:00+02:00', office_id FROM counsellor WHERE id = $2`,
      [typeId, amira.id],
    );
    const after = await request(t.http)
      .get('/api/public/slots')
      .query({
        consultationTypeId: typeId,
        from: '2026-06-02',
        to: '2026-06-02',
        counsellorId: amira.id,
      })
      .expect(200);
    expect(after.body.slots.map((slot: { start: string }) => slot.start)).toEqual([
      '2026-06-02T10:00:00+02:00',
      '2026-06-02T11:00:00+02:00',
    ]);
  });

  it('validates slot searches', async () => {
    const bad = await request(t.http)
      .get('/api/public/slots')
      .query({
        consultationTypeId: 'nope',
        from: 'tomorrow',
        to: '2026-06-01',
        timeZone: 'Nowhere/City',
      })
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'consultationTypeId',
      'from',
      'timeZone',
    ]);
    const long = await request(t.http)
      .get('/api/public/slots')
      .query({ consultationTypeId: typeId, from: '2026-06-01', to: '2026-08-01' })
      .expect(400);
    expect(long.body.message).toMatch(/at most 31 days/);
    await request(t.http)
      .get('/api/public/slots')
      .query({
        consultationTypeId: '5b2f3c1e-0000-4000-8000-000000000000',
        from: '2026-06-01',
        to: '2026-06-02',
      })
      .expect(404);
  });

  it('lists active types and topics in the requested language', async () => {
    const types = await request(t.http)
      .get('/api/public/consultation-types')
      .query({ language: 'ar' })
      .expect(200);
    expect(types.body).toEqual([
      expect.objectContaining({
        id: typeId,
        name: 'استشارة أولى: الإقامة',
        topic: { code: 'residence', name: 'الإقامة والتأشيرة' },
        durationMinutes: 60,
        channel: 'video',
      }),
    ]);
    const fallback = await request(t.http)
      .get('/api/public/consultation-types')
      .query({ language: 'tr' })
      .expect(200);
    expect(fallback.body[0].name).toBe('First consultation: residence');
    const topics = await request(t.http)
      .get('/api/public/topics')
      .query({ language: 'uk' })
      .expect(200);
    expect(topics.body).toContainEqual({ code: 'housing', name: 'Житло' });
  });
});

describe('time and input correctness on the staff and public API', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let counsellorId: string;
  let santiagoTypeId: string;

  const post = (path: string, body: object, auth = admin) =>
    request(t.http).post(path).set(auth).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.advance(new Date('2026-03-01T00:00:00Z').getTime() - t.clock.now().getTime());
    admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    // Chile springs forward at midnight: Sunday 6 September 2026 begins at 01:00 -03:00.
    const counsellor = await post('/api/admin/counsellors', {
      displayName: 'Camila Rojas',
      languages: ['es'],
      topics: ['work'],
      timeZone: 'America/Santiago',
    }).expect(201);
    counsellorId = counsellor.body.id;
    const type = await post('/api/admin/consultation-types', {
      name: { de: 'Nachtberatung', en: 'Night consultation' },
      topic: 'work',
      durationMinutes: 30,
      stepMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minNoticeMinutes: 0,
      horizonDays: 365,
      channel: 'video',
      counsellorIds: [counsellorId],
    }).expect(201);
    santiagoTypeId = type.body.id;
    await post(`/api/counsellors/${counsellorId}/rules`, {
      weekday: 7,
      start: '00:00',
      end: '03:00',
    }).expect(201);
  });
  afterAll(() => t.close());

  it('keeps a Santiago counsellor’s Sunday-night hours on Sunday across the midnight DST change', async () => {
    // Chile springs forward at midnight: Sunday 6 September 2026 begins at 01:00 -03:00. A rule
    // Sunday 00:00–03:00 is 01:00–03:00 that day, never 23:00 on Saturday.
    const search = await request(t.http)
      .get('/api/public/slots')
      .query({
        consultationTypeId: santiagoTypeId,
        from: '2026-09-05',
        to: '2026-09-06',
        timeZone: 'America/Santiago',
      })
      .expect(200);
    expect(search.body.slots.map((slot: { start: string }) => slot.start)).toEqual([
      '2026-09-06T01:00:00-03:00',
      '2026-09-06T01:30:00-03:00',
      '2026-09-06T02:00:00-03:00',
      '2026-09-06T02:30:00-03:00',
    ]);
    const booking = {
      consultationTypeId: santiagoTypeId,
      pseudonym: 'Mateo',
      language: 'en',
      timeZone: 'America/Santiago',
      contact: { channel: 'email', value: 'mateo@example.org' },
    };
    const saturday = await post(
      '/api/public/appointments',
      { ...booking, start: '2026-09-05T23:00:00-04:00' },
      {} as { Authorization: string },
    );
    expect(saturday.status).toBe(422);
    const count = async () =>
      Number(
        (
          await t.dataSource.query(
            'SELECT count(*) AS n FROM appointment WHERE counsellor_id = $1',
            [counsellorId],
          )
        )[0].n,
      );
    expect(await count()).toBe(0);

    // A whole-day absence on that Sunday starts with the Sunday, not at 23:00 on Saturday.
    const absence = await post(`/api/counsellors/${counsellorId}/absences`, {
      startDate: '2026-09-06',
      endDate: '2026-09-06',
    }).expect(201);
    expect(absence.body).toMatchObject({
      startsAt: '2026-09-06T04:00:00.000Z',
      endsAt: '2026-09-07T03:00:00.000Z',
    });
  });

  it('searches a whole Havana day from its first midnight when the clock turns back over midnight', async () => {
    // Cuba turns 01:00 back to 00:00 on Sunday 1 November 2026: the day has two midnights.
    const havana = await post('/api/admin/counsellors', {
      displayName: 'Yanet Pérez',
      languages: ['es'],
      topics: ['work'],
      timeZone: 'America/Havana',
    }).expect(201);
    const type = await post('/api/admin/consultation-types', {
      name: { de: 'Mitternachtsberatung', en: 'Midnight consultation' },
      topic: 'work',
      durationMinutes: 30,
      stepMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minNoticeMinutes: 0,
      horizonDays: 365,
      channel: 'video',
      counsellorIds: [havana.body.id],
    }).expect(201);
    await post(`/api/counsellors/${havana.body.id}/rules`, {
      weekday: 7,
      start: '00:00',
      end: '01:00',
    }).expect(201);
    const search = await request(t.http)
      .get('/api/public/slots')
      .query({
        consultationTypeId: type.body.id,
        from: '2026-11-01',
        to: '2026-11-01',
        timeZone: 'America/Havana',
      })
      .expect(200);
    expect(search.body.slots.map((slot: { start: string }) => slot.start)).toEqual([
      '2026-11-01T00:00:00-04:00',
      '2026-11-01T00:30:00-04:00',
      '2026-11-01T00:00:00-05:00',
      '2026-11-01T00:30:00-05:00',
    ]);
  });

  it('refuses impossible dates and instants on every staff route that takes one (400, nothing saved)', async () => {
    const absences = `/api/counsellors/${counsellorId}/absences`;
    const refused = async (call: request.Test, field: string) => {
      const response = await call.expect(400);
      expect(response.body.code).toBe('validation_failed');
      expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
    };
    const before = (await request(t.http).get(absences).set(admin).expect(200)).body;
    for (const [startsAt, endsAt, field] of [
      ['2026-02-30T10:00+01:00', '2026-03-02T12:00+01:00', 'startsAt'], // would be 2 March
      ['2026-05-01T10:00+02:00', '2026-13-01T10:00+01:00', 'endsAt'], // no month 13
      ['2026-05-01T10:00+14:61', '2026-05-01T12:00+02:00', 'startsAt'], // no such offset
      ['2026-05-01T10:00+02:00', '2026-05-01T12:00+15:00', 'endsAt'], // beyond +14:00
      ['2026-05-01T10:00-12:30', '2026-05-02T12:00+02:00', 'startsAt'], // beyond -12:00
      ['2026-05-01T24:00+02:00', '2026-05-02T12:00+02:00', 'startsAt'], // rolls into the next day
      ['2026-05-01T10:00:60+02:00', '2026-05-02T12:00+02:00', 'startsAt'],
      ['2026-05-01T10:00+02:00', undefined, 'endsAt'],
    ] as const) {
      await refused(request(t.http).post(absences).set(admin).send({ startsAt, endsAt }), field);
    }
    await refused(
      request(t.http)
        .post(absences)
        .set(admin)
        .send({ startDate: '2026-02-30', endDate: '2026-03-02' }),
      'startDate',
    );
    await refused(
      request(t.http).post(absences).set(admin).send({ startDate: '2026-05-01' }),
      'endDate',
    );
    await refused(
      request(t.http)
        .post(absences)
        .set(admin)
        .send({ startDate: '2026-05-01', endDate: '2026-05-01', startsAt: 'soon' }),
      'startsAt',
    );
    const both = await request(t.http)
      .post(absences)
      .set(admin)
      .send({
        startDate: '2026-05-01',
        endDate: '2026-05-01',
        startsAt: '2026-05-01T10:00+02:00',
        endsAt: '2026-05-01T12:00+02:00',
      })
      .expect(400);
    expect(both.body.details[0].field).toBe('startsAt');
    expect((await request(t.http).get(absences).set(admin).expect(200)).body).toEqual(before);

    await refused(
      request(t.http)
        .post(`/api/counsellors/${counsellorId}/rules`)
        .set(admin)
        .send({ weekday: 1, start: '18:00', end: '19:00', validFrom: '2026-02-29' }),
      'validFrom',
    );
    await refused(
      request(t.http)
        .post(`/api/counsellors/${counsellorId}/rules`)
        .set(admin)
        .send({ weekday: 1, start: '18:00', end: '19:00', validUntil: '9999-12-31' }),
      'validUntil',
    );
    await refused(
      request(t.http)
        .post(`/api/counsellors/${counsellorId}/extra-hours`)
        .set(admin)
        .send({ date: '2026-04-31', start: '18:00', end: '19:00' }),
      'date',
    );
    await refused(request(t.http).put('/api/admin/holidays/2026-02-30/open').set(admin), 'date');
    await refused(
      request(t.http)
        .get('/api/appointments')
        .query({ from: '2026-02-30', to: '2026-03-02' })
        .set(admin),
      'from',
    );
    await refused(
      request(t.http)
        .get('/api/admin/notifications/metrics')
        .query({ since: '2026-05-01T10:00+14:61' })
        .set(admin),
      'since',
    );
    await refused(
      request(t.http)
        .get('/api/admin/notifications/failed')
        .query({ before: '2026-02-30T10:00:00Z' })
        .set(admin),
      'before',
    );
    await refused(
      request(t.http).get('/api/public/slots').query({
        consultationTypeId: santiagoTypeId,
        from: '2026-05-01T00:00+14:61',
        to: '2026-05-02',
      }),
      'from',
    );
  });

  it('refuses __proto__, constructor and prototype keys anywhere in a request (400)', async () => {
    const valid = { displayName: 'Proto Type', languages: ['de'], topics: ['work'] };
    for (const text of [
      '{"__proto__":{"active":false},"displayName":"Proto Type","languages":["de"],"topics":["work"]}',
      '{"constructor":{"prototype":{"x":1}},"displayName":"Proto Type","languages":["de"],"topics":["work"]}',
      '{"prototype":1,"displayName":"Proto Type","languages":["de"],"topics":["work"]}',
    ]) {
      const response = await request(t.http)
        .post('/api/admin/counsellors')
        .set(admin)
        .set('Content-Type', 'application/json')
        .send(text)
        .expect(400);
      expect(response.body.code).toBe('forbidden_field');
    }
    const nested = await request(t.http)
      .post(`/api/admin/consultation-types`)
      .set(admin)
      .set('Content-Type', 'application/json')
      .send(
        '{"name":{"de":"X","__proto__":{"polluted":true}},"topic":"work","durationMinutes":30,"stepMinutes":30,"bufferBeforeMinutes":0,"bufferAfterMinutes":0,"minNoticeMinutes":0,"horizonDays":10,"channel":"video"}',
      )
      .expect(400);
    expect(nested.body).toMatchObject({
      code: 'forbidden_field',
      details: [{ field: 'name.__proto__' }],
    });
    const query = await request(t.http)
      .get('/api/public/slots')
      .query(`consultationTypeId=${santiagoTypeId}&from=2026-06-02&to=2026-06-02&constructor=x`)
      .expect(400);
    expect(query.body.code).toBe('forbidden_field');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const names = (
      await request(t.http).get('/api/admin/counsellors').set(admin).expect(200)
    ).body.map((c: { displayName: string }) => c.displayName);
    expect(names).not.toContain(valid.displayName);
  });
});
