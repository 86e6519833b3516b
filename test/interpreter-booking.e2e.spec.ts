import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WaitlistMatcher } from '@app/waitlist';
import { defaultOfficeId, insertOffice } from './support/offices.js';
import { createTestApp, type TestApp, unexpectedAnswers } from './support/test-app.js';

const DAY = '2026-06-01'; // a Monday; every time below is Europe/Berlin (+02:00)
const hm = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

/**
 * Interpreters as a bookable resource, over HTTP: the slot search intersects counsellors with the
 * interpreters for the language asked for (the office's own and those of the pools it chose), the
 * booking takes both at once, the database refuses double-booking an interpreter, and reschedule
 * and cancel carry the interpreter along.
 */
describe('booking an interpreter with the counsellor', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let officeId: string;
  let poolId: string;
  let typeId: string;
  let amiraId: string;
  let lesiaId: string;
  let tesfayId: string;
  let selamId: string;
  let hagosId: string;
  let contacts = 0;

  /** A roster person of kind interpreter with weekly rules, written directly. */
  const interpreter = async (
    office: string,
    displayName: string,
    languages: string[],
    rules: [weekday: number, start: string, end: string][],
  ): Promise<string> => {
    const [row] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO counsellor (office_id, display_name, kind, languages, topics, time_zone)
       VALUES ($1, $2, 'interpreter', $3, '{}', 'Europe/Berlin') RETURNING id`,
      [office, displayName, languages],
    );
    for (const [weekday, start, end] of rules) {
      await t.dataSource.query(
        'INSERT INTO availability_rule (counsellor_id, weekday, start_minute, end_minute) VALUES ($1, $2, $3, $4)',
        [row.id, weekday, hm(start), hm(end)],
      );
    }
    return row.id;
  };

  const slots = async (query: object = {}): Promise<string[]> =>
    (
      await request(t.http)
        .get('/api/public/slots')
        .query({ consultationTypeId: typeId, from: DAY, to: DAY, ...query })
        .expect(200)
    ).body.slots.map((slot: { start: string }) => slot.start.slice(11, 16));

  const bookBody = (time: string, extra: object = {}) => ({
    consultationTypeId: typeId,
    start: `${DAY}T${time}:00+02:00`,
    pseudonym: 'Yonas',
    language: 'en',
    timeZone: 'Europe/Berlin',
    contact: { channel: 'email', value: `client${++contacts}@example.org` },
    interpreterLanguage: 'ti',
    ...extra,
  });
  const book = (body: object) => request(t.http).post('/api/public/appointments').send(body);
  const manage = (token: string) => ({ 'X-Manage-Token': token });
  const row = async (id: string) =>
    (
      await t.dataSource.query<
        { interpreterId: string | null; language: string | null; counsellorId: string }[]
      >(
        `SELECT interpreter_id AS "interpreterId", interpreter_language AS language,
                counsellor_id AS "counsellorId" FROM appointment WHERE id = $1`,
        [id],
      )
    )[0];
  const interpreterLanguages = async (): Promise<string[]> =>
    (
      (await request(t.http).get('/api/public/consultation-types').expect(200)).body as {
        id: string;
        interpreterLanguages: string[];
      }[]
    ).find((type) => type.id === typeId)?.interpreterLanguages ?? [];

  beforeAll(async () => {
    t = await createTestApp({
      env: { BOOKING_RATE_LIMIT_PER_MINUTE: '10000', MANAGE_RATE_LIMIT_PER_MINUTE: '10000' },
    });
    t.clock.advance(new Date('2026-05-25T08:00:00Z').getTime() - t.clock.now().getTime());
    admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    officeId = await defaultOfficeId(t.dataSource);
    const counsellor = async (displayName: string) => {
      const created = await request(t.http)
        .post('/api/admin/counsellors')
        .set(admin)
        .send({ displayName, languages: ['de', 'en'], topics: ['residence'] })
        .expect(201);
      for (const weekday of [1, 2, 3, 4, 5]) {
        await request(t.http)
          .post(`/api/counsellors/${created.body.id}/rules`)
          .set(admin)
          .send({ weekday, start: '09:00', end: '17:00' })
          .expect(201);
      }
      return created.body.id as string;
    };
    amiraId = await counsellor('Amira Haddad');
    lesiaId = await counsellor('Lesia Petrenko');
    typeId = (
      await request(t.http)
        .post('/api/admin/consultation-types')
        .set(admin)
        .send({
          name: { de: 'Beratung', en: 'Consultation' },
          topic: 'residence',
          durationMinutes: 60,
          stepMinutes: 60,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 120,
          horizonDays: 60,
          channel: 'video',
          counsellorIds: [amiraId, lesiaId],
        })
        .expect(201)
    ).body.id;
    // The office's own Tigrinya interpreter, Mondays 10–13.
    tesfayId = await interpreter(
      officeId,
      'Tesfay Gebre',
      ['ti', 'am'],
      [
        [1, '10:00', '13:00'],
        [2, '09:00', '12:00'],
      ],
    );
    // A second one on Tuesdays only.
    hagosId = await interpreter(officeId, 'Hagos Berhe', ['ti'], [[2, '09:00', '12:00']]);
    // A pool's interpreter, Mondays 14–16: only once the office chose the pool.
    poolId = await insertOffice(t.dataSource, { slug: 'dolmetschpool' });
    await t.dataSource.query(`UPDATE office SET kind = 'interpreter_pool' WHERE id = $1`, [poolId]);
    selamId = await interpreter(poolId, 'Selam Tesfaye', ['ti', 'kmr'], [[1, '14:00', '16:00']]);
    // An inactive interpreter is never offered.
    const inactive = await interpreter(officeId, 'Inaktiv', ['ti', 'fa'], [[1, '09:00', '17:00']]);
    await t.dataSource.query('UPDATE counsellor SET active = false WHERE id = $1', [inactive]);
  });
  afterAll(() => t.close());

  it('offers only the times when a counsellor and a Tigrinya interpreter are both free', async () => {
    expect(await slots()).toEqual([
      '09:00',
      '10:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
    ]);
    expect(await slots({ interpreterLanguage: 'ti' })).toEqual(['10:00', '11:00', '12:00']);
    // Kurmanji only in the pool (not chosen), Farsi only with an inactive interpreter: nothing.
    expect(await slots({ interpreterLanguage: 'kmr' })).toEqual([]);
    expect(await slots({ interpreterLanguage: 'fa' })).toEqual([]);
    expect(await interpreterLanguages()).toEqual(['am', 'ti']);
    // The interpreter's absence is seen at once (their roster version), and its end too.
    const [absence] = await t.dataSource.query<{ id: string }[]>(
      'INSERT INTO absence (counsellor_id, starts_at, ends_at) VALUES ($1, $2, $3) RETURNING id',
      [tesfayId, `${DAY}T11:00:00+02:00`, `${DAY}T12:00:00+02:00`],
    );
    expect(await slots({ interpreterLanguage: 'ti' })).toEqual(['10:00', '12:00']);
    await t.dataSource.query('DELETE FROM absence WHERE id = $1', [absence.id]);
    expect(await slots({ interpreterLanguage: 'ti' })).toEqual(['10:00', '11:00', '12:00']);
    // Interpreters never serve as counsellors.
    expect(await slots({ counsellorId: tesfayId })).toEqual([]);
  });

  it('rejects a malformed language with 400', async () => {
    const response = await request(t.http)
      .get('/api/public/slots')
      .query({ consultationTypeId: typeId, from: DAY, to: DAY, interpreterLanguage: 'tigrinya' })
      .expect(400);
    expect(response.body.code).toBe('validation_failed');
    await book(bookBody('10:00', { interpreterLanguage: 'x1' })).expect(400);
  });

  it('offers a pool’s interpreters once the office chose the pool, and no more once it is suspended', async () => {
    await t.dataSource.query(
      'INSERT INTO office_interpreter_pool (office_id, pool_id) VALUES ($1, $2)',
      [officeId, poolId],
    );
    expect(await slots({ interpreterLanguage: 'ti' })).toEqual([
      '10:00',
      '11:00',
      '12:00',
      '14:00',
      '15:00',
    ]);
    expect(await slots({ interpreterLanguage: 'kmr' })).toEqual(['14:00', '15:00']);
    expect(await interpreterLanguages()).toEqual(['am', 'kmr', 'ti']);
    await t.dataSource.query(`UPDATE office SET status = 'suspended' WHERE id = $1`, [poolId]);
    expect(await slots({ interpreterLanguage: 'kmr' })).toEqual([]);
    await t.dataSource.query(`UPDATE office SET status = 'active' WHERE id = $1`, [poolId]);
    expect(await slots({ interpreterLanguage: 'kmr' })).toEqual(['14:00', '15:00']);
  });

  it('answers a language no interpreter of the office interprets with 422', async () => {
    const response = await book(bookBody('10:00', { interpreterLanguage: 'ps' })).expect(422);
    expect(response.body.code).toBe('interpreter_language_unavailable');
  });

  it('books counsellor and interpreter at once; gives 50 racers for the last interpreter one winner; moves and cancels with the interpreter', async () => {
    const booked = await book(bookBody('10:00')).expect(201);
    const id: string = booked.body.appointment.id;
    const token: string = booked.body.manageToken;
    expect(booked.body.appointment.interpreter).toEqual({ language: 'ti', name: 'Tesfay Gebre' });
    expect(await row(id)).toMatchObject({ interpreterId: tesfayId, language: 'ti' });
    // The interpreter is taken at 10:00; a counsellor is still free then.
    expect(await slots({ interpreterLanguage: 'ti' })).toEqual([
      '11:00',
      '12:00',
      '14:00',
      '15:00',
    ]);
    expect(await slots()).toContain('10:00');
    const view = await request(t.http).get('/api/public/manage').set(manage(token)).expect(200);
    expect(view.body.interpreter).toEqual({ language: 'ti', name: 'Tesfay Gebre' });
    const exported = await request(t.http).get('/api/public/manage/export').set(manage(token));
    expect(exported.body.appointment.interpreter).toEqual({ language: 'ti', name: 'Tesfay Gebre' });

    // 11:00: two counsellors free, one interpreter. Every racer a different client.
    const racers = await Promise.all(Array.from({ length: 50 }, () => book(bookBody('11:00'))));
    const statuses = racers.map((response) => response.status);
    // Anything but a win or a conflict, named with its answer so that a failure says why.
    expect(unexpectedAnswers(racers)).toEqual([]);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    for (const response of racers.filter((r) => r.status === 409)) {
      expect(['interpreter_taken', 'slot_taken']).toContain(response.body.code);
    }
    const live = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM appointment
        WHERE interpreter_id = $1 AND status = 'confirmed' AND starts_at = $2`,
      [tesfayId, `${DAY}T11:00:00+02:00`],
    );
    expect(live[0].n).toBe(1);
    const winner = racers.find((response) => response.status === 201)?.body;
    expect(await row(winner.appointment.id)).toMatchObject({ interpreterId: tesfayId });
    // One more: a counsellor is still free at 11:00, the interpreter is not. The alternatives
    // offered have an interpreter.
    const late = await book(bookBody('11:00')).expect(409);
    expect(late.body.code).toBe('interpreter_taken');
    expect(late.body.nextFreeSlots.map((s: { start: string }) => s.start)).toContain(
      new Date(`${DAY}T12:00:00+02:00`).toISOString(),
    );

    // The manage link's search for a new time intersects with the appointment's language.
    const options = await request(t.http)
      .get('/api/public/manage/slots')
      .set(manage(token))
      .query({ from: DAY, to: DAY })
      .expect(200);
    expect(options.body.slots.map((s: { start: string }) => s.start.slice(11, 16))).toEqual([
      '12:00',
      '14:00',
      '15:00',
    ]);

    // Rescheduled to 12:00: the same interpreter, who is free then.
    const moved = await request(t.http)
      .post('/api/public/manage/reschedule')
      .set(manage(token))
      .send({ start: `${DAY}T12:00:00+02:00` })
      .expect(200);
    expect(moved.body.interpreter).toEqual({ language: 'ti', name: 'Tesfay Gebre' });
    expect(await row(id)).toMatchObject({ interpreterId: tesfayId, language: 'ti' });
    // Then to 14:00: only the pool's interpreter works then.
    await request(t.http)
      .post('/api/public/manage/reschedule')
      .set(manage(token))
      .send({ start: `${DAY}T14:00:00+02:00` })
      .expect(200);
    expect(await row(id)).toMatchObject({ interpreterId: selamId, language: 'ti' });
    // A time without any interpreter is not a slot for this appointment.
    await request(t.http)
      .post('/api/public/manage/reschedule')
      .set(manage(token))
      .send({ start: `${DAY}T09:00:00+02:00` })
      .expect(422);
    expect(await slots({ interpreterLanguage: 'ti' })).toEqual(['10:00', '12:00', '15:00']);

    // Staff see the interpreter; reassigning the counsellor keeps it.
    const staffView = await request(t.http).get(`/api/appointments/${id}`).set(admin).expect(200);
    expect(staffView.body.interpreter).toEqual({
      id: selamId,
      name: 'Selam Tesfaye',
      language: 'ti',
    });
    const other = staffView.body.counsellor.id === amiraId ? lesiaId : amiraId;
    await request(t.http)
      .post(`/api/admin/appointments/${id}/reassign`)
      .set(admin)
      .send({ counsellorId: other })
      .expect(200);
    expect(await row(id)).toMatchObject({ counsellorId: other, interpreterId: selamId });
    // Staff move it back to 15:00: the pool's interpreter again.
    const staffMoved = await request(t.http)
      .post(`/api/appointments/${id}/reschedule`)
      .set(admin)
      .send({ start: `${DAY}T15:00:00+02:00` })
      .expect(200);
    expect(staffMoved.body.interpreter).toMatchObject({ id: selamId, language: 'ti' });
    expect(await slots({ interpreterLanguage: 'ti' })).toEqual(['10:00', '12:00', '14:00']);

    // Cancelling frees the interpreter: 15:00 is offered again.
    await request(t.http).post('/api/public/manage/cancel').set(manage(token)).expect(200);
    expect(await slots({ interpreterLanguage: 'ti' })).toEqual([
      '10:00',
      '12:00',
      '14:00',
      '15:00',
    ]);
  });

  it('gives two counsellors and two interpreters free at one time to exactly two of 50 racers, each pair different', async () => {
    const tuesday = (time: string) => bookBody(time, { start: `2026-06-02T${time}:00+02:00` });
    const racers = await Promise.all(Array.from({ length: 50 }, () => book(tuesday('10:00'))));
    expect(unexpectedAnswers(racers)).toEqual([]);
    const won = racers.filter((response) => response.status === 201);
    expect(won).toHaveLength(2);
    expect(racers.filter((response) => response.status === 409)).toHaveLength(48);
    const rows = await Promise.all(won.map((response) => row(response.body.appointment.id)));
    expect(new Set(rows.map((r) => r.interpreterId))).toEqual(new Set([tesfayId, hagosId]));
    expect(new Set(rows.map((r) => r.counsellorId))).toEqual(new Set([amiraId, lesiaId]));
    // Both taken at 10:00; 09:00 and 11:00 still have both.
    expect(
      await slots({ interpreterLanguage: 'ti', from: '2026-06-02', to: '2026-06-02' }),
    ).toEqual(['09:00', '11:00']);
  });

  it('waitlists a client for an interpreter: a freed time is held with counsellor and interpreter both', async () => {
    const tuesday = '2026-06-09';
    const at = (time: string) => `${tuesday}T${time}:00+02:00`;
    // Both interpreters (and so both counsellors) taken at 09, 10 and 11: nothing left with one.
    const booked: { id: string; token: string }[] = [];
    for (const time of ['09:00', '09:00', '10:00', '10:00', '11:00', '11:00']) {
      const response = await book(bookBody(time, { start: at(time) })).expect(201);
      booked.push({ id: response.body.appointment.id, token: response.body.manageToken });
    }
    const day = { from: tuesday, to: tuesday };
    expect(await slots({ interpreterLanguage: 'ti', ...day })).toEqual([]);

    const join = (extra: object) =>
      request(t.http)
        .post('/api/public/waitlist')
        .send({
          consultationTypeId: typeId,
          from: tuesday,
          to: tuesday,
          pseudonym: 'Luwam',
          clientLanguage: 'ti',
          contact: { channel: 'email', value: `waitlist${++contacts}@example.org` },
          privacyAccepted: true,
          ...extra,
        });
    // Only a language the office has interpreters for.
    const refused = await join({ interpreterLanguage: 'fa' }).expect(422);
    expect(refused.body.code).toBe('interpreter_language_unavailable');
    await join({ interpreterLanguage: 'tigrinya' }).expect(400);
    const joined = await join({ interpreterLanguage: 'ti' }).expect(201);
    expect(joined.body.entry).toMatchObject({ status: 'waiting', interpreterLanguage: 'ti' });

    // A 10:00 client cancels: counsellor and interpreter are free then, and held for the entry.
    const freed = booked[2];
    const freedInterpreter = (await row(freed.id)).interpreterId;
    await request(t.http).post('/api/public/manage/cancel').set(manage(freed.token)).expect(200);
    await t.app.get(WaitlistMatcher).run();
    const entry = await request(t.http)
      .get('/api/public/waitlist/entry')
      .set('X-Waitlist-Token', joined.body.entryToken)
      .expect(200);
    expect(entry.body.status).toBe('offered');
    expect(new Date(entry.body.offer.startsAt).getTime()).toBe(new Date(at('10:00')).getTime());
    const [held] = await t.dataSource.query<
      { interpreterId: string; language: string; counsellorId: string }[]
    >(
      `SELECT interpreter_id AS "interpreterId", interpreter_language AS language,
              counsellor_id AS "counsellorId"
         FROM appointment WHERE status = 'held' AND starts_at = $1`,
      [at('10:00')],
    );
    expect(held).toMatchObject({ interpreterId: freedInterpreter, language: 'ti' });
    // The hold keeps the interpreter from anybody else meanwhile.
    expect(await slots({ interpreterLanguage: 'ti', ...day })).toEqual([]);
  });
});
