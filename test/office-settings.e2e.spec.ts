import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffService } from '@app/staff';
import { defaultOfficeId, insertOffice } from './support/offices.js';
import { createTestApp, type TestApp } from './support/test-app.js';

type Auth = { Authorization: string };

/**
 * An office admin's own office settings (GET/PATCH /api/office): always their own office, never
 * its slug, name or status, every change in the office's audit trail.
 */
describe('office settings', () => {
  let t: TestApp;
  let officeId: string;
  let otherOfficeId: string;
  let admin: Auth & { id: string };
  let otherAdmin: Auth;
  let counsellor: Auth;
  let platform: Auth;

  const bearer = (token: string): Auth => ({ Authorization: `Bearer ${token}` });
  const row = async (id: string) =>
    (
      await t.dataSource.query<Record<string, unknown>[]>(
        `SELECT slug, name, status, privacy_controller, privacy_contact, retention_days,
                time_zone, holiday_region, languages, topics, district, address
           FROM office WHERE id = $1`,
        [id],
      )
    )[0];

  beforeAll(async () => {
    t = await createTestApp();
    officeId = await defaultOfficeId(t.dataSource);
    otherOfficeId = await insertOffice(t.dataSource, { slug: 'anderes-buero' });
    const login = await t.login('admin');
    admin = { ...bearer(login.token), id: login.id };
    otherAdmin = bearer((await t.login('admin', undefined, otherOfficeId)).token);
    counsellor = bearer((await t.login('counsellor')).token);
    await t.app.get(StaffService).createPlatformAdmin({
      email: 'platform@test.sprechstunde.local',
      displayName: 'Platform',
      password: 'platform password 1',
    });
    const platformLogin = await request(t.http)
      .post('/api/auth/login')
      .send({ email: 'platform@test.sprechstunde.local', password: 'platform password 1' })
      .expect(200);
    platform = bearer((platformLogin.body as { token: string }).token);
  });
  afterAll(() => t.close());

  it("reads the admin's own office, and another office's admin reads theirs", async () => {
    const own = await request(t.http).get('/api/office').set(admin).expect(200);
    const stored = await row(officeId);
    expect(own.body).toMatchObject({
      id: officeId,
      slug: stored.slug,
      status: 'active',
      privacyController: stored.privacy_controller,
      retentionDays: stored.retention_days,
    });
    // The platform's counts are not part of an office's settings.
    expect(own.body).not.toHaveProperty('counsellors');
    const other = await request(t.http).get('/api/office').set(otherAdmin).expect(200);
    expect(other.body).toMatchObject({ id: otherOfficeId, slug: 'anderes-buero' });
  });

  it('edits the privacy notice, contact and languages, audited, and clients see it at once', async () => {
    const before = await row(officeId);
    const changed = await request(t.http)
      .patch('/api/office')
      .set(admin)
      .send({
        privacyController: 'Neuer Träger e. V., Hauptstraße 5, 10827 Berlin',
        privacyContact: 'dsb@neuer-traeger.example',
        retentionDays: 90,
        district: 'Schöneberg',
        address: null,
        languages: ['de', 'fa', 'uk'],
        topics: ['housing'],
        timeZone: 'Europe/Vienna',
        holidayRegion: 'AT-9',
      })
      .expect(200);
    expect(changed.body).toMatchObject({
      id: officeId,
      privacyController: 'Neuer Träger e. V., Hauptstraße 5, 10827 Berlin',
      retentionDays: 90,
      district: 'Schöneberg',
      address: null,
      languages: ['de', 'fa', 'uk'],
      timeZone: 'Europe/Vienna',
      holidayRegion: 'AT-9',
    });
    const after = await row(officeId);
    expect(after).toMatchObject({
      slug: before.slug,
      status: 'active',
      privacy_contact: 'dsb@neuer-traeger.example',
      retention_days: 90,
    });
    const [audit] = await t.dataSource.query<{ actor_id: string; changes: object }[]>(
      `SELECT actor_id, changes FROM audit_event
        WHERE office_id = $1 AND action = 'office.updated' ORDER BY id DESC LIMIT 1`,
      [officeId],
    );
    expect(audit.actor_id).toBe(admin.id);
    expect(audit.changes).toMatchObject({
      retentionDays: { from: before.retention_days, to: 90 },
      privacyContact: { from: before.privacy_contact, to: 'dsb@neuer-traeger.example' },
    });
    const published = await request(t.http)
      .get(`/api/public/offices/${String(before.slug)}`)
      .expect(200);
    expect(published.body.privacy).toMatchObject({
      controller: 'Neuer Träger e. V., Hauptstraße 5, 10827 Berlin',
      contact: 'dsb@neuer-traeger.example',
      retentionDays: 90,
    });
    // The other office is untouched.
    expect(await row(otherOfficeId)).toMatchObject({ retention_days: 30, district: null });
  });

  it('cannot suspend the office, rename it or move its slug: 400 validation_failed, nothing changed', async () => {
    const before = await row(officeId);
    for (const body of [
      { status: 'suspended' },
      { slug: 'gekapert' },
      { name: { de: 'Anderer Name' } },
      { retentionDays: 30, status: 'suspended' },
    ]) {
      const refused = await request(t.http).patch('/api/office').set(admin).send(body).expect(400);
      expect(refused.body.code).toBe('validation_failed');
      expect(JSON.stringify(refused.body.details)).toContain(Object.keys(body).at(-1));
    }
    expect(await row(officeId)).toEqual(before);
  });

  it('refuses bad values with 400 validation_failed naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ retentionDays: 0 }, 'retentionDays'],
      [{ retentionDays: 'forever' }, 'retentionDays'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ holidayRegion: 'berlin' }, 'holidayRegion'],
      [{ languages: ['xx'] }, 'languages'],
      [{ topics: ['astrology'] }, 'topics'],
      [{ contactEmail: 'not an address' }, 'contactEmail'],
      [{ privacyController: '' }, 'privacyController'],
      [{ privacyController: null }, 'privacyController'],
    ];
    const before = await row(officeId);
    for (const [body, field] of cases) {
      const refused = await request(t.http).patch('/api/office').set(admin).send(body).expect(400);
      expect(refused.body.code, JSON.stringify(body)).toBe('validation_failed');
      expect(
        (refused.body.details as { field: string }[]).map((detail) => detail.field),
        JSON.stringify(body),
      ).toContain(field);
    }
    expect(await row(officeId)).toEqual(before);
  });

  it('is for office admins only: counsellors 403, platform admins 403, no login 401', async () => {
    await request(t.http).get('/api/office').expect(401);
    await request(t.http).patch('/api/office').send({ retentionDays: 5 }).expect(401);
    for (const auth of [counsellor, platform]) {
      await request(t.http).get('/api/office').set(auth).expect(403);
      const refused = await request(t.http)
        .patch('/api/office')
        .set(auth)
        .send({ retentionDays: 5 })
        .expect(403);
      expect(refused.body.code).toBe('forbidden');
    }
    expect((await row(officeId)).retention_days).not.toBe(5);
  });
});
