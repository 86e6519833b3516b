import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingService } from '@app/appointments';
import { hashToken, SqlState, sqlState } from '@app/common';
import { PrivacyService } from '@app/privacy';
import { WaitlistMatcher } from '@app/waitlist';
import { SmtpSink, type ReceivedMail } from './support/smtp-sink.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const BASE = 'https://sprechstunde.test';
const HOLD_MINUTES = 30;
/** Tuesday 8 December 2026 in Berlin: the counsellor's only hours, 09:00–10:00, two slots. */
const DAY = '2026-12-08';
const NINE = '2026-12-08T09:00:00+01:00';
const HALF_PAST_NINE = '2026-12-08T09:30:00+01:00';

function linkToken(mail: ReceivedMail, path: string): string {
  const match = new RegExp(`https://sprechstunde\\.test/${path}#token=([A-Za-z0-9_-]{43})`).exec(
    mail.parsed.text ?? '',
  );
  if (!match) throw new Error(`no ${path} link in: ${mail.parsed.text}`);
  return match[1];
}

/**
 * The waitlist over HTTP: clients join for a type, language and days; a cancellation frees a time,
 * which is held for the first client waiting and offered by mail; they take it (a booking with its
 * confirmation) or let it lapse, and then it goes to the next client. The hold lives in the
 * database: nobody books a held time, and two holds never overlap.
 */
