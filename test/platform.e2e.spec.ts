import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffService } from '@app/staff';
import { createTestApp, type TestApp } from './support/test-app.js';

type Auth = { Authorization: string };

/**
 * The platform admin runs the instance: creates offices with their first admin, edits and suspends
 * them. Platform and office routes are apart: neither kind of admin reaches the other's.
 */
describe('platform admin', () => {
  let t: TestApp;
  let platform: Auth;
  let platformId: string;
  let officeAdmin: Auth;
  let counsellor: Auth;

  const officeBody = (slug: string, email: string) => ({
    slug,
    name: { de: 'Migrationsberatung Neukölln', en: 'Migration counselling Neukölln' },
    description: { de: 'Beratung für Erwachsene' },
    district: 'Neukölln',
    address: 'Karl-Marx-Straße 1, 12043 Berlin',
    contactEmail: 'beratung@mbe.example',
    contactPhone: '+49 30 1234567',
    timeZone: 'Europe/Berlin',
    holidayRegion: 'DE-BE',
    country: 'DE',
    languages: ['ar', 'tr', 'de'],
    topics: ['family', 'housing'],
    privacyController: 'Beispiel e. V., Karl-Marx-Straße 1, 12043 Berlin',
    privacyContact: 'datenschutz@mbe.example',
    retentionDays: 60,
    firstAdmin: { email, displayName: 'Selin Kaya', password: 'a long initial passphrase' },
  });
  const bearer = (token: string): Auth => ({ Authorization: `Bearer ${token}` });
  const logIn = async (email: string, password: string) =>
    (await request(t.http).post('/api/auth/login').send({ email, password }).expect(200)).body as {
      token: string;
      staff: { role: string };
    };
  const publicSlugs = async (): Promise<string[]> =>
    ((await request(t.http).get('/api/public/offices').expect(200)).body as { slug: string }[]).map(
      (office) => office.slug,
    );

  beforeAll(async () => {
    t = await createTestApp();
    const account = await t.app.get(StaffService).createPlatformAdmin({
      email: 'platform@test.sprechstunde.local',
      displayName: 'Platform',
      password: 'platform password 1',
    });
    platformId = account.id;
    const login = await logIn('platform@test.sprechstunde.local', 'platform password 1');
    expect(login.staff.role).toBe('platform_admin');
    platform = bearer(login.token);
    officeAdmin = bearer((await t.login('admin')).token);
    counsellor = bearer((await t.login('counsellor')).token);
  });
  afterAll(() => t.close());

  it('creates an office with its first admin, who logs in to an empty office of their own', async () => {
    const created = await request(t.http)
      .post('/api/platform/offices')
      .set(platform)
      .send(officeBody('mbe-neukoelln', 'leitung@mbe.example'))
      .expect(201);
    expect(created.body.office).toMatchObject({
      slug: 'mbe-neukoelln',
      status: 'active',
      district: 'Neukölln',
      languages: ['ar', 'tr', 'de'],
      retentionDays: 60,
      counsellors: 0,
      appointmentsAhead: 0,
    });
    const officeId = created.body.office.id as string;

    const admin = await logIn('leitung@mbe.example', 'a long initial passphrase');
    expect(admin.staff.role).toBe('admin');
    const counsellors = await request(t.http)
      .get('/api/admin/counsellors')
      .set(bearer(admin.token))
      .expect(200);
    expect(counsellors.body).toEqual([]);
    const [account] = await t.dataSource.query<{ office_id: string }[]>(
      'SELECT office_id FROM staff_account WHERE email = $1',
      ['leitung@mbe.example'],
    );
    expect(account.office_id).toBe(officeId);

    const audit = await t.dataSource.query<{ action: string; actor_id: string }[]>(
      'SELECT action, actor_id FROM audit_event WHERE office_id = $1',
      [officeId],
    );
    expect(audit).toEqual([{ action: 'office.created', actor_id: platformId }]);

    const listed = await request(t.http).get('/api/platform/offices').set(platform).expect(200);
    expect(listed.body.map((office: { slug: string }) => office.slug)).toContain('mbe-neukoelln');
  });

  it('refuses a taken slug with 409 office_slug_taken and creates nothing', async () => {
    await request(t.http)
      .post('/api/platform/offices')
      .set(platform)
      .send(officeBody('zweitbuero', 'zweit@mbe.example'))
      .expect(201);
    const taken = await request(t.http)
      .post('/api/platform/offices')
      .set(platform)
      .send(officeBody('zweitbuero', 'dritt@mbe.example'))
      .expect(409);
    expect(taken.body.code).toBe('office_slug_taken');
    const emailTaken = await request(t.http)
      .post('/api/platform/offices')
      .set(platform)
      .send(officeBody('drittbuero', 'zweit@mbe.example'))
      .expect(409);
    expect(emailTaken.body.code).toBe('staff_email_taken');
    // One transaction: neither the refused office nor the refused admin exists.
    const [{ count }] = await t.dataSource.query<{ count: string }[]>(
      `SELECT (SELECT count(*) FROM office WHERE slug = 'drittbuero')
            + (SELECT count(*) FROM staff_account WHERE email = 'dritt@mbe.example') AS count`,
    );
    expect(Number(count)).toBe(0);
  });

  it('validates the office and its first admin', async () => {
    const body = officeBody('Bad Slug', 'x@mbe.example');
    const refused = await request(t.http)
      .post('/api/platform/offices')
      .set(platform)
      .send({
        ...body,
        name: { en: 'No German' },
        timeZone: 'Mars/Base',
        firstAdmin: { ...body.firstAdmin, password: 'short' },
      })
      .expect(400);
    expect(refused.body.code).toBe('validation_failed');
    const fields = (refused.body.details as { field: string }[]).map((detail) => detail.field);
    expect(fields).toEqual(
      expect.arrayContaining(['slug', 'name', 'timeZone', 'firstAdmin.password']),
    );
  });

  it('keeps office staff off the platform routes', async () => {
    for (const auth of [officeAdmin, counsellor]) {
      await request(t.http).get('/api/platform/offices').set(auth).expect(403);
      await request(t.http).get('/api/platform/health').set(auth).expect(403);
      await request(t.http)
        .post('/api/platform/offices')
        .set(auth)
        .send(officeBody('eingeschlichen', 'eingeschlichen@mbe.example'))
        .expect(403);
    }
    await request(t.http).get('/api/platform/offices').expect(401);
  });

  it('keeps the platform admin off the office routes, but not off their own session', async () => {
    await request(t.http).get('/api/admin/counsellors').set(platform).expect(403);
    await request(t.http).get('/api/admin/staff').set(platform).expect(403);
    await request(t.http).get('/api/appointments').set(platform).expect(403);
    await request(t.http).get('/api/counsellors/me').set(platform).expect(403);
    const me = await request(t.http).get('/api/auth/me').set(platform).expect(200);
    expect(me.body.role).toBe('platform_admin');
  });

  it('refuses platform admins inside an office, in the service and in the database', async () => {
    await expect(
      t.app.get(StaffService).create({
        email: 'sneaky@test.sprechstunde.local',
        displayName: 'Sneaky',
        role: 'platform_admin',
        password: 'a long password 123',
        officeId: (await t.dataSource.query<{ id: string }[]>('SELECT id FROM office LIMIT 1'))[0]
          .id,
      }),
    ).rejects.toMatchObject({ response: { code: 'role_not_in_office' } });
    await expect(
      t.dataSource.query(`UPDATE staff_account SET office_id = NULL WHERE role = 'admin'`),
    ).rejects.toThrow(/ck_staff_account_office_role/);
    await expect(
      t.dataSource.query(
        `UPDATE staff_account SET office_id = (SELECT id FROM office LIMIT 1) WHERE role = 'platform_admin'`,
      ),
    ).rejects.toThrow(/ck_staff_account_office_role/);
  });

  it('edits an office, and suspending hides it from clients at once and keeps its data', async () => {
    const created = await request(t.http)
      .post('/api/platform/offices')
      .set(platform)
      .send(officeBody('jmd-spandau', 'leitung@jmd.example'))
      .expect(201);
    const officeId = created.body.office.id as string;
    const admin = bearer((await logIn('leitung@jmd.example', 'a long initial passphrase')).token);
    await request(t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({ displayName: 'Olena', languages: ['uk', 'ru'], topics: ['language'] })
      .expect(201);
    expect(await publicSlugs()).toContain('jmd-spandau');

    const edited = await request(t.http)
      .patch(`/api/platform/offices/${officeId}`)
      .set(platform)
      .send({ district: 'Spandau', languages: ['uk', 'ru', 'de', 'en'] })
      .expect(200);
    expect(edited.body).toMatchObject({ district: 'Spandau', counsellors: 1, status: 'active' });
    await request(t.http)
      .patch(`/api/platform/offices/${officeId}`)
      .set(platform)
      .send({ slug: 'mbe-neukoelln' })
      .expect(409)
      .expect((response) => expect(response.body.code).toBe('office_slug_taken'));
    await request(t.http)
      .patch(`/api/platform/offices/${officeId}`)
      .set(platform)
      .send({ timeZone: null })
      .expect(400);

    const suspended = await request(t.http)
      .patch(`/api/platform/offices/${officeId}`)
      .set(platform)
      .send({ status: 'suspended' })
      .expect(200);
    expect(suspended.body).toMatchObject({ status: 'suspended', counsellors: 1 });
    expect(await publicSlugs()).not.toContain('jmd-spandau');
    await request(t.http).get('/api/public/offices/jmd-spandau').expect(404);
    // Its data stays: the platform still sees it whole, its admin still sees their counsellor.
    const fetched = await request(t.http)
      .get(`/api/platform/offices/${officeId}`)
      .set(platform)
      .expect(200);
    expect(fetched.body).toMatchObject({ status: 'suspended', counsellors: 1 });
    const kept = await request(t.http).get('/api/admin/counsellors').set(admin).expect(200);
    expect(kept.body).toHaveLength(1);

    const actions = await t.dataSource.query<
      { action: string; changes: Record<string, unknown> }[]
    >('SELECT action, changes FROM audit_event WHERE office_id = $1 ORDER BY id', [officeId]);
    expect(actions.map((entry) => entry.action)).toEqual([
      'office.created',
      'office.updated',
      'office.updated',
    ]);
    expect(actions[2].changes).toEqual({ status: { from: 'active', to: 'suspended' } });

    await request(t.http)
      .patch(`/api/platform/offices/${officeId}`)
      .set(platform)
      .send({ status: 'active' })
      .expect(200);
    expect(await publicSlugs()).toContain('jmd-spandau');
  });

  it('answers unknown offices with 404 and shows health', async () => {
    await request(t.http)
      .get('/api/platform/offices/00000000-0000-4000-8000-000000000000')
      .set(platform)
      .expect(404);
    const health = await request(t.http).get('/api/platform/health').set(platform).expect(200);
    const offices = (await request(t.http).get('/api/platform/offices').set(platform).expect(200))
      .body as { status: string }[];
    expect(health.body).toEqual({
      queue: 'up',
      activeOffices: offices.filter((office) => office.status === 'active').length,
      suspendedOffices: offices.filter((office) => office.status === 'suspended').length,
    });
  });
});
