// Profiles the pay path on the database in DATABASE_URL (default: a temp SQLite file):
//   npm run build && node --import tsx bench/profile-pay.ts   → /tmp/unipay-prof/*.cpuprofile; then bench/profile.ts on it
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, BIN, signedBody } from './lib/unipay.ts';
import { ServerProcess } from './lib/proc.ts';
import { measure } from './lib/load.ts';
const dir = mkdtempSync(join(tmpdir(), 'dbg-'));
const env = { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? `sqlite:${join(dir, 'u.db')}`, UNIPAY_MASTER_KEY: 'ab'.repeat(32) };
const app = createApp(env);
rmSync('/tmp/unipay-prof', { recursive: true, force: true });
const s = await ServerProcess.start(['--cpu-prof', '--cpu-prof-dir=/tmp/unipay-prof', BIN, 'serve'], { ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
const run = Date.now();
let i = 0;
console.log(await measure('pay', s, [{ path: '/unipay/pay', weight: 1, body: () => signedBody(app, { bizOrderNo: `p${run}-${i++}`, title: 't', amount: '10.10', channel: 'sandbox', method: 'qrcode' }) }], { seconds: 6, warmupSeconds: 1, connections: 32 }));
await s.stop();
rmSync(dir, { recursive: true, force: true });
