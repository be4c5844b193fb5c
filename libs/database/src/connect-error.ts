import { StartupError } from '@app/core';

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
};

/** Wrong password or role, missing database: retrying at start cannot help. */
const PERMANENT_SQLSTATES = new Set(['28P01', '28000', '3D000']);

interface ErrorLike {
  code?: string;
  message?: string;
  errors?: unknown[];
}

function firstCause(error: unknown): ErrorLike {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  // Node reports a host with several addresses (localhost: ::1 and 127.0.0.1) as an AggregateError.
  if (!e.code && Array.isArray(e.errors) && e.errors.length > 0) return firstCause(e.errors[0]);
  return e;
}

export function isPermanentConnectError(error: unknown): boolean {
  const cause = error instanceof StartupError ? error.cause : error;
  return PERMANENT_SQLSTATES.has(firstCause(cause).code ?? '');
}

/** host:port of a postgres URL, never its credentials. */
export function databaseAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
  } catch {
    return 'an unparsable DATABASE_URL';
  }
}

function reasonOf(error: unknown, url: string): string {
  const cause = firstCause(error);
  const network = NETWORK_REASONS[cause.code ?? ''];
  if (network) return `${network} (${cause.code})`;
  let reason = /timeout/i.test(cause.message ?? '')
    ? 'timed out'
    : (cause.message ?? String(error));
  // The server's messages name the user, not the password; scrub it anyway.
  try {
    const { password } = new URL(url);
    if (password) {
      reason = reason.split(password).join('***').split(decodeURIComponent(password)).join('***');
    }
  } catch {
    /* not a URL: nothing to scrub */
  }
  return reason.split('\n')[0];
}

/**
 * The one line printed when the database cannot be reached at start: host and port, attempts,
 * the reason, and what to check.
 */
export function connectFailure(
  error: unknown,
  url: string,
  attempts: number,
  embeddedDir?: string,
): StartupError {
  const where = embeddedDir ? `the embedded database in ${embeddedDir}` : 'DATABASE_URL';
  return new StartupError(
    `cannot connect to the database at ${databaseAddress(url)} after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reasonOf(error, url)}; check ${where}`,
    { cause: error },
  );
}
