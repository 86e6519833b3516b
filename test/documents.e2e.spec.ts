import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataCipher, KeyRing } from '@app/common';
import { DocumentService } from '@app/documents';
import { E2eeKeyService, openE2eeKey } from '@app/video';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Small but real files: file-type recognises them by their first bytes. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\nAufenthaltstitel Mariam Haddad 7c1e\n',
);
const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
  Buffer.from('0000000a49444154789c6300010000050001', 'hex'),
]);
const JPEG = Buffer.concat([
  Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'),
  randomBytes(64),
  Buffer.from('ffd9', 'hex'),
]);

describe('documents: encrypted exchange between client and assigned counsellor', () => {
  let t: TestApp;
  let token: string;
  let appointmentId: string;
  let assigned: { Authorization: string };
  let other: { Authorization: string };
  let admin: { Authorization: string };
  const oldKey = randomBytes(32).toString('base64');
  let slot = 0;

  const manage = () => ({ 'X-Manage-Token': token });
  const upload = (
    file: Buffer,
    name: string,
    headers: Record<string, string> = manage(),
    path = '/api/public/manage/documents',
  ) => request(t.http).post(path).set(headers).attach('file', file, name);

  async function book(app: TestApp, typeId: string): Promise<{ token: string; id: string }> {
    const day = 1 + slot++;
    const res = await request(app.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: typeId,
        start: `2026-06-${String(day + 1).padStart(2, '0')}T10:00:00+02:00`,
        pseudonym: 'Mariam',
        language: 'ar',
        timeZone: 'Europe/Berlin',
        contact: { channel: 'email', value: `mariam${slot}@example.org` },
      })
      .expect(201);
    return { token: res.body.manageToken, id: res.body.appointment.id };
  }

  let typeId: string;
  beforeAll(async () => {
    t = await createTestApp({
      env: {
        DATA_ENCRYPTION_KEY: oldKey,
        DOCUMENT_MAX_BYTES: String(64 * 1024),
        DOCUMENT_MAX_PER_APPOINTMENT: '3',
        MANAGE_RATE_LIMIT_PER_MINUTE: '10000',
        BOOKING_RATE_LIMIT_PER_MINUTE: '10000',
      },
    });
    t.clock.advance(new Date('2026-05-25T08:00:00Z').getTime() - t.clock.now().getTime());
    admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
    const counsellor = async (name: string) => {
      const login = await t.login('counsellor');
      const created = await request(t.http)
        .post('/api/admin/counsellors')
        .set(admin)
        .send({
          displayName: name,
          languages: ['ar', 'de'],
          topics: ['residence'],
          staffId: login.id,
        })
        .expect(201);
      for (const weekday of [1, 2, 3, 4, 5, 6, 7]) {
        await request(t.http)
          .post(`/api/counsellors/${created.body.id}/rules`)
          .set(admin)
          .send({ weekday, start: '09:00', end: '17:00' })
          .expect(201);
      }
      return { id: created.body.id as string, auth: { Authorization: `Bearer ${login.token}` } };
    };
    const a = await counsellor('Amira Haddad');
    const b = await counsellor('Lesia Petrenko');
    assigned = a.auth;
    other = b.auth;
    typeId = (
      await request(t.http)
        .post('/api/admin/consultation-types')
        .set(admin)
        .send({
          name: { de: 'Aufenthalt', en: 'Residence' },
          topic: 'residence',
          durationMinutes: 60,
          stepMinutes: 60,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 0,
          horizonDays: 60,
          channel: 'video',
          counsellorIds: [a.id],
        })
        .expect(201)
    ).body.id;
    ({ token, id: appointmentId } = await book(t, typeId));
  });
  afterAll(() => t.close());

  it('round-trips a PDF from client to counsellor, audited, and stores nothing readable', async () => {
    const uploaded = await upload(PDF, 'Aufenthaltstitel Mariam.pdf').expect(201);
    expect(uploaded.body).toMatchObject({
      fileName: 'Aufenthaltstitel Mariam.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
      uploadedBy: 'client',
    });
    const listed = await request(t.http)
      .get('/api/public/manage/documents')
      .set(manage())
      .expect(200);
    expect(listed.body.map((d: { id: string }) => d.id)).toEqual([uploaded.body.id]);

    const downloaded = await request(t.http)
      .get(`/api/appointments/${appointmentId}/documents/${uploaded.body.id}`)
      .set(assigned)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(Buffer.compare(downloaded.body as Buffer, PDF)).toBe(0);
    expect(downloaded.headers['content-type']).toMatch(/^application\/pdf/);
    expect(downloaded.headers['content-disposition']).toContain('Aufenthaltstitel Mariam.pdf');
    const audit = await t.dataSource.query(
      `SELECT action, actor_type, changes FROM audit_event WHERE appointment_id = $1 AND action LIKE 'document.%' ORDER BY id`,
      [appointmentId],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'document.uploaded',
      'document.downloaded',
    ]);
    expect(JSON.stringify(audit)).not.toContain('Mariam');

    // At rest: neither the content nor the name is readable, in the files or the database.
    const dir = join(t.config.DATA_DIR, 'documents');
    const stored = readdirSync(dir).map((f) => readFileSync(join(dir, f)));
    expect(stored).toHaveLength(1);
    expect(stored[0].includes(Buffer.from('Aufenthaltstitel'))).toBe(false);
    expect(stored[0].includes(Buffer.from('%PDF'))).toBe(false);
    const rows = JSON.stringify(await t.dataSource.query('SELECT * FROM document'));
    expect(rows).not.toContain('Aufenthaltstitel');
  });

  it('keeps Arabic, Cyrillic and Farsi names intact and drops bidi and control characters', async () => {
    const own = await book(t, typeId);
    const names = [
      // sent as the browser does: raw UTF-8 in filename="…"
      ['وثيقة-Паспорт.pdf', 'وثيقة-Паспорт.pdf'],
      ['گواهی\u200f نامه\u0085.pdf', 'گواهی نامه.pdf'],
      // (a C0 control in a raw header is refused by the multipart parser itself)
      ['invoice\u202Efdp.exe\u2066\u200e\u2069.pdf', 'invoicefdp.exe.pdf'],
    ] as const;
    for (const [sent, kept] of names) {
      const uploaded = await upload(PDF, sent, { 'X-Manage-Token': own.token }).expect(201);
      expect(uploaded.body.fileName).toBe(kept);
    }
    const listed = await request(t.http)
      .get('/api/public/manage/documents')
      .set({ 'X-Manage-Token': own.token })
      .expect(200);
    expect(listed.body.map((d: { fileName: string }) => d.fileName)).toEqual(
      names.map(([, kept]) => kept),
    );
    const downloaded = await request(t.http)
      .get(`/api/appointments/${own.id}/documents/${listed.body[0].id}`)
      .set(assigned)
      .expect(200);
    // RFC 6266 with an RFC 5987 filename* for the exact name; the plain filename is the ASCII fallback.
    expect(downloaded.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('وثيقة-Паспорт.pdf')}`,
    );
  });

  it('lets the counsellor send a document back, which the client downloads', async () => {
    const sent = await upload(
      PNG,
      'Formular.png',
      assigned,
      `/api/appointments/${appointmentId}/documents`,
    ).expect(201);
    expect(sent.body).toMatchObject({ contentType: 'image/png', uploadedBy: 'counsellor' });
    const got = await request(t.http)
      .get(`/api/public/manage/documents/${sent.body.id}`)
      .set(manage())
      .expect(200);
    expect(got.headers['content-type']).toMatch(/^image\/png/);
  });

  it('keeps out other counsellors, admins (except to delete) and wrong tokens', async () => {
    const [doc] = (
      await request(t.http).get('/api/public/manage/documents').set(manage()).expect(200)
    ).body;
    const path = `/api/appointments/${appointmentId}/documents`;
    await request(t.http).get(`${path}/${doc.id}`).set(other).expect(403);
    await request(t.http).get(path).set(other).expect(403);
    await upload(JPEG, 'x.jpg', other, path).expect(403);
    await request(t.http).get(`${path}/${doc.id}`).set(admin).expect(403);
    await upload(JPEG, 'x.jpg', admin, path).expect(403);
    const adminList = await request(t.http).get(path).set(admin).expect(200);
    expect(adminList.body[0]).not.toHaveProperty('fileName');
    await request(t.http).get(`${path}/${doc.id}`).expect(401);
    await request(t.http)
      .get(`/api/public/manage/documents/${doc.id}`)
      .set('X-Manage-Token', randomBytes(32).toString('base64url'))
      .expect(404);
    // An unknown token is refused before the upload is read.
    await upload(PDF, 'a.pdf', { 'X-Manage-Token': randomBytes(32).toString('base64url') }).expect(
      404,
    );
    await upload(PDF, 'a.pdf', {}).expect(404);
    // Another appointment's token does not open this appointment's document.
    const elsewhere = await book(t, typeId);
    await request(t.http)
      .get(`/api/public/manage/documents/${doc.id}`)
      .set('X-Manage-Token', elsewhere.token)
      .expect(404);
  });

  it('checks type by content, size and count, with clear errors', async () => {
    const fake = await upload(
      Buffer.from('<html><script>alert(1)</script></html>'),
      'photo.png',
    ).expect(415);
    expect(fake.body.message).toMatch(/PDF, JPEG and PNG/);
    await upload(Buffer.concat([PDF, randomBytes(64 * 1024)]), 'big.pdf').expect(413);
    await request(t.http).post('/api/public/manage/documents').set(manage()).expect(400);
    await upload(JPEG, 'third.jpg').expect(201); // the third document of this appointment
    const full = await upload(JPEG, 'fourth.jpg').expect(409);
    expect(full.body.message).toMatch(/already has 3 documents/);
  });

  it('rejects a tampered file instead of returning altered content', async () => {
    const { token: other, id } = await book(t, typeId);
    const doc = await request(t.http)
      .post('/api/public/manage/documents')
      .set('X-Manage-Token', other)
      .attach('file', PDF, 'brief.pdf')
      .expect(201);
    const [row] = await t.dataSource.query('SELECT storage_key FROM document WHERE id = $1', [
      doc.body.id,
    ]);
    const file = join(t.config.DATA_DIR, 'documents', row.storage_key);
    const bytes = readFileSync(file);
    bytes[bytes.length - 5] ^= 0x01;
    writeFileSync(file, bytes);
    const answer = await request(t.http)
      .get(`/api/public/manage/documents/${doc.body.id}`)
      .set('X-Manage-Token', other)
      .expect(410);
    expect(answer.body.message).toMatch(/damaged/);
    // The damaged document stays listed (to be replaced), and is not passed off as another one.
    const [{ n }] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM document WHERE appointment_id = $1',
      [id],
    );
    expect(n).toBe(1);
  });

  it('rotates the master key without re-uploading: keys are re-wrapped, files untouched', async () => {
    const newKey = randomBytes(32).toString('base64');
    const dir = join(t.config.DATA_DIR, 'documents');
    const filesBefore = readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('base64'));
    const rotated = await createTestApp({
      database: t.database,
      env: {
        DATA_ENCRYPTION_KEY: newKey,
        DATA_ENCRYPTION_KEYS_PREVIOUS: oldKey,
        DOCUMENTS_DIR: dir,
        // A second API process on the same database runs no jobs here: its clock is today's, and
        // the retention job would (rightly) erase this test's June appointments.
        WORKER_IN_API: 'false',
      },
    });
    try {
      expect(await rotated.app.get(DocumentService).rewrapKeys()).toBeGreaterThanOrEqual(3);
      const ids = await rotated.dataSource.query('SELECT DISTINCT master_key_id FROM document');
      expect(ids).toEqual([{ master_key_id: KeyRing.idOf(newKey) }]);
      expect(await rotated.app.get(DocumentService).rewrapKeys()).toBe(0);
      // The calls' E2EE keys rotate with them (what `npm run keys:rotate` runs besides).
      const secret = randomBytes(32);
      await rotated.dataSource.query(
        'INSERT INTO video_session (appointment_id, e2ee_key_sealed) VALUES ($1, $2)',
        // As sealed before key ids were stored with it: no "<key id>:" prefix.
        [appointmentId, new DataCipher(oldKey).encrypt(secret)],
      );
      expect(await rotated.app.get(E2eeKeyService).resealAll()).toBe(1);
      const [{ sealed }] = await rotated.dataSource.query(
        'SELECT e2ee_key_sealed AS sealed FROM video_session WHERE appointment_id = $1',
        [appointmentId],
      );
      expect(openE2eeKey(new KeyRing(newKey), sealed as string).equals(secret)).toBe(true);
    } finally {
      await rotated.close();
    }
    expect(
      readdirSync(dir)
        .map((f) => readFileSync(join(dir, f)).toString('base64'))
        .sort(),
    ).toEqual(filesBefore.sort());
    // Only the new key now: the documents still open.
    const after = await createTestApp({
      database: t.database,
      env: {
        DATA_ENCRYPTION_KEY: newKey,
        DOCUMENTS_DIR: dir,
        MANAGE_RATE_LIMIT_PER_MINUTE: '10000',
        WORKER_IN_API: 'false',
      },
    });
    try {
      const list = await request(after.http).get('/api/public/manage/documents').set(manage());
      expect(list.status, JSON.stringify(list.body)).toBe(200);
      const [doc] = list.body;
      await request(after.http)
        .get(`/api/public/manage/documents/${doc.id}`)
        .set(manage())
        .expect(200);
    } finally {
      await after.close();
    }
  });

  it('keeps contents in the database when configured so', async () => {
    const db = await createTestApp({
      env: {
        DOCUMENT_STORE: 'database',
        BOOKING_RATE_LIMIT_PER_MINUTE: '10000',
        WORKER_IN_API: 'false',
      },
    });
    try {
      db.clock.advance(new Date('2026-05-25T08:00:00Z').getTime() - db.clock.now().getTime());
      const dbAdmin = { Authorization: `Bearer ${(await db.login('admin')).token}` };
      const c = await request(db.http)
        .post('/api/admin/counsellors')
        .set(dbAdmin)
        .send({ displayName: 'C', languages: ['de'], topics: ['residence'] })
        .expect(201);
      await request(db.http)
        .post(`/api/counsellors/${c.body.id}/rules`)
        .set(dbAdmin)
        .send({ weekday: 3, start: '09:00', end: '17:00' })
        .expect(201);
      const type = await request(db.http)
        .post('/api/admin/consultation-types')
        .set(dbAdmin)
        .send({
          name: { de: 'A', en: 'A' },
          topic: 'residence',
          durationMinutes: 60,
          stepMinutes: 60,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 0,
          horizonDays: 60,
          channel: 'video',
          counsellorIds: [c.body.id],
        })
        .expect(201);
      const res = await request(db.http)
        .post('/api/public/appointments')
        .send({
          consultationTypeId: type.body.id,
          start: '2026-06-03T10:00:00+02:00', // a Wednesday, the counsellor's day
          pseudonym: 'M',
          language: 'de',
          timeZone: 'Europe/Berlin',
          contact: { channel: 'email', value: 'db@example.org' },
        })
        .expect(201);
      const booked = { token: res.body.manageToken as string };
      const doc = await request(db.http)
        .post('/api/public/manage/documents')
        .set('X-Manage-Token', booked.token)
        .attach('file', PDF, 'a.pdf')
        .expect(201);
      const [blob] = await db.dataSource.query('SELECT data FROM document_blob');
      expect((blob.data as Buffer).includes(Buffer.from('%PDF'))).toBe(false);
      const got = await request(db.http)
        .get(`/api/public/manage/documents/${doc.body.id}`)
        .set('X-Manage-Token', booked.token)
        .expect(200);
      expect(got.headers['content-type']).toMatch(/^application\/pdf/);
    } finally {
      await db.close();
    }
  });

  it('deletes the documents, files included, when the client erases their data', async () => {
    const dir = join(t.config.DATA_DIR, 'documents');
    const before = readdirSync(dir).length;
    const [{ n }] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM document WHERE appointment_id = $1',
      [appointmentId],
    );
    expect(n).toBe(3);
    await request(t.http).post('/api/public/manage/erase').set(manage()).expect(200);
    expect(
      (
        await t.dataSource.query(
          'SELECT count(*)::int AS n FROM document WHERE appointment_id = $1',
          [appointmentId],
        )
      )[0].n,
    ).toBe(0);
    expect(readdirSync(dir).length).toBe(before - 3);
  });
});
