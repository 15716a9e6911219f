#!/usr/bin/env node
/**
 * Summarises a V8 CPU profile (.cpuprofile, from CPU_PROFILE=<dir> npm run bench:timeline): where
 * the thread's time went, by package or file (self time), and the functions with the most self
 * time. Or a sampled allocation profile (.heapprofile, from ALLOC_PROFILE=<dir>): the bytes
 * allocated, by the same places and functions.
 * Usage: node test/bench/timeline/profile-summary.mjs <file.cpuprofile|file.heapprofile> [top]
 */
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: profile-summary.mjs <file.cpuprofile|file.heapprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8'));

/** Each frame's own share: microseconds of a CPU profile, bytes of an allocation profile. */
const own = []; // [callFrame, amount]
const allocations = Boolean(profile.head);
if (allocations) {
  const visit = (node) => {
    own.push([node.callFrame, node.selfSize]);
    for (const child of node.children) visit(child);
  };
  visit(profile.head);
} else {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
  }
  for (const [id, us] of selfUs) own.push([nodes.get(id).callFrame, us]);
}
const total = own.reduce((sum, [, amount]) => sum + amount, 0);

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
for (const [frame, amount] of own) {
  const p = place(frame);
  byPlace.set(p, (byPlace.get(p) ?? 0) + amount);
  const fn = `${frame.functionName || '(anonymous)'} ${p}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + amount);
}
const amount = (x) =>
  allocations ? `${(x / 1e6).toFixed(1).padStart(8)} MB` : `${(x / 1000).toFixed(0).padStart(8)} ms`;
const line = (label, x) => `${amount(x)} ${((100 * x) / total).toFixed(1).padStart(5)}%  ${label}`;
const what = allocations ? 'allocated' : 'self time';
if (allocations) console.log(`${file}: ${(total / 1e6).toFixed(1)} MB allocated (sampled)`);
else
  console.log(
    `${file}: ${(total / 1000).toFixed(0)} ms sampled over ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms`,
  );
console.log(`\n${what} by place:`);
for (const [p, x] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(line(p, x));
console.log(`\n${what} by function:`);
for (const [f, x] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(line(f, x));
