import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * Moving an appointment by its manage link: the slot picker asks for the times this appointment can
 * move to, where its own time is free (a move to 30 minutes later within a 60-minute appointment is
 * an update of the same row), and the reschedule accepts exactly those.
 */
describe('reschedule: times next to and over the own appointment', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let typeId: string;
  let arabicId: string;
  let contacts = 0;

  const DAY = '2026-06-03'; // a Wednesday
  const at = (time: string) => `${DAY}T${time}:00+02:00`;
  const hhmm = (slots: { start: string }[]) => slots.map((slot) => slot.start.slice(11, 16));

  const book = async (time: string, extra: object = {}) => {
    contacts += 1;
    const response = await request(t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: typeId,
        start: at(time),
        pseudonym: 'Mariam',
        language: 'ar',
        timeZone: 'Europe/Berlin',
        contact: { channel: 'email', value: `client${contacts}@example.org` },
        ...extra,
      })
      .expect(201);
    return {
      id: response.body.appointment.id as string,
      token: response.body.manageToken as string,
    };
  };
  const publicSlots = async (query: object = {}) =>
    hhmm(
      (
        await request(t.http)
          .get('/api/public/slots')
          .query({ consultationTypeId: typeId, from: DAY, to: DAY, ...query })
          .expect(200)
      ).body.slots,
    );
  const moveSlots = (token: string, query: object = {}) =>
    request(t.http)
      .get('/api/public/manage/slots')
      .set('X-Manage-Token', token)
      .query({ from: DAY, to: DAY, timeZone: 'Europe/Berlin', ...query });

  beforeAll(async () => {
    t = await createTestApp({
      env: { BOOKING_RATE_LIMIT_PER_MINUTE: '10000', MANAGE_RATE_LIMIT_PER_MINUTE: '10000' },
    });
    t.clock.advance(new Date('2026-05-25T08:00:00Z').getTime() - t.clock.now().getTime());
    admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    const counsellor = async (displayName: string, languages: string[], hours: string[]) => {
      const created = await request(t.http)
        .post('/api/admin/counsellors')
        .set(admin)
        .send({ displayName, languages, topics: ['residence'], timeZone: 'Europe/Berlin' })
        .expect(201);
      await request(t.http)
        .post(`/api/counsellors/${created.body.id}/rules`)
        .set(admin)
        .send({ weekday: 3, start: hours[0], end: hours[1] })
        .expect(201);
      return created.body.id as string;
    };
    // The Arabic speaker works 09–13; a German-only colleague 13–17.
    arabicId = await counsellor('Amira', ['ar', 'de'], ['09:00', '13:00']);
    const germanId = await counsellor('Gerd', ['de'], ['13:00', '17:00']);
    typeId = (
      await request(t.http)
        .post('/api/admin/consultation-types')
        .set(admin)
        .send({
          name: { de: 'Aufenthalt' },
          topic: 'residence',
          durationMinutes: 60,
          stepMinutes: 30,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 15,
          minNoticeMinutes: 60,
          horizonDays: 60,
          channel: 'video',
          counsellorIds: [arabicId, germanId],
        })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  it('offers the times overlapping and next to the own appointment, and the move onto them succeeds', async () => {
    const mine = await book('10:00', { counsellorLanguage: 'ar' });
    // For everybody else, 10:00–11:15 stays busy (the hour and its 15 minutes after), and so do
    // starts whose own hour and buffer would reach into it.
    expect(await publicSlots({ counsellorId: arabicId })).toEqual(['11:30', '12:00']);

    const offered = await moveSlots(mine.token).expect(200);
    // Its own time is free for it: 30 minutes later, earlier, right after; its current start is
    // no new time; the German-only colleague's afternoon is not offered to an Arabic booking.
    expect(hhmm(offered.body.slots)).toEqual([
      '09:00',
      '09:30',
      '10:30',
      '11:00',
      '11:30',
      '12:00',
    ]);
    expect(offered.body.timeZone).toBe('Europe/Berlin');
    expect(offered.body.counsellors).toEqual([
      { id: arabicId, displayName: 'Amira', languages: ['ar', 'de'] },
    ]);

    // Every time offered is one the move accepts: 30 minutes later, within the hour it holds now.
    const moved = await request(t.http)
      .post('/api/public/manage/reschedule')
      .set('X-Manage-Token', mine.token)
      .send({ start: at('10:30') })
      .expect(200);
    expect(moved.body).toMatchObject({
      start: at('10:30'),
      end: at('11:30'),
      counsellor: { displayName: 'Amira' },
    });
    expect(await publicSlots({ counsellorId: arabicId })).toEqual(['09:00', '12:00']);
    expect(hhmm((await moveSlots(mine.token).expect(200)).body.slots)).toEqual([
      '09:00',
      '09:30',
      '10:00',
      '11:00',
      '11:30',
      '12:00',
    ]);
  });

  it('keeps everyone else’s appointments busy, and takes no appointment id from the query', async () => {
    // The German-speaking colleague's afternoon: another client 14:00–15:15 (with its buffer),
    // this one 16:00–17:00.
    const other = await book('14:00');
    const mine = await book('16:00');
    const afternoon = (times: string[]) => times.filter((time) => time >= '13:00');
    expect(afternoon(await publicSlots())).toEqual([]);
    const offered = hhmm((await moveSlots(mine.token).expect(200)).body.slots);
    // 15:30 overlaps only its own time; up to 15:15 the other client's stays busy.
    expect(afternoon(offered)).toEqual(['15:30']);
    // The other appointment's id cannot be passed to free its time.
    const smuggled = await moveSlots(mine.token, { ignoreAppointmentId: other.id }).expect(400);
    expect(smuggled.body.code).toBe('validation_failed');
    await moveSlots(mine.token, { consultationTypeId: typeId }).expect(400);
    await request(t.http)
      .post('/api/public/manage/reschedule')
      .set('X-Manage-Token', mine.token)
      .send({ start: at('14:30') })
      .expect(409);
  });

  it('needs a valid manage link of an appointment that may still be moved', async () => {
    await request(t.http).get('/api/public/manage/slots').query({ from: DAY, to: DAY }).expect(404);
    await moveSlots('A'.repeat(43)).expect(404);
    const mine = await book('12:00');
    await moveSlots(mine.token, { from: DAY, to: '2026-07-30' }).expect(400);
    await request(t.http)
      .post('/api/public/manage/cancel')
      .set('X-Manage-Token', mine.token)
      .send({})
      .expect(200);
    await moveSlots(mine.token).expect(422);
  });
});
