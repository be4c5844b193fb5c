import request from 'supertest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { addDays, localMoment, MAX_ID } from '@app/core';
import { STATUS_BY_CODE } from '../../apps/api/src/http/status-by-code';
import { EXAMPLE_DATE, bookableExampleDate } from '../../apps/api/src/http/example-dates';
import { bearer } from '../support/factories';
import { DatabaseSnapshot, snapshotDatabase } from '../support/database-snapshot';
import { ExampleData, seedExampleData } from '../support/openapi-example-data';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * "Try it out" as Swagger UI fills it in, for every operation of the served document: path,
 * query and header parameters from their examples, the body from its examples (each one) or
 * else built from the schema's property examples, the admin's token on secured operations.
 * Each request runs on the same data (test/support/openapi-example-data.ts, restored before
 * each) and must get the operation's documented success status. A new operation without a
 * working example fails here.
 */
const SKIP: Record<string, string> = {
  // Both need a refresh token issued at run time; no example in a document can hold one.
  'POST /api/token/refresh': 'needs a fresh refresh token (auth-tokens.e2e-spec.ts)',
  'POST /api/token/logout': 'needs a fresh refresh token (auth-tokens.e2e-spec.ts)',
  // Opens 15 minutes before a booking's start; the example date is a future day.
  'POST /api/v1/bookings/{booking_id}/check-in':
    'needs a booking starting within 15 min of now (check-in.e2e-spec.ts)',
  // The URL's token is a secret shown once; a document must not carry a working one.
  'GET /api/v1/calendar/{feed}': 'needs the secret token of a feed (calendar e2e specs)',
};

/** Ids that are string codes, not row numbers: documented as a string with a pattern. */
const STRING_IDS = new Set(['series_id', 'entity_id']);

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Schema {
  $ref?: string;
  type?: string;
  example?: unknown;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  readOnly?: boolean;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
  schema?: Schema;
}
interface Example {
  value?: unknown;
  $ref?: string;
}
interface MediaType {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, Example>;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { content?: Record<string, MediaType> }>;
  security?: Array<Record<string, string[]>>;
}
interface Document {
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components: { schemas: Record<string, Schema>; examples?: Record<string, Example> };
}

function operationsOf(document: Document): Array<[string, string, Operation]> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [[`${method.toUpperCase()} ${path}`, path, operation]] : [];
    }),
  ) as Array<[string, string, Operation]>;
}

/** What Swagger UI prefills for a schema: its example, else one built from its parts. */
function sampleOf(schema: Schema, document: Document): unknown {
  if (schema.$ref) return sampleOf(resolveRef(schema.$ref, document), document);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return sampleOf(alternatives[0], document);
  if (schema.allOf) {
    return Object.assign({}, ...schema.allOf.map((part) => sampleOf(part, document)));
  }
  if (schema.type === 'array') return [sampleOf(schema.items ?? {}, document)];
  if (schema.type === 'object' || schema.properties) {
    return Object.fromEntries(
      Object.entries(schema.properties ?? {})
        .filter(([, property]) => !property.readOnly)
        .map(([name, property]) => [name, sampleOf(property, document)]),
    );
  }
  if (schema.type === 'integer' || schema.type === 'number') return 0;
  if (schema.type === 'boolean') return true;
  return 'string';
}

const resolveRef = (ref: string, document: Document): Schema =>
  document.components.schemas[ref.replace('#/components/schemas/', '')];

/** An example's value, also when it refers to one in components.examples. */
const exampleValue = (example: Example | undefined, document: Document): unknown =>
  example?.$ref
    ? document.components.examples?.[example.$ref.replace('#/components/examples/', '')]?.value
    : example?.value;

/** A parameter's prefilled value, in Swagger UI's order: examples, example, schema example, default. */
const exampleOf = (parameter: Parameter): unknown =>
  Object.values(parameter.examples ?? {})[0]?.value ??
  parameter.example ??
  parameter.schema?.example ??
  parameter.schema?.default;

/** A parameter's example as it goes into a URL or a header. */
const asText = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value);

