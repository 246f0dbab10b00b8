import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { notifications } from '../src/store/notifications.ts';
import { ChildGateway } from './helpers/child.ts';
import { onPostgres, TestGateway, uniq, type TestApp } from './helpers/gateway.ts';
import { Receiver } from './helpers/receiver.ts';

let g: TestGateway;
/** Each test's own app, so counts by app are the test's own. */
let app: TestApp;
before(async () => {
  g = await TestGateway.start(); // creates orders; its own dispatcher is off
});
after(() => g.stop());

async function createPaidOrders(count: number, notifyUrl: string, concurrency = 32): Promise<string[]> {
  const orderNos: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        const o = await g.ok(app, '/unipay/pay', { bizOrderNo: uniq('mp'), title: 'multi', amount: '1.00', channel: 'sandbox', method: 'barcode', authCode: '1', notifyUrl });
        orderNos.push(o.orderNo);
      }
    }),
  );
  return orderNos;
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const countByStatus = async (status: string) => {
  const r = await g.ctx.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('appId', '=', app.appId).where('status', '=', status).executeTakeFirstOrThrow();
  return Number(r.n);
};

test('two gateway processes on one PostgreSQL deliver 2,000 notifications, none twice', { skip: !onPostgres && 'needs DATABASE_URL=postgres://… (the CI runs it)' }, async (t) => {
  app = await g.createApp({ signType: 'hmac_sha256' });
  const rx = await Receiver.start();
  const workers: ChildGateway[] = [];
  try {
    const orderNos = await createPaidOrders(2000, rx.url);
    assert.equal(await countByStatus('pending'), 2000);

    const started = Date.now();
    workers.push(...(await Promise.all([ChildGateway.start(g.databaseUrl), ChildGateway.start(g.databaseUrl)])));
    await waitFor('2,000 deliveries', 120_000, async () => (await countByStatus('delivered')) === 2000);
    const seconds = (Date.now() - started) / 1000;

    const mine = rx.received.map((r) => JSON.parse(r.body)).filter((b) => b.appId === app.appId);
    const ids = mine.map((b) => b.traceId);
    assert.equal(ids.length, 2000, 'each notification POSTed exactly once');
    assert.equal(new Set(ids).size, 2000);
    assert.deepEqual(new Set(mine.map((b) => b.data.orderNo)), new Set(orderNos));
    const attempts = await g.ctx.db
      .selectFrom('notificationAttempts')
      .innerJoin('notifications', 'notifications.id', 'notificationAttempts.notificationId')
      .select(['notificationAttempts.worker', 'notificationAttempts.success'])
      .where('notifications.appId', '=', app.appId)
      .execute();
    assert.equal(attempts.length, 2000);
    assert.ok(attempts.every((a) => a.success === 1));
    const perWorker = new Map<string, number>();
    for (const a of attempts) perWorker.set(a.worker, (perWorker.get(a.worker) ?? 0) + 1);
    t.diagnostic(`2000 notifications delivered in ${seconds.toFixed(1)} s including process start-up (${Math.round(2000 / seconds)}/s); per process: ${[...perWorker.values()].join(' + ')}`);
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await rx.stop();
  }
});

test('kill -9 of a process holding leases: another process delivers its notifications after the lease expires', async () => {
  app = await g.createApp({ signType: 'md5' });
  const rx = await Receiver.start(() => 'hang');
  let a: ChildGateway | undefined;
  let b: ChildGateway | undefined;
  try {
    // The shortest lease allowed: twice the longest attempt timeout (10 s).
    a = await ChildGateway.start(g.databaseUrl, { UNIPAY_NOTIFY_POLL_MS: '100', UNIPAY_NOTIFY_LEASE_MS: '1000' });
    const orderNos = await createPaidOrders(20, rx.url, 4);
    await waitFor('process A to hold all 20', 30_000, async () => rx.received.filter((r) => r.body.includes(app.appId)).length >= 20);
    const leased = await g.ctx.db.selectFrom('notifications').select(['id', 'leaseOwner', 'leaseUntil']).where('appId', '=', app.appId).execute();
    const leaseUntil = new Map(leased.map((n) => [n.id, n.leaseUntil!]));
    assert.ok(leased.every((n) => n.leaseOwner?.endsWith(`:${a!.pid}`)), 'A holds every lease');
    await a.kill9();

    rx.behaviour = () => ({ status: 200, body: 'success' });
    const before = rx.received.length;
    b = await ChildGateway.start(g.databaseUrl, { UNIPAY_NOTIFY_POLL_MS: '100' });
    await waitFor('B to deliver all 20', 40_000, async () => (await countByStatus('delivered')) === 20);

    const after = rx.received.slice(before).map((r) => JSON.parse(r.body)).filter((x) => x.appId === app.appId);
    assert.equal(after.length, 20, 'each delivered once by B');
    assert.deepEqual(new Set(after.map((x) => x.data.orderNo)), new Set(orderNos));
    for (const n of await notifications.list(g.ctx.db, { limit: 1000 })) {
      if (n.appId !== app.appId) continue;
      const { attempts } = (await notifications.get(g.ctx.db, n.id))!;
      assert.equal(attempts.length, 1, 'A never recorded an attempt; B recorded one');
      assert.ok(attempts[0]!.worker.endsWith(`:${b.pid}`));
      assert.ok(attempts[0]!.startedAt >= leaseUntil.get(n.id)!, 'not before its lease expired');
    }
  } finally {
    await a?.stop();
    await b?.stop();
    await rx.stop();
  }
});
