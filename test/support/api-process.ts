import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';

/**
 * The built API as `npm start` runs it, as a child process with a minimal environment.
 * API_DIST: test another build instead (e.g. of an older commit).
 */
export const ROOT = join(__dirname, '../..');
const API_DIST = process.env.API_DIST ?? join(ROOT, 'dist/apps/api');
export const API_MAIN = join(API_DIST, 'apps/api/src/main.js');

export interface ApiRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** What `npm start` does first: build the API unless the build is current (seconds when it is). */
export function buildApiIfStale(): void {
  if (process.env.API_DIST) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-if-stale.js'), 'api'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
}

/** Starts the built API in `cwd`; killed after 40 s whatever happens. */
export function startApi(cwd: string, env: Record<string, string>): ApiRun {
  const child = spawn(process.execPath, [API_MAIN], {
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
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

export async function listening(port = 0, host = '127.0.0.1'): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return server;
}

export async function freePort(): Promise<number> {
  const server = await listening();
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once GET /health answers 200; rejects if the process exits or 30 s pass. */
export async function healthy(run: ApiRun, port: number): Promise<void> {
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

/** SIGTERM, then the exit code. */
export async function stop(run: ApiRun): Promise<number | null> {
  run.child.kill('SIGTERM');
  return run.exited;
}
