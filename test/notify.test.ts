import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../src/core/clock.ts';
import { expireDueOrders } from '../src/core/services/expiry.ts';
import { sweepUnknownOutcomes } from '../src/jobs/sweeper.ts';
import { POLICIES } from '../src/notify/policies.ts';
import { notifications } from '../src/store/notifications.ts';
import { TestGateway, uniq, type TestApp } from './helpers/gateway.ts';
import { Receiver } from './helpers/receiver.ts';
import { testSign } from './helpers/sign.ts';

const clock = new ManualClock(Date.now());
let g: TestGateway;
let app: TestApp;
before(async () => {
  g = await TestGateway.start({ clock });
  app = await g.createApp({ signType: 'sm3' });
});
after(() => g.stop());

const paidOrder = (notifyUrl: string, extra: Record<string, unknown> = {}) =>
  g.ok(app, '/unipay/pay', { bizOrderNo: uniq('n'), title: 'notify me', amount: '12.34', channel: 'sandbox', method: 'barcode', authCode: '1', notifyUrl, ...extra });

const noticesOf = (tradeNo: string) => notifications.list(g.ctx.db, { tradeNo, limit: 100 });

/** Runs the dispatcher until nothing is due at the current (fake) time. */
async function drain() {
  while ((await g.gw.dispatcher.runOnce()) > 0);
}

test('a receiver failing 3 times then answering success: attempts follow the unipay schedule exactly, then stop', async () => {
  const rx = await Receiver.start((n) => (n <= 3 ? { status: 500, body: 'busy' } : { status: 200, body: 'success' }));
  try {
    const t0 = clock.now();
    const order = await paidOrder(rx.url);
    const [notice] = await noticesOf(order.orderNo);
    assert.equal(notice!.status, 'pending');

    await drain(); // attempt 1 at t0
    clock.advance(14_999);
    await drain();
    assert.equal(rx.received.length, 1, 'not before 15 s');
    clock.advance(1); // t0 + 15 s: attempt 2
    await drain();
    clock.advance(15_000); // t0 + 30 s: attempt 3
    await drain();
    clock.advance(29_999);
    await drain();
    assert.equal(rx.received.length, 3, 'not before a further 30 s');
    clock.advance(1); // t0 + 60 s: attempt 4 succeeds
    await drain();
    clock.advance(24 * 3600_000);
    await drain();
    assert.equal(rx.received.length, 4, 'no attempt after success');

    const { notification, attempts } = (await notifications.get(g.ctx.db, notice!.id))!;
    assert.equal(notification.status, 'delivered');
    assert.deepEqual(attempts.map((a) => a.startedAt - t0), [0, 15_000, 30_000, 60_000]);
    assert.deepEqual(attempts.map((a) => a.httpStatus), [500, 500, 500, 200]);
    assert.deepEqual(attempts.map((a) => a.success), [0, 0, 0, 1]);
    assert.match(attempts[0]!.error!, /not accepted: HTTP 500 "busy"/);
    assert.equal(attempts[0]!.responseExcerpt, 'busy');

    // Every attempt carried the same signed body; its traceId is the stable id.
    const bodies = new Set(rx.received.map((r) => r.body));
    assert.equal(bodies.size, 1);
    const env = JSON.parse(rx.received[0]!.body);
    assert.equal(env.traceId, notice!.id);
    assert.equal(env.noticeType, 'pay');
    assert.equal(env.appId, app.appId);
    assert.equal(env.mchNo, app.mchNo);
    assert.equal(env.data.status, 'success');
    assert.equal(env.data.amount, 12.34);
    assert.equal(env.data.orderNo, order.orderNo);
    assert.match(rx.received[0]!.contentType!, /^application\/json/);
  } finally {
    await rx.stop();
  }
});

test('notification signatures verify with an independent implementation of the algorithm', async () => {
  const rx = await Receiver.start();
  try {
    const order = await paidOrder(rx.url);
    await drain();
    const env = JSON.parse(rx.received[0]!.body);
    const { sign, ...fields } = env;
    assert.equal(sign, testSign(fields, 'sm3', app.signSecret));
    assert.equal(env.data.orderNo, order.orderNo);
  } finally {
    await rx.stop();
  }
});

