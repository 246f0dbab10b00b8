import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { signFields } from '../../src/signing/canonical.ts';
import { ZonedTime } from '../../src/core/time.ts';

export const ROOT = join(import.meta.dirname, '..', '..');
/** The compiled CLI, as `npm start` runs it (`npm run bench` builds it first). */
export const BIN = join(ROOT, 'dist', 'cli.js');

export interface BenchApp {
  appId: string;
  signType: 'hmac_sha256';
  signSecret: string;
}

/** Creates an app with the CLI, as an operator would, on the database `env` names. */
export function createApp(env: NodeJS.ProcessEnv): BenchApp {
  const r = spawnSync(process.execPath, [BIN, 'app', 'create', '--name', 'bench', '--sign-type', 'hmac_sha256', '--channel', 'sandbox', '--json'], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`app create failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const tz = new ZonedTime('Asia/Shanghai');

/** A signed unipay request body, as a merchant's client would send it. */
export function signedBody(app: BenchApp, fields: Record<string, unknown>): string {
  const body: Record<string, unknown> = { appId: app.appId, reqTime: tz.format(Date.now()), ...fields };
  body.sign = signFields(body, app.signType, app.signSecret);
  return JSON.stringify(body);
}

/** Sends one signed call and insists on code 0 (for setting a run up, not for measuring). */
export async function call(base: string, app: BenchApp, path: string, fields: Record<string, unknown>): Promise<any> {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: signedBody(app, fields) });
  const env = await res.json();
  if (env.code !== 0) throw new Error(`${path}: ${env.code} ${env.msg}`);
  return env.data;
}

/** Runs `fn` for 0..count-1 with `concurrency` in flight. */
export async function inParallel(count: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await fn(next++);
  }));
}
