import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoSeeder } from '../apps/api/src/seed/demo-seeder.js';
import { defaultOfficeId } from './support/offices.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('demo offices', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const login = async (email: string, password: string): Promise<string> =>
    (await request(t.http).post('/api/auth/login').send({ email, password }).expect(200)).body
      .token as string;

  it('seeds an empty database once: three offices with logins that work and slots to book', async () => {
    const defaultOffice = await defaultOfficeId(t.dataSource);
    const logins = await t.app.get(DemoSeeder).seedIfEmpty();
    expect(logins.map((entry) => `${entry.office ?? '-'} ${entry.role}`)).toEqual([
      'willkommenszentrum admin',
      'willkommenszentrum counsellor',
      'willkommenszentrum counsellor',
      'willkommenszentrum counsellor',
      'mbe-neukoelln admin',
      'mbe-neukoelln counsellor',
      'mbe-neukoelln counsellor',
      'mbe-neukoelln counsellor',
      'jmd-spandau admin',
      'jmd-spandau counsellor',
      'jmd-spandau counsellor',
      '- platform_admin',
    ]);
    expect(await t.app.get(DemoSeeder).seedIfEmpty()).toEqual([]);

    // The default office from the migration is the first one: no empty extra office.
    const offices = await t.dataSource.query<{ id: string; slug: string }[]>(
      'SELECT id, slug FROM office ORDER BY created_at, id',
    );
    expect(offices).toHaveLength(3);
    expect(offices[0]).toEqual({ id: defaultOffice, slug: 'willkommenszentrum' });

    const directory = await request(t.http)
      .get('/api/public/offices')
      .query({ language: 'en' })
      .expect(200);
    expect(
      (directory.body as { slug: string; district: string }[])
        .map((office) => `${office.slug} ${office.district}`)
        .sort(),
    ).toEqual(['jmd-spandau Spandau', 'mbe-neukoelln Neukölln', 'willkommenszentrum Mitte']);

    const from = new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(t.clock.now().getTime() + 13 * 86_400_000).toISOString().slice(0, 10);
    const counsellorsPerOffice: Record<string, number> = {
      willkommenszentrum: 3,
      'mbe-neukoelln': 3,
      'jmd-spandau': 2,
    };
    for (const office of offices) {
      const admin = logins.find((entry) => entry.office === office.slug && entry.role === 'admin')!;
      const token = await login(admin.email, admin.password);
      const counsellors = await request(t.http)
        .get('/api/admin/counsellors')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(counsellors.body).toHaveLength(counsellorsPerOffice[office.slug]);

      const types = await t.dataSource.query<{ id: string }[]>(
        'SELECT id FROM consultation_type WHERE office_id = $1 ORDER BY created_at, id',
        [office.id],
      );
      expect(types).toHaveLength(2);
      for (const type of types) {
        const slots = await request(t.http)
          .get('/api/public/slots')
          .query({ consultationTypeId: type.id, from, to })
          .expect(200);
        expect(slots.body.slots.length, `${office.slug} ${type.id}`).toBeGreaterThan(5);
      }
    }
    const first = await request(t.http)
      .get('/api/public/slots')
      .query({
        consultationTypeId: (
          await t.dataSource.query<{ id: string }[]>(
            `SELECT id FROM consultation_type WHERE office_id = $1 AND topic = 'general'`,
            [defaultOffice],
          )
        )[0].id,
        from,
        to,
      })
      .expect(200);
    expect(first.body.slots.length).toBeGreaterThan(20);
    expect(first.body.counsellors).toHaveLength(3);

    const platform = logins.find((entry) => entry.role === 'platform_admin')!;
    const listed = await request(t.http)
      .get('/api/platform/offices')
      .set('Authorization', `Bearer ${await login(platform.email, platform.password)}`)
      .expect(200);
    expect(
      (listed.body as { slug: string; counsellors: number }[])
        .map((office) => `${office.slug} ${office.counsellors}`)
        .sort(),
    ).toEqual(['jmd-spandau 2', 'mbe-neukoelln 3', 'willkommenszentrum 3']);
  });
});
