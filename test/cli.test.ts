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

test('app set configures notifications; notify list, show and resend operate on the outbox', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unipay-cli-'));
  try {
    const env = envFor(dir);
    const app = JSON.parse(run(['app', 'create', '--name', 'Notified shop', '--channel', 'sandbox', '--json'], env).stdout);
    const set = run(['app', 'set', app.appId, '--notify-url', 'http://127.0.0.1:9/hook', '--subscribe', 'pay,refund,transfer'], env);
    assert.equal(set.status, 0, set.stderr);
    assert.deepEqual(JSON.parse(set.stdout).subscriptions, ['pay', 'refund', 'transfer']);
    const bad = run(['app', 'set', app.appId, '--subscribe', 'pay,weather'], env);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--subscribe/);

    // One pay notification, written as the order is paid by the barcode sandbox flow.
    const make = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `
      import { loadConfig } from './src/config.ts';
      import { openCore } from './src/main.ts';
      import { createLogger } from './src/ops/logger.ts';
      import { pay } from './src/core/services/pay.ts';
      const ctx = await openCore(loadConfig(), createLogger('silent'));
      const app = await ctx.apps.get(${JSON.stringify(app.appId)});
      const o = await pay(ctx, app, { bizOrderNo: 'cli-1', title: 't', channel: 'sandbox', method: 'barcode', amount: 100, extra: { authCode: '1' }, baseUrl: 'http://x' });
      console.log(o.orderNo);
      await ctx.db.destroy();
    `], { env, encoding: 'utf8', cwd: join(import.meta.dirname, '..') });
    assert.equal(make.status, 0, make.stderr);
    const orderNo = make.stdout.trim();

    const list = run(['notify', 'list', '--trade', orderNo, '--json'], env);
    assert.equal(list.status, 0, list.stderr);
    const [n] = JSON.parse(list.stdout);
    assert.equal(n.status, 'pending');
    assert.equal(n.url, 'http://127.0.0.1:9/hook');
    assert.equal(n.body, undefined, 'list leaves bodies out');

    const show = run(['notify', 'show', n.id, '--json'], env);
    assert.equal(show.status, 0, show.stderr);
    const shown = JSON.parse(show.stdout);
    assert.equal(shown.notification.id, n.id);
    assert.deepEqual(shown.attempts, []);
    assert.equal(JSON.parse(shown.notification.body).data.orderNo, orderNo);

    const resend = run(['notify', 'resend', n.id], env);
    assert.equal(resend.status, 0, resend.stderr);
    assert.equal(run(['notify', 'resend', 'N-missing'], env).status, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
