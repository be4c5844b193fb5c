import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigValidationError, loadConfig } from './config.schema';

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
};

describe('loadConfig', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      databaseUrl: undefined,
      databaseReadUrl: undefined,
      workspaceTimezone: 'UTC',
      bookingHorizonDays: 90,
      authRateLimit: 20,
      embeddedPgDir: '.data/pg',
      migrationsRun: true,
      seedRooms: true,
      dbConnectAttempts: 10,
      loginFailureLimit: 5,
      loginBackoffMaxSeconds: 300,
      jwt: {
        secret: undefined,
        secretFile: '.data/jwt-secret',
        accessTtlSeconds: 3600,
        refreshTtlSeconds: 7 * 86400,
      },
    });
  });

  it('has every variable it reads in .env.example, commented out, with values it accepts', () => {
    const example = readFileSync(join(__dirname, '../../../.env.example'), 'utf8');
    expect(parseEnv(example)).toEqual({});
    const documented = parseEnv(
      example
        .split('\n')
        .filter((line) => /^# [A-Z_]+=/.test(line))
        .map((line) => line.slice(2))
        .join('\n'),
    );
    const source = readFileSync(join(__dirname, 'config.schema.ts'), 'utf8');
    const read = [...source.matchAll(/\b(?:read|int|bool|duration)\('([A-Z_]+)'/g)].map(
      (m) => m[1],
    );
    expect(Object.keys(documented).sort()).toEqual([...new Set(read)].sort());
    expect(() => loadConfig(documented)).not.toThrow();
  });

  it('keeps the development JWT secret beside the embedded database, even with DATABASE_URL', () => {
    const config = loadConfig({
      EMBEDDED_PG_DIR: '/srv/booking/pg',
      DATABASE_URL: 'postgres://db/booking',
    });
    expect(config.jwt).toMatchObject({ secret: undefined, secretFile: '/srv/booking/jwt-secret' });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['BOOKING_HORIZON_DAYS', '-1'],
    ['AUTH_RATE_LIMIT', '1.5'],
    ['WORKSPACE_TIMEZONE', 'Mars/Olympus'],
    ['LOG_LEVEL', 'loud'],
    ['JWT_ACCESS_TTL', '1 week'],
    ['JWT_REFRESH_TTL', '0'],
    ['MIGRATIONS_RUN', 'maybe'],
    ['SEED_ROOMS', 'sure'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['DATABASE_READ_URL', 'replica:5432/booking'],
    ['DATABASE_LISTEN_URL', 'db.internal:5432/booking'],
    ['REDIS_URL', 'localhost:6379'],
    ['LOGIN_FAILURE_LIMIT', '-1'],
    ['DB_CONNECT_ATTEMPTS', '0'],
    ['LOGIN_FAILURE_LIMIT', 'five'],
    ['LOGIN_BACKOFF_MAX', '0'],
    ['LOGIN_BACKOFF_MAX', '2h'],
    ['NODE_ENV', 'staging'],
    ['PUBLIC_URL', 'booking.example.com'],
    ['PUBLIC_URL', 'ftp://booking.example.com'],
    ['PUBLIC_URL', 'https://booking.example.com/?via=x'],
    ['PUBLIC_URL', 'https://booking.example.com/#top'],
    ['PUBLIC_URL', 'https://user:pass@booking.example.com'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
  });

  it('lists every bad variable at once', () => {
    expect(problemsOf({ PORT: 'x', LOG_LEVEL: 'y', WORKSPACE_TIMEZONE: 'z' })).toHaveLength(3);
  });

  it.each([
    ['15m', 900],
    ['1h', 3600],
    ['7d', 604800],
    ['45', 45],
  ])('reads the duration %s as %i seconds', (raw, seconds) => {
    expect(loadConfig({ JWT_ACCESS_TTL: raw }).jwt.accessTtlSeconds).toBe(seconds);
  });

  it.each([
    [{ PORT: '8080' }, 'http://localhost:8080'],
    [{ PUBLIC_URL: 'https://booking.example.com/' }, 'https://booking.example.com'],
    [{ PUBLIC_URL: 'https://Booking.Example.com:443' }, 'https://booking.example.com'],
    [{ PUBLIC_URL: 'http://10.0.0.5:8080/booking//' }, 'http://10.0.0.5:8080/booking'],
  ])('reads the links base from %j as %s', (env, publicUrl) => {
    expect(loadConfig(env).publicUrl).toBe(publicUrl);
  });

  describe('in production', () => {
    const safe = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/booking',
      JWT_SECRET: 'x'.repeat(32),
    };

    it('starts with a database URL and a strong secret', () => {
      expect(problemsOf(safe)).toEqual([]);
    });

    it('keeps the contract default of PUBLIC_URL rather than refusing to start', () => {
      expect(loadConfig({ ...safe, PORT: '8000' }).publicUrl).toBe('http://localhost:8000');
    });

    it.each([
      ['no JWT secret', { JWT_SECRET: undefined }, 'JWT_SECRET'],
      ['a blank JWT secret', { JWT_SECRET: '   ' }, 'JWT_SECRET'],
      ['a short JWT secret', { JWT_SECRET: 'short-secret' }, 'JWT_SECRET'],
      ['no DATABASE_URL (the embedded database)', { DATABASE_URL: undefined }, 'DATABASE_URL'],
      ['a shifted clock', { CLOCK_OFFSET_S: '60' }, 'CLOCK_OFFSET_S must be 0'],
      ['a clock shifted back', { CLOCK_OFFSET_S: '-1' }, 'CLOCK_OFFSET_S must be 0'],
    ])('refuses %s', (_label, override, variable) => {
      const problems = problemsOf({ ...safe, ...override });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(variable);
    });
  });

  describe('clock and no-shows', () => {
    it('defaults to the wall clock, a 15-minute window, release on, a 30 s sweep', () => {
      expect(loadConfig({})).toMatchObject({
        clockOffsetSeconds: 0,
        checkInOpensMinutes: 15,
        autoReleaseAfterMinutes: 15,
        releaseSweepSeconds: 30,
      });
    });

    it.each([
      ['3600', 3600],
      ['-86400', -86400],
      ['+5', 5],
      ['0', 0],
    ])('takes CLOCK_OFFSET_S=%s outside production', (raw, seconds) => {
      expect(loadConfig({ CLOCK_OFFSET_S: raw }).clockOffsetSeconds).toBe(seconds);
      expect(loadConfig({ NODE_ENV: 'test', CLOCK_OFFSET_S: raw }).clockOffsetSeconds).toBe(
        seconds,
      );
    });

    it('takes CLOCK_OFFSET_S=0 in production', () => {
      const env = {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://db/booking',
        JWT_SECRET: 'x'.repeat(32),
        CLOCK_OFFSET_S: '0',
      };
      expect(problemsOf(env)).toEqual([]);
    });

    it.each([
      ['CLOCK_OFFSET_S', '1.5'],
      ['CLOCK_OFFSET_S', '1h'],
      ['CLOCK_OFFSET_S', '999999999999'],
      ['CHECK_IN_OPENS_MIN', '-1'],
      ['AUTO_RELEASE_AFTER_MIN', '541'],
      ['AUTO_RELEASE_AFTER_MIN', 'soon'],
      ['RELEASE_SWEEP_S', '3601'],
    ])('refuses %s=%s, naming it', (name, raw) => {
      const problems = problemsOf({ [name]: raw });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(name);
    });
  });
});
