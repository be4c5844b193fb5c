import { hashOfFeedToken, isWellFormedFeedToken, issueFeedToken } from './feed-token';

describe('feed tokens', () => {
  it('issues 43-character base64url tokens, stored as their SHA-256', () => {
    const { token, hash } = issueFeedToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).toHaveLength(32);
    expect(hash.equals(hashOfFeedToken(token))).toBe(true);
    expect(issueFeedToken().token).not.toBe(token);
  });

  it.each([
    ['a'.repeat(43), true],
    ['a'.repeat(42), false],
    ['a'.repeat(44), false],
    [`${'a'.repeat(42)}=`, false],
    [`${'a'.repeat(42)}.`, false],
    ['', false],
  ])('%s is well formed: %s', (token, expected) => {
    expect(isWellFormedFeedToken(token)).toBe(expected);
  });
});
