import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { onPostgres, TEST_MASTER_KEY } from './helpers/gateway.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'unipay.js');

function envFor(dir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: onPostgres ? process.env.DATABASE_URL : `sqlite:${join(dir, 'unipay.db')}`,
    UNIPAY_MASTER_KEY: TEST_MASTER_KEY,
    LOG_LEVEL: 'info',
  };
}

const run = (args: string[], env: NodeJS.ProcessEnv) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });

test('app create --json prints the new app with its secret; app list never shows secrets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unipay-cli-'));
  try {
    const created = run(['app', 'create', '--name', 'Corner shop', '--sign-type', 'sm3', '--channel', 'sandbox', '--notify-url', 'http://127.0.0.1:9/n', '--json'], envFor(dir));
    assert.equal(created.status, 0, created.stderr);
    const app = JSON.parse(created.stdout);
    assert.deepEqual(Object.keys(app).sort(), ['appId', 'mchNo', 'signSecret', 'signType']);
    assert.equal(app.signType, 'sm3');
    assert.match(app.signSecret, /^[A-Za-z0-9]{32}$/);

    const listed = run(['app', 'list', '--json'], envFor(dir));
    assert.equal(listed.status, 0, listed.stderr);
    const apps = JSON.parse(listed.stdout);
    const mine = apps.find((a: { appId: string }) => a.appId === app.appId);
    assert.equal(mine.notifyUrl, 'http://127.0.0.1:9/n');
    assert.ok(!listed.stdout.includes(app.signSecret));

    const badType = run(['app', 'create', '--name', 'x', '--sign-type', 'rsa'], envFor(dir));
    assert.equal(badType.status, 1);
    assert.match(badType.stderr, /--sign-type/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('invalid configuration: a clear message naming the variable, exit 1', () => {
  for (const [name, value] of [['DATABASE_URL', 'mysql://x'], ['PORT', 'eighty'], ['UNIPAY_TZ', 'Mars/Base'], ['UNIPAY_MASTER_KEY', 'short']]) {
    const r = run(['migrate'], { ...envFor(tmpdir()), [name]: value });
    assert.equal(r.status, 1, `${name}=${value}`);
    assert.match(r.stderr, new RegExp(`^unipay: ${name}: `));
  }
});

test('serve --demo: prints a working signed example; SIGTERM shuts down cleanly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'unipay-serve-'));
  const child = spawn(process.execPath, [BIN, 'serve', '--demo'], { env: { ...envFor(dir), PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let curl = '';
    let secret = '';
    for await (const line of createInterface({ input: child.stdout! })) {
      if (line.includes('signSecret:')) secret = line.split(':')[1]!.trim();
      if (line.trim().startsWith('curl -s')) {
        curl = line.trim();
        break;
      }
    }
    assert.match(secret, /^[A-Za-z0-9]{32}$/);
    const [, url, body] = /^curl -s (\S+) -H 'Content-Type: application\/json' -d '(.*)'$/.exec(curl)!;
    const res = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const env = await res.json();
    assert.equal(env.code, 0, env.msg);
    assert.match(env.data.payBody, /\/sandbox\/pay\//);
    const health = await fetch(new URL('/healthz', url!));
    assert.equal(health.status, 200);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
