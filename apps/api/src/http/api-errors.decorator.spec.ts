import type { OpenAPIObject } from '@nestjs/swagger';
import { ApiErrors, ERRORS, exampleProblem, shareProblemExamples } from './api-errors.decorator';

interface DocumentedResponse {
  description: string;
  content: Record<
    string,
    {
      schema: { allOf: [unknown, { properties: { code: { enum: string[] } } }] };
      examples: Record<string, { value: { code: string; status: number } }>;
    }
  >;
}

/** The responses Nest's swagger explorer reads from a method (its `swagger/apiResponse` key). */
function responsesOf(decorate: (target: object, key: string, d: PropertyDescriptor) => void) {
  const target = { route: () => undefined };
  const descriptor = Object.getOwnPropertyDescriptor(target, 'route')!;
  decorate(target, 'route', descriptor);
  return Reflect.getMetadata('swagger/apiResponse', descriptor.value as object) as Record<
    string,
    DocumentedResponse
  >;
}

const codesOf = (response: DocumentedResponse) =>
  response.content['application/problem+json'].schema.allOf[1].properties.code.enum;

describe('ApiErrors', () => {
  it('groups codes by their status, each status with an enum and one example per code', () => {
    const responses = responsesOf((t, k, d) =>
      ApiErrors(ERRORS.auth, 'SLOT_TAKEN', 'MEMBER_DOUBLE_BOOKED', 'TEAM_NOT_FOUND')(t, k, d),
    );
    expect(Object.keys(responses).sort()).toEqual(['401', '404', '409']);
    expect(codesOf(responses['401'])).toEqual(['UNAUTHENTICATED', 'INVALID_TOKEN']);
    expect(codesOf(responses['409'])).toEqual(['SLOT_TAKEN', 'MEMBER_DOUBLE_BOOKED']);
    const examples = responses['409'].content['application/problem+json'].examples;
    expect(Object.keys(examples)).toEqual(['SLOT_TAKEN', 'MEMBER_DOUBLE_BOOKED']);
    expect(examples.SLOT_TAKEN.value).toMatchObject({ code: 'SLOT_TAKEN', status: 409 });
  });

  it('adds up over repeated use, in any order, keeping one description per status', () => {
    const responses = responsesOf((t, k, d) => {
      ApiErrors('SLOT_TAKEN')(t, k, d);
      ApiErrors('IDEMPOTENCY_KEY_IN_FLIGHT', 'IDEMPOTENCY_KEY_REUSED')(t, k, d);
    });
    expect(codesOf(responses['409'])).toEqual(['SLOT_TAKEN', 'IDEMPOTENCY_KEY_IN_FLIGHT']);
    expect(codesOf(responses['422'])).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(responses['409'].description).toBe('Conflict with the current state');
  });

  it('reads a bare status as every code of that status', () => {
    const responses = responsesOf((t, k, d) => ApiErrors(503)(t, k, d));
    expect(codesOf(responses['503'])).toEqual(['BUSY', 'DATABASE_UNAVAILABLE']);
  });

  it('gives examples as the problem filter words them, field errors for VALIDATION_FAILED', () => {
    expect(exampleProblem('VALIDATION_FAILED')).toMatchObject({
      status: 400,
      title: 'Bad Request',
      type: 'https://workspace-booking.dev/problems/validation-failed',
      errors: [{ field: 'age', message: 'age must not be less than 0' }],
    });
  });

  it('shares each example in components.examples, referred to from every response', () => {
    const problemOf = (code: 'SLOT_TAKEN' | 'BUSY') => ({
      content: {
        'application/problem+json': { examples: { [code]: { value: exampleProblem(code) } } },
      },
    });
    const document = {
      openapi: '3.0.0',
      info: { title: 'x', version: '1' },
      paths: {
        '/a': { post: { responses: { '409': problemOf('SLOT_TAKEN'), '503': problemOf('BUSY') } } },
        '/b': { get: { responses: { '409': problemOf('SLOT_TAKEN') } }, parameters: [] },
      },
    } as unknown as OpenAPIObject;
    const shared = shareProblemExamples(document);
    expect(Object.keys(shared.components?.examples ?? {})).toEqual(['BUSY', 'SLOT_TAKEN']);
    expect(shared.components?.examples?.SLOT_TAKEN).toEqual({
      value: exampleProblem('SLOT_TAKEN'),
    });
    expect(JSON.stringify(shared.paths['/b'])).toContain(
      '"$ref":"#/components/examples/SLOT_TAKEN"',
    );
  });
});
