import { dirname, join } from 'node:path';
import { StartupError } from './startup-error';
import { isTimeZone } from './workspace-time';

export type NodeEnv = 'development' | 'production' | 'test';

export interface AppConfig {
  nodeEnv: NodeEnv;
  port: number;
  /** Base of the absolute links the API writes, without a trailing slash; never the request's Host. */
  publicUrl: string;
  /** Unset: the embedded PostgreSQL in `embeddedPgDir`. */
  databaseUrl: string | undefined;
  /** A streaming replica for read-only endpoints; unset: every read goes to DATABASE_URL. */
  databaseReadUrl: string | undefined;
  /**
   * Where LISTEN connects (the account cache's notifications); unset: DATABASE_URL. For a
   * DATABASE_URL behind PgBouncer in transaction mode, where LISTEN does not work.
   */
  databaseListenUrl: string | undefined;
  dbPoolSize: number;
  /** Connection attempts at start, 1 s apart, before giving up with one line naming host and port. */
  dbConnectAttempts: number;
  /** `lock_timeout` of every database connection (bounded lock waits: 55P03 is a 503). */
  lockTimeoutMs: number;
  jwt: {
    /** Unset outside production: the API then signs with a random key kept in `secretFile`. */
    secret: string | undefined;
    /** Beside the embedded database's data (EMBEDDED_PG_DIR's parent), e.g. `.data/jwt-secret`. */
    secretFile: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
  };
  workspaceTimezone: string;
  bookingHorizonDays: number;
  /** How often each API process expires waitlist entries whose first hour has begun. */
  waitlistSweepSeconds: number;
  authRateLimit: number;
  /** Failed logins in a row for one username before each further attempt must wait; 0: off. */
  loginFailureLimit: number;
  /** Cap of that wait, which doubles from 1 s with every further failure. */
  loginBackoffMaxSeconds: number;
  redisUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  embeddedPgDir: string;
  migrationsRun: boolean;
  seedRooms: boolean;
  /** Who may register: anyone, nobody (admins create members), or e-mails of these domains. */
  registration: Registration;
  /** Seconds added to the wall clock for every notion of "now" (tests, demos); 0 in production. */
  clockOffsetSeconds: number;
  /** Minutes before a booking's start from which it can be checked in. */
  checkInOpensMinutes: number;
  /** Minutes after its start at which a booking not checked in is released; 0: never. */
  autoReleaseAfterMinutes: number;
  /** How often each API process sweeps for no-shows; 0: this process does not sweep. */
  releaseSweepSeconds: number;
  webhooks: {
    /** How often each API process looks for due deliveries; 0: this process sends none. */
    dispatchMs: number;
    /** First retry delay; doubles per failed attempt (with jitter) up to an hour. */
    retryBaseMs: number;
    /** Endpoints may be http:// or resolve to loopback/private/link-local addresses. */
    allowPrivate: boolean;
  };
}

export type Registration =
  { mode: 'open' } | { mode: 'closed' } | { mode: 'domains'; domains: string[] };

/** A StartupError of a line per bad variable. */
export class ConfigValidationError extends StartupError {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const DURATION = /^(\d+)\s*(s|m|h|d)?$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** Reads and validates the environment; lists every bad variable by name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return Number(raw);
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = read(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(raw)) return true;
    if (['false', '0', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  };
  const duration = (name: string, fallback: string): number => {
    const raw = read(name) ?? fallback;
    const match = DURATION.exec(raw);
    const seconds = match ? Number(match[1]) * UNIT_SECONDS[(match[2] ?? 's') as 's'] : 0;
    if (!match || seconds < 1) {
      problems.push(`${name} must be a duration like 900, 15m, 1h or 7d (got "${raw}")`);
      return 1;
    }
    return seconds;
  };

  const nodeEnvRaw = read('NODE_ENV') ?? 'development';
  let nodeEnv: NodeEnv = 'development';
  if (nodeEnvRaw === 'development' || nodeEnvRaw === 'production' || nodeEnvRaw === 'test') {
    nodeEnv = nodeEnvRaw;
  } else {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnvRaw}")`);
  }
  const production = nodeEnv === 'production';

  const databaseUrl = read('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  if (production && databaseUrl === undefined) {
    problems.push(
      'DATABASE_URL is required when NODE_ENV=production (the embedded database is for development)',
    );
  }

