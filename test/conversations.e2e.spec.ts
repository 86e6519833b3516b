import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyRing } from '@app/common';
import {
  CONVERSATION_NOTICES,
  ConversationKeys,
  type ConversationNoticesPort,
} from '@app/conversations';
import { PrivacyService } from '@app/privacy';
import { insertOffice } from './support/offices.js';
import { createTestApp, type TestApp } from './support/test-app.js';

type Auth = { Authorization: string };

/** Small but real files: file-type recognises them by their first bytes. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\nBescheid Familie Haddad 5d2c\n',
);
const JPEG = Buffer.concat([
  Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'),
  randomBytes(64),
  Buffer.from('ffd9', 'hex'),
]);

const MAX_CHARS = 200;
const PER_HOUR = 5;
const OPEN_DAYS = 14;
const DAY = 24 * 3_600_000;

/** The raw body of a download. */
const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** Reads a server-sent event stream with fetch (as the web does: the link goes in a header). */
async function openStream(t: TestApp, path: string, headers: Record<string, string>) {
  const server = t.http as Server;
  if (!server.listening)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const abort = new AbortController();
  const response = await fetch(`http://127.0.0.1:${address.port}${path}`, {
    headers,
    signal: abort.signal,
  });
  let received = '';
  let changes = 0;
  const waiters: (() => void)[] = [];
  void (async () => {
    try {
      for await (const chunk of response.body ?? []) {
        received += Buffer.from(chunk as Uint8Array).toString();
        changes = received.split('data: changed\n\n').length - 1;
        waiters.splice(0).forEach((wake) => wake());
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    /** Resolves once the stream has said "changed" `count` times in all. */
    async changes(count: number, timeoutMs = 5000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (changes < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`${changes} changes within ${timeoutMs} ms, not ${count}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, left);
        });
      }
    },
    /** How many times the stream has said "changed" so far. */
    count: () => changes,
    close: () => abort.abort(),
  };
}

/** Every row of every table, as text (as test/privacy.e2e.spec.ts looks for personal data). */
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

/**
 * Secure messages over HTTP: a client (manage link or ticket link) and the counsellor assigned
 * now write texts and send documents, sealed at rest; others are kept out; the conversation closes
 * after its period, limits its pace, shows a tampered text as damaged, survives a master-key
 * rotation, goes with the client's data and is in their export.
 */
describe('conversations', () => {
  let t: TestApp;
  const oldKey = randomBytes(32).toString('base64');
  let typeId: string;
  let admin: Auth;
  let amira: { id: string; auth: Auth };
  let lesia: { id: string; auth: Auth };
  let otherOffice: { admin: Auth; counsellor: Auth };
  let slot = 0;
  /** The app's log lines, as production writes them (level info). */
  const logs: string[] = [];

  const manage = (token: string) => ({ 'X-Manage-Token': token });
  const clientView = (token: string) =>
    request(t.http).get('/api/public/manage/conversation').set(manage(token));
  const clientPost = (token: string, text: string) =>
    request(t.http)
      .post('/api/public/manage/conversation/messages')
      .set(manage(token))
      .send({ text });
  const staffPost = (auth: Auth, id: string, text: string) =>
    request(t.http).post(`/api/conversations/${id}/messages`).set(auth).send({ text });
  const staffView = (auth: Auth, appointmentId: string) =>
    request(t.http).get(`/api/appointments/${appointmentId}/conversation`).set(auth);

  let walkInHourId: string | undefined;
  /** A ticket of the office's walk-in hour (open every day 08–18 Berlin; Amira on duty). */
  async function takeTicket(pseudonym: string): Promise<{ 'X-Ticket-Token': string }> {
    if (!walkInHourId) {
      const hour = await request(t.http)
        .post('/api/admin/walk-in-hours')
        .set(admin)
        .send({
          name: { de: 'Offene Sprechstunde', en: 'Open consultation hour' },
          topics: ['residence'],
          languages: ['ar', 'de'],
          channel: 'video',
          maxQueue: 100,
          rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
            weekday,
            start: '08:00',
            end: '18:00',
          })),
        })
        .expect(201);
      walkInHourId = hour.body.id as string;
      // Taking a number needs a counsellor on duty; signing on calls nobody yet.
      await request(t.http)
        .post(`/api/walk-in/hours/${walkInHourId}/sign-on`)
        .set(amira.auth)
        .expect(204);
    }
    const taken = await request(t.http)
      .post(`/api/public/walk-in/hours/${walkInHourId}/tickets`)
      .send({ language: 'ar', pseudonym, privacyAccepted: true })
      .expect(201);
    return { 'X-Ticket-Token': taken.body.ticketToken as string };
  }

  /** A new appointment with Amira, one day further each time (June 2026, 10:00 Berlin). */
  async function book(pseudonym = 'Mariam'): Promise<{ token: string; id: string }> {
    slot += 1;
    const res = await request(t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: typeId,
        start: `2026-06-${String(slot + 1).padStart(2, '0')}T10:00:00+02:00`,
        pseudonym,
        language: 'ar',
        timeZone: 'Europe/Berlin',
        contact: { channel: 'email', value: `client${slot}@example.org` },
      })
      .expect(201);
    return { token: res.body.manageToken, id: res.body.appointment.id };
  }

  beforeAll(async () => {
    t = await createTestApp({
      logs: { write: (line: string) => void logs.push(line) },
      env: {
        DATA_ENCRYPTION_KEY: oldKey,
        DOCUMENT_MAX_BYTES: String(64 * 1024),
        DOCUMENT_MAX_PER_APPOINTMENT: '4',
        CONVERSATION_MAX_CHARS: String(MAX_CHARS),
        CONVERSATION_MESSAGES_PER_HOUR: String(PER_HOUR),
        CONVERSATION_OPEN_DAYS: String(OPEN_DAYS),
        MANAGE_RATE_LIMIT_PER_MINUTE: '100000',
        BOOKING_RATE_LIMIT_PER_MINUTE: '100000',
        LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
        // The tests move the clock by an hour and more: staff stay logged in.
        SESSION_IDLE_MINUTES: String(24 * 60),
        SESSION_MAX_HOURS: String(24 * 7),
      },
    });
    // A Tuesday (the Monday before is Whit Monday, a holiday: no walk-in hour).
    t.clock.advance(new Date('2026-05-26T08:00:00Z').getTime() - t.clock.now().getTime());
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
    amira = await counsellor('Amira Haddad');
    lesia = await counsellor('Lesia Petrenko');
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
          counsellorIds: [amira.id],
        })
        .expect(201)
    ).body.id;
    const elsewhere = await insertOffice(t.dataSource, { slug: 'anderswo' });
    otherOffice = {
      admin: {
        Authorization: `Bearer ${(await t.login('admin', 'admin@anderswo.example', elsewhere)).token}`,
      },
      counsellor: {
        Authorization: `Bearer ${(await t.login('counsellor', 'c@anderswo.example', elsewhere)).token}`,
      },
    };
  });
  afterAll(() => t?.close());

  it('client sends text and a photo, the counsellor reads and answers with a PDF; delivered and read marks follow', async () => {
    const { token, id: appointmentId } = await book();
    const empty = await clientView(token).expect(200);
    expect(empty.body).toMatchObject({
      subject: 'appointment',
      open: true,
      closesAt: new Date(Date.parse('2026-06-02T09:00:00Z') + OPEN_DAYS * DAY).toISOString(),
      counterpartName: 'Amira Haddad',
      unread: 0,
      messages: [],
      limits: { maxChars: MAX_CHARS, documentsLeft: 4 },
    });

    const text = await clientPost(
      token,
      '  Guten Tag, ich habe eine Frage zum Bescheid 5d2c.\n ',
    ).expect(201);
    expect(text.body).toMatchObject({
      author: 'client',
      mine: true,
      text: 'Guten Tag, ich habe eine Frage zum Bescheid 5d2c.',
      delivered: false,
      read: false,
    });
    expect(text.body.document).toBeUndefined();
    const photo = await request(t.http)
      .post('/api/public/manage/conversation/documents')
      .set(manage(token))
      .attach('file', JPEG, 'Foto Bescheid.jpg')
      .expect(201);
    expect(photo.body).toMatchObject({
      author: 'client',
      mine: true,
      document: {
        fileName: 'Foto Bescheid.jpg',
        contentType: 'image/jpeg',
        sizeBytes: JPEG.length,
      },
    });
    expect(photo.body.text).toBeUndefined();

    const seen = await staffView(amira.auth, appointmentId).expect(200);
    expect(seen.body).toMatchObject({
      id: empty.body.id,
      counterpartName: 'Mariam',
      unread: 2,
      limits: { documentsLeft: 3 },
    });
    expect(seen.body.messages.map((m: { id: string }) => m.id)).toEqual([
      text.body.id,
      photo.body.id,
    ]);
    expect(seen.body.messages[0]).toMatchObject({
      mine: false,
      author: 'client',
      text: text.body.text,
    });
    const conversationId: string = seen.body.id;

    // The counsellor fetched them: delivered, not yet read.
    let mine = (await clientView(token).expect(200)).body.messages;
    expect(mine.map((m: { delivered: boolean; read: boolean }) => [m.delivered, m.read])).toEqual([
      [true, false],
      [true, false],
    ]);
    await request(t.http)
      .post(`/api/conversations/${conversationId}/read`)
      .set(amira.auth)
      .expect(204);
    mine = (await clientView(token).expect(200)).body.messages;
    expect(mine.every((m: { read: boolean }) => m.read)).toBe(true);
    expect(
      (await request(t.http).get('/api/conversations/unread').set(amira.auth).expect(200)).body,
    ).toEqual({ conversations: 0, messages: 0 });

    const photoBack = await request(t.http)
      .get(`/api/conversations/${conversationId}/documents/${photo.body.document.id}`)
      .set(amira.auth)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(Buffer.compare(photoBack.body as Buffer, JPEG)).toBe(0);

    t.clock.advance(60_000);
    const pdf = await request(t.http)
      .post(`/api/conversations/${conversationId}/documents`)
      .set(amira.auth)
      .attach('file', PDF, 'Antrag ausgefüllt.pdf')
      .expect(201);
    expect(pdf.body).toMatchObject({
      author: 'counsellor',
      mine: true,
      document: { contentType: 'application/pdf' },
    });
    const answer = await staffPost(
      amira.auth,
      conversationId,
      'Bitte unterschreiben Sie Seite 2.',
    ).expect(201);

    const inbox = await request(t.http).get('/api/conversations').set(amira.auth).expect(200);
    expect(inbox.body.find((c: { id: string }) => c.id === conversationId)).toMatchObject({
      subject: 'appointment',
      appointmentId,
      clientName: 'Mariam',
      startsAt: '2026-06-02T08:00:00.000Z',
      unread: 0,
      messageCount: 4,
      open: true,
      lastMessageAt: answer.body.createdAt,
    });

    const client = await clientView(token).expect(200);
    expect(client.body.unread).toBe(2);
    expect(client.body.messages.slice(2)).toMatchObject([
      {
        id: pdf.body.id,
        author: 'counsellor',
        mine: false,
        document: { fileName: 'Antrag ausgefüllt.pdf' },
      },
      {
        id: answer.body.id,
        author: 'counsellor',
        mine: false,
        text: 'Bitte unterschreiben Sie Seite 2.',
      },
    ]);
    const download = await request(t.http)
      .get(`/api/public/manage/conversation/documents/${pdf.body.document.id}`)
      .set(manage(token))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    expect(download.headers['cache-control']).toBe('no-store');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-security-policy']).toMatch(/sandbox/);

    let counsellorSide = (await staffView(amira.auth, appointmentId).expect(200)).body.messages;
    expect(
      counsellorSide
        .slice(2)
        .map((m: { delivered: boolean; read: boolean }) => [m.delivered, m.read]),
    ).toEqual([
      [true, false],
      [true, false],
    ]);
    await request(t.http)
      .post('/api/public/manage/conversation/read')
      .set(manage(token))
      .expect(204);
    counsellorSide = (await staffView(amira.auth, appointmentId).expect(200)).body.messages;
    expect(counsellorSide.slice(2).every((m: { read: boolean }) => m.read)).toBe(true);
    expect((await clientView(token).expect(200)).body.unread).toBe(0);

    // At rest: neither the texts nor the file names nor the files are readable.
    const [rows] = await t.dataSource.query<{ dump: string }[]>(
      `SELECT string_agg(x::text, E'\\n') AS dump FROM (
         SELECT m::text FROM conversation_message m UNION ALL SELECT d::text FROM document d
         UNION ALL SELECT c::text FROM conversation c) x`,
    );
    for (const secret of ['Frage', 'unterschreiben', 'Foto Bescheid', 'Antrag'])
      expect(rows.dump).not.toContain(secret);
    expect(rows.dump).not.toContain(Buffer.from('Frage').toString('hex'));
  });

  it('keeps others out: another counsellor and an admin 403, another office and unknown links 404; follows a reassignment', async () => {
    const { token, id: appointmentId } = await book('Samira');
    await clientPost(token, 'Nur für meine Beraterin').expect(201);
    const conversationId: string = (await staffView(amira.auth, appointmentId).expect(200)).body.id;

    for (const auth of [lesia.auth, admin]) {
      expect((await staffView(auth, appointmentId).expect(403)).body.code).toBe(
        'conversation_forbidden',
      );
      await request(t.http).get(`/api/conversations/${conversationId}`).set(auth).expect(403);
      await staffPost(auth, conversationId, 'Hallo').expect(403);
      await request(t.http).post(`/api/conversations/${conversationId}/read`).set(auth).expect(403);
    }
    // The admin sees that it exists and its size, nothing that names or says anything.
    const adminList = await request(t.http).get('/api/conversations').set(admin).expect(200);
    const listed = adminList.body.find((c: { id: string }) => c.id === conversationId);
    expect(listed).toMatchObject({
      messageCount: 1,
      sizeBytes: Buffer.byteLength('Nur für meine Beraterin'),
      unread: 0,
    });
    expect(listed.clientName).toBeUndefined();
    expect(JSON.stringify(adminList.body)).not.toContain('Samira');
    expect(
      (await request(t.http).get('/api/conversations/unread').set(admin).expect(200)).body,
    ).toEqual({
      conversations: 0,
      messages: 0,
    });
    expect(
      (await request(t.http).get('/api/conversations').set(lesia.auth).expect(200)).body.map(
        (c: { id: string }) => c.id,
      ),
    ).not.toContain(conversationId);

    for (const auth of [otherOffice.admin, otherOffice.counsellor]) {
      await request(t.http).get(`/api/conversations/${conversationId}`).set(auth).expect(404);
      await staffView(auth, appointmentId).expect(404);
    }
    await request(t.http).get(`/api/conversations/${randomUUID()}`).set(amira.auth).expect(404);
    const unknown = randomBytes(32).toString('base64url');
    expect((await clientView(unknown).expect(404)).body.code).toBeDefined();
    await clientPost(unknown, 'Hallo').expect(404);
    await request(t.http)
      .post('/api/public/manage/conversation/documents')
      .set(manage(unknown))
      .attach('file', PDF, 'x.pdf')
      .expect(404);
    await request(t.http).get('/api/public/manage/conversation').expect(404);

    // Reassigned: the conversation goes with the appointment to the new counsellor.
    await t.dataSource.query('UPDATE appointment SET counsellor_id = $2 WHERE id = $1', [
      appointmentId,
      lesia.id,
    ]);
    await staffView(amira.auth, appointmentId).expect(403);
    const taken = await staffView(lesia.auth, appointmentId).expect(200);
    expect(taken.body).toMatchObject({ id: conversationId, unread: 1 });
    expect((await clientView(token).expect(200)).body.counterpartName).toBe('Lesia Petrenko');
    expect(
      (await request(t.http).get('/api/conversations/unread').set(lesia.auth).expect(200)).body,
    ).toEqual({
      conversations: 1,
      messages: 1,
    });
  });

  it('a walk-in ticket has its conversation: client and the counsellor who called it, then closed after the period', async () => {
    const ticket = await takeTicket('Yusuf');
    const base = '/api/public/walk-in/ticket/conversation';

    const first = await request(t.http).get(base).set(ticket).expect(200);
    expect(first.body).toMatchObject({
      subject: 'walk-in',
      open: true,
      closesAt: null,
      messages: [],
    });
    const question = await request(t.http)
      .post(`${base}/messages`)
      .set(ticket)
      .send({ text: 'Wie lange noch?' })
      .expect(201);
    const photo = await request(t.http)
      .post(`${base}/documents`)
      .set(ticket)
      .attach('file', JPEG, 'Pass.jpg')
      .expect(201);
    expect(photo.body.document).toMatchObject({ fileName: 'Pass.jpg', contentType: 'image/jpeg' });
    // Nobody has called the ticket yet: no counsellor has access.
    await request(t.http).get(`/api/conversations/${first.body.id}`).set(amira.auth).expect(403);

    const called = await request(t.http).post('/api/walk-in/call-next').set(amira.auth).expect(200);
    const ticketId: string = called.body.ticket.id;
    const seen = await request(t.http)
      .get(`/api/conversations/${first.body.id}`)
      .set(amira.auth)
      .expect(200);
    expect(seen.body).toMatchObject({ subject: 'walk-in', counterpartName: 'Yusuf', unread: 2 });
    expect(seen.body.messages.map((m: { id: string }) => m.id)).toEqual([
      question.body.id,
      photo.body.id,
    ]);
    const inbox = await request(t.http).get('/api/conversations').set(amira.auth).expect(200);
    expect(inbox.body.find((c: { id: string }) => c.id === first.body.id)).toMatchObject({
      subject: 'walk-in',
      ticketId,
      clientName: 'Yusuf',
      unread: 2,
    });
    const pdf = await request(t.http)
      .post(`/api/conversations/${first.body.id}/documents`)
      .set(amira.auth)
      .attach('file', PDF, 'Merkblatt.pdf')
      .expect(201);
    const back = await request(t.http)
      .get(`${base}/documents/${pdf.body.document.id}`)
      .set(ticket)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(Buffer.compare(back.body as Buffer, PDF)).toBe(0);
    await request(t.http).post(`${base}/read`).set(ticket).expect(204);
    const client = await request(t.http).get(`${base}`).set(ticket).expect(200);
    expect(client.body).toMatchObject({ unread: 0, counterpartName: 'Amira Haddad' });

    await request(t.http)
      .post(`/api/walk-in/tickets/${ticketId}/outcome`)
      .set(amira.auth)
      .send({ outcome: 'served' })
      .expect((res) => expect(res.status).toBeLessThan(300));
    const served = (await request(t.http).get(base).set(ticket).expect(200)).body;
    expect(served.open).toBe(true);
    expect(Date.parse(served.closesAt)).toBe(t.clock.now().getTime() + OPEN_DAYS * DAY);
    await t.dataSource.query(
      `UPDATE walk_in_ticket SET finished_at = $2::timestamptz - interval '15 days' WHERE id = $1`,
      [ticketId, t.clock.now()],
    );
    expect((await request(t.http).get(base).set(ticket).expect(200)).body.open).toBe(false);
    expect(
      (
        await request(t.http)
          .post(`${base}/messages`)
          .set(ticket)
          .send({ text: 'Noch eine Frage' })
          .expect(409)
      ).body.code,
    ).toBe('conversation_closed');
    await staffPost(amira.auth, first.body.id, 'Antwort').expect(409);
  });

  it('streams "changed" to both sides on a new message and a read mark', async () => {
    const { token, id: appointmentId } = await book('Dana');
    const conversationId: string = (await staffView(amira.auth, appointmentId).expect(200)).body.id;
    const client = await openStream(t, '/api/public/manage/conversation/events', manage(token));
    const staff = await openStream(t, '/api/conversations/events', amira.auth);
    try {
      expect(client.status).toBe(200);
      expect(client.contentType).toMatch(/^text\/event-stream/);
      expect(staff.status).toBe(200);
      // Each stream says "changed" once at the start (read now), then on every change.
      await client.changes(1);
      await staff.changes(1);
      await staffPost(amira.auth, conversationId, 'Haben Sie das Formular?').expect(201);
      await client.changes(2);
      await staff.changes(2);
      await clientPost(token, 'Ja, morgen.').expect(201);
      await client.changes(3);
      await staff.changes(3);
      await request(t.http)
        .post('/api/public/manage/conversation/read')
        .set(manage(token))
        .expect(204);
      await staff.changes(4);
    } finally {
      client.close();
      staff.close();
    }
    // A link that finds nothing is refused before any stream starts.
    const refused = await openStream(
      t,
      '/api/public/manage/conversation/events',
      manage(randomBytes(32).toString('base64url')),
    );
    expect(refused.status).toBe(404);
    expect(refused.contentType).toMatch(/json/);
    refused.close();
  });

  it('a read that changes nothing publishes nothing (no refetch loop); the office stream hears only of stored messages', async () => {
    const { token, id: appointmentId } = await book('Zeynep');
    const conversationId: string = (await staffView(amira.auth, appointmentId).expect(200)).body.id;
    await staffPost(amira.auth, conversationId, 'Guten Morgen').expect(201);
    await clientPost(token, 'Guten Morgen zurück').expect(201);
    // Both sides fetch and read: the marks are up to date.
    await clientView(token).expect(200);
    await staffView(amira.auth, appointmentId).expect(200);
    await request(t.http)
      .post('/api/public/manage/conversation/read')
      .set(manage(token))
      .expect(204);
    await request(t.http)
      .post(`/api/conversations/${conversationId}/read`)
      .set(amira.auth)
      .expect(204);
    const client = await openStream(t, '/api/public/manage/conversation/events', manage(token));
    const staff = await openStream(t, '/api/conversations/events', amira.auth);
    const office = await openStream(t, '/api/conversations/events', admin);
    try {
      await client.changes(1);
      await staff.changes(1);
      await office.changes(1);
      // What a page does on "changed": read again, and mark read. Nothing moves: no event.
      for (let i = 0; i < 3; i += 1) {
        await clientView(token).expect(200);
        await staffView(amira.auth, appointmentId).expect(200);
        await request(t.http)
          .get(`/api/conversations/${conversationId}`)
          .set(amira.auth)
          .expect(200);
        await request(t.http)
          .post('/api/public/manage/conversation/read')
          .set(manage(token))
          .expect(204);
        await request(t.http)
          .post(`/api/conversations/${conversationId}/read`)
          .set(amira.auth)
          .expect(204);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect([client.count(), staff.count(), office.count()]).toEqual([1, 1, 1]);

      // A new message: every stream hears it; the read mark after it only the two sides.
      await staffPost(amira.auth, conversationId, 'Noch etwas').expect(201);
      await client.changes(2);
      await staff.changes(2);
      await office.changes(2);
      await clientView(token).expect(200);
      await staff.changes(3);
      await request(t.http)
        .post('/api/public/manage/conversation/read')
        .set(manage(token))
        .expect(204);
      await staff.changes(4);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(office.count()).toBe(2);
    } finally {
      client.close();
      staff.close();
      office.close();
    }
  });

  it('checks the assignment before anything is created or an upload is read', async () => {
    const { token, id: appointmentId } = await book('Bahar');
    const conversations = () =>
      t.dataSource.query<{ count: number }[]>(
        'SELECT count(*)::int AS count FROM conversation WHERE appointment_id = $1',
        [appointmentId],
      );
    // Neither another counsellor nor an admin creates the conversation (or its key) by looking.
    await staffView(lesia.auth, appointmentId).expect(403);
    await staffView(admin, appointmentId).expect(403);
    expect(await conversations()).toEqual([{ count: 0 }]);

    await clientPost(token, 'Hallo').expect(201);
    const conversationId: string = (await staffView(amira.auth, appointmentId).expect(200)).body.id;
    // Too large for the upload limit: refused by access (403/404) before the file is buffered (413).
    const big = Buffer.concat([PDF, randomBytes(65 * 1024)]);
    for (const [auth, id, status] of [
      [lesia.auth, conversationId, 403],
      [admin, conversationId, 403],
      [otherOffice.counsellor, conversationId, 404],
      [amira.auth, randomUUID(), 404],
    ] as const) {
      await request(t.http)
        .post(`/api/conversations/${id}/documents`)
        .set(auth)
        .attach('file', big, 'gross.pdf')
        .expect(status);
    }
    await request(t.http)
      .post(`/api/conversations/${conversationId}/documents`)
      .set(amira.auth)
      .attach('file', big, 'gross.pdf')
      .expect(413);
    const sent = await request(t.http)
      .post(`/api/conversations/${conversationId}/documents`)
      .set(amira.auth)
      .attach('file', PDF, 'klein.pdf')
      .expect(201);

    // Deleted by the document API: the message stays (document null), its size no longer counts.
    const sizes = async () =>
      (await request(t.http).get('/api/conversations').set(admin).expect(200)).body.find(
        (c: { id: string }) => c.id === conversationId,
      );
    expect(await sizes()).toMatchObject({ messageCount: 2, sizeBytes: 5 + PDF.length });
    await request(t.http)
      .delete(`/api/appointments/${appointmentId}/documents/${sent.body.document.id}`)
      .set(admin)
      .expect(204);
    expect(await sizes()).toMatchObject({ messageCount: 2, sizeBytes: 5 });
    const [inbox] = (
      await request(t.http).get('/api/conversations').set(amira.auth).expect(200)
    ).body.filter((c: { id: string }) => c.id === conversationId);
    expect(inbox).toMatchObject({ messageCount: 2, sizeBytes: 5 });
    expect((await clientView(token).expect(200)).body.messages[1]).toMatchObject({
      id: sent.body.id,
      document: null,
    });
  });

  it('answers once the message is stored, though its notice hangs (a queue that does not answer) or fails', async () => {
    const { token, id: appointmentId } = await book('Ilyas');
    const conversationId: string = (await staffView(amira.auth, appointmentId).expect(200)).body.id;
    const notices = t.app.get<ConversationNoticesPort>(CONVERSATION_NOTICES);
    const original = notices.messagePosted.bind(notices);
    try {
      notices.messagePosted = () => new Promise<void>(() => undefined);
      const started = Date.now();
      await clientPost(token, 'Die Warteschlange schläft').timeout(10_000).expect(201);
      await staffPost(amira.auth, conversationId, 'Antwort trotzdem').timeout(10_000).expect(201);
      // Each waited for the notice at most its bound (2 s), not for ever.
      expect(Date.now() - started).toBeLessThan(8_000);
      notices.messagePosted = () => Promise.reject(new Error('queue unavailable'));
      await clientPost(token, 'Die Warteschlange streikt').timeout(10_000).expect(201);
    } finally {
      notices.messagePosted = original;
    }
    expect((await clientView(token).expect(200)).body.messages).toHaveLength(3);
    expect(logs.some((line) => line.includes('notice could not be scheduled'))).toBe(true);
    expect(logs.join('\n')).not.toContain('Warteschlange');
  });

  it('refuses empty, too long and control-character texts with 400, and more documents than allowed with 409', async () => {
    const { token } = await book('Nour');
    for (const text of [
      '',
      '   \n\t ',
      'x'.repeat(MAX_CHARS + 1),
      'Klingel\u0007',
      'Escape\u001b[31m',
      'C1\u0085',
      // Bidi overrides and isolates: text that reads differently than it is stored.
      'Rechnung\u202egnp.exe',
      'a\u202ab',
      'a\u2066b\u2069',
      'a\u2068b',
    ]) {
      const refused = await clientPost(token, text).expect(400);
      expect(refused.body.details?.[0]?.field ?? JSON.stringify(refused.body)).toContain('text');
    }
    // Lone surrogates are no characters at all (refused for every request body, and here).
    for (const text of ['halb\ud83d', '\ude00halb']) await clientPost(token, text).expect(400);
    await request(t.http)
      .post('/api/public/manage/conversation/messages')
      .set(manage(token))
      .send({})
      .expect(400);
    await request(t.http)
      .post('/api/public/manage/conversation/messages')
      .set(manage(token))
      .send({ text: 'a\u0000b' })
      .expect(400);
    // The limit counts characters, not bytes or UTF-16 units; newlines and tabs are text.
    const emoji = '😀'.repeat(MAX_CHARS);
    expect((await clientPost(token, emoji).expect(201)).body.text).toBe(emoji);
    expect((await clientPost(token, 'Zeile 1\r\n\tZeile 2').expect(201)).body.text).toBe(
      'Zeile 1\n\tZeile 2',
    );
    expect((await clientView(token).expect(200)).body.messages).toHaveLength(2);
    // Past the hour of these two messages (the pace limit is another test's subject).
    t.clock.advance(61 * 60_000);

    // DOCUMENT_MAX_PER_APPOINTMENT (4) counts the conversation's documents and the document list's.
    await request(t.http)
      .post('/api/public/manage/documents')
      .set(manage(token))
      .attach('file', PDF, 'a.pdf')
      .expect(201);
    for (const name of ['b.pdf', 'c.pdf', 'd.pdf']) {
      await request(t.http)
        .post('/api/public/manage/conversation/documents')
        .set(manage(token))
        .attach('file', PDF, name)
        .expect(201);
    }
    expect((await clientView(token).expect(200)).body.limits.documentsLeft).toBe(0);
    await request(t.http)
      .post('/api/public/manage/conversation/documents')
      .set(manage(token))
      .attach('file', PDF, 'e.pdf')
      .expect(409);
    await request(t.http)
      .post('/api/public/manage/conversation/documents')
      .set(manage(token))
      .attach('file', Buffer.from('just text, not a document'), 'f.pdf')
      .expect(415);
    await request(t.http)
      .post('/api/public/manage/conversation/documents')
      .set(manage(token))
      .attach('file', Buffer.concat([PDF, randomBytes(65 * 1024)]), 'big.pdf')
      .expect(413);
  });

  it('limits each side to CONVERSATION_MESSAGES_PER_HOUR messages per conversation: 429 with Retry-After', async () => {
    const { token, id: appointmentId } = await book('Hamid');
    const conversationId: string = (await staffView(amira.auth, appointmentId).expect(200)).body.id;
    for (let i = 1; i <= PER_HOUR; i += 1) {
      await clientPost(token, `Nachricht ${i}`).expect(201);
      t.clock.advance(60_000);
    }
    const limited = await clientPost(token, 'Eine zu viel').expect(429);
    expect(limited.body.code).toBe('too_many_messages');
    // The first message was 5 minutes ago: its hour ends in 55 minutes.
    expect(Number(limited.headers['retry-after'])).toBe(55 * 60);
    await request(t.http)
      .post('/api/public/manage/conversation/documents')
      .set(manage(token))
      .attach('file', PDF, 'x.pdf')
      .expect(429);
    // The other side has its own count.
    await staffPost(amira.auth, conversationId, 'Ich lese alles in Ruhe.').expect(201);
    t.clock.advance(55 * 60_000);
    await clientPost(token, 'Jetzt wieder').expect(201);
    expect((await clientView(token).expect(200)).body.messages).toHaveLength(PER_HOUR + 2);
  });

  it('closes CONVERSATION_OPEN_DAYS after the end (a cancelled one after the cancellation): readable, not writable', async () => {
    const { token, id: appointmentId } = await book('Aziz');
    await clientPost(token, 'Vor dem Termin').expect(201);
    const conversationId: string = (await staffView(amira.auth, appointmentId).expect(200)).body.id;
    const now = t.clock.now().getTime();
    // Ended 14 days and a minute ago.
    await t.dataSource.query('UPDATE appointment SET starts_at = $2, ends_at = $3 WHERE id = $1', [
      appointmentId,
      new Date(now - OPEN_DAYS * DAY - 61 * 60_000),
      new Date(now - OPEN_DAYS * DAY - 60_000),
    ]);
    const closed = (await clientView(token).expect(200)).body;
    expect(closed).toMatchObject({ open: false, closesAt: new Date(now - 60_000).toISOString() });
    expect(closed.messages).toHaveLength(1);
    expect((await clientPost(token, 'Nachher').expect(409)).body.code).toBe('conversation_closed');
    expect((await staffPost(amira.auth, conversationId, 'Nachher').expect(409)).body.code).toBe(
      'conversation_closed',
    );
    await request(t.http)
      .post(`/api/conversations/${conversationId}/documents`)
      .set(amira.auth)
      .attach('file', PDF, 'spät.pdf')
      .expect(409);
    // Without unread messages a closed conversation leaves the counsellor's inbox.
    await request(t.http)
      .post(`/api/conversations/${conversationId}/read`)
      .set(amira.auth)
      .expect(204);
    expect(
      (await request(t.http).get('/api/conversations').set(amira.auth).expect(200)).body.map(
        (c: { id: string }) => c.id,
      ),
    ).not.toContain(conversationId);

    // Cancelled a day ago, planned for 20 days ago: open until 14 days after the cancellation
    // (its audit entry), however often the appointment is saved later (updated_at moves).
    await t.dataSource.query(
      `UPDATE appointment SET status = 'cancelled', cancelled_by = 'client', updated_at = $2 WHERE id = $1`,
      [appointmentId, new Date(now)],
    );
    await t.dataSource.query(
      `INSERT INTO audit_event (occurred_at, actor_type, action, appointment_id, office_id)
       SELECT $2, 'client', 'appointment.cancelled', id, office_id FROM appointment WHERE id = $1`,
      [appointmentId, new Date(now - DAY)],
    );
    const cancelled = (await clientView(token).expect(200)).body;
    expect(cancelled).toMatchObject({
      open: true,
      closesAt: new Date(now + (OPEN_DAYS - 1) * DAY).toISOString(),
    });
    await clientPost(token, 'Trotz Absage noch eine Frage').expect(201);
    await request(t.http)
      .post('/api/public/manage/conversation/documents')
      .set(manage(token))
      .attach('file', PDF, 'nach Absage.pdf')
      .expect(201);
  });

  it('shows a tampered message as damaged, never altered, and logs no content', async () => {
    const { token, id: appointmentId } = await book('Leyla');
    const kept = await clientPost(token, 'Diese bleibt lesbar').expect(201);
    const tampered = await clientPost(token, 'Diese wird verändert').expect(201);
    await t.dataSource.query(
      `UPDATE conversation_message SET body_sealed = set_byte(body_sealed, 40, get_byte(body_sealed, 40) # 1) WHERE id = $1`,
      [tampered.body.id],
    );
    // Swapped onto another message (the id is the associated data): damaged as well.
    const moved = await clientPost(token, 'Platzhalter').expect(201);
    await t.dataSource.query(
      'UPDATE conversation_message SET body_sealed = (SELECT body_sealed FROM conversation_message WHERE id = $2) WHERE id = $1',
      [moved.body.id, kept.body.id],
    );
    // Passed off as the counsellor's (the author is associated data too): damaged as well.
    const turned = await clientPost(token, 'Vom Klienten').expect(201);
    await t.dataSource.query(
      `UPDATE conversation_message SET author = 'counsellor' WHERE id = $1`,
      [turned.body.id],
    );
    for (const view of [
      (await clientView(token).expect(200)).body,
      (await staffView(amira.auth, appointmentId).expect(200)).body,
    ]) {
      const byId = new Map(view.messages.map((m: { id: string }) => [m.id, m]));
      expect(byId.get(kept.body.id)).toMatchObject({ text: 'Diese bleibt lesbar' });
      for (const id of [tampered.body.id, moved.body.id, turned.body.id]) {
        const message = byId.get(id) as Record<string, unknown>;
        expect(message.damaged).toBe(true);
        expect(message.text).toBeUndefined();
      }
    }
    const damaged = logs.filter((line) => line.includes('failed authentication'));
    expect(damaged.some((line) => line.includes(tampered.body.id))).toBe(true);
    expect(damaged.some((line) => line.includes(moved.body.id))).toBe(true);
    // No message text, of any test, is ever in the log.
    for (const text of [
      'Diese bleibt',
      'Diese wird',
      'Platzhalter',
      'Vom Klienten',
      'Frage',
      'unterschreiben',
      'Nachricht',
    ])
      expect(logs.join('\n')).not.toContain(text);
  });

  it('is in the client’s data export, decrypted, with its documents', async () => {
    const { token, id: appointmentId } = await book('Farid');
    await clientPost(token, 'Meine Frage für den Export').expect(201);
    const conversationId: string = (await staffView(amira.auth, appointmentId).expect(200)).body.id;
    const pdf = await request(t.http)
      .post(`/api/conversations/${conversationId}/documents`)
      .set(amira.auth)
      .attach('file', PDF, 'Merkblatt Export.pdf')
      .expect(201);
    const exported = await request(t.http)
      .get('/api/public/manage/export')
      .set(manage(token))
      .expect(200);
    expect(exported.body.conversation).toEqual({
      id: conversationId,
      messages: [
        {
          author: 'client',
          text: 'Meine Frage für den Export',
          damaged: false,
          document: null,
          createdAt: expect.any(String),
        },
        {
          author: 'counsellor',
          text: null,
          damaged: false,
          document: { id: pdf.body.document.id, fileName: 'Merkblatt Export.pdf' },
          createdAt: expect.any(String),
        },
      ],
    });
    expect(exported.body.documents).toEqual([
      expect.objectContaining({
        id: pdf.body.document.id,
        fileName: 'Merkblatt Export.pdf',
        uploadedBy: 'counsellor',
      }),
    ]);
  });

  it('goes with the client’s data: no message, document or key left anywhere (appointment and walk-in ticket)', async () => {
    const { token, id: appointmentId } = await book('Rana Qüzel');
    await clientPost(token, 'Geheimnis Qüzel').expect(201);
    const conversationId: string = (await staffView(amira.auth, appointmentId).expect(200)).body.id;
    await request(t.http)
      .post(`/api/conversations/${conversationId}/documents`)
      .set(amira.auth)
      .attach('file', PDF, 'Bescheid Qüzel.pdf')
      .expect(201);
    const [{ key_wrapped: wrapped }] = await t.dataSource.query(
      'SELECT key_wrapped FROM conversation WHERE id = $1',
      [conversationId],
    );
    const documentRows = await t.dataSource.query<{ storage_key: string }[]>(
      'SELECT storage_key FROM document WHERE appointment_id = $1',
      [appointmentId],
    );
    expect(documentRows).toHaveLength(1);
    const dir = join(t.config.DATA_DIR, 'documents');
    expect(existsSync(join(dir, documentRows[0].storage_key))).toBe(true);

    await request(t.http).post('/api/public/manage/erase').set(manage(token)).expect(200);
    await clientView(token).expect(404);
    await request(t.http).get(`/api/conversations/${conversationId}`).set(amira.auth).expect(404);
    await staffView(amira.auth, appointmentId).expect(404);

    const dump = await everything(t);
    // Queue jobs may still name the conversation by its id (ids only; they find it gone).
    for (const gone of [wrapped as string, documentRows[0].storage_key, 'Qüzel'])
      expect(dump).not.toContain(gone);
    expect(
      await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM conversation WHERE id = $1) AS conversations,
                (SELECT count(*)::int FROM conversation_message WHERE conversation_id = $1) AS messages,
                (SELECT count(*)::int FROM document WHERE appointment_id = $2) AS documents`,
        [conversationId, appointmentId],
      ),
    ).toEqual([{ conversations: 0, messages: 0, documents: 0 }]);
    expect(readdirSync(dir)).not.toContain(documentRows[0].storage_key);

    // A walk-in ticket's conversation goes when the ticket's data is erased at the end of retention.
    const ticket = await takeTicket('Kaveh Ößem');
    await request(t.http)
      .post('/api/public/walk-in/ticket/conversation/messages')
      .set(ticket)
      .send({ text: 'Frage am Schalter Ößem' })
      .expect(201);
    await request(t.http)
      .post('/api/public/walk-in/ticket/conversation/documents')
      .set(ticket)
      .attach('file', JPEG, 'Pass Ößem.jpg')
      .expect(201);
    const [{ id: ticketId }] = await t.dataSource.query<{ id: string }[]>(
      'SELECT walk_in_ticket_id AS id FROM conversation c JOIN walk_in_ticket_token k ON k.ticket_id = c.walk_in_ticket_id ORDER BY c.created_at DESC LIMIT 1',
    );
    const [{ storage_key: ticketFile }] = await t.dataSource.query<{ storage_key: string }[]>(
      'SELECT storage_key FROM document WHERE walk_in_ticket_id = $1',
      [ticketId],
    );
    await t.dataSource.query(
      `UPDATE walk_in_ticket SET status = 'left', finished_at = $2, taken_at = $2::timestamptz - interval '400 days' WHERE id = $1`,
      [ticketId, t.clock.now()],
    );
    const purged = await t.app.get(PrivacyService).purgeExpired();
    expect(purged.conversationsDeleted).toBe(1);
    await request(t.http).get('/api/public/walk-in/ticket/conversation').set(ticket).expect(404);
    const after = await everything(t);
    for (const gone of ['Ößem', ticketFile]) expect(after).not.toContain(gone);
    expect(readdirSync(dir)).not.toContain(ticketFile);
  });

  it('survives a master-key rotation: keys:rotate re-wraps conversation keys, messages stay readable', async () => {
    const { token } = await book('Omid');
    await clientPost(token, 'Vor der Schlüsselrotation').expect(201);
    const newKey = randomBytes(32).toString('base64');
    const dir = join(t.config.DATA_DIR, 'documents');
    const rotated = await createTestApp({
      database: t.database,
      env: {
        DATA_ENCRYPTION_KEY: newKey,
        DATA_ENCRYPTION_KEYS_PREVIOUS: oldKey,
        DOCUMENTS_DIR: dir,
        WORKER_IN_API: 'false',
      },
    });
    try {
      expect(await rotated.app.get(ConversationKeys).rewrapKeys()).toBeGreaterThanOrEqual(1);
      expect(await rotated.app.get(ConversationKeys).wrappedUnderOldKeys()).toBe(0);
      expect(
        await rotated.dataSource.query('SELECT DISTINCT master_key_id FROM conversation'),
      ).toEqual([{ master_key_id: KeyRing.idOf(newKey) }]);
      expect(await rotated.app.get(ConversationKeys).rewrapKeys()).toBe(0);
    } finally {
      await rotated.close();
    }
    // Only the new key now: the messages still open.
    const after = await createTestApp({
      database: t.database,
      env: {
        DATA_ENCRYPTION_KEY: newKey,
        DOCUMENTS_DIR: dir,
        WORKER_IN_API: 'false',
        MANAGE_RATE_LIMIT_PER_MINUTE: '10000',
      },
    });
    try {
      const view = await request(after.http)
        .get('/api/public/manage/conversation')
        .set(manage(token))
        .expect(200);
      expect(view.body.messages).toMatchObject([{ text: 'Vor der Schlüsselrotation' }]);
      expect(view.body.messages[0].damaged).toBeUndefined();
    } finally {
      await after.close();
    }
  });
});
