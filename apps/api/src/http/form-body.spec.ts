import { DomainError } from '@app/core';
import { parseFormBody } from './form-body';
import { MAX_BODY_KEYS } from './json-body';

const refusal = (form: string): DomainError | undefined => {
  try {
    parseFormBody(Buffer.from(form));
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  return undefined;
};

describe('parseFormBody', () => {
  it('parses a form as Fastify did: repeated keys as arrays, + as a space', () => {
    expect({ ...(parseFormBody(Buffer.from('username=ada+l&x=1&x=2&flag')) as object) }).toEqual({
      username: 'ada l',
      x: ['1', '2'],
      flag: '',
    });
  });

  it('refuses a form of 50,000 keys, naming the body', () => {
    const form = Array.from({ length: 50000 }, (_, i) => `k${i}=`).join('&');
    expect(refusal(form)?.fieldErrors).toEqual([
      { field: 'body', message: `body has more than ${MAX_BODY_KEYS} properties` },
    ]);
  });

  it.each([
    ['a NUL', 'username=ali%00ce&password=x', 'username'],
    ['a prototype key', '__proto__=1', 'body'],
  ])('refuses %s as a JSON body would', (_what, form, field) => {
    expect(refusal(form)?.fieldErrors?.[0].field).toBe(field);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => parseFormBody(Buffer.from([0x61, 0x3d, 0xff]))).toThrow('Body is not valid UTF-8');
  });
});
