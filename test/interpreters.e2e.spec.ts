import { randomUUID } from 'node:crypto';
import type { OpenAPIObject } from '@nestjs/swagger';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationScheduler } from '@app/notifications';
import { buildOpenApiDocument, STAFF_SECURITY } from '../apps/api/src/openapi.js';
import { SmtpSink, type ReceivedMail } from './support/smtp-sink.js';
import { defaultOfficeId, insertOffice } from './support/offices.js';
import { createTestApp, type TestApp } from './support/test-app.js';

type Auth = { Authorization: string };
const bearer = (token: string): Auth => ({ Authorization: `Bearer ${token}` });

/** A Wednesday far ahead; the counsellor works 08:00–18:00 Berlin time on weekdays. */
const DAY = '2027-03-03';
const CLIENT_EMAIL = 'mariam.client@example.org';
const CLIENT_NOTE = 'Bitte um Rückruf wegen Aufenthaltstitel';

describe('interpreters: management, pools, their own view and their notices', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let officeA: string;
  let officeB: string;
  let adminA: Auth;
  let adminB: Auth;
  let platform: Auth;
  let counsellorA: { id: string; auth: Auth; staffId: string };
  let typeId: string;
  let interpreter: { id: string; auth: Auth; email: string; staffId: string };
  let other: { id: string; email: string };

  const setClock = (iso: string) =>
    t.clock.advance(new Date(iso).getTime() - t.clock.now().getTime());

  const createInterpreter = async (
    admin: Auth,
    officeId: string,
    name: string,
    languages: string[],
  ) => {
    const login = await t.login(
      'interpreter',
      `${name.toLowerCase()}@interpreters.example`,
      officeId,
    );
    const created = await request(t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({ kind: 'interpreter', displayName: name, languages, staffId: login.id })
      .expect(201);
    return {
      id: created.body.id as string,
      auth: bearer(login.token),
      email: login.email,
      staffId: login.id,
      body: created.body as Record<string, unknown>,
    };
  };

  /** An appointment of A's counsellor written directly, with its outbox event (as booking writes it). */
  const insertAppointment = async (
    start: string,
    interpreterId: string | null,
    language = 'ti',
  ): Promise<string> => {
    const id = randomUUID();
    const startsAt = new Date(start);
    await t.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO appointment (id, consultation_type_id, counsellor_id, starts_at, ends_at,
           buffer_before_minutes, buffer_after_minutes, client_pseudonym, client_language,
           requested_language, client_time_zone, contact_channel, contact_value, client_note,
           needs_interpreter, room_name, office_id, interpreter_id, interpreter_language)
         VALUES ($1, $2, $3, $4, $5, 0, 0, 'Mariam', 'de', NULL, 'Europe/Berlin', 'email', $6, $7,
                 true, $8, $9, $10, $11)`,
        [
          id,
          typeId,
          counsellorA.id,
          startsAt,
          new Date(startsAt.getTime() + 45 * 60_000),
          CLIENT_EMAIL,
          CLIENT_NOTE,
          `room-${id}`,
          officeA,
          interpreterId,
          interpreterId ? language : null,
        ],
      );
      await manager.query(
        `INSERT INTO outbox_event (type, appointment_id, payload) VALUES ('appointment.booked', $1, '{"version":1}')`,
        [id],
      );
    });
    return id;
  };

  /** Changes an appointment as the services do: a new version and its event, in one transaction. */
  const change = async (
    id: string,
    set: string,
    parameters: unknown[],
    event: 'appointment.rescheduled' | 'appointment.reassigned' | 'appointment.cancelled',
  ): Promise<number> =>
    t.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<{ version: number }[]>(
        `WITH changed AS (UPDATE appointment SET ${set}, version = version + 1 WHERE id = $1 RETURNING version)
         SELECT version FROM changed`,
        [id, ...parameters],
      );
      await manager.query(
        'INSERT INTO outbox_event (type, appointment_id, payload) VALUES ($1, $2, $3)',
        [event, id, JSON.stringify({ version: row.version })],
      );
      return row.version;
    });

  const noticeTo = (email: string, kind: string, id: string, version: number, to: string) =>
    smtp
      .to(email)
      .find(
        (mail: ReceivedMail) =>
          mail.parsed.messageId?.startsWith(`<${kind}.${id}.v${version}.${to}@`) ?? false,
      );

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Sprechstunde Test <noreply@sprechstunde.test>',
        PUBLIC_BASE_URL: 'https://sprechstunde.test',
        BOOKING_RATE_LIMIT_PER_MINUTE: '10000',
        AGENDA_HOUR: '7',
      },
    });
    setClock('2027-03-01T08:00:00Z');
    officeA = await defaultOfficeId(t.dataSource);
    officeB = await insertOffice(t.dataSource, { slug: 'buero-b' });
    adminA = bearer((await t.login('admin', 'admin@a.example', officeA)).token);
    adminB = bearer((await t.login('admin', 'admin@b.example', officeB)).token);
    platform = bearer((await t.login('platform_admin', 'platform@example.org')).token);
    const counsellorLogin = await t.login('counsellor', 'amira@a.example', officeA);
    const counsellor = await request(t.http)
      .post('/api/admin/counsellors')
      .set(adminA)
      .send({
        displayName: 'Amira Haddad',
        languages: ['ar', 'de'],
        topics: ['residence'],
        staffId: counsellorLogin.id,
      })
      .expect(201);
    counsellorA = {
      id: counsellor.body.id,
      auth: bearer(counsellorLogin.token),
      staffId: counsellorLogin.id,
    };
    typeId = (
      await request(t.http)
        .post('/api/admin/consultation-types')
        .set(adminA)
        .send({
          name: { de: 'Aufenthalt', en: 'Residence' },
          topic: 'residence',
          durationMinutes: 45,
          stepMinutes: 60,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 0,
          horizonDays: 60,
          channel: 'video',
          counsellorIds: [counsellorA.id],
        })
        .expect(201)
    ).body.id;
    const created = await createInterpreter(adminA, officeA, 'Tesfaye', ['ti', 'gsg']);
    interpreter = created;
    const second = await createInterpreter(adminA, officeA, 'Selam', ['ti']);
    other = { id: second.id, email: second.email };
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  describe('an office admin manages interpreters', () => {
    it('creates one with BCP 47 tags (Tigrinya, German Sign Language), listed apart from counsellors', async () => {
      const [row] = await t.dataSource.query<
        { kind: string; languages: string[]; topics: string[] }[]
      >('SELECT kind, languages, topics FROM counsellor WHERE id = $1', [interpreter.id]);
      expect(row).toEqual({ kind: 'interpreter', languages: ['ti', 'gsg'], topics: [] });
      const counsellors = await request(t.http)
        .get('/api/admin/counsellors')
        .set(adminA)
        .expect(200);
      const ids = (counsellors.body as { id: string; kind: string }[]).map((c) => c.id);
      expect(ids).toContain(counsellorA.id);
      expect(ids).not.toContain(interpreter.id);
      const interpreters = await request(t.http)
        .get('/api/admin/counsellors?kind=interpreter')
        .set(adminA)
        .expect(200);
      expect(interpreters.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            id: interpreter.id,
            kind: 'interpreter',
            displayName: 'Tesfaye',
            languages: ['ti', 'gsg'],
            staffId: interpreter.staffId,
            active: true,
          }),
        ]),
      );
      expect((interpreters.body as { kind: string }[]).every((p) => p.kind === 'interpreter')).toBe(
        true,
      );
      // Audited like other staff changes: who made which interpreter.
      const audit = await t.dataSource.query<
        { action: string; changes: { interpreterId: string } }[]
      >(
        `SELECT action, changes FROM audit_event WHERE office_id = $1 AND action = 'interpreter.created'`,
        [officeA],
      );
      expect(audit.map((a) => a.changes.interpreterId)).toContain(interpreter.id);
    });

    it('refuses unknown language tags, a counsellor account for an interpreter and the other way round', async () => {
      const bad = await request(t.http)
        .post('/api/admin/counsellors')
        .set(adminA)
        .send({ kind: 'interpreter', displayName: 'X', languages: ['tigrinya'] })
        .expect(400);
      expect(bad.body.code).toBe('validation_failed');
      const wrongAccount = await request(t.http)
        .post('/api/admin/counsellors')
        .set(adminA)
        .send({
          kind: 'interpreter',
          displayName: 'X',
          languages: ['ti'],
          staffId: counsellorA.staffId,
        })
        .expect(422);
      expect(wrongAccount.body.code).toBe('staff_account_role_mismatch');
      const loneAccount = await t.login('interpreter', 'lone@interpreters.example', officeA);
      const asCounsellor = await request(t.http)
        .post('/api/admin/counsellors')
        .set(adminA)
        .send({ displayName: 'X', languages: ['de'], topics: [], staffId: loneAccount.id })
        .expect(422);
      expect(asCounsellor.body.code).toBe('staff_account_role_mismatch');
    });

    it("keeps a linked account's role fitting its roster entry", async () => {
      const toCounsellor = await request(t.http)
        .patch(`/api/admin/staff/${interpreter.staffId}`)
        .set(adminA)
        .send({ role: 'counsellor' })
        .expect(422);
      expect(toCounsellor.body.code).toBe('staff_account_role_mismatch');
      const toInterpreter = await request(t.http)
        .patch(`/api/admin/staff/${counsellorA.staffId}`)
        .set(adminA)
        .send({ role: 'interpreter' })
        .expect(422);
      expect(toInterpreter.body.code).toBe('staff_account_role_mismatch');
      // An office admin creates interpreters' accounts; the answer says the role.
      const account = await request(t.http)
        .post('/api/admin/staff')
        .set(adminA)
        .send({
          email: 'new.interpreter@a.example',
          displayName: 'Neue Dolmetscherin',
          role: 'interpreter',
          password: 'a long passphrase of words',
        })
        .expect(201);
      expect(account.body.role).toBe('interpreter');
      const login = await request(t.http)
        .post('/api/auth/login')
        .send({ email: 'new.interpreter@a.example', password: 'a long passphrase of words' })
        .expect(200);
      expect(login.body.staff.role).toBe('interpreter');
    });

    it('edits, deactivates and audits an interpreter; the roster routes serve interpreters unchanged', async () => {
      const edited = await request(t.http)
        .patch(`/api/admin/counsellors/${other.id}`)
        .set(adminA)
        .send({ languages: ['ti', 'tig'], active: false })
        .expect(200);
      expect(edited.body).toMatchObject({
        kind: 'interpreter',
        languages: ['ti', 'tig'],
        active: false,
      });
      const [audit] = await t.dataSource.query<{ changes: Record<string, unknown> }[]>(
        `SELECT changes FROM audit_event WHERE action = 'interpreter.updated' AND changes->>'interpreterId' = $1`,
        [other.id],
      );
      expect(audit.changes).toMatchObject({
        languages: { from: ['ti'], to: ['ti', 'tig'] },
        active: { from: true, to: false },
      });
      await request(t.http)
        .patch(`/api/admin/counsellors/${other.id}`)
        .set(adminA)
        .send({ active: true })
        .expect(200);

      const rule = await request(t.http)
        .post(`/api/counsellors/${interpreter.id}/rules`)
        .set(adminA)
        .send({ weekday: 3, start: '08:00', end: '16:00' })
        .expect(201);
      await request(t.http)
        .post(`/api/counsellors/${interpreter.id}/extra-hours`)
        .set(adminA)
        .send({ date: '2027-03-06', start: '10:00', end: '12:00' })
        .expect(201);
      await request(t.http)
        .post(`/api/counsellors/${interpreter.id}/absences`)
        .set(adminA)
        .send({ startDate: '2027-03-22', endDate: '2027-03-23' })
        .expect(201);
      const rules = await request(t.http)
        .get(`/api/counsellors/${interpreter.id}/rules`)
        .set(adminA)
        .expect(200);
      expect(rules.body).toEqual([expect.objectContaining({ id: rule.body.id, start: '08:00' })]);
    });

    it('refuses to link an interpreter to a consultation type, from either side', async () => {
      const onType = await request(t.http)
        .patch(`/api/admin/consultation-types/${typeId}`)
        .set(adminA)
        .send({ counsellorIds: [counsellorA.id, interpreter.id] })
        .expect(422);
      expect(onType.body.code).toBe('interpreter_not_linkable');
      const newType = await request(t.http)
        .post('/api/admin/consultation-types')
        .set(adminA)
        .send({
          name: { de: 'Dolmetschen' },
          topic: 'residence',
          durationMinutes: 30,
          stepMinutes: 30,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 0,
          horizonDays: 30,
          channel: 'video',
          counsellorIds: [interpreter.id],
        })
        .expect(422);
      expect(newType.body.code).toBe('interpreter_not_linkable');
      const fromInterpreter = await request(t.http)
        .put(`/api/admin/counsellors/${interpreter.id}/consultation-types`)
        .set(adminA)
        .send({ consultationTypeIds: [typeId] })
        .expect(422);
      expect(fromInterpreter.body.code).toBe('interpreter_not_linkable');
      const [{ count }] = await t.dataSource.query<{ count: number }[]>(
        'SELECT count(*)::int AS count FROM consultation_type_counsellor WHERE counsellor_id = $1',
        [interpreter.id],
      );
      expect(count).toBe(0);
    });
  });

  describe('an interpreter logs in', () => {
    let mine: string;
    let notMine: string;

    beforeAll(async () => {
      mine = await insertAppointment('2027-03-03T10:00:00+01:00', interpreter.id, 'ti');
      notMine = await insertAppointment('2027-03-03T12:00:00+01:00', null);
    });

    it('is told its role, and sees its own roster through the self-service routes', async () => {
      const me = await request(t.http).get('/api/auth/me').set(interpreter.auth).expect(200);
      expect(me.body.role).toBe('interpreter');
      const profile = await request(t.http)
        .get('/api/counsellors/me')
        .set(interpreter.auth)
        .expect(200);
      expect(profile.body).toMatchObject({ id: interpreter.id, kind: 'interpreter' });
      await request(t.http)
        .post(`/api/counsellors/${interpreter.id}/absences`)
        .set(interpreter.auth)
        .send({ startDate: '2027-04-01', endDate: '2027-04-02' })
        .expect(201);
      // Someone else's roster is not theirs.
      const foreign = await request(t.http)
        .get(`/api/counsellors/${counsellorA.id}/rules`)
        .set(interpreter.auth)
        .expect(403);
      expect(foreign.body.code).toBe('not_own_counsellor');
    });

    it('lists only its assignments, with times in its zone and without client contact data', async () => {
      const answer = await request(t.http)
        .get(`/api/interpreter/assignments?from=${DAY}&to=${DAY}`)
        .set(interpreter.auth)
        .expect(200);
      expect(answer.body).toEqual([
        {
          id: mine,
          status: 'confirmed',
          start: '2027-03-03T10:00:00+01:00',
          end: '2027-03-03T10:45:00+01:00',
          timeZone: 'Europe/Berlin',
          consultationType: { name: 'Aufenthalt', channel: 'video' },
          counsellor: { displayName: 'Amira Haddad' },
          officeName: expect.any(String),
          language: 'ti',
          clientLanguage: 'de',
          pseudonym: 'Mariam',
          joinOpensAt: '2027-03-03T09:45:00+01:00',
          joinClosesAt: '2027-03-03T11:15:00+01:00',
        },
      ]);
      expect(answer.text).not.toContain(notMine);
      expect(answer.text).not.toContain(CLIENT_EMAIL);
      expect(answer.text).not.toContain(CLIENT_NOTE);
      // Another day holds none; a bad period is refused.
      const empty = await request(t.http)
        .get('/api/interpreter/assignments?from=2027-03-04&to=2027-03-05')
        .set(interpreter.auth)
        .expect(200);
      expect(empty.body).toEqual([]);
      await request(t.http)
        .get('/api/interpreter/assignments?from=2027-03-05&to=2027-03-04')
        .set(interpreter.auth)
        .expect(400);
      await request(t.http)
        .get('/api/interpreter/assignments?from=2027-03-01&to=2027-06-01')
        .set(interpreter.auth)
        .expect(400);
    });

    it('is refused (403) on every other staff route of the OpenAPI document', async () => {
      const document: OpenAPIObject = buildOpenApiDocument(t.app);
      const allowed = [
        /^\/api\/auth\//,
        /^\/api\/interpreter\//,
        /^\/api\/counsellors\/me$/,
        /^\/api\/counsellors\/\{id\}\/(rules|extra-hours|absences)/,
        // The interpreter's own routes of the video call and walk-in hours.
        /\/interpreter(\/|-token$)/,
      ];
      const problems: string[] = [];
      let walked = 0;
      for (const [path, item] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(
          item as Record<string, { security?: Record<string, string[]>[] }>,
        )) {
          const security = operation.security ?? document.security ?? [];
          if (!security.some((requirement) => STAFF_SECURITY in requirement)) continue;
          if (allowed.some((pattern) => pattern.test(path))) continue;
          walked += 1;
          const url = path.replace(/\{[^}]+\}/g, (name) =>
            name === '{date}' ? '2027-03-03' : randomUUID(),
          );
          const answer = await request(t.http)[method as 'get'](url).set(interpreter.auth);
          if (answer.status !== 403)
            problems.push(`${method.toUpperCase()} ${path}: ${answer.status}`);
        }
      }
      expect(problems).toEqual([]);
      expect(walked).toBeGreaterThan(40);
    });

    it('is the only role that reaches the assignments', async () => {
      for (const auth of [adminA, counsellorA.auth, platform])
        await request(t.http)
          .get(`/api/interpreter/assignments?from=${DAY}&to=${DAY}`)
          .set(auth)
          .expect(403);
    });

    it('keeps its interpreter when the client data is erased (the interpreter is staff)', async () => {
      const erased = await insertAppointment('2027-03-04T10:00:00+01:00', interpreter.id, 'gsg');
      await t.dataSource.query(`UPDATE appointment SET status = 'completed' WHERE id = $1`, [
        erased,
      ]);
      const { RetentionService } = await import('@app/appointments');
      expect(await t.app.get(RetentionService).eraseNow(erased)).toBe(true);
      const [row] = await t.dataSource.query<
        { interpreter_id: string; interpreter_language: string; contact_value: string | null }[]
      >(
        'SELECT interpreter_id, interpreter_language, contact_value FROM appointment WHERE id = $1',
        [erased],
      );
      expect(row).toEqual({
        interpreter_id: interpreter.id,
        interpreter_language: 'gsg',
        contact_value: null,
      });
      const answer = await request(t.http)
        .get('/api/interpreter/assignments?from=2027-03-04&to=2027-03-04')
        .set(interpreter.auth)
        .expect(200);
      expect(answer.body).toEqual([
        expect.objectContaining({ id: erased, pseudonym: null, language: 'gsg' }),
      ]);
    });
  });

  describe('interpreter pools', () => {
    let pool: { id: string; slug: string };
    let poolAdmin: Auth;
    let poolInterpreter: string;

    beforeAll(async () => {
      const created = await request(t.http)
        .post('/api/platform/offices')
        .set(platform)
        .send({
          kind: 'interpreter_pool',
          slug: 'dolmetschpool-berlin',
          name: { de: 'Dolmetschpool Berlin' },
          timeZone: 'Europe/Berlin',
          holidayRegion: 'DE-BE',
          country: 'DE',
          languages: ['de'],
          topics: [],
          privacyController: 'Dolmetschpool e. V.',
          privacyContact: 'datenschutz@pool.example',
          retentionDays: 30,
          firstAdmin: {
            email: 'leitung@pool.example',
            displayName: 'Pool-Leitung',
            password: 'a long passphrase of words',
          },
        })
        .expect(201);
      pool = { id: created.body.office.id, slug: created.body.office.slug };
      expect(created.body.office.kind).toBe('interpreter_pool');
      const login = await request(t.http)
        .post('/api/auth/login')
        .send({ email: 'leitung@pool.example', password: 'a long passphrase of words' })
        .expect(200);
      poolAdmin = bearer(login.body.token);
      const account = await request(t.http)
        .post('/api/admin/staff')
        .set(poolAdmin)
        .send({
          email: 'dari@pool.example',
          displayName: 'Dari-Dolmetscherin',
          role: 'interpreter',
          password: 'another long passphrase',
        })
        .expect(201);
      poolInterpreter = (
        await request(t.http)
          .post('/api/admin/counsellors')
          .set(poolAdmin)
          .send({
            kind: 'interpreter',
            displayName: 'Parwin',
            languages: ['prs', 'fa'],
            staffId: account.body.id,
          })
          .expect(201)
      ).body.id;
    });

    it('shows pools with their kind to the platform admin, and holds interpreters only', async () => {
      const list = await request(t.http).get('/api/platform/offices').set(platform).expect(200);
      const kinds = Object.fromEntries(
        (list.body as { id: string; kind: string }[]).map((o) => [o.id, o.kind]),
      );
      expect(kinds[pool.id]).toBe('interpreter_pool');
      expect(kinds[officeA]).toBe('office');
      const one = await request(t.http)
        .get(`/api/platform/offices/${pool.id}`)
        .set(platform)
        .expect(200);
      expect(one.body).toMatchObject({ kind: 'interpreter_pool', counsellors: 1 });
      const counsellor = await request(t.http)
        .post('/api/admin/counsellors')
        .set(poolAdmin)
        .send({ displayName: 'Kein Berater', languages: ['de'], topics: ['residence'] })
        .expect(422);
      expect(counsellor.body.code).toBe('pool_holds_interpreters_only');
      const type = await request(t.http)
        .post('/api/admin/consultation-types')
        .set(poolAdmin)
        .send({
          name: { de: 'Nichts zu buchen' },
          topic: 'residence',
          durationMinutes: 30,
          stepMinutes: 30,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 0,
          horizonDays: 30,
          channel: 'video',
        })
        .expect(422);
      expect(type.body.code).toBe('pool_holds_interpreters_only');
      // The pool's admin runs the interpreters' rosters with the normal routes.
      await request(t.http)
        .post(`/api/counsellors/${poolInterpreter}/rules`)
        .set(poolAdmin)
        .send({ weekday: 3, start: '09:00', end: '13:00' })
        .expect(201);
    });

    it('is hidden from clients: directory, office page and share links', async () => {
      const directory = await request(t.http).get('/api/public/offices').expect(200);
      expect(JSON.stringify(directory.body)).not.toContain(pool.slug);
      expect(JSON.stringify(directory.body)).not.toContain(pool.id);
      const page = await request(t.http).get(`/api/public/offices/${pool.slug}`).expect(404);
      expect(page.body.code).toBe('office_not_found');
      await request(t.http).get(`/api/public/share/links?office=${pool.slug}`).expect(404);
    });

    it('is chosen by an office admin; the choice is audited and raises the catalog version', async () => {
      const before = await request(t.http)
        .get('/api/office/interpreter-pools')
        .set(adminA)
        .expect(200);
      expect(before.body).toEqual([
        {
          id: pool.id,
          slug: pool.slug,
          name: { de: 'Dolmetschpool Berlin' },
          languages: ['fa', 'prs'],
          chosen: false,
        },
      ]);
      const [{ version: catalogBefore }] = await t.dataSource.query<{ version: string }[]>(
        "SELECT version FROM roster_version WHERE scope = 'catalog'",
      );
      const chosen = await request(t.http)
        .put('/api/office/interpreter-pools')
        .set(adminA)
        .send({ poolIds: [pool.id] })
        .expect(200);
      expect(chosen.body).toEqual([expect.objectContaining({ id: pool.id, chosen: true })]);
      const [{ version: catalogAfter }] = await t.dataSource.query<{ version: string }[]>(
        "SELECT version FROM roster_version WHERE scope = 'catalog'",
      );
      expect(Number(catalogAfter)).toBeGreaterThan(Number(catalogBefore));
      const rows = await t.dataSource.query<{ office_id: string; pool_id: string }[]>(
        'SELECT office_id, pool_id FROM office_interpreter_pool',
      );
      expect(rows).toEqual([{ office_id: officeA, pool_id: pool.id }]);
      const [audit] = await t.dataSource.query<{ changes: unknown }[]>(
        `SELECT changes FROM audit_event WHERE office_id = $1 AND action = 'office.interpreter_pools_changed'`,
        [officeA],
      );
      expect(audit.changes).toEqual({ poolIds: { from: [], to: [pool.id] } });
    });

    it("does not let office B see or use office A's choice, nor the pool's interpreters", async () => {
      const ofB = await request(t.http)
        .get('/api/office/interpreter-pools')
        .set(adminB)
        .expect(200);
      expect(ofB.body).toEqual([expect.objectContaining({ id: pool.id, chosen: false })]);
      for (const admin of [adminA, adminB]) {
        const answer = await request(t.http)
          .get(`/api/admin/counsellors/${poolInterpreter}`)
          .set(admin)
          .expect(404);
        expect(answer.body.code).toBe('counsellor_not_found');
      }
      const [{ count }] = await t.dataSource.query<{ count: number }[]>(
        'SELECT count(*)::int AS count FROM office_interpreter_pool WHERE office_id = $1',
        [officeB],
      );
      expect(count).toBe(0);
      // Another office's interpreter is an unknown id to a type, not "an interpreter".
      const answers = [];
      for (const id of [poolInterpreter, randomUUID()]) {
        const answer = await request(t.http)
          .patch(`/api/admin/consultation-types/${typeId}`)
          .set(adminA)
          .send({ counsellorIds: [counsellorA.id, id] });
        answers.push([answer.status, answer.body.code]);
      }
      expect(answers).toEqual([
        [400, 'unknown_counsellor_ids'],
        [400, 'unknown_counsellor_ids'],
      ]);
    });

    it('refuses ids that are no active pool alike, and pools choosing pools', async () => {
      for (const id of [randomUUID(), officeB, officeA]) {
        const answer = await request(t.http)
          .put('/api/office/interpreter-pools')
          .set(adminA)
          .send({ poolIds: [id] })
          .expect(422);
        expect(answer.body.code).toBe('interpreter_pool_not_found');
        expect(answer.text).not.toContain(id);
      }
      await request(t.http)
        .put('/api/office/interpreter-pools')
        .set(adminA)
        .send({ poolIds: ['not-a-uuid'] })
        .expect(400);
      const ofPool = await request(t.http)
        .get('/api/office/interpreter-pools')
        .set(poolAdmin)
        .expect(403);
      expect(ofPool.body.code).toBe('not_a_counselling_office');
      await request(t.http).get('/api/office/interpreter-pools').set(counsellorA.auth).expect(403);
      // A suspended pool is offered no more.
      await request(t.http)
        .patch(`/api/platform/offices/${pool.id}`)
        .set(platform)
        .send({ status: 'suspended' })
        .expect(200);
      const afterSuspension = await request(t.http)
        .get('/api/office/interpreter-pools')
        .set(adminA)
        .expect(200);
      expect(afterSuspension.body).toEqual([]);
    });
  });

  describe('notices to interpreters', () => {
    it('tells the interpreter of a booking, without any client data', async () => {
      const id = await insertAppointment('2027-03-10T09:00:00+01:00', interpreter.id, 'ti');
      await smtp.waitFor(
        () => !!noticeTo(interpreter.email, 'interpreter-booked', id, 1, interpreter.id),
      );
      const mail = noticeTo(interpreter.email, 'interpreter-booked', id, 1, interpreter.id)!;
      // Tigrinya and DGS, no English: the mail is in German.
      expect(mail.parsed.subject).toMatch(/^Neuer Dolmetscheinsatz: /);
      expect(mail.parsed.text).toContain('Amira Haddad');
      expect(mail.parsed.text).toContain('Aufenthalt');
      expect(mail.parsed.text).toMatch(/Dolmetschen in: Tigrinya/);
      expect(mail.parsed.text).toContain('https://sprechstunde.test/interpreter');
      for (const secret of ['Mariam', CLIENT_EMAIL, CLIENT_NOTE])
        expect(`${mail.parsed.text} ${mail.parsed.html}`).not.toContain(secret);
      const logged = async () =>
        (
          await t.dataSource.query<{ counsellor_id: string; status: string }[]>(
            `SELECT counsellor_id, status FROM notification WHERE kind = 'interpreter-booked' AND appointment_id = $1`,
            [id],
          )
        )[0];
      await expect.poll(logged).toEqual({ counsellor_id: interpreter.id, status: 'sent' });
    });

    it('tells of a move, of another interpreter taking over (the old one hears "cancelled"), and of a cancellation, once each', async () => {
      const id = await insertAppointment('2027-03-10T14:00:00+01:00', interpreter.id, 'ti');
      await smtp.waitFor(
        () => !!noticeTo(interpreter.email, 'interpreter-booked', id, 1, interpreter.id),
      );

      const moved = await change(
        id,
        "starts_at = starts_at + interval '1 hour', ends_at = ends_at + interval '1 hour'",
        [],
        'appointment.rescheduled',
      );
      await smtp.waitFor(
        () => !!noticeTo(interpreter.email, 'interpreter-rescheduled', id, moved, interpreter.id),
      );
      expect(
        noticeTo(interpreter.email, 'interpreter-rescheduled', id, moved, interpreter.id)!.parsed
          .text,
      ).toContain('15:00 – 15:45');

      const handedOver = await change(
        id,
        'interpreter_id = $2',
        [other.id],
        'appointment.reassigned',
      );
      await smtp.waitFor(
        () =>
          !!noticeTo(interpreter.email, 'interpreter-cancelled', id, handedOver, interpreter.id) &&
          !!noticeTo(other.email, 'interpreter-booked', id, handedOver, other.id),
      );
      expect(
        noticeTo(interpreter.email, 'interpreter-cancelled', id, handedOver, interpreter.id)!.parsed
          .subject,
      ).toMatch(/^Dolmetscheinsatz entfällt: /);

      const cancelled = await change(
        id,
        "status = 'cancelled', cancelled_by = 'staff'",
        [],
        'appointment.cancelled',
      );
      await smtp.waitFor(
        () => !!noticeTo(other.email, 'interpreter-cancelled', id, cancelled, other.id),
      );

      // Replanning the same events (as after a lost queue) sends nothing again.
      const scheduler = t.app.get(NotificationScheduler);
      await scheduler.reconcileNotices();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const sent = await t.dataSource.query<
        { kind: string; counsellor_id: string; version: number }[]
      >(
        `SELECT kind, counsellor_id, appointment_version AS version FROM notification
          WHERE appointment_id = $1 AND kind LIKE 'interpreter-%' ORDER BY appointment_version, kind`,
        [id],
      );
      expect(sent).toEqual([
        { kind: 'interpreter-booked', counsellor_id: interpreter.id, version: 1 },
        { kind: 'interpreter-rescheduled', counsellor_id: interpreter.id, version: moved },
        { kind: 'interpreter-booked', counsellor_id: other.id, version: handedOver },
        { kind: 'interpreter-cancelled', counsellor_id: interpreter.id, version: handedOver },
        { kind: 'interpreter-cancelled', counsellor_id: other.id, version: cancelled },
      ]);
      // The old interpreter heard nothing about the cancellation after they were taken off.
      expect(
        noticeTo(interpreter.email, 'interpreter-cancelled', id, cancelled, interpreter.id),
      ).toBe(undefined);
    });

    it("mails the interpreter's agenda of the day", async () => {
      setClock('2027-03-10T07:30:00Z'); // 08:30 in Berlin, after AGENDA_HOUR
      const scheduler = t.app.get(NotificationScheduler);
      await scheduler.planAgendas();
      const isAgenda = (mail: ReceivedMail) =>
        mail.parsed.messageId?.startsWith(`<counsellor-agenda.${interpreter.id}.2027-03-10@`) ??
        false;
      await smtp.waitFor(() => smtp.to(interpreter.email).some(isAgenda));
      const agenda = smtp.to(interpreter.email).find(isAgenda)!;
      // The 09:00 appointment they interpret in (the 14:00 one went to someone else).
      expect(agenda.parsed.text).toContain('Termine: 1');
      expect(agenda.parsed.text).toContain('Tigrinya');
      expect(agenda.parsed.text).toContain('https://sprechstunde.test/interpreter');
      expect(agenda.parsed.text).not.toContain('Mariam');
    });
  });
});
