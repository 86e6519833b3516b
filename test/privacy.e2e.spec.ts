import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Every row of every table (the queue's too, in embedded mode), as text. */
async function everything(t: TestApp): Promise<string> {
  const tables = await t.dataSource.query<{ schema: string; name: string }[]>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const dumps = await Promise.all(
    tables.map(async ({ schema, name }) => {
      const [row] = await t.dataSource.query<{ dump: string | null }[]>(
        `SELECT string_agg(x::text, E'\\n') AS dump FROM "${schema}"."${name}" x`,
      );
      return `${schema}.${name}: ${row.dump ?? ''}`;
    }),
  );
  return dumps.join('\n');
}

/** Every key of this app's namespace in Redis (jobs, events, rate limits), values included. */
async function everythingInRedis(url: string, prefix: string): Promise<string> {
  const redis = new Redis(url);
  try {
    const parts: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const value =
          type === 'string'
            ? await redis.get(key)
            : type === 'hash'
              ? JSON.stringify(await redis.hgetall(key))
              : type === 'list'
                ? JSON.stringify(await redis.lrange(key, 0, -1))
                : type === 'set'
                  ? JSON.stringify(await redis.smembers(key))
                  : type === 'zset'
                    ? JSON.stringify(await redis.zrange(key, 0, -1))
                    : type === 'stream'
                      ? JSON.stringify(await redis.xrange(key, '-', '+'))
                      : '';
        parts.push(`${key}: ${value}`);
      }
    } while (cursor !== '0');
    return parts.join('\n');
  } finally {
    redis.disconnect();
  }
}

