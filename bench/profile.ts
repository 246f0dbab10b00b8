/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`) by self time per function, to find where
 * a request's CPU goes: `node --import tsx bench/profile.ts FILE.cpuprofile [TOP]`.
 */
import { readFileSync } from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
const [file, topArg] = process.argv.slice(2);
const prof = JSON.parse(readFileSync(file!, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
const byPackage = new Map<string, number>();
let total = 0;
prof.samples.forEach((id, i) => {
  const n = byId.get(id)!;
  const dt = prof.timeDeltas[i] ?? 0;
  total += dt;
  const url = n.callFrame.url.replace(/^file:\/\//, '').replace(/.*node_modules\//, 'npm:').replace(/.*\/work\/main\//, '');
  const key = `${n.callFrame.functionName || '(anonymous)'}  ${url}:${n.callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + dt);
  const pkg = url.startsWith('npm:') ? url.split('/').slice(0, url.startsWith('npm:@') ? 2 : 1).join('/') : url.startsWith('src/') ? 'src' : url.startsWith('node:') ? 'node:internal' : n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : 'other';
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + dt);
});
const pct = (v: number) => ((v / total) * 100).toFixed(1).padStart(5) + '%';
console.log('by package:');
for (const [k, v] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(pct(v), k);
console.log('\nby function (self):');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 30))) console.log(pct(v), k);
