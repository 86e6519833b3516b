import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoSeeder } from '../apps/api/src/seed/demo-seeder.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('demo office', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('seeds an empty database once, with logins that work and slots to book', async () => {
    const logins = await t.app.get(DemoSeeder).seedIfEmpty();
    expect(logins.map((login) => login.role)).toEqual([
      'admin',
      'counsellor',
      'counsellor',
      'counsellor',
    ]);
    expect(await t.app.get(DemoSeeder).seedIfEmpty()).toEqual([]);
    const admin = await request(t.http)
      .post('/api/auth/login')
      .send({ email: logins[0].email, password: logins[0].password })
      .expect(200);
    const counsellors = await request(t.http)
      .get('/api/admin/counsellors')
      .set('Authorization', `Bearer ${admin.body.token}`)
      .expect(200);
    expect(counsellors.body).toHaveLength(3);
    const types = await request(t.http)
      .get('/api/public/consultation-types')
      .query({ language: 'en' })
      .expect(200);
    expect(types.body).toHaveLength(2);
    const from = new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(t.clock.now().getTime() + 13 * 86_400_000).toISOString().slice(0, 10);
    const slots = await request(t.http)
      .get('/api/public/slots')
      .query({ consultationTypeId: types.body[0].id, from, to })
      .expect(200);
    expect(slots.body.slots.length).toBeGreaterThan(20);
    expect(slots.body.counsellors).toHaveLength(3);
  });
});
