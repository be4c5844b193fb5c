import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url without padding: always 43 characters of [A-Za-z0-9_-]. */
const TOKEN_BYTES = 32;
const WELL_FORMED_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface IssuedFeedToken {
  /** Given to the member once, inside the feed URL. */
  token: string;
  /** What the database keeps. */
  hash: Buffer;
}

export function issueFeedToken(): IssuedFeedToken {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, hash: hashOfFeedToken(token) };
}

export function hashOfFeedToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Could `token` have been issued by issueFeedToken? Anything else is not looked up. */
export function isWellFormedFeedToken(token: string): boolean {
  return WELL_FORMED_TOKEN.test(token);
}