test('after the last retry the notification is failed, and a resend delivers it', async () => {
  const rx = await Receiver.start(() => ({ status: 200, body: 'nope' }));
  try {
    const order = await paidOrder(rx.url);
    const t0 = clock.now();
    const delays = POLICIES.unipay.retryDelaysSec;
    await drain();
    for (const d of delays) {
      clock.advance(d * 1000);
      await drain();
    }
    const [n] = await noticesOf(order.orderNo);
    assert.equal(n!.status, 'failed');
    assert.equal(n!.attempts, 1 + delays.length);
    assert.equal(rx.received.length, 16);
    const { attempts } = (await notifications.get(g.ctx.db, n!.id))!;
    let at = 0;
    assert.deepEqual(attempts.map((a) => a.startedAt - t0), [0, ...delays.map((d) => (at += d * 1000))]);

    rx.behaviour = () => ({ status: 200, body: 'success' });
    assert.ok(await notifications.resend(g.ctx.db, n!.id, clock.now()));
    await drain();
    assert.equal((await noticesOf(order.orderNo))[0]!.status, 'delivered');
  } finally {
    await rx.stop();
  }
});

test('each dialect judges answers by its own rule', async () => {
  const answers = ['SUCCESS ', 'ok', 'success', 'Success\n'];
  // A body starting "500" asks for HTTP 500; the rest is JSON naming the answer to give.
  const rx = await Receiver.start((_n, r) => {
    const status500 = r.body.startsWith('500');
    return { status: status500 ? 500 : 200, body: JSON.parse(status500 ? r.body.slice(3) : r.body).answer };
  });
  try {
    const now = clock.now();
    const rows: { id: string; dialect: string; answer: string; status500: boolean }[] = [];
    for (const dialect of ['unipay', 'gateway', 'charges'] as const) {
      for (const answer of answers) for (const status500 of [false, true]) {
        const id = uniq('N');
        rows.push({ id, dialect, answer, status500 });
        await notifications.insert(g.ctx.db, {
          id, appId: app.appId, dialect, noticeType: 'pay', tradeNo: id, tradeStatus: 'success', url: rx.url, contentType: 'application/json',
          body: (status500 ? '500' : '') + JSON.stringify({ answer }), status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now, updatedAt: now,
        });
      }
    }
    await drain();
    const expected = (dialect: string, answer: string, status500: boolean) =>
      status500 ? false : dialect === 'unipay' ? answer.trim().toLowerCase() === 'success' : dialect === 'gateway' ? answer === 'success' : true;
    for (const r of rows) {
      const n = (await notifications.get(g.ctx.db, r.id))!.notification;
      assert.equal(n.status === 'delivered', expected(r.dialect, r.answer, r.status500), `${r.dialect} ${JSON.stringify(r.answer)} ${r.status500 ? 'HTTP 500' : 'HTTP 200'}`);
    }
    // Spot checks of the rules named in the issue.
    const find = (d: string, a: string) => rows.find((r) => r.dialect === d && r.answer === a && !r.status500)!;
    assert.equal((await notifications.get(g.ctx.db, find('unipay', 'SUCCESS ').id))!.notification.status, 'delivered');
    assert.equal((await notifications.get(g.ctx.db, find('unipay', 'ok').id))!.notification.status, 'pending');
    assert.equal((await notifications.get(g.ctx.db, find('gateway', 'SUCCESS ').id))!.notification.status, 'pending');
    assert.equal((await notifications.get(g.ctx.db, find('charges', 'ok').id))!.notification.status, 'delivered');
    // gateway retries at once after the first failure (its schedule starts with 0 s).
    const gw = (await notifications.get(g.ctx.db, find('gateway', 'ok').id))!;
    assert.ok(gw.attempts.length >= 2);
  } finally {
    await rx.stop();
  }
});

test('a receiver that hangs: the attempt times out at the dialect limit and is retried', async () => {
  const rx = await Receiver.start(() => 'hang');
  try {
    const now = clock.now();
    const ids = { unipay: uniq('N'), gateway: uniq('N') };
    for (const [dialect, id] of Object.entries(ids)) {
      await notifications.insert(g.ctx.db, {
        id, appId: app.appId, dialect, noticeType: 'pay', tradeNo: id, tradeStatus: 'success', url: rx.url, contentType: 'application/json',
        body: '{}', status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now, updatedAt: now,
      });
    }
    await g.gw.dispatcher.runOnce();
    for (const [dialect, id] of Object.entries(ids)) {
      const { notification, attempts } = (await notifications.get(g.ctx.db, id))!;
      const limit = POLICIES[dialect as 'unipay' | 'gateway'].timeoutMs;
      assert.equal(attempts.length, 1);
      assert.equal(attempts[0]!.error, `timeout after ${limit} ms`);
      assert.ok(attempts[0]!.durationMs >= limit - 50 && attempts[0]!.durationMs < limit + 1500, `${dialect}: ${attempts[0]!.durationMs} ms`);
      assert.equal(notification.status, 'pending');
      const delay = POLICIES[dialect as 'unipay' | 'gateway'].retryDelaysSec[0]! * 1000;
      assert.equal(notification.nextAttemptAt, attempts[0]!.startedAt + delay);
    }
  } finally {
    await rx.stop();
  }
});

