import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

/** Predicates over PostgreSQL errors, whether raw from pg or wrapped in TypeORM's QueryFailedError. */
interface PgErrorLike {
  code?: string;
  constraint?: string;
  driverError?: PgErrorLike;
  message?: string;
}

function pgError(error: unknown): PgErrorLike {
  if (typeof error !== 'object' || error === null) return {};
  const e = error as PgErrorLike;
  return e.driverError ?? e;
}

export function sqlState(error: unknown): string | undefined {
  return pgError(error).code;
}

export const isUniqueViolation = (error: unknown, constraint?: string): boolean =>
  sqlState(error) === '23505' &&
  (constraint === undefined || pgError(error).constraint === constraint);

/** 40001 serialization failure, 40P01 deadlock: safe to retry in a new transaction. */
export const isRetryableConflict = (error: unknown): boolean =>
  sqlState(error) === '40001' || sqlState(error) === '40P01';

export const isLockTimeout = (error: unknown): boolean => sqlState(error) === '55P03';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

/** The database is unreachable or going away: class 08, admin shutdown 57P01-57P03, socket errors. */
export function isConnectionError(error: unknown): boolean {
  // TypeORM releases a query runner as soon as its connection emits 'error' (the server went
  // away mid-transaction); the transaction's next query then throws one of these.
  if (
    error instanceof QueryRunnerAlreadyReleasedError ||
    error instanceof QueryRunnerProviderAlreadyReleasedError
  )
    return true;
  const e = pgError(error);
  const code = e.code ?? (error as PgErrorLike | undefined)?.code;
  if (code && (code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code)))
    return true;
  if (code && CONNECTION_CODES.has(code)) return true;
  const message = `${(error as PgErrorLike | undefined)?.message ?? ''} ${e.message ?? ''}`;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED|the database system is (starting up|shutting down|in recovery)/i.test(
    message,
  );
}
