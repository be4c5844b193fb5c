import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, dropTestDatabase, testServerUrl } from './support/test-database';

/**
 * The built API as `npm start` runs it, in a scratch working directory (its own .env and
 * .data), with a minimal environment: start-up failures are one line on stderr and exit 1;
 * request logs. API_DIST: test another build instead (e.g. of an older commit).
 */
const ROOT = join(__dirname, '..');
const API_DIST = process.env.API_DIST ?? join(ROOT, 'dist/apps/api');
const MAIN = join(API_DIST, 'apps/api/src/main.js');

interface Run {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

const started: Run[] = [];

function startApi(cwd: string, env: Record<string, string>): Run {
  const child = spawn(process.execPath, [MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  // A safety net for a hung child only: a loaded machine can take tens of seconds to start two.
  const timer = setTimeout(() => child.kill('SIGKILL'), 120000);
  void exited.then(() => clearTimeout(timer));
  const run = { child, stdout: () => stdout, stderr: () => stderr, exited };
  started.push(run);
  return run;
}

async function listening(port = 0, host = '127.0.0.1'): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return server;
}

async function freePort(): Promise<number> {
  const server = await listening();
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function healthy(run: Run, port: number): Promise<void> {
  const deadline = Date.now() + 30000;
  for (;;) {
    if (run.child.exitCode !== null) {
      throw new Error(`API exited ${run.child.exitCode}:\n${run.stdout()}\n${run.stderr()}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`not healthy in 30 s:\n${run.stdout()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(run: Run): Promise<number | null> {
  run.child.kill('SIGTERM');
  return run.exited;
}

describe('API start-up', () => {
  let scratch: string;

  beforeAll(() => {
    if (process.env.API_DIST) return;
    // What `npm start` does: build the API unless the build is current (seconds when it is).
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-if-stale.js'), 'api'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
  }, 120000);

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