test('app subscriptions: the app notifyUrl hears subscribed types; the same URL gets one notification', async () => {
  const rx = await Receiver.start();
  try {
    const sub = await g.createApp({ signType: 'md5', notifyUrl: rx.url });
    await g.ctx.apps.update(sub.appId, { subscriptions: ['refund'] }, clock.now());
    const paid = await g.ok(sub, '/unipay/pay', { bizOrderNo: uniq('s'), title: 't', amount: '5.00', channel: 'sandbox', method: 'barcode', authCode: '1' });
    assert.equal((await noticesOf(paid.orderNo)).length, 0, 'pay is not subscribed and the order has no notifyUrl');
    const refund = await g.ok(sub, '/unipay/refund', { orderNo: paid.orderNo, bizRefundNo: uniq('r'), amount: '1.00', notifyUrl: rx.url });
    const rn = await noticesOf(refund.refundNo);
    assert.equal(rn.length, 1, 'order URL and app URL are the same: one notification');
    assert.equal(rn[0]!.noticeType, 'refund');
    const failed = await g.ok(sub, '/unipay/transfer', { bizTransferNo: uniq('t'), channel: 'sandbox', amount: '1', payeeType: 'user_id', payeeAccount: 'u', notifyUrl: rx.url, extraParam: { sandboxOutcome: 'fail' } });
    const tn = await noticesOf(failed.transferNo);
    assert.equal(tn.length, 1);
    assert.equal(tn[0]!.tradeStatus, 'fail');
    await drain();
    const refundBody = JSON.parse(rx.received.find((r) => r.body.includes(refund.refundNo))!.body);
    assert.equal(refundBody.data.status, 'success');
    const { sign, ...fields } = refundBody;
    assert.equal(sign, testSign(fields, 'md5', sub.signSecret));
  } finally {
    await rx.stop();
  }
});

test('expiry and the sweeper change state by compare-and-set and emit one notification each, even run twice at once', async () => {
  const url = 'http://127.0.0.1:9/never-called';
  const waiting = await Promise.all([1, 2, 3].map(() => g.ok(app, '/unipay/pay', { bizOrderNo: uniq('e'), title: 't', amount: '1', channel: 'sandbox', method: 'qrcode', notifyUrl: url, expiredTime: g.reqTime(60_000) })));
  const paying = await Promise.all([1, 2, 3].map(() => g.ok(app, '/unipay/pay', { bizOrderNo: uniq('s'), title: 't', amount: '1', channel: 'sandbox', method: 'barcode', authCode: '2', notifyUrl: url })));
  const refunding = await g.ok(app, '/unipay/refund', { orderNo: (await paidOrder(url)).orderNo, bizRefundNo: uniq('r'), amount: '1', notifyUrl: url, extraParam: { sandboxOutcome: 'timeout' } });
  assert.equal(refunding.status, 'progress');
  clock.advance(2 * 60_000);
  await Promise.all([expireDueOrders(g.ctx), expireDueOrders(g.ctx), sweepUnknownOutcomes(g.ctx), sweepUnknownOutcomes(g.ctx)]);
  for (const o of waiting) {
    assert.equal((await g.ok(app, '/unipay/query/payOrder', { orderNo: o.orderNo })).status, 'close');
    const ns = await noticesOf(o.orderNo);
    assert.deepEqual(ns.map((n) => n.tradeStatus), ['close']);
  }
  for (const o of paying) {
    assert.equal((await g.ok(app, '/unipay/query/payOrder', { orderNo: o.orderNo })).status, 'success');
    assert.deepEqual((await noticesOf(o.orderNo)).map((n) => n.tradeStatus), ['success']);
  }
  assert.equal((await g.ok(app, '/unipay/query/refundOrder', { refundNo: refunding.refundNo })).status, 'success');
  assert.deepEqual((await noticesOf(refunding.refundNo)).map((n) => n.tradeStatus), ['success']);
  // Nothing in progress is left for a second sweep to touch.
  clock.advance(60_000);
  assert.equal(await sweepUnknownOutcomes(g.ctx), 0);
});
