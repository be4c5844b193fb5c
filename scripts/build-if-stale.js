#!/usr/bin/env node
'use strict';
/**
 * `node scripts/build-if-stale.js api cli [--force]`: runs `nest build <app>` for each app whose
 * build is missing or older than its sources, so `npm start` and `npm run cli` skip the 10-20 s
 * compile when nothing changed. Sources: apps/<app>, libs, the tsconfigs, nest-cli.json and
 * package-lock.json (new dependencies). Folders count too, so a deleted file is a change.
 * The stamp gets the time the build started: an edit made during the build triggers the next.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const MAIN = 'apps/%s/src/main.js';

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
      if (entry === 'node_modules' || entry.endsWith('.spec.ts')) continue;
      newest = Math.max(newest, newestMtime(join(path, entry)));
    }
  }
  return newest;
}

function sourcesMtime(app) {
  const inputs = [`apps/${app}`, 'libs', 'tsconfig.json', 'nest-cli.json', 'package-lock.json'];
  return Math.max(...inputs.map((input) => newestMtime(join(ROOT, input))));
}

function stampOf(app) {
  return join(ROOT, 'dist/apps', app, '.build-stamp');
}

function isCurrent(app) {
  if (!existsSync(join(ROOT, 'dist/apps', app, MAIN.replace('%s', app)))) return false;
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
  process.stdout.write(`nest build ${app} (sources changed since the last build)\n`);
  const result = spawnSync(
    process.execPath,
    [require.resolve('@nestjs/cli/bin/nest.js'), 'build', app],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stampOf(app), `${startedAt.toISOString()}\n`);
  utimesSync(stampOf(app), startedAt, startedAt);
}

const args = process.argv.slice(2);
const force = args.includes('--force');
const apps = args.filter((arg) => arg !== '--force');
if (apps.length === 0) {
  process.stderr.write('usage: build-if-stale.js <app>... [--force]\n');
  process.exit(2);
}
for (const app of apps) {
  if (force || !isCurrent(app)) build(app);
}
