import { DomainError } from '@app/core';
import { bodyProblem, MAX_BODY_KEYS, parseJsonBody } from './json-body';

const withKeys = (n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));

describe('bodyProblem: the key cap', () => {
  it.each([
    ['the body', withKeys(50000), 'body'],
    [
      'a nested object',
      { name: 'x', extra: { deeper: withKeys(MAX_BODY_KEYS + 1) } },
      'extra.deeper',
    ],
    ['an object in an array', { user_ids: [1, withKeys(MAX_BODY_KEYS + 1)] }, 'user_ids[1]'],
  ])('refuses %s with more than MAX_BODY_KEYS keys, naming it', (_what, body, field) => {
    expect(bodyProblem(body)?.fieldErrors).toEqual([
      { field, message: `${field} has more than ${MAX_BODY_KEYS} properties` },
    ]);
  });

  it('lets an object of exactly MAX_BODY_KEYS keys through', () => {
    expect(bodyProblem(withKeys(MAX_BODY_KEYS))).toBeNull();
  });

  it('refuses a JSON body of 50,000 keys as VALIDATION_FAILED', () => {
    const raw = Buffer.from(JSON.stringify(withKeys(50000)));
    let thrown: unknown;
    try {
      parseJsonBody({ headers: { 'content-type': 'application/json' } }, raw);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('VALIDATION_FAILED');
  });
});
