import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestGateway, uniq, type TestApp } from './helpers/gateway.ts';

let g: TestGateway;
let app: TestApp;
before(async () => {
  g = await TestGateway.start();
  app = await g.createApp({ signType: 'hmac_sha256' });
});
after(() => g.stop());

const pay = (fields: Record<string, unknown>) =>
  g.ok(app, '/unipay/pay', { bizOrderNo: uniq('flow'), title: 'Coffee', amount: '10.10', channel: 'sandbox', method: 'qrcode', ...fields });

/** Presses a button on the sandbox payer page, the way a browser form does. */
async function payerPresses(payBody: string, button: 'pay' | 'decline') {
  const page = await fetch(payBody);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /¥10\.10/);
  const res = await fetch(`${payBody}/${button}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
  assert.equal(res.status, 303);
}

test('qrcode order: payer pays on the sandbox page, query shows success; partial refunds up to the amount', async () => {
  const created = await pay({ attach: 'cart=7', description: 'flat white' });
  assert.equal(created.status, 'wait');
  assert.match(created.payBody, /\/sandbox\/pay\/P\d+$/);
  await payerPresses(created.payBody, 'pay');

  const order = await g.ok(app, '/unipay/query/payOrder', { bizOrderNo: created.bizOrderNo });
  assert.equal(order.status, 'success');
  assert.equal(order.amount, 10.1);
  assert.equal(order.refundableBalance, 10.1);
  assert.equal(order.refundStatus, 'no_refund');
  assert.equal(order.attach, 'cart=7');
  assert.match(order.payTime, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.ok(order.outOrderNo);

  const r1 = await g.ok(app, '/unipay/refund', { orderNo: created.orderNo, bizRefundNo: uniq('r'), amount: '3.05', reason: 'one cup spilled' });
  assert.equal(r1.status, 'success');
  let q = await g.ok(app, '/unipay/query/payOrder', { orderNo: created.orderNo });
  assert.equal(q.refundStatus, 'partial_refund');
  assert.equal(q.refundableBalance, 7.05);

  const over = await g.call(app, '/unipay/refund', { orderNo: created.orderNo, bizRefundNo: uniq('r'), amount: '7.06' });
  assert.equal(over.code, 20060);
  assert.match(over.msg, /^amount: /);

  const r2 = await g.ok(app, '/unipay/refund', { outOrderNo: order.outOrderNo, bizRefundNo: uniq('r'), amount: 7.05 });
  assert.equal(r2.status, 'success');
  q = await g.ok(app, '/unipay/query/payOrder', { orderNo: created.orderNo });
  assert.equal(q.refundStatus, 'refunded');
  assert.equal(q.refundableBalance, 0);

  // Every channel call is in the audit log (written in batches).
  await g.ctx.calls.flush();
  const calls = await g.ctx.db.selectFrom('channelCalls').select(['action', 'outcome']).where('tradeNo', '=', created.orderNo).execute();
  assert.deepEqual(calls, [{ action: 'pay', outcome: 'wait' }]);

  const refund = await g.ok(app, '/unipay/query/refundOrder', { refundNo: r1.refundNo });
  assert.equal(refund.amount, 3.05);
  assert.equal(refund.orderAmount, 10.1);
  assert.equal(refund.reason, 'one cup spilled');
  assert.equal(refund.bizOrderNo, created.bizOrderNo);
});

test('declined on the payer page: the order fails', async () => {
  const created = await pay({});
  await payerPresses(created.payBody, 'decline');
  const q = await g.ok(app, '/unipay/query/payOrder', { orderNo: created.orderNo });
  assert.equal(q.status, 'fail');
});

test('close and cancel an unpaid order; a paid order cannot be closed', async () => {
  const a = await pay({});
  assert.equal((await g.call(app, '/unipay/close', { orderNo: a.orderNo })).code, 0);
  assert.equal((await g.ok(app, '/unipay/query/payOrder', { orderNo: a.orderNo })).status, 'close');
  // Closing twice is harmless; the payer page no longer offers Pay.
  assert.equal((await g.call(app, '/unipay/close', { orderNo: a.orderNo })).code, 0);
  assert.doesNotMatch(await (await fetch(a.payBody)).text(), /<button class="pay"/);

  const b = await pay({});
  assert.equal((await g.call(app, '/unipay/close', { bizOrderNo: b.bizOrderNo, useCancel: true })).code, 0);
  assert.equal((await g.ok(app, '/unipay/query/payOrder', { orderNo: b.orderNo })).status, 'cancel');

  const c = await pay({});
  await payerPresses(c.payBody, 'pay');
  const refused = await g.call(app, '/unipay/close', { orderNo: c.orderNo });
  assert.equal(refused.code, 20044);
  const missing = await g.call(app, '/unipay/close', { orderNo: 'P000' });
  assert.equal(missing.code, 20041);
  const noRef = await g.call(app, '/unipay/close', {});
  assert.equal(noRef.code, 10506);
  assert.match(noRef.msg, /^orderNo: one of orderNo, bizOrderNo, outOrderNo/);
});

test('barcode outcomes follow the authCode table; sync resolves the ones in progress', async () => {
  const ok = await pay({ method: 'barcode', authCode: '134567890123456789' });
  assert.equal(ok.status, 'success');
  assert.equal(ok.payBody, undefined);

  const failed = await pay({ method: 'barcode', extraParam: { authCode: '334567890123456789' } });
  assert.equal(failed.status, 'fail');

  const paying = await pay({ method: 'barcode', extraParam: JSON.stringify({ authCode: '234567890123456789' }) });
  assert.equal(paying.status, 'progress');
  const sync1 = await g.ok(app, '/unipay/syncPay', { orderNo: paying.orderNo });
  assert.deepEqual(sync1, { orderStatus: 'success', adjust: true });
  const sync2 = await g.ok(app, '/unipay/sync/order/pay', { orderNo: paying.orderNo });
  assert.deepEqual(sync2, { orderStatus: 'success', adjust: false });

  // The reply is lost: the money moved but the gateway does not know yet, so it says progress.
  const lost = await pay({ method: 'barcode', authCode: '434567890123456789' });
  assert.equal(lost.status, 'progress');
  const sync3 = await g.ok(app, '/unipay/sync/pay', { bizOrderNo: lost.bizOrderNo });
  assert.deepEqual(sync3, { orderStatus: 'success', adjust: true });

  const noCode = await g.call(app, '/unipay/pay', { bizOrderNo: uniq('b'), title: 't', amount: '1', channel: 'sandbox', method: 'barcode' });
  assert.equal(noCode.code, 10506);
  assert.match(noCode.msg, /^authCode: /);
});

test('wallet methods return client parameters; resubmission answers the same order and may switch method', async () => {
  const bizOrderNo = uniq('wallet');
  const first = await pay({ bizOrderNo, method: 'app' });
  const params = JSON.parse(first.payBody);
  assert.equal(params.orderNo, first.orderNo);
  assert.match(params.payUrl, /\/sandbox\/pay\//);

  // Same bizOrderNo, a different title and amount: ignored, the first submission stands.
  const again = await pay({ bizOrderNo, method: 'app', title: 'Other', amount: '99.00' });
  assert.equal(again.orderNo, first.orderNo);
  const q = await g.ok(app, '/unipay/query/payOrder', { orderNo: first.orderNo });
  assert.equal(q.title, 'Coffee');
  assert.equal(q.amount, 10.1);

  // Switching wallets on an unpaid order re-issues the channel request.
  const switched = await pay({ bizOrderNo, method: 'qrcode', attach: 'switched' });
  assert.equal(switched.orderNo, first.orderNo);
  assert.match(switched.payBody, /^http:\/\/.*\/sandbox\/pay\/P\d+$/);
  const q2 = await g.ok(app, '/unipay/query/payOrder', { orderNo: first.orderNo });
  assert.equal(q2.method, 'qrcode');
  assert.equal(q2.attach, 'switched');
});

test('refunds and transfers that fail or stay in progress, as the sandbox is told', async () => {
  const paid = await pay({ method: 'barcode', authCode: '1000' });
  const failed = await g.ok(app, '/unipay/refund', { orderNo: paid.orderNo, bizRefundNo: uniq('r'), amount: '10.10', extraParam: { sandboxOutcome: 'fail' } });
  assert.equal(failed.status, 'fail');
  assert.match(failed.errorMsg, /refused/);
  // A failed refund gives the amount back.
  let q = await g.ok(app, '/unipay/query/payOrder', { orderNo: paid.orderNo });
  assert.equal(q.refundableBalance, 10.1);
  assert.equal(q.refundStatus, 'no_refund');

  const slow = await g.ok(app, '/unipay/refund', { orderNo: paid.orderNo, bizRefundNo: uniq('r'), amount: '4.00', extraParam: { sandboxOutcome: 'progress' } });
  assert.equal(slow.status, 'progress');
  q = await g.ok(app, '/unipay/query/payOrder', { orderNo: paid.orderNo });
  assert.equal(q.refundStatus, 'refunding');
  assert.equal(q.refundableBalance, 6.1);
  assert.deepEqual(await g.ok(app, '/unipay/syncRefund', { refundNo: slow.refundNo }), { orderStatus: 'success', adjust: true });
  assert.equal((await g.ok(app, '/unipay/query/payOrder', { orderNo: paid.orderNo })).refundStatus, 'partial_refund');

  const lost = await g.ok(app, '/unipay/refund', { orderNo: paid.orderNo, bizRefundNo: uniq('r'), amount: '1.00', extraParam: { sandboxOutcome: 'timeout' } });
  assert.equal(lost.status, 'progress');
  assert.deepEqual(await g.ok(app, '/unipay/sync/refund', { bizRefundNo: lost.bizRefundNo }), { orderStatus: 'success', adjust: true });

  const t = await g.ok(app, '/unipay/transfer', { bizTransferNo: uniq('t'), channel: 'sandbox', amount: '88.88', payeeType: 'user_id', payeeAccount: 'u-1001', payeeName: 'Li Lei', title: 'prize' });
  assert.equal(t.status, 'success');
  const tq = await g.ok(app, '/unipay/query/transferOrder', { transferNo: t.transferNo });
  assert.equal(tq.amount, 88.88);
  assert.equal(tq.payeeAccount, 'u-1001');
  assert.ok(tq.finishTime);

  const tf = await g.ok(app, '/unipay/transfer', { bizTransferNo: uniq('t'), channel: 'sandbox', amount: '1', payeeType: 'open_id', payeeAccount: 'o-1', extraParam: { sandboxOutcome: 'fail' } });
  assert.equal(tf.status, 'fail');
  const tp = await g.ok(app, '/unipay/transfer', { bizTransferNo: uniq('t'), channel: 'sandbox', amount: '1', payeeType: 'login_name', payeeAccount: 'a@b.c', extraParam: { sandboxOutcome: 'progress' } });
  assert.equal(tp.status, 'progress');
  assert.deepEqual(await g.ok(app, '/unipay/sync/transfer', { transferNo: tp.transferNo }), { orderStatus: 'success', adjust: true });
  assert.deepEqual(await g.ok(app, '/unipay/sync/order/transfer', { bizTransferNo: tf.bizTransferNo }), { orderStatus: 'fail', adjust: false });

  const badPayee = await g.call(app, '/unipay/transfer', { bizTransferNo: uniq('t'), channel: 'sandbox', amount: '1', payeeType: 'phone', payeeAccount: 'x' });
  assert.equal(badPayee.code, 10506);
  assert.match(badPayee.msg, /^payeeType: /);
});

test('channels the app cannot use answer their own codes', async () => {
  const unknown = await g.call(app, '/unipay/pay', { bizOrderNo: uniq('c'), title: 't', amount: '1', channel: 'paypal', method: 'qrcode' });
  assert.equal(unknown.code, 20011);
  const unconfigured = await g.call(app, '/unipay/pay', { bizOrderNo: uniq('c'), title: 't', amount: '1', channel: 'ali_pay', method: 'qrcode' });
  assert.equal(unconfigured.code, 20011);
  const method = await g.call(app, '/unipay/pay', { bizOrderNo: uniq('c'), title: 't', amount: '1', channel: 'sandbox', method: 'fax' });
  assert.equal(method.code, 20012);
  const other = await g.call(app, '/unipay/pay', { bizOrderNo: uniq('c'), title: 't', amount: '1', channel: 'sandbox', method: 'other' });
  assert.equal(other.code, 20012);
  assert.equal((await g.call(app, '/unipay/query/refundOrder', { refundNo: 'R0' })).code, 20041);
  assert.equal((await g.call(app, '/unipay/query/transferOrder', { bizTransferNo: 'nope' })).code, 20041);
});

test('concurrent wallet switches: the order ends on one method with that method\'s payBody', async () => {
  const bizOrderNo = uniq('switch');
  await pay({ bizOrderNo, method: 'wap' });
  const [a, b] = await Promise.all([
    g.call(app, '/unipay/pay', { bizOrderNo, title: 'Coffee', amount: '10.10', channel: 'sandbox', method: 'app' }),
    g.call(app, '/unipay/pay', { bizOrderNo, title: 'Coffee', amount: '10.10', channel: 'sandbox', method: 'qrcode' }),
  ]);
  assert.equal(a.data?.orderNo ?? b.data?.orderNo, b.data?.orderNo ?? a.data?.orderNo);
  const order = await g.ctx.db.selectFrom('payOrders').select(['method', 'payBody', 'status']).where('appId', '=', app.appId).where('bizOrderNo', '=', bizOrderNo).executeTakeFirstOrThrow();
  assert.equal(order.status, 'wait');
  if (order.payBody !== null) {
    if (order.method === 'app') assert.equal(JSON.parse(order.payBody).channel, 'sandbox');
    else assert.match(order.payBody, /^http:\/\/.*\/sandbox\/pay\/P\d+$/);
  }
});

test('an app uses only the channels configured for it: the sandbox is opt-in', async () => {
  const bare = await g.createApp({ channels: [] });
  const r = await g.call(bare, '/unipay/pay', { bizOrderNo: uniq('c'), title: 't', amount: '1', channel: 'sandbox', method: 'qrcode' });
  assert.equal(r.code, 20025);
  assert.match(r.msg, /^channel: /);
});
