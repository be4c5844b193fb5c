'use strict';
/**
 * HS256 access tokens signed exactly as the API signs them (libs/auth/src/tokens.service.ts:
 * claims {sub, typ: 'access', username, role}, HS256), so the benchmark can seed hundreds of
 * members without paying an argon2 hash per login.
 */
const { createHmac } = require('node:crypto');

const b64url = (value) => Buffer.from(value).toString('base64url');

function signAccessToken(secret, { id, username, role = 'user' }, ttlSeconds = 3600) {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(
    JSON.stringify({
      sub: String(id),
      typ: 'access',
      username,
      role,
      iat: now,
      exp: now + ttlSeconds,
    }),
  );
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

module.exports = { signAccessToken };
