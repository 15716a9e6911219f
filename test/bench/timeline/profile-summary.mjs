#!/usr/bin/env node
/**
 * Summarises a V8 CPU profile (.cpuprofile, e.g. from CPU_PROFILE=<dir> npm run bench:timeline):
 * where the thread's time went, by package or file (self time), and the functions with the most
 * self time. Usage: node test/bench/timeline/profile-summary.mjs <file.cpuprofile> [top]
 */
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: profile-summary.mjs <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i + 1] ?? 0;
  selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

/** Where a frame's code lives: a package, a part of this repository, or V8/Node itself. */
function place(frame) {
  const url = frame.url ?? '';
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : `(native) ${frame.functionName}`;
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return url;
  const ours = url.match(/dist\/(libs\/[^/]+\/[^/]+|apps\/[^/]+|test\/[^/]+)/);
  return ours ? ours[1] : url;
}

const byPlace = new Map();
const byFunction = new Map();
for (const [id, us] of selfUs) {
  const frame = nodes.get(id).callFrame;
  const p = place(frame);
  byPlace.set(p, (byPlace.get(p) ?? 0) + us);
  const fn = `${frame.functionName || '(anonymous)'} ${p}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
}
const line = (label, us) =>
  `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${label}`;
const wall = (profile.endTime - profile.startTime) / 1000;
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled over ${wall.toFixed(0)} ms`);
console.log('\nself time by place:');
for (const [p, us] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(line(p, us));
console.log('\nself time by function:');
for (const [f, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(line(f, us));
