import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { DomainErrorCode } from '@app/core';
import { STATUS_BY_CODE } from '../../apps/api/src/http/status-by-code';
import { ERROR_CODES, ServerErrorCode } from '../../clients/typescript/src/api-error';
import { dayFromToday } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * clients/typescript as a user gets it: `npm pack` (its prepack generates the types from
 * openapi.json and compiles), `npm install <tarball>` into a scratch project, a type check of
 * a plain script against the installed .d.ts, then that script run against the real app.
 */
const ROOT = join(__dirname, '..', '..');
const PACKAGE = join(ROOT, 'clients/typescript');
const FLOW = join(__dirname, 'support/client-package-flow.cjs');
const run = promisify(execFile);

// Compile-time: the package's code list is the server's, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const codesMatch: Same<ServerErrorCode, DomainErrorCode> = true;

/** Runs a command without blocking the app's event loop; output is kept for failures. */
async function sh(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  try {
    return await run(file, args, {
      cwd,
      env: { ...process.env, ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed:\n${stdout ?? ''}\n${stderr ?? ''}`, {
      cause: error,
    });
  }
}

describe('the TypeScript client package, packed and installed', () => {
  let t: TestApp;
  let scratch: string;

  beforeAll(async () => {
    t = await startTestApp();
    scratch = mkdtempSync(join(tmpdir(), 'client-package-'));
  });

  afterAll(async () => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    await t?.close();
  });

  it('lists the same error codes as the server', () => {
    expect(codesMatch).toBe(true);
    expect([...ERROR_CODES].sort()).toEqual(Object.keys(STATUS_BY_CODE).sort());
  });

  it('packs, installs and runs register, availability, book, refusals, refresh, cancel', async () => {
    const packed = join(scratch, 'packed');
    const project = join(scratch, 'project');
    mkdirSync(packed);
    mkdirSync(project);

    await sh('npm', ['pack', '--silent', '--pack-destination', packed], PACKAGE);
    const [tarball] = readdirSync(packed).filter((name) => name.endsWith('.tgz'));
    expect(tarball).toMatch(/^workspace-booking-client-\d+\.\d+\.\d+\.tgz$/);
    const listing = await sh('tar', ['-tzf', join(packed, tarball)], scratch);
    expect(listing.stdout).toContain('package/dist/index.js');
    expect(listing.stdout).toContain('package/dist/index.d.ts');
    expect(listing.stdout).toContain('package/dist/openapi.d.ts');
    expect(listing.stdout).not.toContain('package/src/');

    writeFileSync(join(project, 'package.json'), '{ "name": "scratch", "private": true }\n');
    // openapi-fetch is in the npm cache since the root installed it: no registry round trip.
    await sh(
      'npm',
      ['install', join(packed, tarball), '--prefer-offline', '--no-audit', '--no-fund'],
      project,
    );
    copyFileSync(FLOW, join(project, 'flow.cjs'));

    // The script type-checks against the installed declarations (codes, fields, options);
    // its @ts-expect-error canaries fail if they degrade to `any`.
    const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin/tsc');
    await sh(
      process.execPath,
      [
        tsc,
        ...['--noEmit', '--allowJs', '--checkJs', '--strict', '--skipLibCheck'],
        ...['--module', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom'],
        ...['--types', 'node', '--typeRoots', join(ROOT, 'node_modules/@types')],
        'flow.cjs',
      ],
      project,
    );

    const date = dayFromToday(7);
    const { stdout } = await sh(process.execPath, ['flow.cjs'], project, {
      API_URL: t.url,
      BOOKING_DATE: date,
      JWT_SECRET: t.config.jwt.secret,
    });
    const seen = JSON.parse(stdout.trim().split('\n').pop()!);

    expect(seen.registered).toEqual({ sameId: true });
    expect(seen.availability).toEqual({ slots: 9, privateAtTen: 8 });
    expect(seen.booked).toEqual({ room: 'P01', status: 'ACTIVE' });
    expect(seen.refused).toEqual({ status: 409, code: 'MEMBER_DOUBLE_BOOKED', fields: [] });
    expect(seen.typedCheck).toBe(true);
    expect(seen.invalid).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['date'] });
    const bookingId = `BK${date.replaceAll('-', '')}100000P01`;
    expect(seen.expired).toEqual({
      active: [bookingId],
      sent: [
        'GET /api/v1/bookings/my-bookings 401',
        'POST /api/token/refresh/ 200',
        'GET /api/v1/bookings/my-bookings 200',
      ],
      rotated: true,
    });
    expect(seen.concurrent).toEqual({
      rooms: 15,
      booking: true,
      raw: 7,
      refreshes: ['POST /api/token/refresh/ 200'],
      unauthorized: 3,
    });
    expect(seen.cancelled).toEqual({ message: 'Booking cancelled successfully', freeAtTen: 8 });
    expect(seen.loggedOut).toBeNull();
    expect(seen.afterLogout).toEqual({
      status: 401,
      code: 'UNAUTHENTICATED',
      fields: [],
      tokens: null,
    });
    expect(seen.esm).toBe(true);
    expect(seen.codes).toBe(ERROR_CODES.length);
    // register, logout, login, two forced pairs and their refreshes, logout, stale pair, refused refresh
    expect(seen.tokenChanges).toBe(10);
  }, 180_000);
});
