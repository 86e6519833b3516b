import request from 'supertest';
import { insertOffice, type TestOffice } from './offices.js';
import type { TestApp } from './test-app.js';

export interface BookableOffice {
  id: string;
  slug: string;
  typeId: string;
}

/**
 * An office of its own, set up through its admin as a real office would be: one counsellor with
 * weekday hours 08:00–18:00 and one video consultation type without notice period.
 */
export async function bookableOffice(
  t: TestApp,
  office: TestOffice & {
    contactEmail?: string;
    contactPhone?: string;
    privacyController?: string;
    privacyContact?: string;
    retentionDays?: number;
  },
): Promise<BookableOffice> {
  const id = await insertOffice(t.dataSource, office);
  await t.dataSource.query(
    `UPDATE office SET contact_email = $2, contact_phone = $3,
            privacy_controller = coalesce($4, privacy_controller),
            privacy_contact = coalesce($5, privacy_contact),
            retention_days = coalesce($6, retention_days)
      WHERE id = $1`,
    [
      id,
      office.contactEmail ?? null,
      office.contactPhone ?? null,
      office.privacyController ?? null,
      office.privacyContact ?? null,
      office.retentionDays ?? null,
    ],
  );
  const admin = {
    Authorization: `Bearer ${(await t.login('admin', `admin@${office.slug}.test`, id)).token}`,
  };
  const counsellorId = (
    await request(t.http)
      .post('/api/admin/counsellors')
      .set(admin)
      .send({
        displayName: `Counsellor ${office.slug}`,
        languages: ['ar', 'de', 'en'],
        topics: ['residence'],
      })
      .expect(201)
  ).body.id as string;
  for (const weekday of [1, 2, 3, 4, 5]) {
    await request(t.http)
      .post(`/api/counsellors/${counsellorId}/rules`)
      .set(admin)
      .send({ weekday, start: '08:00', end: '18:00' })
      .expect(201);
  }
  const typeId = (
    await request(t.http)
      .post('/api/admin/consultation-types')
      .set(admin)
      .send({
        name: { de: 'Aufenthalt', en: 'Residence', ar: 'الإقامة' },
        topic: 'residence',
        durationMinutes: 30,
        stepMinutes: 30,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 0,
        horizonDays: 60,
        channel: 'video',
        reminderOffsetsMinutes: [1440],
        counsellorIds: [counsellorId],
      })
      .expect(201)
  ).body.id as string;
  return { id, slug: office.slug, typeId };
}
