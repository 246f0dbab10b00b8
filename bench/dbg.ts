// Profiles a path: `node --import tsx bench/dbg.ts` (writes /tmp/unipay-prof/*.cpuprofile).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, BIN, signedBody, call, inParallel } from './lib/unipay.ts';
import { ServerProcess } from './lib/proc.ts';
import { measure } from './lib/load.ts';
const dir = mkdtempSync(join(tmpdir(), 'dbg-'));
const env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'u.db')}`, UNIPAY_MASTER_KEY: 'ab'.repeat(32) };
const app = createApp(env);
rmSync('/tmp/unipay-prof', { recursive: true, force: true });
const s = await ServerProcess.start(['--cpu-prof', '--cpu-prof-dir=/tmp/unipay-prof', BIN, 'serve'], { ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
await inParallel(500, 16, (i) => call(s.url, app, '/unipay/pay', { bizOrderNo: `q${i}`, title: 't', amount: '10.10', channel: 'sandbox', method: 'qrcode' }));
console.log(await measure('query', s, [{ path: '/unipay/query/payOrder', weight: 1, body: () => signedBody(app, { bizOrderNo: `q${Math.floor(Math.random() * 500)}` }) }], { seconds: 8, warmupSeconds: 1, connections: 32 }));
await s.stop();
