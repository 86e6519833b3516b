import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '@app/queue';
import { buildOpenApiDocument, STAFF_SECURITY } from '../apps/api/src/openapi.js';
import { openEventStream } from './support/event-stream.js';
import { defaultOfficeId, insertOffice } from './support/offices.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * Isolation between offices, proven route by route: every operation of the OpenAPI document that
 * needs a staff login is called by office A's admin and by A's counsellor with the ids of office
 * B's records. Generated from the document, so a new route is walked without anyone adding it here;
 * a path parameter or id field this file cannot map to one of B's records fails the test.
 *
 * - A path naming B's record must answer 403 or 404, exactly as the same route with an unknown id
 *   (same status and code: nothing tells that the id exists).
 * - An id of B's in the body or query of a route that changes something must not succeed and must
 *   answer like an unknown id; a list (or any route without B's ids in its path) may succeed, but
 *   no id of B's records may appear in its answer.
 * - Afterwards B's rows are exactly what they were.
 *
 * Bodies are built from the schemas by the small sampler below (example, enum, default, then
 * type and format), with B's ids in every id field.
 */

type Kind =
  | 'office'
  | 'staff'
  | 'counsellor'
  | 'type'
  | 'appointment'
  | 'rule'
  | 'extra'
  | 'absence'
  | 'document'
  | 'walkInHour'
  | 'walkInException'
  | 'ticket'
  | 'conversation';
type Ids = Record<Kind, string>;
type Auth = { Authorization: string };

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  example?: unknown;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  minLength?: number;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface Walked {
  method: string;
  path: string;
  operation: Operation;
}

/** Which record a path parameter names, by route. `own` parameters name no record (a date). */
const PATH_PARAMETERS: { path: RegExp; name: string; kind: Kind | 'own' }[] = [
  { path: /^\/api\/platform\/offices\/\{id\}/, name: 'id', kind: 'office' },
  { path: /^\/api\/admin\/staff\/\{id\}/, name: 'id', kind: 'staff' },
  { path: /^\/api\/(admin\/)?counsellors\/\{id\}/, name: 'id', kind: 'counsellor' },
  { path: /^\/api\/admin\/consultation-types\/\{id\}/, name: 'id', kind: 'type' },
  { path: /^\/api\/(admin\/)?appointments\/\{id\}/, name: 'id', kind: 'appointment' },
  { path: /\/rules\/\{ruleId\}$/, name: 'ruleId', kind: 'rule' },
  { path: /\/extra-hours\/\{extraId\}$/, name: 'extraId', kind: 'extra' },
  { path: /\/absences\/\{absenceId\}$/, name: 'absenceId', kind: 'absence' },
  { path: /\/documents\/\{documentId\}$/, name: 'documentId', kind: 'document' },
  { path: /^\/api\/admin\/holidays\/\{date\}/, name: 'date', kind: 'own' },
  { path: /^\/api\/admin\/walk-in-hours\/\{id\}/, name: 'id', kind: 'walkInHour' },
  { path: /\/exceptions\/\{exceptionId\}$/, name: 'exceptionId', kind: 'walkInException' },
  { path: /^\/api\/walk-in\/hours\/\{id\}/, name: 'id', kind: 'walkInHour' },
  { path: /^\/api\/walk-in\/tickets\/\{id\}/, name: 'id', kind: 'ticket' },
  { path: /\/interpreters\/\{interpreterId\}$/, name: 'interpreterId', kind: 'counsellor' },
  { path: /^\/api\/walk-in\/interpreter\/tickets\/\{id\}/, name: 'id', kind: 'ticket' },
  { path: /^\/api\/conversations\/\{id\}/, name: 'id', kind: 'conversation' },
  // A guest is named together with its appointment (B's appointment id in the same path).
  { path: /\/video\/guests\/\{guestId\}/, name: 'guestId', kind: 'own' },
];

/** Which record an id field of a body or query names. */
const ID_FIELDS: Record<string, Kind> = {
  officeId: 'office',
  staffId: 'staff',
  counsellorId: 'counsellor',
  counsellorIds: 'counsellor',
  consultationTypeId: 'type',
  consultationTypeIds: 'type',
  appointmentId: 'appointment',
  // Interpreter pools are offices: B's id must answer like an unknown pool.
  poolIds: 'office',
};

/**
 * Optional fields a valid body needs: the DTO wants one of two pairs, which a schema cannot say
 * (startDate/endDate or startsAt/endsAt).
 */
const ALSO_SEND: Record<string, string[]> = { CreateAbsenceDto: ['startDate', 'endDate'] };

/** B's appointment's day: lists are asked for the period that holds it, or they would be empty. */
const BOOKED_DAY = '2027-03-03';
const QUERY_VALUES: Record<string, string> = { from: BOOKED_DAY, to: BOOKED_DAY, year: '2027' };

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

const isIdName = (name: string): boolean => /Ids?$/.test(name);

function kindOfPathParameter(path: string, name: string): Kind | 'own' {
  const found = PATH_PARAMETERS.find((entry) => entry.name === name && entry.path.test(path));
  if (!found) throw new Error(`${path}: path parameter ${name} is not mapped to a record kind`);
  return found.kind;
}

/** A body or value for a schema: B's ids in id fields, else example, enum, default, type. */
function sampler(document: OpenAPIObject, ids: Ids, where: string) {
  const resolve = (schema: Schema): { schema: Schema; name?: string } => {
    if (!schema.$ref) return { schema };
    const name = schema.$ref.replace('#/components/schemas/', '');
    return { schema: document.components?.schemas?.[name] as Schema, name };
  };
  const idValue = (field: string, schema: Schema): unknown => {
    const kind = ID_FIELDS[field];
    if (!kind) throw new Error(`${where}: id field ${field} is not mapped to a record kind`);
    return schema.type === 'array' ? [ids[kind]] : ids[kind];
  };
  const sample = (raw: Schema, field?: string): unknown => {
    const { schema, name } = resolve(raw);
    if (field && (isIdName(field) || schema.format === 'uuid' || schema.items?.format === 'uuid'))
      return idValue(field, schema);
    if (schema.example !== undefined) return schema.example;
    if (schema.enum) return schema.enum[0];
    if (schema.default !== undefined) return schema.default;
    switch (schema.type) {
      case 'object': {
        const properties = schema.properties ?? {};
        const send = new Set([...(schema.required ?? []), ...(ALSO_SEND[name ?? ''] ?? [])]);
        // Every id field goes out, required or not: each is a way to name another office's record.
        for (const [key, property] of Object.entries(properties)) {
          const resolved = resolve(property).schema;
          if (isIdName(key) || resolved.format === 'uuid' || resolved.items?.format === 'uuid')
            send.add(key);
        }
        return Object.fromEntries(
          [...send].map((key) => [key, sample(properties[key] ?? {}, key)]),
        );
      }
      case 'array':
        return [sample(schema.items ?? {})];
      case 'integer':
      case 'number':
        return schema.minimum ?? 1;
      case 'boolean':
        return true;
      default:
        if (schema.format === 'date') return BOOKED_DAY;
        if (schema.format === 'date-time') return `${BOOKED_DAY}T10:00:00+01:00`;
        return 'x'.repeat(Math.max(schema.minLength ?? 1, 1));
    }
  };
  return sample;
}

/** Every uuid in a text. */
const uuidsIn = (text: string): string[] =>
  text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi) ?? [];