/** The bodies to send: each named example, the example, or the schema's sample. */
function bodiesOf(operation: Operation, document: Document): Array<[string, unknown]> {
  const content = operation.requestBody?.content;
  if (!content) return [['', undefined]];
  const media = content['application/json'] ?? Object.values(content)[0];
  if (media.examples) {
    return Object.entries(media.examples).map(([name, example]) => [
      name,
      exampleValue(example, document),
    ]);
  }
  if (media.example !== undefined) return [['', media.example]];
  return [['', sampleOf(media.schema ?? {}, document)]];
}

/** The documented 2xx statuses (POST /bookings/series: 201, or 200 for a dry run). */
const successStatuses = (operation: Operation): number[] =>
  Object.keys(operation.responses)
    .filter((s) => /^2\d\d$/.test(s))
    .map(Number);

describe('OpenAPI examples, tried against the running API', () => {
  let t: TestApp;
  let document: Document;
  let data: ExampleData;
  let snapshot: DatabaseSnapshot;
  let exampleDate: string;

  beforeAll(async () => {
    t = await startTestApp();
    document = (await request(t.url).get('/api/schema/').expect(200)).body as Document;
    exampleDate = bookableExampleDate(
      new Date(),
      t.config.workspaceTimezone,
      t.config.bookingHorizonDays,
    );
    data = await seedExampleData(t, exampleDate);
    snapshot = await snapshotDatabase(t.db);
  }, 60000);

  afterAll(async () => {
    await t?.close();
  });

  /** One example request as Swagger UI sends it; a description of what went wrong, or null. */
  async function tryOut(path: string, method: string, operation: Operation, body: unknown) {
    let url = path;
    const query: Record<string, unknown> = {};
    const headers: Record<string, string> = {};
    for (const parameter of operation.parameters ?? []) {
      const example = exampleOf(parameter);
      if (example === undefined) {
        if (parameter.required) return `no example for required ${parameter.in} ${parameter.name}`;
        continue;
      }
      if (parameter.in === 'path') url = url.replace(`{${parameter.name}}`, asText(example));
      if (parameter.in === 'query') query[parameter.name] = example;
      if (parameter.in === 'header') headers[parameter.name] = asText(example);
    }
    if (operation.security?.length) Object.assign(headers, bearer(data.admin.access));
    let call = request(t.url)[method as 'get'](url).query(query).set(headers);
    if (body !== undefined) call = call.send(body as object);
    const res = await call;
    const expected = successStatuses(operation);
    return expected.includes(res.status)
      ? null
      : `${url} answered ${res.status}, documented ${expected.join('/')}: ${JSON.stringify(res.body)}`;
  }

  it('every operation succeeds with its prefilled example (each body example on its own)', async () => {
    const failures: string[] = [];
    let tried = 0;
    for (const [name, path, operation] of operationsOf(document)) {
      if (SKIP[name]) continue;
      for (const [example, body] of bodiesOf(operation, document)) {
        await snapshot.restore();
        const method = name.split(' ')[0].toLowerCase();
        const failure = await tryOut(path, method, operation, body);
        tried += 1;
        if (failure) failures.push(`${name}${example ? ` (example ${example})` : ''}: ${failure}`);
      }
    }
    expect(failures).toEqual([]);
    expect(tried).toBeGreaterThanOrEqual(20);
  }, 120000);

  it('skips only operations the document has', () => {
    const names = operationsOf(document).map(([name]) => name);
    expect(names).toEqual(expect.arrayContaining(Object.keys(SKIP)));
  });

  it('serves a bookable weekday for the placeholder date, which the committed file keeps', () => {
    const served = JSON.stringify(document);
    expect(served).not.toContain(EXAMPLE_DATE);
    expect(served).toContain(`"${exampleDate}"`);
    const today = localMoment(new Date(), t.config.workspaceTimezone).date;
    expect(exampleDate > today).toBe(true);
    expect(exampleDate <= addDays(today, t.config.bookingHorizonDays)).toBe(true);
    expect([1, 2, 3, 4, 5]).toContain(new Date(`${exampleDate}T00:00:00Z`).getUTCDay());
    const committed = readFileSync(resolve(__dirname, '../../openapi.json'), 'utf8');
    expect(committed).toContain(`"${EXAMPLE_DATE}"`);
    expect(committed).not.toContain(`"${exampleDate}"`);
  });

  it('offers the booking body per room type: oneOf with a discriminator, one example each', () => {
    const media = document.paths['/api/v1/bookings'].post!.requestBody!.content['application/json'];
    expect(media.schema?.discriminator?.propertyName).toBe('room_type');
    expect(Object.keys(media.schema?.discriminator?.mapping ?? {}).sort()).toEqual([
      'CONFERENCE',
      'PRIVATE',
      'SHARED_DESK',
    ]);
    expect(media.schema?.oneOf).toHaveLength(3);
    for (const [type, example] of Object.entries(media.examples ?? {})) {
      expect((example.value as { room_type: string }).room_type).toBe(type);
      expect((example.value as { date: string }).date).toBe(exampleDate);
    }
    expect(Object.keys(media.examples ?? {}).sort()).toEqual([
      'CONFERENCE',
      'PRIVATE',
      'SHARED_DESK',
    ]);
  });

  it('documents each error status with its own codes as an enum and an example of each', () => {
    const problems: string[] = [];
    for (const [name, , operation] of operationsOf(document)) {
      if (operation.security?.length && !operation.responses['401'])
        problems.push(`${name}: secured but no 401`);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!/^[45]\d\d$/.test(status)) continue;
        const media = response.content?.['application/problem+json'];
        const codes = media?.schema?.allOf?.[1]?.properties?.code?.enum as string[] | undefined;
        if (!media || !codes?.length) {
          problems.push(`${name} ${status}: no problem+json with a code enum`);
          continue;
        }
        for (const code of codes) {
          const value = exampleValue(media.examples?.[code], document) as {
            code?: string;
            status?: number;
          };
          if (STATUS_BY_CODE[code as keyof typeof STATUS_BY_CODE] !== Number(status))
            problems.push(`${name} ${status}: ${code} has another status`);
          if (value?.code !== code || value.status !== Number(status))
            problems.push(`${name} ${status}: no example of ${code}`);
        }
      }
    }
    expect(problems).toEqual([]);
    const create = document.paths['/api/v1/bookings'].post!.responses;
    const codesOf = (status: string) =>
      create[status].content!['application/problem+json'].schema!.allOf![1].properties!.code.enum;
    expect(codesOf('401')).toEqual(['UNAUTHENTICATED', 'INVALID_TOKEN']);
    expect(codesOf('403')).toEqual(['BOOKING_FORBIDDEN']);
    expect(codesOf('404')).toEqual(['TEAM_NOT_FOUND', 'ROOM_NOT_FOUND']);
    expect(codesOf('409')).toEqual(
      expect.arrayContaining(['SLOT_TAKEN', 'MEMBER_DOUBLE_BOOKED', 'IDEMPOTENCY_KEY_IN_FLIGHT']),
    );
    expect(codesOf('503')).toEqual(['BUSY', 'DATABASE_UNAVAILABLE']);
  });

  it('documents path and query ids as bounded integers (string codes with their pattern)', () => {
    const unbounded: string[] = [];
    for (const [name, , operation] of operationsOf(document)) {
      for (const parameter of operation.parameters ?? []) {
        const schema = parameter.schema ?? {};
        const isId = parameter.name === 'id' || /_ids?$/.test(parameter.name);
        if (!isId || parameter.name === 'booking_id') continue; // booking_id is a string code
        // Other string codes (series_id: SR...) are no row numbers: a string with its pattern.
        if (STRING_IDS.has(parameter.name)) {
          if (schema.type !== 'string' || !schema.pattern)
            unbounded.push(`${name} ${parameter.name}: ${JSON.stringify(schema)}`);
          continue;
        }
        if (schema.type !== 'integer' || schema.minimum !== 1 || schema.maximum !== MAX_ID)
          unbounded.push(`${name} ${parameter.name}: ${JSON.stringify(schema)}`);
      }
    }
    expect(unbounded).toEqual([]);
    const ids = operationsOf(document).flatMap(([, , op]) =>
      (op.parameters ?? []).filter((p) => p.name === 'id'),
    );
    expect(ids.length).toBeGreaterThan(0);
  });
});
