import type { IncomingHttpHeaders } from 'node:http';

// `Bearer <JWT>` and nothing else: one space, three base64url segments. The scheme is
// case-insensitive (RFC 9110 §11.1); passport-jwt's extractor (used before) took the first word after
// it and ignored whatever followed.
const BEARER = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/i;

export const MALFORMED_AUTHORIZATION = 'Authorization header must be "Bearer <token>"';

/** The access token of an `Authorization: Bearer <token>` header, or null. */
export function bearerTokenFrom(request: { headers: IncomingHttpHeaders }): string | null {
  const header = request.headers.authorization;
  return (header && BEARER.exec(header)?.[1]) || null;
}
