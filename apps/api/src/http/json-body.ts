import { DomainError } from '@app/core';

/** Deeper than any request of this API; deeper bodies are refused before any DTO sees them. */
export const MAX_BODY_DEPTH = 32;
/** Far more properties than any request object of this API has; past it, nothing is read. */
export const MAX_BODY_KEYS = 100;

const decoder = new TextDecoder('utf-8', { fatal: true });
// PostgreSQL text cannot hold NUL; other C0 controls (bar tab, LF, CR) have no place in a field.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// An unpaired UTF-16 surrogate ("\ud800") cannot be stored as UTF-8.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

const malformed = (message: string) => new DomainError('MALFORMED_REQUEST', message);
const invalidField = (field: string, message: string) =>
  new DomainError('VALIDATION_FAILED', message, [{ field, message }]);

const fieldName = (path: string) => path || 'body';

/** Counts no further than `max` + 1, so a body of 10,000 keys costs no more than one of 101. */
function hasMoreKeysThan(value: object, max: number): boolean {
  let count = 0;
  for (const key in value) {
    if (Object.hasOwn(value, key) && ++count > max) return true;
  }
  return false;
}

/** Strict UTF-8: a byte sequence that is not is a 400, not replacement characters. */
export function decodeUtf8(raw: Buffer): string {
  try {
    return decoder.decode(raw);
  } catch {
    throw malformed('Body is not valid UTF-8');
  }
}

/**
 * The first thing in a parsed body no handler should see: nesting beyond MAX_BODY_DEPTH, an
 * object with more than MAX_BODY_KEYS keys, prototype keys, control characters or unpaired
 * surrogates in a key or a string. Iterative, so a deeply nested body cannot overflow the stack.
 */
export function bodyProblem(body: unknown): DomainError | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [
    { value: body, path: '', depth: 0 },
  ];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as (typeof stack)[number];
    if (typeof value === 'string') {
      if (CONTROL.test(value)) {
        return invalidField(
          fieldName(path),
          `${fieldName(path)} must not contain control characters`,
        );
      }
      if (LONE_SURROGATE.test(value)) {
        return invalidField(fieldName(path), `${fieldName(path)} must be valid Unicode text`);
      }
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) {
      return malformed(`Body nests deeper than ${MAX_BODY_DEPTH} levels`);
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) =>
        stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }),
      );
      continue;
    }
    if (hasMoreKeysThan(value, MAX_BODY_KEYS)) {
      return invalidField(
        fieldName(path),
        `${fieldName(path)} has more than ${MAX_BODY_KEYS} properties`,
      );
    }
    for (const [key, item] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.has(key) || CONTROL.test(key) || LONE_SURROGATE.test(key)) {
        return invalidField(fieldName(path), `property ${JSON.stringify(key)} is not allowed`);
      }
      stack.push({ value: item, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * The application/json parser: UTF-8 only (strictly decoded), an empty body is no body (a
 * cancel sent with a JSON content type and nothing in it), then JSON.parse and bodyProblem.
 * Every refusal is a 400 problem, never a 500 from deeper down.
 */
export function parseJsonBody(
  request: { headers: Record<string, string | string[] | undefined> },
  raw: Buffer,
): unknown {
  const header = request.headers['content-type'];
  const contentType = Array.isArray(header) ? header.join(',') : (header ?? '');
  const charset = CHARSET.exec(contentType)?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'JSON bodies must be UTF-8');
  }
  const text = decodeUtf8(raw);
  if (text.trim() === '') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw malformed('Body is not valid JSON');
  }
  const problem = bodyProblem(body);
  if (problem) throw problem;
  return body;
}
