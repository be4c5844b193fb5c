import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  API_MAIN as MAIN,
  ApiRun as Run,
  buildApiIfStale,
  freePort,
  healthy,
  listening,
  startApi as spawnApi,
  stop,
} from './support/api-process';
import { createTestDatabase, dropTestDatabase, testServerUrl } from './support/test-database';

/**
 * The built API as `npm start` runs it, in a scratch working directory (its own .env and
 * .data), with a minimal environment: start-up failures are one line on stderr and exit 1;
 * request logs.
 */
const started: Run[] = [];

function startApi(cwd: string, env: Record<string, string>): Run {
  const run = spawnApi(cwd, env);
  started.push(run);
  return run;
}

describe('API start-up', () => {
  let scratch: string;

  beforeAll(() => buildApiIfStale(), 120000);

  beforeEach(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing`);
    scratch = mkdtempSync(join(tmpdir(), 'startup-e2e-'));
  });
  afterEach(async () => {
    // After a failure: nothing left running, not even an embedded server in the scratch dir.
    for (const run of started.splice(0)) {
      if (run.child.exitCode === null && run.child.signalCode === null) {
        run.child.kill('SIGKILL');
        await run.exited;
      }
    }
    for (const dataDir of [join(scratch, 'pg'), join(scratch, '.data/pg')]) {
      try {
        process.kill(Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]));
      } catch {
        /* none running */
      }
    }
    rmSync(scratch, { recursive: true, force: true });
  });

  it('names host and port of an unreachable database in one line, not its password; .env is read and the environment wins', async () => {
    writeFileSync(
      join(scratch, '.env'),
      'DATABASE_URL=postgres://booker:pw-from-dotenv@127.0.0.1:1/booking\nDB_CONNECT_ATTEMPTS=9\n',
    );
    const run = startApi(scratch, { DB_CONNECT_ATTEMPTS: '2', PORT: String(await freePort()) });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toBe(
      'cannot connect to the database at 127.0.0.1:1 after 2 attempts: connection refused (ECONNREFUSED); check DATABASE_URL\n',
    );
    expect(run.stdout()).toBe('');
  });

  describe('on the test database', () => {
    let database: string;
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(async () => {
      await dropTestDatabase(database);
    });
    const env = () => ({
      DATABASE_URL: testServerUrl(database),
      MIGRATIONS_RUN: 'false',
      SEED_ROOMS: 'false',
      JWT_SECRET: 'startup-e2e-secret-of-at-least-32-bytes!',
    });

    it('names the port in use in one line', async () => {
      // The API listens on 0.0.0.0; holding the port there collides on every address.
      const holder = await listening(0, '0.0.0.0');
      const { port } = holder.address() as { port: number };
      try {
        const run = startApi(scratch, { ...env(), PORT: String(port) });
        expect(await run.exited).toBe(1);
        expect(run.stderr()).toBe(
          `port ${port} is already in use: stop what listens there, or set PORT\n`,
        );
        expect(run.stdout()).not.toContain('EADDRINUSE');
      } finally {
        await new Promise((resolve) => holder.close(resolve));
      }
    });

    it('logs a healthy /health at debug only, and every request once', async () => {
      const port = await freePort();
      const run = startApi(scratch, { ...env(), PORT: String(port), LOG_LEVEL: 'debug' });
      await healthy(run, port); // a probe: logged too
      for (const path of ['/health', '/health/', '/api/v1/rooms/']) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`);
        await res.arrayBuffer();
      }
      expect(await stop(run)).toBe(0);
      const lines = run
        .stdout()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map(
          (line) =>
            JSON.parse(line) as {
              level: number;
              context?: string;
              req?: { id: string; url: string };
            },
        );
      const requests = lines.filter((line) => line.req);
      const byId = new Map<string, number>();
      for (const { req } of requests) byId.set(req!.id, (byId.get(req!.id) ?? 0) + 1);
      expect([...byId.values()].every((count) => count === 1)).toBe(true);
      const levelsOf = (url: string) =>
        requests.filter((line) => line.req!.url === url).map((line) => line.level);
      expect(levelsOf('/health').length).toBeGreaterThanOrEqual(2);
      expect(levelsOf('/health').every((level) => level === 20)).toBe(true);
      expect(levelsOf('/health/')).toEqual([20]);
      expect(levelsOf('/api/v1/rooms/')).toEqual([30]);
      // Nest's line per module and route is debug too: `npm start` at info says little.
      const info = lines.filter((line) => line.level === 30 && !line.req);
      expect(info.map((line) => line.context)).toEqual(['Bootstrap', 'Bootstrap']);
    });
  });

  it('refuses CLOCK_OFFSET_S other than 0 in production, in one line', async () => {
    const run = startApi(scratch, {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://booker:pw@127.0.0.1:1/booking',
      JWT_SECRET: 'startup-e2e-secret-of-at-least-32-bytes!',
      CLOCK_OFFSET_S: '-3600',
      PORT: String(await freePort()),
    });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toBe(
      'Invalid configuration:\n  - CLOCK_OFFSET_S must be 0 when NODE_ENV=production (it moves the service\'s clock, for tests and demos; got "-3600")\n',
    );
    expect(run.stdout()).toBe('');
  });

  it('refuses a second API on a running embedded data directory, naming the PID of the first', async () => {
    const dataDir = join(scratch, 'pg');
    // A lock left by a process that is gone is taken over.
    writeFileSync(`${dataDir}.lock`, '999999999\n1\n');
    const base = { EMBEDDED_PG_DIR: dataDir, NODE_ENV: 'development', LOG_LEVEL: 'warn' };
    const firstPort = await freePort();
    const first = startApi(scratch, { ...base, PORT: String(firstPort) });
    try {
      await healthy(first, firstPort);
      const second = startApi(scratch, { ...base, PORT: String(await freePort()) });
      expect(await second.exited).toBe(1);
      expect(second.stderr()).toBe(
        `the embedded database in ${dataDir} is in use by another API process (PID ${first.child.pid}): stop that one, or give this one another EMBEDDED_PG_DIR or a DATABASE_URL\n`,
      );
      // The first one still has its database.
      await healthy(first, firstPort);
    } finally {
      expect(await stop(first)).toBe(0);
    }
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });
});