  const databaseReadUrl = read('DATABASE_READ_URL');
  if (databaseReadUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseReadUrl)) {
    problems.push('DATABASE_READ_URL must be a postgres:// or postgresql:// URL');
  }

  const databaseListenUrl = read('DATABASE_LISTEN_URL');
  if (databaseListenUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseListenUrl)) {
    problems.push('DATABASE_LISTEN_URL must be a postgres:// or postgresql:// URL');
  }

  const secret = read('JWT_SECRET');
  if (production && secret === undefined) {
    problems.push(
      'JWT_SECRET must be set when NODE_ENV=production (32+ random bytes, e.g. openssl rand -base64 48)',
    );
  } else if (production && secret !== undefined && Buffer.byteLength(secret) < 32) {
    problems.push('JWT_SECRET must be at least 32 bytes when NODE_ENV=production');
  }
  const embeddedPgDir = read('EMBEDDED_PG_DIR') ?? '.data/pg';

  const loginBackoffMaxSeconds = duration('LOGIN_BACKOFF_MAX', '5m');
  if (loginBackoffMaxSeconds > 3600) {
    problems.push(`LOGIN_BACKOFF_MAX must be at most 1h (got "${read('LOGIN_BACKOFF_MAX')}")`);
  }

  const workspaceTimezone = read('WORKSPACE_TIMEZONE') ?? 'UTC';
  if (!isTimeZone(workspaceTimezone)) {
    problems.push(
      `WORKSPACE_TIMEZONE must be an IANA time zone such as Europe/Paris (got "${workspaceTimezone}")`,
    );
  }

  const logLevelRaw = read('LOG_LEVEL') ?? 'info';
  const logLevel = LOG_LEVELS.find((level) => level === logLevelRaw.toLowerCase());
  if (!logLevel)
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevelRaw}")`);

  const redisUrl = read('REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    problems.push('REDIS_URL must be a redis:// or rediss:// URL');
  }

  const registration = registrationFrom(read('REGISTRATION'), problems);
  const clockOffsetRaw = read('CLOCK_OFFSET_S');
  const clockOffsetSeconds = clockOffsetFrom(clockOffsetRaw, problems);
  if (production && clockOffsetSeconds !== 0) {
    problems.push(
      `CLOCK_OFFSET_S must be 0 when NODE_ENV=production (it moves the service's clock, for tests and demos; got "${clockOffsetRaw}")`,
    );
  }

  const port = int('PORT', 3000, 0, 65535);
  const config: AppConfig = {
    nodeEnv,
    port,
    publicUrl: publicUrlFrom(read('PUBLIC_URL'), port, problems),
    databaseUrl,
    databaseReadUrl,
    databaseListenUrl,
    dbPoolSize: int('DB_POOL_SIZE', 20, 1, 500),
    dbConnectAttempts: int('DB_CONNECT_ATTEMPTS', 10, 1, 1000),
    lockTimeoutMs: int('DB_LOCK_TIMEOUT_MS', 5000, 10, 600000),
    jwt: {
      secret,
      secretFile: join(dirname(embeddedPgDir), 'jwt-secret'),
      accessTtlSeconds: duration('JWT_ACCESS_TTL', '1h'),
      refreshTtlSeconds: duration('JWT_REFRESH_TTL', '7d'),
    },
    workspaceTimezone,
    bookingHorizonDays: int('BOOKING_HORIZON_DAYS', 90, 0, 3650),
    waitlistSweepSeconds: int('WAITLIST_SWEEP_S', 30, 1, 86400),
    authRateLimit: int('AUTH_RATE_LIMIT', 20, 0, 1000000),
    loginFailureLimit: int('LOGIN_FAILURE_LIMIT', 5, 0, 1000),
    loginBackoffMaxSeconds,
    redisUrl,
    logLevel: logLevel ?? 'info',
    embeddedPgDir,
    migrationsRun: bool('MIGRATIONS_RUN', true),
    seedRooms: bool('SEED_ROOMS', true),
    registration,
    clockOffsetSeconds,
    checkInOpensMinutes: int('CHECK_IN_OPENS_MIN', 15, 0, 1440),
    autoReleaseAfterMinutes: int('AUTO_RELEASE_AFTER_MIN', 15, 0, 540),
    releaseSweepSeconds: int('RELEASE_SWEEP_S', 30, 0, 3600),
    webhooks: {
      dispatchMs: int('WEBHOOK_DISPATCH_MS', 1000, 0, 60000),
      retryBaseMs: int('WEBHOOK_RETRY_BASE_MS', 10000, 10, 30000),
      // Development and tests post to local receivers; production refuses them unless told.
      allowPrivate: bool('WEBHOOK_ALLOW_PRIVATE', nodeEnv !== 'production'),
    },
  };
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return config;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** REGISTRATION: `open` (default), `closed`, or `domain:example.com,example.org`. */
function registrationFrom(raw: string | undefined, problems: string[]): Registration {
  const value = raw?.toLowerCase();
  if (value === undefined || value === 'open') return { mode: 'open' };
  if (value === 'closed') return { mode: 'closed' };
  if (value.startsWith('domain:')) {
    const domains = value
      .slice('domain:'.length)
      .split(',')
      .map((d) => d.trim());
    if (domains.length > 0 && domains.every((d) => DOMAIN.test(d))) {
      return { mode: 'domains', domains };
    }
  }
  problems.push(
    `REGISTRATION must be open, closed or domain:<domain>[,<domain>...] (got "${raw}")`,
  );
  return { mode: 'closed' };
}

/** Ten years either way: more is a typo, not a demo. */
const MAX_CLOCK_OFFSET_S = 3650 * 86400;

/** CLOCK_OFFSET_S: whole seconds, negative to go back, default 0. */
function clockOffsetFrom(raw: string | undefined, problems: string[]): number {
  if (raw === undefined) return 0;
  if (!/^[+-]?\d+$/.test(raw) || Math.abs(Number(raw)) > MAX_CLOCK_OFFSET_S) {
    problems.push(
      `CLOCK_OFFSET_S must be whole seconds from -${MAX_CLOCK_OFFSET_S} to ${MAX_CLOCK_OFFSET_S} (got "${raw}")`,
    );
    return 0;
  }
  return Number(raw);
}

/**
 * PUBLIC_URL: an http(s) URL, possibly with a path (a proxy's prefix), without credentials,
 * query or fragment, kept without trailing slashes. Unset: where the API listens.
 */
function publicUrlFrom(raw: string | undefined, port: number, problems: string[]): string {
  const fallback = `http://localhost:${port}`;
  if (raw === undefined) return fallback;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password || /[?#]/.test(raw)) {
    problems.push(
      `PUBLIC_URL must be an http:// or https:// URL without credentials, query or fragment (got "${raw}")`,
    );
    return fallback;
  }
  return url.href.replace(/\/+$/, '');
}