describe('privacy: data rights and abuse limits', () => {
  let t: TestApp;
  let typeId: string;
  let counsellorId: string;
  let slot = 0;

  /** Distinct slots on weekday mornings of June 2026 (the clock stands on 25 May). */
  const nextStart = () => {
    const n = slot++;
    const day = 1 + Math.floor(n / 8);
    const hour = 9 + (n % 8);
    return `2026-06-${String(day + (day >= 6 ? 2 : 0)).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+02:00`;
  };
  const book = (contact: { channel: string; value: string }, extra: object = {}) =>
    request(t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: typeId,
        start: nextStart(),
        pseudonym: 'Zainab',
        language: 'fa',
        timeZone: 'Europe/Berlin',
        contact,
        ...extra,
      });

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        BOOKING_RATE_LIMIT_PER_MINUTE: '10000',
        MANAGE_RATE_LIMIT_PER_MINUTE: '10000',
        MAX_FUTURE_APPOINTMENTS_PER_CONTACT: '2',
      },
    });
    t.clock.advance(new Date('2026-05-25T08:00:00Z').getTime() - t.clock.now().getTime());
    const admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    counsellorId = (
      await request(t.http)
        .post('/api/admin/counsellors')
        .set(admin)
        .send({ displayName: 'Dariush Karimi', languages: ['fa', 'de'], topics: ['residence'] })
        .expect(201)
    ).body.id;
    for (const weekday of [1, 2, 3, 4, 5]) {
      await request(t.http)
        .post(`/api/counsellors/${counsellorId}/rules`)
        .set(admin)
        .send({ weekday, start: '09:00', end: '17:00' })
        .expect(201);
    }
    typeId = (
      await request(t.http)
        .post('/api/admin/consultation-types')
        .set(admin)
        .send({
          name: { de: 'Aufenthalt', en: 'Residence', fa: 'اقامت' },
          topic: 'residence',
          durationMinutes: 60,
          stepMinutes: 60,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 60,
          horizonDays: 60,
          channel: 'video',
          counsellorIds: [counsellorId],
        })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  it('lets one email address hold at most the configured number of upcoming appointments', async () => {
    const first = await book({ channel: 'email', value: 'zainab@example.org' }).expect(201);
    await book({ channel: 'email', value: 'Zainab@Example.ORG' }).expect(201); // the same address
    const refused = await book({ channel: 'email', value: 'ZAINAB@example.org' }).expect(409);
    expect(refused.body.message).toMatch(/already has 2 upcoming appointments/);
    // Cancelling one frees a place.
    await request(t.http)
      .post('/api/public/manage/cancel')
      .set('X-Manage-Token', first.body.manageToken)
      .expect(200);
    await book({ channel: 'email', value: 'zainab@example.org' }).expect(201);
  });

  it('counts phone numbers however they are written, and holds the limit under concurrency', async () => {
    await book({ channel: 'phone', value: '+49 151 1111 2222' }).expect(201);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        book({ channel: 'phone', value: i % 2 ? '+4915111112222' : '+49 (151) 1111-2222' }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const [{ count }] = await t.dataSource.query(
      "SELECT count(*)::int AS count FROM appointment WHERE contact_value = '+4915111112222' AND status = 'confirmed'",
    );
    expect(count).toBe(2);
  });

  it('hands the client everything stored about them as a JSON download', async () => {
    const booked = await book(
      { channel: 'email', value: 'export@example.org' },
      { note: 'Frage zur Blauen Karte', needsInterpreter: true },
    ).expect(201);
    const token: string = booked.body.manageToken;
    const exported = await request(t.http)
      .get('/api/public/manage/export')
      .set('X-Manage-Token', token)
      .expect(200);
    expect(exported.headers['content-disposition']).toMatch(/attachment; filename=".+\.json"/);
    expect(exported.headers['cache-control']).toBe('no-store');
    expect(exported.body).toMatchObject({
      appointment: {
        id: booked.body.appointment.id,
        status: 'confirmed',
        pseudonym: 'Zainab',
        language: 'fa',
        contact: { channel: 'email', value: 'export@example.org' },
        note: 'Frage zur Blauen Karte',
        needsInterpreter: true,
        consultationType: { id: typeId, name: 'اقامت' },
        counsellor: { displayName: 'Dariush Karimi' },
      },
      history: [{ action: 'appointment.booked', by: 'client' }],
    });
    expect(exported.body.manageLinks.length).toBeGreaterThanOrEqual(1);
    await request(t.http)
      .get('/api/public/manage/export')
      .set('X-Manage-Token', 'x'.repeat(43))
      .expect(404);
  });

  it('erases the client’s data on request: cancelled, nothing personal left in any table, link dead', async () => {
    const pseudonym = 'Parisa-7f3a';
    const email = 'parisa.7f3a@example.org';
    const note = 'Termin bei der Ausländerbehörde 7f3a';
    const booked = await book({ channel: 'email', value: email }, { pseudonym, note }).expect(201);
    const token: string = booked.body.manageToken;
    const id: string = booked.body.appointment.id;
    // Wait until its events and notifications have been processed, so that nothing writes later.
    await expect
      .poll(
        async () =>
          (
            await t.dataSource.query(
              'SELECT count(*)::int AS n FROM outbox_event WHERE appointment_id = $1 AND published_at IS NULL',
              [id],
            )
          )[0].n,
      )
      .toBe(0);
    expect(await everything(t)).toContain(email);

    const erased = await request(t.http)
      .post('/api/public/manage/erase')
      .set('X-Manage-Token', token)
      .expect(200);
    expect(erased.body).toEqual({ erased: true, cancelled: true });
    await request(t.http).get('/api/public/manage').set('X-Manage-Token', token).expect(404);
    await request(t.http).post('/api/public/manage/erase').set('X-Manage-Token', token).expect(404);

    // Let the cancellation's notifications run, then look everywhere.
    await expect
      .poll(
        async () =>
          (
            await t.dataSource.query(
              'SELECT count(*)::int AS n FROM outbox_event WHERE appointment_id = $1 AND published_at IS NULL',
              [id],
            )
          )[0].n,
      )
      .toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const dump = await everything(t);
    for (const personal of [pseudonym, email, note, 'parisa.7f3a'])
      expect(dump).not.toContain(personal);
    if (t.config.REDIS_URL) {
      // Queue jobs and events carry ids only: nothing of the client ever reached Redis.
      const redis = await everythingInRedis(t.config.REDIS_URL, t.config.QUEUE_PREFIX);
      expect(redis).toContain(id); // the namespace was found and holds this appointment's jobs
      for (const personal of [pseudonym, email, note, 'parisa.7f3a'])
        expect(redis).not.toContain(personal);
    }

    const [row] = await t.dataSource.query(
      `SELECT status, cancelled_by, personal_data_erased_at IS NOT NULL AS erased, consultation_type_id,
              counsellor_id, client_language FROM appointment WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({
      status: 'cancelled',
      cancelled_by: 'client',
      erased: true,
      consultation_type_id: typeId,
      counsellor_id: counsellorId,
      client_language: 'fa', // anonymous statistics stay
    });
  });

  it('erases a past appointment without cancelling it', async () => {
    const booked = await book({ channel: 'email', value: 'past@example.org' }).expect(201);
    t.clock.advance(30 * 24 * 3600 * 1000); // a month later: the appointment is over
    const erased = await request(t.http)
      .post('/api/public/manage/erase')
      .set('X-Manage-Token', booked.body.manageToken)
      .expect(200);
    expect(erased.body).toEqual({ erased: true, cancelled: false });
    const [row] = await t.dataSource.query(
      'SELECT status, contact_value FROM appointment WHERE id = $1',
      [booked.body.appointment.id],
    );
    expect(row).toEqual({ status: 'confirmed', contact_value: null });
  });

  it.runIf(process.env.TEST_REDIS_URL)(
    'counts rate limits across API processes when Redis is configured',
    async () => {
      // One Redis namespace, as two API processes of one installation have; no job workers here.
      const env = {
        QUEUE_PREFIX: `shared-${Date.now()}`,
        BOOKING_RATE_LIMIT_PER_MINUTE: '3',
        WORKER_IN_API: 'false',
      };
      const [a, b] = [await createTestApp({ env }), await createTestApp({ env })];
      try {
        const attempt = (app: TestApp) =>
          request(app.http)
            .post('/api/public/appointments')
            .send({})
            .then((r) => r.status);
        expect([await attempt(a), await attempt(a), await attempt(b)]).toEqual([400, 400, 400]);
        const refused = await request(b.http).post('/api/public/appointments').send({});
        expect(refused.status).toBe(429);
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      } finally {
        await a.close();
        await b.close();
      }
    },
  );
});
