import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer, Reflector } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IS_PUBLIC } from '../apps/api/src/auth/auth.decorators.js';
import {
  buildOpenApiDocument,
  MANAGE_TOKEN_SECURITY,
  STAFF_SECURITY,
} from '../apps/api/src/openapi.js';
import {
  generatedOpenApiFiles,
  OPENAPI_DOCUMENT_FILE,
  OPENAPI_TYPES_FILE,
} from './support/openapi.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const DOCUMENT_ID = 'https://sprechstunde.invalid/openapi.json';

type Operation = { security?: Record<string, string[]>[]; responses: Record<string, unknown> };

/** Every route Nest serves: method, OpenAPI path and whether the staff guard lets it pass. */
function routesOf(t: TestApp): { method: string; path: string; isPublic: boolean }[] {
  const reflector = new Reflector();
  const routes: { method: string; path: string; isPublic: boolean }[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = Object.getOwnPropertyDescriptor(prototype, name)?.value as unknown;
        // The constructor is the class, which carries the controller's own path.
        if (name === 'constructor' || typeof handler !== 'function') continue;
        if (!Reflect.hasMetadata(METHOD_METADATA, handler)) continue;
        const segments = [base, String(Reflect.getMetadata(PATH_METADATA, handler))]
          .map((part) => part.replace(/^\/+|\/+$/g, ''))
          .filter(Boolean);
        routes.push({
          method:
            RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number].toLowerCase(),
          path: `/${segments.join('/')}`.replace(/:(\w+)/g, '{$1}'),
          // Exactly the guard's question (StaffAuthGuard).
          isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, controller]) === true,
        });
      }
    }
  }
  return routes;
}

