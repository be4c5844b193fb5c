import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

interface Operation {
  security?: Array<Record<string, string[]>>;
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
}

/** Swagger for the auth, users and teams endpoints: schemas, errors and bearer auth. */
describe('OpenAPI document for auth, users and teams', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;
  let schemas: Record<string, unknown>;
  beforeAll(async () => {
    t = await startTestApp();
    const res = await request(t.url).get('/api/schema/').expect(200);
    paths = res.body.paths;
    schemas = res.body.components.schemas;
  });
  afterAll(async () => {
    await t.close();
  });

  const operation = (method: string, path: string): Operation => {
    const op = paths[path]?.[method];
    if (!op) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
    return op;
  };

  it.each([
    ['post', '/api/v1/register', 'RegisterRequest', '201', 'RegisterResponse'],
    ['post', '/api/token', 'TokenRequest', '200', 'TokenPairResponse'],
    ['post', '/api/token/refresh', 'RefreshRequest', '200', 'TokenPairResponse'],
  ])(
    'documents public %s %s with its schemas, 400 and 429, and no security',
    (method, path, body, ok, response) => {
      const op = operation(method, path);
      expect(op.security).toBeUndefined();
      expect(op.requestBody?.content['application/json'].schema.$ref).toBe(
        `#/components/schemas/${body}`,
      );
      expect(JSON.stringify(op.responses[ok])).toContain(`#/components/schemas/${response}`);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '429']));
    },
  );

  it.each([
    ['post', '/api/token/logout', ['400', '401', '403']],
    ['get', '/api/v1/users', ['400', '401', '404']],
    ['post', '/api/v1/users', ['400', '401', '403']],
    ['get', '/api/v1/users/{id}', ['401', '404']],
    ['patch', '/api/v1/users/{id}', ['400', '401', '403', '404']],
    ['delete', '/api/v1/users/{id}', ['401', '403', '404', '409']],
    ['get', '/api/v1/teams', ['400', '401', '404']],
    ['post', '/api/v1/teams', ['400', '401', '403', '409']],
    ['get', '/api/v1/teams/{id}', ['401', '404']],
    ['patch', '/api/v1/teams/{id}', ['400', '401', '403', '404', '409']],
    ['delete', '/api/v1/teams/{id}', ['401', '403', '404', '409']],
  ])('documents %s %s with bearer auth and problem+json errors', (method, path, errors) => {
    const op = operation(method, path);
    expect(op.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(errors));
    for (const status of errors) {
      expect(op.responses[status].content).toHaveProperty('application/problem+json');
    }
    expect(Object.keys(op.responses).some((status) => /^2\d\d$/.test(status))).toBe(true);
  });

  it.each([
    'MemberResponse',
    'MemberSummaryResponse',
    'MemberPageResponse',
    'TeamResponse',
    'TeamPageResponse',
    'AdminCreateMemberRequest',
    'AdminUpdateMemberRequest',
    'CreatedMemberWithLoginResponse',
    'MemberWithLoginResponse',
    'SetPasswordRequest',
    'ChangePasswordRequest',
    'PasswordResponse',
    'CreateTeamRequest',
    'UpdateTeamRequest',
    'LogoutResponse',
  ])('has a schema for %s', (name) => {
    expect(schemas[name]).toBeDefined();
  });

  it('documents paging parameters on the lists', () => {
    for (const path of ['/api/v1/users', '/api/v1/teams']) {
      const names = (
        paths[path].get as unknown as { parameters: Array<{ name: string }> }
      ).parameters.map((p) => p.name);
      expect(names).toEqual(expect.arrayContaining(['page', 'page_size']));
    }
  });
});