describe('waitlist', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: { Authorization: string };
  let counsellor: { id: string; auth: { Authorization: string } };
  let typeId: string;
  let address = 0;

  const setClock = (iso: string) =>
    t.clock.advance(new Date(iso).getTime() - t.clock.now().getTime());
  const nextAddress = (name: string) => `${name.toLowerCase()}${++address}@example.org`;
  const joinBody = (overrides: Record<string, unknown> = {}) => ({
    consultationTypeId: typeId,
    language: 'fa',
    from: DAY,
    to: DAY,
    pseudonym: 'Sara',
    clientLanguage: 'fa',
    contact: { channel: 'email', value: nextAddress('sara') },
    privacyAccepted: true,
    ...overrides,
  });
  const join = (overrides: Record<string, unknown> = {}) =>
    request(t.http).post('/api/public/waitlist').send(joinBody(overrides));
  /** Joins and answers the entry token and the address its messages go to. */
  const joined = async (pseudonym: string, clientLanguage: string) => {
    // The line is in the order of joining: one client a second, as in life (the test clock stands).
    t.clock.advance(1_000);
    const email = nextAddress(pseudonym);
    const answer = await join({
      pseudonym,
      clientLanguage,
      contact: { channel: 'email', value: email },
    }).expect(201);
    return { token: answer.body.entryToken as string, email };
  };
  const entry = (token: string) =>
    request(t.http).get('/api/public/waitlist/entry').set('X-Waitlist-Token', token);
  const answer = (token: string, action: 'accept' | 'decline' | 'cancel') =>
    request(t.http).post(`/api/public/waitlist/entry/${action}`).set('X-Waitlist-Token', token);
  const book = (start: string) =>
    request(t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: typeId,
        start,
        pseudonym: 'Booked',
        language: 'de',
        contact: { channel: 'email', value: nextAddress('booked') },
      });
  const freeStarts = async () => {
    const found = await request(t.http)
      .get('/api/public/slots')
      .query({ consultationTypeId: typeId, from: DAY, to: DAY, timeZone: 'Europe/Berlin' })
      .expect(200);
    return (found.body.slots as { start: string }[]).map((slot) => new Date(slot.start).getTime());
  };
  const offerMail = async (email: string) => {
    await smtp.waitFor(() => smtp.to(email).length > 0);
    return smtp.to(email)[0];
  };
  const matcher = () => t.app.get(WaitlistMatcher);
  const heldRows = async () =>
    (
      await t.dataSource.query<{ starts_at: Date }[]>(
        `SELECT starts_at FROM appointment WHERE status = 'held' ORDER BY starts_at`,
      )
    ).map((row) => row.starts_at.getTime());

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({
      env: {
        SMTP_URL: smtp.url,
        PUBLIC_BASE_URL: BASE,
        BOOKING_RATE_LIMIT_PER_MINUTE: '10000',
        MANAGE_RATE_LIMIT_PER_MINUTE: '10000',
        WAITLIST_HOLD_MINUTES: String(HOLD_MINUTES),
        RETENTION_DAYS: '30',
      },
    });
    setClock('2026-12-07T08:00:00Z'); // Monday 09:00 in Berlin
    admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    const login = await t.login('counsellor', 'parisa@office.sprechstunde.test');
    const created = await request(t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({
        displayName: 'Parisa',
        languages: ['fa', 'de'],
        topics: ['residence'],
        staffId: login.id,
      })
      .expect(201);
    counsellor = { id: created.body.id, auth: { Authorization: `Bearer ${login.token}` } };
    await request(t.http)
      .post(`/api/counsellors/${counsellor.id}/rules`)
      .set(admin)
      .send({ weekday: 2, start: '09:00', end: '10:00' })
      .expect(201);
    typeId = (
      await request(t.http)
        .post('/api/admin/consultation-types')
        .set(admin)
        .send({
          name: { de: 'Aufenthalt', en: 'Residence', fa: 'اقامت' },
          topic: 'residence',
          durationMinutes: 30,
          stepMinutes: 30,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 0,
          horizonDays: 60,
          channel: 'video',
          reminderOffsetsMinutes: [1440],
          counsellorIds: [counsellor.id],
        })
        .expect(201)
    ).body.id;
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('refuses bad requests to join with clear 4xx answers and the same 404 for any unknown token', async () => {
    const refused = async (
      overrides: Record<string, unknown>,
      status: number,
      expected: { code?: string; field?: string },
    ) => {
      const answer = await join(overrides).expect(status);
      if (expected.code) expect(answer.body.code).toBe(expected.code);
      if (expected.field) expect(JSON.stringify(answer.body)).toContain(expected.field);
    };
    await refused({ privacyAccepted: false }, 400, { field: 'privacyAccepted' });
    await refused({ pseudonym: '   ' }, 400, { field: 'pseudonym' });
    await refused({ from: '8.12.2026' }, 400, { field: 'from' });
    await refused({ contact: { channel: 'email', value: 'not-an-address' } }, 400, {
      field: 'contact',
    });
    await refused({ from: '2026-12-06', to: '2026-12-08' }, 400, {
      code: 'waitlist_range_invalid',
      field: 'from',
    });
    await refused({ from: '2026-12-09', to: '2026-12-08' }, 400, {
      code: 'waitlist_range_invalid',
      field: 'to',
    });
    await refused({ from: '2026-12-08', to: '2027-01-20' }, 400, {
      code: 'waitlist_range_invalid',
    });
    await refused({ language: 'ar' }, 400, { code: 'waitlist_language_not_offered' });
    // No SMS gateway here: an offer could not reach a phone number.
    await refused({ contact: { channel: 'phone', value: '+49 176 12345678' } }, 400, {
      code: 'waitlist_contact_unreachable',
    });
    await refused({ consultationTypeId: '00000000-0000-4000-8000-000000000000' }, 404, {});
    await refused({ consultationTypeId: 'nope' }, 400, { field: 'consultationTypeId' });

    // Three live entries per contact, as for bookings (MAX_WAITLIST_ENTRIES_PER_CONTACT).
    const same = { channel: 'email', value: 'Same.Person@Example.org' };
    const tokens: string[] = [];
    for (let i = 0; i < 3; i += 1)
      tokens.push((await join({ contact: same }).expect(201)).body.entryToken);
    const fourth = await join({ contact: { ...same, value: 'same.person@example.org' } }).expect(
      409,
    );
    expect(fourth.body.code).toBe('too_many_waitlist_entries');
    for (const token of tokens) await answer(token, 'cancel').expect(200);
    await join({ contact: same })
      .expect(201)
      .then((r) => answer(r.body.entryToken, 'cancel').expect(200));

    await entry('x'.repeat(43)).expect(404);
    await entry('short').expect(404);
    await request(t.http).get('/api/public/waitlist/entry').expect(404);
    const ended = await answer(tokens[0], 'accept').expect(409);
    expect(ended.body.code).toBe('waitlist_entry_ended');
  });

  it('holds a cancelled time for the first waitlisted client, offers it, and books it when taken', async () => {
    const nine = await book(NINE).expect(201);
    await book(HALF_PAST_NINE).expect(201);
    expect(await freeStarts()).toEqual([]);

    const sara = await joined('Sara', 'fa');
    const omid = await joined('Omid', 'de');
    expect((await entry(sara.token).expect(200)).body).toMatchObject({
      status: 'waiting',
      from: DAY,
      to: DAY,
      language: 'fa',
      offer: null,
      timeZone: 'Europe/Berlin',
    });
    expect((await matcher().run()).offered).toBe(0);

    // The cancellation's event reaches the matcher through the outbox: no run by hand.
    await request(t.http)
      .post('/api/public/manage/cancel')
      .set('X-Manage-Token', nine.body.manageToken)
      .expect(200);
    const mail = await offerMail(sara.email);
    expect(mail.parsed.headers.get('content-language')).toBe('fa');
    expect(mail.parsed.html).toContain('dir="rtl"');
    expect(mail.parsed.text).toContain('اقامت');
    const offerToken = linkToken(mail, 'waitlist/offer');

    const offered = (await entry(offerToken).expect(200)).body;
    expect(offered.status).toBe('offered');
    expect(new Date(offered.offer.startsAt).getTime()).toBe(new Date(NINE).getTime());
    expect(new Date(offered.offer.expiresAt).getTime()).toBe(
      t.clock.now().getTime() + HOLD_MINUTES * 60_000,
    );
    expect((await entry(omid.token).expect(200)).body.status).toBe('waiting');

    // Held in the database: not offered by the search, refused to anyone booking it.
    expect(await freeStarts()).toEqual([]);
    const taken = await book(NINE).expect(409);
    expect(taken.body.message).toMatch(/no longer free/);
    // Staff see no appointment in it yet.
    const listed = await request(t.http)
      .get('/api/appointments')
      .query({ from: DAY, to: DAY })
      .set(counsellor.auth)
      .expect(200);
    expect(listed.body.map((a: { status: string }) => a.status).sort()).toEqual([
      'cancelled',
      'confirmed',
    ]);

    const accepted = await answer(offerToken, 'accept').expect(200);
    expect(accepted.body.entry.status).toBe('booked');
    expect(accepted.body.appointment).toMatchObject({
      status: 'confirmed',
      pseudonym: 'Sara',
      language: 'fa',
      counsellorLanguage: 'fa',
      contact: { channel: 'email', value: sara.email },
    });
    expect(new Date(accepted.body.appointment.start).getTime()).toBe(new Date(NINE).getTime());
    // The normal confirmation: a mail with a manage link of its own.
    await smtp.waitFor(() => smtp.to(sara.email).length === 2);
    const manage = linkToken(smtp.to(sara.email)[1], 'manage');
    const managed = await request(t.http)
      .get('/api/public/manage')
      .set('X-Manage-Token', manage)
      .expect(200);
    expect(managed.body).toMatchObject({ pseudonym: 'Sara', status: 'confirmed' });
    await request(t.http)
      .get('/api/public/manage')
      .set('X-Manage-Token', accepted.body.manageToken)
      .expect(200);
    expect(await heldRows()).toEqual([]);
    await answer(offerToken, 'accept').expect(409);
    await answer(omid.token, 'cancel').expect(200);
  });

  it('passes an unanswered offer on to the next client once the hold has run out', async () => {
    const omid = await joined('Omid', 'de');
    const lina = await joined('Lina', 'en');
    const [halfPast] = (
      await request(t.http)
        .get('/api/appointments')
        .query({ from: DAY, to: DAY })
        .set(counsellor.auth)
        .expect(200)
    ).body.filter(
      (a: { status: string; startsAt: string }) =>
        a.status === 'confirmed' &&
        new Date(a.startsAt).getTime() === new Date(HALF_PAST_NINE).getTime(),
    );
    await request(t.http)
      .post(`/api/appointments/${halfPast.id}/cancel`)
      .set(counsellor.auth)
      .send({ reason: 'Counsellor ill' })
      .expect(200);
    const omidMail = await offerMail(omid.email);
    expect(omidMail.parsed.subject).toContain('Ein Termin ist frei geworden');
    expect((await entry(omid.token).expect(200)).body.status).toBe('offered');
    expect((await entry(lina.token).expect(200)).body.status).toBe('waiting');

    // Just before the end of the hold nothing moves; after it, the time goes to Lina.
    t.clock.advance(HOLD_MINUTES * 60_000 - 1_000);
    expect((await matcher().run()).lapsed).toBe(0);
    t.clock.advance(2_000);
    const result = await matcher().run();
    expect(result).toMatchObject({ lapsed: 1, offered: 1 });
    expect((await entry(omid.token).expect(200)).body).toMatchObject({
      status: 'expired',
      offer: null,
    });
    const late = await answer(linkToken(omidMail, 'waitlist/offer'), 'accept').expect(409);
    expect(late.body.code).toBe('waitlist_entry_ended');
    const linaMail = await offerMail(lina.email);
    expect(linaMail.parsed.subject).toContain('An appointment has become free');
    const linaView = (await entry(lina.token).expect(200)).body;
    expect(new Date(linaView.offer.startsAt).getTime()).toBe(new Date(HALF_PAST_NINE).getTime());
    expect(await heldRows()).toEqual([new Date(HALF_PAST_NINE).getTime()]);

    // Declined: the time is free again, and not offered to Lina a second time.
    const declined = await answer(lina.token, 'decline').expect(200);
    expect(declined.body).toMatchObject({ status: 'waiting', offer: null });
    await matcher().run();
    expect(await heldRows()).toEqual([]);
    expect(await freeStarts()).toEqual([new Date(HALF_PAST_NINE).getTime()]);
    expect((await entry(lina.token).expect(200)).body.status).toBe('waiting');
    await answer(lina.token, 'cancel').expect(200);
    await answer(lina.token, 'cancel').expect(409);
  });

  it('never holds one time twice: the database admits one hold per free time', async () => {
    const booking = t.app.get(BookingService);
    const holdFor = (name: string) =>
      booking.hold({
        consultationTypeId: typeId,
        start: new Date(HALF_PAST_NINE),
        pseudonym: name,
        language: 'de',
        contact: { channel: 'email', value: nextAddress(name) },
        expiresAt: new Date(t.clock.now().getTime() + HOLD_MINUTES * 60_000),
      });
    // Ten at once, as ten matchers in ten processes would: exactly one gets the time.
    const holds = await Promise.all(Array.from({ length: 10 }, (_, i) => holdFor(`Racer ${i}`)));
    expect(holds.filter((hold) => hold !== null)).toHaveLength(1);
    expect(await heldRows()).toEqual([new Date(HALF_PAST_NINE).getTime()]);
    // Not even a write past the application gets a second hold in.
    const error = await t.dataSource
      .query(
        `INSERT INTO appointment (office_id, consultation_type_id, counsellor_id, starts_at, ends_at, status, hold_expires_at)
         SELECT office_id, consultation_type_id, counsellor_id, starts_at, ends_at, 'held', hold_expires_at
           FROM appointment WHERE status = 'held'`,
      )
      .catch((e: unknown) => e);
    expect(sqlState(error)).toBe(SqlState.exclusionViolation);
    await booking.releaseHold((holds.find((hold) => hold !== null) as { id: string }).id);

    // Two clients waiting, one freed time: one offer, the other waits on.
    const first = await joined('First', 'de');
    const second = await joined('Second', 'de');
    await Promise.all([matcher().run(), matcher().run()]);
    expect((await entry(first.token).expect(200)).body.status).toBe('offered');
    expect((await entry(second.token).expect(200)).body.status).toBe('waiting');
    expect(await heldRows()).toEqual([new Date(HALF_PAST_NINE).getTime()]);
    await answer(first.token, 'cancel').expect(200);
    // Leaving frees the time for the next client at once.
    await smtp.waitFor(() => smtp.to(second.email).length === 1);
    expect((await entry(second.token).expect(200)).body.status).toBe('offered');
    expect(await heldRows()).toEqual([new Date(HALF_PAST_NINE).getTime()]);
    await answer(second.token, 'cancel').expect(200);
    expect(await heldRows()).toEqual([]);
  });

  it('offers times of new hours too: the periodic run finds what no event announced', async () => {
    admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    const thursday = '2026-12-10';
    const email = nextAddress('Nadia');
    t.clock.advance(1_000);
    const nadia = (
      await join({
        from: thursday,
        to: thursday,
        pseudonym: 'Nadia',
        contact: { channel: 'email', value: email },
      }).expect(201)
    ).body.entryToken as string;
    expect((await matcher().run()).offered).toBe(0);
    const rule = await request(t.http)
      .post(`/api/counsellors/${counsellor.id}/rules`)
      .set(admin)
      .send({ weekday: 4, start: '14:00', end: '14:30' })
      .expect(201);
    expect((await matcher().run()).offered).toBe(1);
    const offered = (await entry(nadia).expect(200)).body;
    expect(new Date(offered.offer.startsAt).getTime()).toBe(
      new Date('2026-12-10T14:00:00+01:00').getTime(),
    );
    await offerMail(email);
    await answer(nadia, 'cancel').expect(200);
    expect(await heldRows()).toEqual([]);
    await request(t.http)
      .delete(`/api/counsellors/${counsellor.id}/rules/${rule.body.id}`)
      .set(admin)
      .expect((r) => expect(r.status).toBeLessThan(300));
  });

  it('shows admins the unmet demand without client data, and erases entries with the retention', async () => {
    // The clock moved past the sessions' idle end: fresh logins.
    admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    const someCounsellor = { Authorization: `Bearer ${(await t.login('counsellor')).token}` };
    const overview = await request(t.http).get('/api/admin/waitlist').set(admin).expect(200);
    const text = JSON.stringify(overview.body);
    expect(text).not.toMatch(/@example\.org|Sara|Omid|Lina/i);
    const count = (status: string) =>
      (overview.body.counts as { status: string; entries: number; language: string }[])
        .filter((c) => c.status === status && c.language === 'fa')
        .reduce((sum, c) => sum + c.entries, 0);
    expect(count('booked')).toBe(1);
    expect(count('expired')).toBe(1);
    await request(t.http).get('/api/admin/waitlist').set(someCounsellor).expect(403);
    await request(t.http).get('/api/admin/waitlist').query({ days: 0 }).set(admin).expect(400);

    // A waiting entry whose days have passed expires, and its data goes 30 days after it ended.
    const late = await joined('Late', 'de');
    setClock('2026-12-09T00:30:00Z');
    expect((await matcher().run()).expired).toBe(1);
    expect((await entry(late.token).expect(200)).body.status).toBe('expired');
    setClock('2027-01-09T12:00:00Z');
    const purged = await t.app.get(PrivacyService).purgeExpired();
    expect(purged.waitlistEntriesErased).toBeGreaterThanOrEqual(6);
    await entry(late.token).expect(404);
    // Every entry has ended by now: none keeps a pseudonym, an address or a link.
    const [left] = await t.dataSource.query<{ personal: number; tokens: number }[]>(
      `SELECT (SELECT count(*)::int FROM waitlist_entry
                WHERE pseudonym IS NOT NULL OR contact_value IS NOT NULL) AS personal,
              (SELECT count(*)::int FROM waitlist_token) AS tokens`,
    );
    expect(left).toEqual({ personal: 0, tokens: 0 });
    expect(
      await t.dataSource.query(`SELECT 1 FROM waitlist_token t WHERE t.token_hash = $1`, [
        hashToken(late.token),
      ]),
    ).toEqual([]);
    // The anonymous counts stay.
    admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    const after = await request(t.http)
      .get('/api/admin/waitlist')
      .query({ days: 90 })
      .set(admin)
      .expect(200);
    expect(after.body.counts.length).toBeGreaterThan(0);
  });
});
