/** Row ids are PostgreSQL `integer`s: 1 to 2^31 - 1. */
export const MAX_ID = 2_147_483_647;

/** Canonical decimal digits only: no sign, no leading zero, no 0x/1e1/1.0/space forms. */
const CANONICAL_ID = /^[1-9]\d*$/;

export const isCanonicalId = (value: unknown): value is string =>
  typeof value === 'string' && CANONICAL_ID.test(value);

/** An id written as text (path segment, token subject): its number, or null if not a valid id. */
export function parseId(value: unknown): number | null {
  if (!isCanonicalId(value) || value.length > 10) return null;
  const id = Number(value);
  return id <= MAX_ID ? id : null;
}
