import {
  advisoryLockKeys,
  canonicalJson,
  isWellFormedIdempotencyKey,
  requestFingerprint,
} from './idempotency-key';

describe('isWellFormedIdempotencyKey', () => {
  it.each([
    ['a uuid', '0b8e9a56-4a7f-4d53-9a68-2d5c1f0e7a11', true],
    ['one character', 'x', true],
    ['255 characters', 'k'.repeat(255), true],
    ['spaces and symbols', ' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', true],
    ['empty', '', false],
    ['256 characters', 'k'.repeat(256), false],
    ['non-ASCII', 'caf\u00e9', false],
    ['an emoji', 'key-\u{1f600}', false],
    ['a tab', 'a\tb', false],
    ['a newline', 'a\nb', false],
    ['NUL', 'a\u0000b', false],
    ['DEL', 'a\u007fb', false],
  ])('%s', (_case, key, expected) => {
    expect(isWellFormedIdempotencyKey(key)).toBe(expected);
  });
});

describe('canonicalJson', () => {
  it.each([
    ['no body', undefined, ''],
    ['null', null, 'null'],
    [
      'keys sorted at every level',
      { b: 1, a: { d: [2, { z: 0, y: 1 }], c: 'x' } },
      '{"a":{"c":"x","d":[2,{"y":1,"z":0}]},"b":1}',
    ],
    ['array order kept', [3, 1, 2], '[3,1,2]'],
    ['an empty object', {}, '{}'],
  ])('%s', (_case, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });
});

describe('requestFingerprint', () => {
  const base = requestFingerprint('POST', '/api/v1/bookings/', {
    date: '2030-01-16',
    room_type: 'PRIVATE',
  });

  it.each([
    [
      'without the trailing slash',
      'POST',
      '/api/v1/bookings',
      { date: '2030-01-16', room_type: 'PRIVATE' },
    ],
    [
      'with a query string',
      'POST',
      '/api/v1/bookings/?x=1',
      { date: '2030-01-16', room_type: 'PRIVATE' },
    ],
    [
      'keys in another order',
      'POST',
      '/api/v1/bookings/',
      { room_type: 'PRIVATE', date: '2030-01-16' },
    ],
    [
      'the method in lower case',
      'post',
      '/api/v1/bookings/',
      { date: '2030-01-16', room_type: 'PRIVATE' },
    ],
  ])('is the same request %s', (_case, method, url, body) => {
    expect(requestFingerprint(method, url, body)).toBe(base);
  });

  it.each([
    ['another path', 'POST', '/api/v1/cancel/BK1/', { date: '2030-01-16', room_type: 'PRIVATE' }],
    ['another value', 'POST', '/api/v1/bookings/', { date: '2030-01-17', room_type: 'PRIVATE' }],
    [
      'one more field',
      'POST',
      '/api/v1/bookings/',
      { date: '2030-01-16', room_type: 'PRIVATE', user_id: 1 },
    ],
    [
      'a number as a string',
      'POST',
      '/api/v1/bookings/',
      { date: '2030-01-16', room_type: 'PRIVATE', n: '1' },
    ],
    ['another method', 'PUT', '/api/v1/bookings/', { date: '2030-01-16', room_type: 'PRIVATE' }],
  ])('tells apart %s', (_case, method, url, body) => {
    expect(requestFingerprint(method, url, body)).not.toBe(base);
  });

  it('tells no body from an empty object', () => {
    expect(requestFingerprint('POST', '/x', undefined)).not.toBe(
      requestFingerprint('POST', '/x', {}),
    );
  });
});

describe('advisoryLockKeys', () => {
  it('gives two int4 values, the same for the same account and key', () => {
    const [a, b] = advisoryLockKeys(7, 'k');
    for (const n of [a, b]) {
      expect(Number.isInteger(n)).toBe(true);
      expect(n).toBeGreaterThanOrEqual(-(2 ** 31));
      expect(n).toBeLessThan(2 ** 31);
    }
    expect(advisoryLockKeys(7, 'k')).toEqual([a, b]);
  });

  it.each([
    [7, 'k', 8, 'k'],
    [7, 'k', 7, 'l'],
    [1, '2k', 12, 'k'],
  ])('keeps (%d, %s) and (%d, %s) apart', (accountA, keyA, accountB, keyB) => {
    expect(advisoryLockKeys(accountA, keyA)).not.toEqual(advisoryLockKeys(accountB, keyB));
  });
});
