/**
 * `npm run bench`: measures UniPay against a bare-Fastify baseline in one run on this machine.
 * Servers run in their own processes, compiled (`npm run bench` builds first), as `npm start`
 * runs them; their CPU time and memory are read from /proc. The load comes from autocannon in
 * this process. See docs/performance.md.
 *
 *   npm run bench                       # SQLite (durable, then synchronous=NORMAL for comparison)
 *   DATABASE_URL=postgres://… UNIPAY_MASTER_KEY=… npm run bench   # also PostgreSQL
 *   npm run bench -- --seconds 5 --warmup 2 --notify 2000        # shorter
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measure, type Figures, type RequestKind } from './lib/load.ts';
import { ServerProcess } from './lib/proc.ts';
import { BIN, call, createApp, inParallel, ROOT, signedBody, type BenchApp } from './lib/unipay.ts';
import { measureDispatch, type DispatchFigures } from './lib/dispatch.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    notify: { type: 'string', default: '5000' },
    only: { type: 'string' },
  },
});
const opts = { seconds: Number(values.seconds), warmupSeconds: Number(values.warmup), connections: Number(values.connections) };
const notifyCount = Number(values.notify);
const MASTER_KEY = process.env.UNIPAY_MASTER_KEY ?? 'ab'.repeat(32);

const runId = Date.now().toString(36);
/** How many bizOrderNos each prefix has handed out, so queries can name ones that exist. */
const issued = new Map<string, number>();
function payFields(prefix: string) {
  const n = issued.get(prefix) ?? 0;
  issued.set(prefix, n + 1);
  return { bizOrderNo: `${prefix}-${runId}-${n}`, title: 'Bench coffee', amount: '10.10', channel: 'sandbox', method: 'qrcode' };
}

interface Target {
  name: string;
  env: NodeJS.ProcessEnv;
  cleanup: () => void;
}

function sqliteTarget(synchronous: 'full' | 'normal'): Target {
  const dir = mkdtempSync(join(tmpdir(), 'unipay-bench-'));
  return {
    name: `SQLite synchronous=${synchronous.toUpperCase()}`,
    env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'unipay.db')}`, UNIPAY_SQLITE_SYNC: synchronous, UNIPAY_MASTER_KEY: MASTER_KEY },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function startUnipay(t: Target, extra: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  return ServerProcess.start([BIN, 'serve'], { ...t.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...extra });
}

/** Pay, query and mixed loads against one database. */
async function runTarget(t: Target, results: Figures[]): Promise<void> {
  const app: BenchApp = createApp(t.env);
  const server = await startUnipay(t);
  try {
    const prefix = `pay-${t.name.replace(/\W+/g, '')}`;
    const pay: RequestKind = { path: '/unipay/pay', weight: 70, body: () => signedBody(app, payFields(prefix)) };
    results.push(await measure(`pay create, ${t.name}`, server, [pay], opts));

    // Orders that exist for sure: those issued before this line, less the ones still in flight when it stopped.
    const existing = Math.max(1, (issued.get(prefix) ?? 0) - opts.connections);
    const query: RequestKind = {
      path: '/unipay/query/payOrder',
      weight: 20,
      body: () => signedBody(app, { bizOrderNo: `${prefix}-${runId}-${Math.floor(Math.random() * existing)}` }),
    };
    results.push(await measure(`query payOrder, ${t.name}`, server, [query], opts));

    // Paid orders large enough for many 0.01 refunds each.
    const paid: string[] = [];
    await inParallel(200, 16, async () => {
      const o = await call(server.url, app, '/unipay/pay', { ...payFields(`${prefix}-paid`), amount: '99999.00', method: 'barcode', authCode: '1' });
      paid.push(o.orderNo);
    });
    let refundSeq = 0;
    const refund: RequestKind = {
      path: '/unipay/refund',
      weight: 10,
      body: () => signedBody(app, { orderNo: paid[Math.floor(Math.random() * paid.length)], bizRefundNo: `rf-${runId}-${refundSeq++}`, amount: '0.01' }),
    };
    results.push(await measure(`mixed 70% pay / 20% query / 10% refund, ${t.name}`, server, [pay, query, refund], opts));
  } finally {
    await server.stop();
  }
}

const results: Figures[] = [];
const dispatch: DispatchFigures[] = [];
const only = values.only?.split(',');
const wants = (phase: string) => !only || only.includes(phase);

const baseline = await ServerProcess.start([join(ROOT, 'bench', 'servers', 'baseline.js')], process.env);
try {
  const app: BenchApp = { appId: 'A000000000000', signType: 'hmac_sha256', signSecret: 'baseline-does-not-verify' };
  results.push(await measure('baseline: bare Fastify, same pay body validated', baseline, [{ path: '/unipay/pay', weight: 1, body: () => signedBody(app, payFields('base')), ok: (s) => s === 200 }], opts));
} finally {
  await baseline.stop();
}

const targets: Target[] = [];
if (wants('sqlite')) targets.push(sqliteTarget('full'));
if (wants('normal')) targets.push(sqliteTarget('normal'));
if (wants('postgres') && process.env.DATABASE_URL?.startsWith('postgres')) {
  targets.push({ name: 'PostgreSQL', env: { ...process.env, UNIPAY_MASTER_KEY: MASTER_KEY }, cleanup: () => {} });
}
for (const t of targets) {
  try {
    await runTarget(t, results);
    if (wants('notify') && !t.name.includes('NORMAL')) dispatch.push(await measureDispatch(t.name, t.env, notifyCount));
  } finally {
    t.cleanup();
  }
}

const base = results[0]!.requestsPerSec;
for (const r of results) r.ratioToBaseline = Math.round((r.requestsPerSec / base) * 1000) / 1000;

const machine = { cores: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };
const report = { date: new Date().toISOString(), machine, options: { ...opts, notify: notifyCount }, command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(), results, dispatch };
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
const file = join(ROOT, 'bench', 'results', `${report.date.slice(0, 10)}.json`);
writeFileSync(file, JSON.stringify(report, null, 2) + '\n');

const rows = results.map((r) => `| ${r.name} | ${r.requestsPerSec} | ${r.ratioToBaseline} | ${r.latencyMs.p50} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ${r.errors} | ${r.cpuMsPerRequest} | ${r.peakRssMb} |`);
process.stdout.write(`\n${machine.cores} × ${machine.cpu}, Node ${machine.node}; ${opts.connections} connections, ${opts.seconds} s after ${opts.warmupSeconds} s warm-up\n\n`);
process.stdout.write('| run | req/s | × baseline | p50 ms | p99 ms | max ms | errors | server CPU ms/req | peak RSS MB |\n|---|---|---|---|---|---|---|---|---|\n' + rows.join('\n') + '\n');
if (dispatch.length) {
  process.stdout.write('\n| notification dispatch | notifications | seconds | deliveries/s | server CPU ms/delivery | peak RSS MB |\n|---|---|---|---|---|---|\n');
  for (const d of dispatch) process.stdout.write(`| ${d.name} | ${d.notifications} | ${d.seconds} | ${d.perSecond} | ${d.cpuMsPerDelivery} | ${d.peakRssMb} |\n`);
}
process.stdout.write(`\nwritten to ${file}\n`);
