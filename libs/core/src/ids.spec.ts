import { MAX_ID, isCanonicalId, parseId } from './ids';

describe('parseId', () => {
  it.each([
    ['1', 1],
    ['42', 42],
    [String(MAX_ID), MAX_ID],
  ])('%j -> %j', (text, id) => {
    expect(parseId(text)).toBe(id);
  });

  it.each([
    '0',
    '01',
    '+1',
    '-1',
    ' 1',
    '1 ',
    '1.0',
    '1e1',
    '0x2',
    '0b10',
    '',
    'abc',
    '2147483648',
    '99999999999',
    '1'.repeat(400),
  ])('%j -> null', (text) => {
    expect(parseId(text)).toBeNull();
  });

  it.each([1, null, undefined, ['1'], {}])('non-string %j -> null', (value) => {
    expect(parseId(value)).toBeNull();
  });

  it('tells a malformed id from one beyond the column range', () => {
    expect(isCanonicalId('2147483648')).toBe(true);
    expect(isCanonicalId('0x10')).toBe(false);
  });
});
