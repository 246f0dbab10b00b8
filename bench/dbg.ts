import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureDispatch } from './lib/dispatch.ts';
const dir = mkdtempSync(join(tmpdir(), 'dbg-'));
const env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'u.db')}`, UNIPAY_MASTER_KEY: 'ab'.repeat(32) };
console.log(await measureDispatch('sqlite', env, Number(process.env.N ?? 500)));
