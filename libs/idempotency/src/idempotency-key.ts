import { createHash } from 'node:crypto';

/** How long an answer is kept: a retry with the same key within it gets the same answer. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/** 1-255 printable ASCII characters (space to tilde). */
const WELL_FORMED_KEY = /^[\x20-\x7e]{1,255}$/;

export const isWellFormedIdempotencyKey = (key: string): boolean => WELL_FORMED_KEY.test(key);

/** Whose key, which key, and what was asked with it. */
export interface IdempotencyScope {
  accountId: number;
  key: string;
  /** requestFingerprint of the request that came with the key. */
  fingerprint: string;
}

/** An answer as the client got it: status and the JSON text of the body. */
export interface StoredResponse {
  status: number;
  body: string;
}

/**
 * JSON with object keys sorted at every level, so two serialisations of one body (key order,
 * whitespace, `1.0` or `1`) are the same request. No body at all is the empty string.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : item,
  );
}

/**
 * SHA-256 of method, path (query string and trailing slashes dropped: the contract serves
 * every path with and without one) and the canonical JSON of the parsed body.
 */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  const path = url.split('?')[0].replace(/\/+$/, '') || '/';
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n${canonicalJson(body)}`)
    .digest('hex');
}

/**
 * The two int4 keys of the transaction-level advisory lock that marks a key in flight: the
 * first 64 bits of SHA-256(account id, key). A collision only makes an unrelated request of
 * the same moment wait its turn (409, retry), never replay someone else's answer: answers are
 * looked up by (account_id, key) itself.
 */
export function advisoryLockKeys(accountId: number, key: string): [number, number] {
  const digest = createHash('sha256').update(`${accountId}\0${key}`).digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}
