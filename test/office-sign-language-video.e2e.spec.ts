import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOfficeId, insertOffice } from './support/offices.js';
import { createTestApp, type TestApp } from './support/test-app.js';

type Auth = { Authorization: string };

/**
 * An office's video in German Sign Language (BITV 2.0): set by its admin (https only), shown on
 * its public "Leichte Sprache" page, removed with null, and every change audited.
 */
describe('office sign-language video', () => {
  let t: TestApp;
  let officeId: string;
  let slug: string;
  let admin: Auth;
  let otherAdmin: Auth;
  let counsellor: Auth;

  const bearer = (token: string): Auth => ({ Authorization: `Bearer ${token}` });
  const stored = async (id: string) =>
    (
      await t.dataSource.query<{ sign_language_video_url: string | null }[]>(
        'SELECT sign_language_video_url FROM office WHERE id = $1',
        [id],
      )
    )[0].sign_language_video_url;
  const publicOffice = async (officeSlug: string) =>
    (await request(t.http).get(`/api/public/offices/${officeSlug}`).expect(200)).body as {
      signLanguageVideoUrl: string | null;
    };

  beforeAll(async () => {
    t = await createTestApp();
    officeId = await defaultOfficeId(t.dataSource);
    const otherOfficeId = await insertOffice(t.dataSource, { slug: 'zweites-buero' });
    admin = bearer((await t.login('admin')).token);
    otherAdmin = bearer((await t.login('admin', undefined, otherOfficeId)).token);
    counsellor = bearer((await t.login('counsellor')).token);
    slug = (
      (await request(t.http).get('/api/office').set(admin).expect(200)).body as {
        slug: string;
      }
    ).slug;
  });
  afterAll(() => t.close());

  it('has none at first: null in the settings and in the public answer', async () => {
    const settings = await request(t.http).get('/api/office').set(admin).expect(200);
    expect(settings.body.signLanguageVideoUrl).toBeNull();
    expect((await publicOffice(slug)).signLanguageVideoUrl).toBeNull();
  });

  it('is set by the office admin, shown to clients, audited, and removed again with null', async () => {
    const url = 'https://video.example.org/dgs/beratungsstelle.mp4';
    const saved = await request(t.http)
      .patch('/api/office')
      .set(admin)
      .send({ signLanguageVideoUrl: url })
      .expect(200);
    expect(saved.body.signLanguageVideoUrl).toBe(url);
    expect(await stored(officeId)).toBe(url);
    expect((await publicOffice(slug)).signLanguageVideoUrl).toBe(url);
    // Only this office: the other office still has none.
    expect((await publicOffice('zweites-buero')).signLanguageVideoUrl).toBeNull();
    const audit = await t.dataSource.query<{ changes: Record<string, unknown> }[]>(
      `SELECT changes FROM audit_event
        WHERE office_id = $1 AND action = 'office.updated' AND changes ? 'signLanguageVideoUrl'`,
      [officeId],
    );
    expect(audit.map((entry) => entry.changes)).toEqual([
      { signLanguageVideoUrl: { from: null, to: url } },
    ]);

    // Other settings saved later leave the video alone.
    await request(t.http).patch('/api/office').set(admin).send({ retentionDays: 40 }).expect(200);
    expect(await stored(officeId)).toBe(url);

    const removed = await request(t.http)
      .patch('/api/office')
      .set(admin)
      .send({ signLanguageVideoUrl: null })
      .expect(200);
    expect(removed.body.signLanguageVideoUrl).toBeNull();
    expect((await publicOffice(slug)).signLanguageVideoUrl).toBeNull();
  });

  it('refuses anything but a complete https address: 400 validation_failed naming the field', async () => {
    await request(t.http)
      .patch('/api/office')
      .set(otherAdmin)
      .send({ signLanguageVideoUrl: 'https://example.org/zweites.webm' })
      .expect(200);
    for (const bad of [
      'http://example.org/dgs.mp4',
      'javascript:alert(1)',
      'example.org/dgs.mp4',
      'https://',
      `https://example.org/${'a'.repeat(2000)}.mp4`,
      42,
    ]) {
      const refused = await request(t.http)
        .patch('/api/office')
        .set(otherAdmin)
        .send({ signLanguageVideoUrl: bad })
        .expect(400);
      expect(refused.body.code, String(bad)).toBe('validation_failed');
      expect(
        (refused.body.details as { field: string }[]).map((detail) => detail.field),
        String(bad),
      ).toContain('signLanguageVideoUrl');
    }
    expect((await publicOffice('zweites-buero')).signLanguageVideoUrl).toBe(
      'https://example.org/zweites.webm',
    );
  });

  it('is the office admin’s: a counsellor may not set it (403)', async () => {
    const before = await stored(officeId);
    await request(t.http)
      .patch('/api/office')
      .set(counsellor)
      .send({ signLanguageVideoUrl: 'https://example.org/x.mp4' })
      .expect(403);
    expect(await stored(officeId)).toBe(before);
  });
});