describe('the OpenAPI document', () => {
  let t: TestApp;
  let document: OpenAPIObject;
  const operation = (method: string, path: string) =>
    (document.paths[path] as Record<string, Operation> | undefined)?.[method];

  beforeAll(async () => {
    t = await createTestApp({
      env: { BOOKING_RATE_LIMIT_PER_MINUTE: '1000', MANAGE_RATE_LIMIT_PER_MINUTE: '1000' },
    });
    document = buildOpenApiDocument(t.app);
  });
  afterAll(() => t.close());

  it('passes Redocly’s recommended rules without an error or a warning', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: '/openapi.json',
      config,
    });
    expect(
      problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`),
    ).toEqual([]);
  });

  it('asks for what the guards ask for: a staff login unless public, a manage link where one is read', () => {
    expect(document.security).toEqual([{ [STAFF_SECURITY]: [] }]);
    const routes = routesOf(t);
    expect(routes.length).toBeGreaterThan(50);
    const mismatches = routes.flatMap(({ method, path, isPublic }) => {
      const op = operation(method, path);
      if (!op) return [`${method} ${path}: not in the document`];
      const security = op.security ?? document.security;
      const expected = !isPublic
        ? [{ [STAFF_SECURITY]: [] }]
        : path.startsWith('/api/public/manage')
          ? [{ [MANAGE_TOKEN_SECURITY]: [] }]
          : [];
      return JSON.stringify(security) === JSON.stringify(expected)
        ? []
        : [
            `${method} ${path}: ${JSON.stringify(security)}, guard wants ${JSON.stringify(expected)}`,
          ];
    });
    expect(mismatches).toEqual([]);
  });

  describe('describes the real answers', () => {
    let validators: Map<string, ValidateFunction>;
    /** Checks an answer against the schema its operation documents for its status. */
    const expectDocumented = (method: string, path: string, response: request.Response) => {
      const key = `${method} ${path} ${response.status}`;
      const op = operation(method, path);
      const documented = op?.responses[String(response.status)] as
        { content?: Record<string, { schema: object }> } | undefined;
      const schema = documented?.content?.['application/json']?.schema;
      expect(schema, `${key} has no documented JSON schema`).toBeDefined();
      let validate = validators.get(key);
      if (!validate) {
        // The operation's references point into the document added to ajv under DOCUMENT_ID.
        const json = JSON.stringify(schema).replaceAll(
          '"#/components/',
          `"${DOCUMENT_ID}#/components/`,
        );
        validate = ajv.compile(JSON.parse(json) as object);
        validators.set(key, validate);
      }
      validate(response.body);
      expect(validate.errors ?? [], `${key}: ${JSON.stringify(response.body)}`).toEqual([]);
    };
    let ajv: Ajv;
    let typeId: string;
    let admin: { Authorization: string };

    beforeAll(async () => {
      // OpenAPI 3.0 schemas are JSON Schema with extras (nullable, example): ajv knows nullable.
      // Every documented object is closed here, so an undocumented field in an answer fails too.
      const closed = JSON.parse(JSON.stringify(document.components), (key, value: unknown) =>
        value &&
        typeof value === 'object' &&
        'properties' in value &&
        !('additionalProperties' in value)
          ? { ...value, additionalProperties: false }
          : value,
      ) as object;
      ajv = new Ajv({ strict: false, allErrors: true });
      // A CommonJS module whose default export node's ESM interop hands over as the module itself.
      (ajvFormats as unknown as typeof ajvFormats.default)(ajv);
      ajv.addSchema({ $id: DOCUMENT_ID, components: closed });
      validators = new Map();

      t.clock.advance(new Date('2026-05-25T08:00:00Z').getTime() - t.clock.now().getTime());
      admin = { Authorization: `Bearer ${(await t.login('admin')).token}` };
      const counsellor = await request(t.http)
        .post('/api/admin/counsellors')
        .set(admin)
        .send({ displayName: 'Amira Haddad', languages: ['ar', 'de'], topics: ['residence'] })
        .expect(201);
      await request(t.http)
        .post(`/api/counsellors/${counsellor.body.id}/rules`)
        .set(admin)
        .send({ weekday: 1, start: '09:00', end: '12:00' })
        .expect(201);
      const type = await request(t.http)
        .post('/api/admin/consultation-types')
        .set(admin)
        .send({
          name: { de: 'Beratung', en: 'Consultation' },
          topic: 'residence',
          durationMinutes: 60,
          stepMinutes: 60,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 120,
          horizonDays: 60,
          channel: 'video',
          reminderOffsetsMinutes: [1440, 60],
          counsellorIds: [counsellor.body.id],
        })
        .expect(201);
      typeId = type.body.id;
    });

    it('of the booking flow: types, slots, a booking, a taken slot, the manage view, a refusal', async () => {
      const types = await request(t.http)
        .get('/api/public/consultation-types')
        .query({ language: 'en' })
        .expect(200);
      expectDocumented('get', '/api/public/consultation-types', types);

      const slots = await request(t.http)
        .get('/api/public/slots')
        .query({ consultationTypeId: typeId, from: '2026-06-01', to: '2026-06-01' })
        .expect(200);
      expectDocumented('get', '/api/public/slots', slots);
      expect(slots.body.slots).toHaveLength(3);

      const body = {
        consultationTypeId: typeId,
        start: '2026-06-01T10:00:00+02:00',
        pseudonym: 'Mariam',
        language: 'ar',
        timeZone: 'Europe/Berlin',
        contact: { channel: 'email', value: 'mariam@example.org' },
      };
      const booked = await request(t.http).post('/api/public/appointments').send(body).expect(201);
      expectDocumented('post', '/api/public/appointments', booked);

      const taken = await request(t.http).post('/api/public/appointments').send(body).expect(409);
      expectDocumented('post', '/api/public/appointments', taken);
      expect(taken.body.nextFreeSlots.length).toBeGreaterThan(0);

      const view = await request(t.http)
        .get('/api/public/manage')
        .set('X-Manage-Token', booked.body.manageToken)
        .expect(200);
      expectDocumented('get', '/api/public/manage', view);

      const refused = await request(t.http)
        .post('/api/public/appointments')
        .send({ ...body, start: 'tomorrow', contact: { channel: 'pigeon', value: '' } })
        .expect(400);
      expectDocumented('post', '/api/public/appointments', refused);
    });

    it('of a consultation type as the admin sees it', async () => {
      const type = await request(t.http)
        .get(`/api/admin/consultation-types/${typeId}`)
        .set(admin)
        .expect(200);
      expectDocumented('get', '/api/admin/consultation-types/{id}', type);
      expect(type.body.reminderOffsetsMinutes).toEqual([1440, 60]);
    });

    it('of the health checks, whose only client error is an unreadable body', async () => {
      expectDocumented(
        'get',
        '/health/live',
        await request(t.http).get('/health/live').expect(200),
      );
      const unreadable = await request(t.http)
        .get('/health/live')
        .set('Content-Type', 'application/json')
        .send('{"broken": ')
        .expect(400);
      expectDocumented('get', '/health/live', unreadable);
    });
  });

  it('is the one committed for the web app, with the types generated from it (npm run openapi:generate)', async () => {
    const files = await generatedOpenApiFiles(document);
    await expect(files.document).toMatchFileSnapshot(`../${OPENAPI_DOCUMENT_FILE}`);
    await expect(files.types).toMatchFileSnapshot(`../${OPENAPI_TYPES_FILE}`);
  });
});
