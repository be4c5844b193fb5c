#!/usr/bin/env node
'use strict';
/**
 * `node scripts/build-if-stale.js api cli web [--force]`: builds each app whose build is missing
 * or older than its sources, so `npm start` and `npm run cli` skip the 10-20 s compile when
 * nothing changed. `api` and `cli` are `nest build <app>` over apps/<app>, libs, the tsconfigs,
 * nest-cli.json and package-lock.json (new dependencies); `web` is `vite build` of apps/web
 * (and the TypeScript client's sources it shares) into dist/web. Folders count too, so a
 * deleted file is a change. The stamp gets the time the build started: an edit made during the
 * build triggers the next.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const nest = (app) => ({
  inputs: [`apps/${app}`, 'libs', 'tsconfig.json', 'nest-cli.json', 'package-lock.json'],
  output: `dist/apps/${app}`,
  entry: `apps/${app}/src/main.js`,
  command: [require.resolve('@nestjs/cli/bin/nest.js'), 'build', app],
  label: `nest build ${app}`,
});
const TARGETS = {
  api: nest('api'),
  cli: nest('cli'),
  web: {
    // The client's generated openapi.ts is left out: lint regenerates it; its types are erased.
    inputs: ['apps/web', 'clients/typescript/src', 'openapi.json', 'package-lock.json'],
    output: 'dist/web',
    entry: 'index.html',
    command: [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'apps/web/vite.config.mts',
    ],
    label: 'vite build (apps/web)',
    // A production bundle even when a test runner (NODE_ENV=test) asks for the build.
    env: { NODE_ENV: 'production' },
  },
};
const IGNORED = new Set(['node_modules', 'openapi.ts']);

function newestMtime(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  let newest = stat.mtimeMs;
  if (stat.isDirectory()) {
    for (const entry of readdirSync(path)) {
      if (IGNORED.has(entry) || entry.endsWith('.spec.ts')) continue;
      newest = Math.max(newest, newestMtime(join(path, entry)));
    }
  }
  return newest;
}

function sourcesMtime(app) {
  return Math.max(...TARGETS[app].inputs.map((input) => newestMtime(join(ROOT, input))));
}

function stampOf(app) {
  return join(ROOT, TARGETS[app].output, '.build-stamp');
}

function isCurrent(app) {
  if (!existsSync(join(ROOT, TARGETS[app].output, TARGETS[app].entry))) return false;
  let stamp;
  try {
    stamp = statSync(stampOf(app)).mtimeMs;
  } catch {
    return false;
  }
  return stamp >= sourcesMtime(app);
}

function build(app) {
  const startedAt = new Date();
  process.stdout.write(`${TARGETS[app].label} (sources changed since the last build)\n`);
  const result = spawnSync(process.execPath, TARGETS[app].command, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...TARGETS[app].env },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stampOf(app), `${startedAt.toISOString()}\n`);
  utimesSync(stampOf(app), startedAt, startedAt);
}

const args = process.argv.slice(2);
const force = args.includes('--force');
const apps = args.filter((arg) => arg !== '--force');
if (apps.length === 0 || apps.some((app) => !(app in TARGETS))) {
  process.stderr.write(
    `usage: build-if-stale.js <${Object.keys(TARGETS).join('|')}>... [--force]\n`,
  );
  process.exit(2);
}
for (const app of apps) {
  if (force || !isCurrent(app)) build(app);
}
