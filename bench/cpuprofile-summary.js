#!/usr/bin/env node
'use strict';
/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time by package and by function, and
 * inclusive time of functions whose name matches --focus=<regex>.
 *
 *   node bench/cpuprofile-summary.js bench/profiles/CPU.*.cpuprofile [--top=25] [--focus=regex]
 */
const { readFileSync } = require('node:fs');

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const top = Number((args.find((a) => a.startsWith('--top=')) ?? '--top=25').slice(6));
const focus = args.find((a) => a.startsWith('--focus='))?.slice(8);
const profile = JSON.parse(readFileSync(file, 'utf8'));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);

function packageOf(url) {
  if (!url) return '(native/V8)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return 'node core';
  const d = /(apps|libs)\/[^/]+\/src/.exec(url) ?? /(dist\/.*?\/)((apps|libs)\/[^/]+)/.exec(url);
  return d ? `app: ${d[0].replace(/^.*?((apps|libs)\/[^/]+).*$/, '$1')}` : url;
}

const rows = (map) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(
      ([k, us]) =>
        `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`,
    )
    .join('\n');

const byPackage = new Map();
const byFunction = new Map();
for (const [id, us] of self) {
  const cf = byId.get(id).callFrame;
  const pkg = packageOf(cf.url);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  const key = `${cf.functionName || '(anonymous)'}  ${cf.url.replace(/^.*node_modules\//, '')}:${cf.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}
process.stdout.write(
  `total sampled ${(total / 1000).toFixed(0)} ms\n\nself time by package\n${rows(byPackage)}\n\nself time by function\n${rows(byFunction)}\n`,
);

if (focus) {
  const re = new RegExp(focus);
  const inclusive = new Map();
  for (const [id, us] of self) {
    const seen = new Set();
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const cf = byId.get(n).callFrame;
      const key = `${cf.functionName}  ${cf.url.replace(/^.*node_modules\//, '')}:${cf.lineNumber + 1}`;
      if (re.test(key) && !seen.has(key)) {
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + us);
      }
    }
  }
  process.stdout.write(`\ninclusive time of functions matching /${focus}/\n${rows(inclusive)}\n`);
}