describe('isolation between offices, for every staff route of the OpenAPI document', () => {
  let t: TestApp;
  let document: OpenAPIObject;
  let officeA: string;
  let officeB: string;
  let a: { admin: Auth; counsellor: Auth; ids: Ids };
  let b: { ids: Ids };
  /** Every id of office B's records (and of B itself): none may appear in an answer to A. */
  const idsOfB = new Set<string>();
  let snapshotBefore: string[];

  const typeBody = (counsellorIds: string[]) => ({
    name: { de: 'Beratung', en: 'Consultation' },
    topic: 'residence',
    durationMinutes: 60,
    stepMinutes: 60,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minNoticeMinutes: 0,
    horizonDays: 60,
    channel: 'video',
    counsellorIds,
  });

  /** An office with an admin, a counsellor (account, profile, rule, extra hours, absence, type), a booking and a document. */
  async function populate(officeId: string, name: string) {
    const adminLogin = await t.login('admin', `admin@${name}.example`, officeId);
    const counsellorLogin = await t.login('counsellor', `counsellor@${name}.example`, officeId);
    const admin = { Authorization: `Bearer ${adminLogin.token}` };
    const counsellorAuth = { Authorization: `Bearer ${counsellorLogin.token}` };
    const post = async (path: string, auth: Auth, body: object) =>
      (await request(t.http).post(path).set(auth).send(body).expect(201)).body as { id: string };
    const counsellor = await post('/api/admin/counsellors', admin, {
      displayName: `Counsellor ${name}`,
      languages: ['de', 'ar'],
      topics: ['residence'],
      staffId: counsellorLogin.id,
    });
    const rule = await post(`/api/counsellors/${counsellor.id}/rules`, admin, {
      weekday: 3,
      start: '09:00',
      end: '17:00',
    });
    const extra = await post(`/api/counsellors/${counsellor.id}/extra-hours`, admin, {
      date: '2027-03-13',
      start: '10:00',
      end: '12:00',
    });
    const absence = await post(`/api/counsellors/${counsellor.id}/absences`, admin, {
      startDate: '2027-03-22',
      endDate: '2027-03-23',
    });
    const type = await post('/api/admin/consultation-types', admin, typeBody([counsellor.id]));
    const booked = await request(t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: type.id,
        start: `${BOOKED_DAY}T10:00:00+01:00`,
        pseudonym: 'Mariam',
        language: 'ar',
        timeZone: 'Europe/Berlin',
        contact: { channel: 'email', value: `mariam@${name}.example` },
      })
      .expect(201);
    const appointment = booked.body.appointment.id as string;
    const document = (
      await request(t.http)
        .post(`/api/appointments/${appointment}/documents`)
        .set(counsellorAuth)
        .attach('file', PDF, 'Antrag.pdf')
        .expect(201)
    ).body as { id: string };
    // A walk-in hour open all Monday (the test's day), an exception, and a ticket called by the
    // office's counsellor: a live call another office must not reach.
    const walkInHour = await post('/api/admin/walk-in-hours', admin, {
      name: { de: `Offene Sprechstunde ${name}` },
      topics: [],
      languages: ['de', 'ar'],
      channel: 'video',
      rules: [{ weekday: 1, start: '00:00', end: '24:00' }],
    });
    const walkInException = await post(
      `/api/admin/walk-in-hours/${walkInHour.id}/exceptions`,
      admin,
      {
        date: '2027-03-29',
      },
    );
    await request(t.http)
      .post(`/api/walk-in/hours/${walkInHour.id}/sign-on`)
      .set(counsellorAuth)
      .expect(204);
    await request(t.http)
      .post(`/api/public/walk-in/hours/${walkInHour.id}/tickets`)
      .send({ language: 'ar', pseudonym: 'Samir', privacyAccepted: true })
      .expect(201);
    const ticket = (
      await request(t.http).post('/api/walk-in/call-next').set(counsellorAuth).expect(200)
    ).body.ticket as { id: string };
    const conversation = (
      await request(t.http)
        .get(`/api/appointments/${appointment}/conversation`)
        .set(counsellorAuth)
        .expect(200)
    ).body as { id: string };
    const ids: Ids = {
      office: officeId,
      staff: counsellorLogin.id,
      counsellor: counsellor.id,
      type: type.id,
      appointment,
      rule: rule.id,
      extra: extra.id,
      absence: absence.id,
      document: document.id,
      walkInHour: walkInHour.id,
      walkInException: walkInException.id,
      ticket: ticket.id,
      conversation: conversation.id,
    };
    return { admin, counsellor: counsellorAuth, adminId: adminLogin.id, ids };
  }

  /**
   * Until every outbox event is published and no job waits or runs: the bookings' own messages
   * (a confirmation issues a manage link) are not what the snapshot compares.
   */
  const settleJobs = async () => {
    const queues = Object.values(QueueName).map((name) => t.app.get<Queue>(getQueueToken(name)));
    const busy = async () => {
      const [{ pending }] = await t.dataSource.query<{ pending: number }[]>(
        'SELECT count(*)::int AS pending FROM outbox_event WHERE published_at IS NULL',
      );
      const counts = await Promise.all(
        queues.map((queue) => queue.getJobCounts('waiting', 'active', 'prioritized')),
      );
      return pending + counts.reduce((sum, c) => sum + c.waiting + c.active + c.prioritized, 0);
    };
    // Also in beforeAll, where expect.poll is not available.
    const deadline = Date.now() + 15_000;
    while ((await busy()) > 0) {
      if (Date.now() > deadline) throw new Error('Jobs still running after 15 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  /** B's rows in every table that holds office data, as JSON text, in a stable order. */
  async function snapshotOfB(): Promise<string[]> {
    await settleJobs();
    const queries: [string, string][] = [
      ['office', 'id = $1'],
      ['staff_account', 'office_id = $1'],
      ['staff_session', 'staff_id IN (SELECT id FROM staff_account WHERE office_id = $1)'],
      ['counsellor', 'office_id = $1'],
      ['consultation_type', 'office_id = $1'],
      ['consultation_type_counsellor', 'office_id = $1'],
      ['availability_rule', 'counsellor_id IN (SELECT id FROM counsellor WHERE office_id = $1)'],
      ['availability_extra', 'counsellor_id IN (SELECT id FROM counsellor WHERE office_id = $1)'],
      ['absence', 'counsellor_id IN (SELECT id FROM counsellor WHERE office_id = $1)'],
      ['calendar_feed', 'counsellor_id IN (SELECT id FROM counsellor WHERE office_id = $1)'],
      ['holiday_opening', 'office_id = $1'],
      ['appointment', 'office_id = $1'],
      ['manage_token', 'appointment_id IN (SELECT id FROM appointment WHERE office_id = $1)'],
      ['video_session', 'appointment_id IN (SELECT id FROM appointment WHERE office_id = $1)'],
      ['audit_event', 'office_id = $1'],
      ['document', 'office_id = $1'],
      ['walk_in_hour', 'office_id = $1'],
      ['walk_in_rule', 'office_id = $1'],
      ['walk_in_exception', 'office_id = $1'],
      ['walk_in_session', 'office_id = $1'],
      ['walk_in_duty', 'office_id = $1'],
      ['walk_in_ticket', 'office_id = $1'],
      ['walk_in_ticket_token', 'ticket_id IN (SELECT id FROM walk_in_ticket WHERE office_id = $1)'],
    ];
    const rows: string[] = [];
    for (const [table, where] of queries) {
      const found = await t.dataSource.query<{ row: string }[]>(
        `SELECT row_to_json(x)::text AS row FROM ${table} x WHERE ${where} ORDER BY 1`,
        [officeB],
      );
      rows.push(...found.map((r) => `${table} ${r.row}`));
    }
    return rows;
  }

  beforeAll(async () => {
    t = await createTestApp({
      env: { BOOKING_RATE_LIMIT_PER_MINUTE: '10000', MANAGE_RATE_LIMIT_PER_MINUTE: '10000' },
    });
    t.clock.advance(new Date('2027-03-01T08:00:00Z').getTime() - t.clock.now().getTime());
    document = buildOpenApiDocument(t.app);
    officeA = await defaultOfficeId(t.dataSource);
    officeB = await insertOffice(t.dataSource, { slug: 'buero-b' });
    a = await populate(officeA, 'a');
    const populatedB = await populate(officeB, 'b');
    b = { ids: populatedB.ids };
    // A failed notification of B's, for the admin's list of failures.
    const [notification] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO notification (key, office_id, kind, appointment_id, appointment_version, channel, status, attempts, last_error)
       VALUES ('isolation-test', $1, 'confirmation', $2, 1, 'email', 'failed', 5, 'mailbox full') RETURNING id`,
      [officeB, b.ids.appointment],
    );
    for (const id of [officeB, populatedB.adminId, notification.id, ...Object.values(b.ids)])
      idsOfB.add(id);
    snapshotBefore = await snapshotOfB();
  });
  afterAll(() => t?.close());

  /** The operations that need a staff login; the one that ends the caller's session goes last. */
  function staffOperations(): Walked[] {
    const operations: Walked[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
        const security = operation.security ?? document.security ?? [];
        if (security.some((requirement) => STAFF_SECURITY in requirement))
          operations.push({ method, path, operation });
      }
    }
    const endsSession = (op: Walked) => (op.path === '/api/auth/logout' ? 1 : 0);
    return operations.sort((x, y) => endsSession(x) - endsSession(y));
  }

  interface Answer {
    status: number;
    code: unknown;
    text: string;
    /** Whether the request named any of the records of `ids` (path, query or body). */
    named: boolean;
    /** Whether it named one in its path. */
    namedInPath: boolean;
  }

  /** One call of an operation, with `ids` in its path, id fields and id query parameters. */
  async function call(op: Walked, auth: Auth, ids: Ids): Promise<Answer> {
    const where = `${op.method.toUpperCase()} ${op.path}`;
    const sample = sampler(document, ids, where);
    let path = op.path;
    let namedInPath = false;
    const query: Record<string, string> = {};
    for (const parameter of op.operation.parameters ?? []) {
      if (parameter.in === 'path') {
        const kind = kindOfPathParameter(op.path, parameter.name);
        const value = kind === 'own' ? String(sample(parameter.schema ?? {})) : ids[kind];
        namedInPath ||= kind !== 'own';
        path = path.replace(`{${parameter.name}}`, value);
      } else if (parameter.in === 'query') {
        if (parameter.name in QUERY_VALUES) query[parameter.name] = QUERY_VALUES[parameter.name];
        else if (isIdName(parameter.name) || parameter.schema?.format === 'uuid')
          query[parameter.name] = String(sample(parameter.schema ?? {}, parameter.name));
        else if (parameter.required) query[parameter.name] = String(sample(parameter.schema ?? {}));
      }
    }
    const content = op.operation.requestBody?.content ?? {};
    const json = content['application/json'] ? sample(content['application/json'].schema) : null;
    const multipart = content['multipart/form-data']?.schema;
    const form = multipart ? (sample(multipart) as Record<string, unknown>) : {};
    const sent = JSON.stringify({ path, query, json, form });
    const named = Object.values(ids).some((id) => sent.includes(id));
    if (op.method === 'get' && path.endsWith('/events')) {
      // A server-sent event stream: its first event (or its error answer) is what it tells.
      const search = new URLSearchParams(query).toString();
      const stream = await openEventStream(t, `${path}${search ? `?${search}` : ''}`, auth);
      try {
        const text = stream.status === 200 ? JSON.stringify((await stream.next()).data) : '';
        return { status: stream.status, code: undefined, text, named, namedInPath };
      } finally {
        stream.close();
      }
    }
    let pending = request(t.http)[op.method as 'get'](path).set(auth).query(query);
    if (json !== null) pending = pending.send(json);
    for (const [key, value] of Object.entries(form)) {
      if (multipart?.properties?.[key]?.format === 'binary')
        pending = pending.attach(key, PDF, 'Antrag.pdf');
      else pending = pending.field(key, String(value));
    }
    const response = await pending;
    const body = response.body as { code?: unknown } | undefined;
    return {
      status: response.status,
      code: body?.code,
      text: response.text ?? '',
      named,
      namedInPath,
    };
  }

  const unknownIds = (): Ids => ({
    office: randomUUID(),
    staff: randomUUID(),
    counsellor: randomUUID(),
    type: randomUUID(),
    appointment: randomUUID(),
    rule: randomUUID(),
    extra: randomUUID(),
    absence: randomUUID(),
    document: randomUUID(),
    walkInHour: randomUUID(),
    walkInException: randomUUID(),
    ticket: randomUUID(),
    conversation: randomUUID(),
  });

  it('maps every path parameter and id field of every staff route', () => {
    const operations = staffOperations();
    expect(operations.length).toBeGreaterThan(40);
    for (const op of operations) {
      const where = `${op.method.toUpperCase()} ${op.path}`;
      for (const parameter of op.operation.parameters ?? []) {
        if (parameter.in === 'path') kindOfPathParameter(op.path, parameter.name);
      }
      const content = op.operation.requestBody?.content ?? {};
      for (const { schema } of Object.values(content)) sampler(document, b.ids, where)(schema);
    }
  });

  it("refuses A's reassigning, rescheduling and booking to B's counsellor as to an unknown one", async () => {
    const answers = async (counsellorId: string) => {
      const reassign = await request(t.http)
        .post(`/api/admin/appointments/${a.ids.appointment}/reassign`)
        .set(a.admin)
        .send({ counsellorId });
      const reschedule = await request(t.http)
        .post(`/api/appointments/${a.ids.appointment}/reschedule`)
        .set(a.admin)
        .send({ start: '2027-03-10T10:00:00+01:00', counsellorId });
      const book = await request(t.http)
        .post('/api/appointments')
        .set(a.admin)
        .send({
          consultationTypeId: a.ids.type,
          counsellorId,
          start: '2027-03-10T11:00:00+01:00',
          pseudonym: 'Omid',
          language: 'fa',
          contact: { channel: 'email', value: 'omid@example.org' },
        });
      return [reassign, reschedule, book].map((r) => [
        r.status,
        (r.body as { code: unknown }).code,
      ]);
    };
    const ofB = await answers(b.ids.counsellor);
    expect(ofB).toEqual(await answers(randomUUID()));
    expect(ofB).toEqual([
      [404, 'counsellor_not_found'],
      [404, 'counsellor_not_found'],
      [404, 'counsellor_not_found'],
    ]);
  });

  for (const role of ['admin', 'counsellor'] as const) {
    it(`answers A's ${role} about B's records as about unknown ones, on every staff route`, async () => {
      const auth = a[role];
      const problems: string[] = [];
      let walked = 0;
      for (const op of staffOperations()) {
        walked += 1;
        const where = `${role}: ${op.method.toUpperCase()} ${op.path}`;
        const answer = await call(op, auth, b.ids);
        const leaked = uuidsIn(answer.text).filter((id) => idsOfB.has(id));
        if (leaked.length > 0) problems.push(`${where} answered with B's ids ${leaked.join(', ')}`);
        if (answer.namedInPath && answer.status !== 403 && answer.status !== 404)
          problems.push(`${where} answered ${answer.status} (${String(answer.code)}), not 403/404`);
        // A list may answer (without B's records); naming B's record in a path, or in the body or
        // query of a change, must fail exactly as naming an unknown record.
        if (answer.namedInPath || (answer.named && op.method !== 'get')) {
          if (answer.status < 400)
            problems.push(`${where} succeeded (${answer.status}) with B's ids`);
          const unknown = await call(op, auth, unknownIds());
          if (unknown.status !== answer.status || unknown.code !== answer.code)
            problems.push(
              `${where} answered ${answer.status} ${String(answer.code)} for B's ids but ${unknown.status} ${String(unknown.code)} for unknown ones`,
            );
        }
      }
      expect(problems).toEqual([]);
      expect(walked).toBe(staffOperations().length);
    });
  }

  it("leaves office B's records as they were", async () => {
    expect(await snapshotOfB()).toEqual(snapshotBefore);
  });
});
