import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestGateway, uniq, type TestApp } from './helpers/gateway.ts';

let g: TestGateway;
let app: TestApp;
before(async () => {
  g = await TestGateway.start();
  app = await g.createApp({ signType: 'md5' });
});
after(() => g.stop());

test('50 concurrent submissions of one bizOrderNo create one order', async () => {
  const bizOrderNo = uniq('same');
  const results = await Promise.all(
    Array.from({ length: 50 }, () => g.call(app, '/unipay/pay', { bizOrderNo, title: 'race', amount: '5.00', channel: 'sandbox', method: 'qrcode' })),
  );
  for (const r of results) assert.equal(r.code, 0, r.msg);
  const orderNos = new Set(results.map((r) => r.data.orderNo));
  assert.equal(orderNos.size, 1);
  const rows = await g.ctx.db.selectFrom('payOrders').select('orderNo').where('appId', '=', app.appId).where('bizOrderNo', '=', bizOrderNo).execute();
  assert.equal(rows.length, 1);
});

test('200 concurrent partial refunds never refund more than was paid', async () => {
  // 10.00 yuan paid; 200 refunds of 0.07 ask for 14.00 in all: 142 can succeed (9.94), the rest must be refused.
  const paid = await g.ok(app, '/unipay/pay', { bizOrderNo: uniq('big'), title: 'refund race', amount: '10.00', channel: 'sandbox', method: 'barcode', authCode: '1' });
  assert.equal(paid.status, 'success');
  const results = await Promise.all(
    Array.from({ length: 200 }, () => g.call(app, '/unipay/refund', { orderNo: paid.orderNo, bizRefundNo: uniq('rr'), amount: '0.07' })),
  );
  let succeeded = 0;
  for (const r of results) {
    if (r.code === 0) {
      assert.equal(r.data.status, 'success');
      succeeded++;
    } else {
      assert.equal(r.code, 20060, r.msg);
      assert.match(r.msg, /^amount: /);
    }
  }
  assert.equal(succeeded, 142);
  const order = await g.ok(app, '/unipay/query/payOrder', { orderNo: paid.orderNo });
  assert.equal(order.refundableBalance, 0.06);
  assert.equal(order.refundStatus, 'partial_refund');
  const sum = await g.ctx.db
    .selectFrom('refundOrders')
    .select((eb) => eb.fn.sum<number>('amount').as('total'))
    .where('orderNo', '=', paid.orderNo)
    .where('status', '=', 'success')
    .executeTakeFirstOrThrow();
  assert.equal(Number(sum.total), 994);
  assert.equal(await g.count('refundOrders', app.appId), 142);
});

test('a duplicate bizRefundNo refunds once, even when sent concurrently', async () => {
  const paid = await g.ok(app, '/unipay/pay', { bizOrderNo: uniq('dup'), title: 'dup refund', amount: '3.00', channel: 'sandbox', method: 'barcode', authCode: '1' });
  const bizRefundNo = uniq('once');
  const results = await Promise.all(
    Array.from({ length: 20 }, () => g.call(app, '/unipay/refund', { orderNo: paid.orderNo, bizRefundNo, amount: '1.00' })),
  );
  for (const r of results) assert.equal(r.code, 0, r.msg);
  assert.equal(new Set(results.map((r) => r.data.refundNo)).size, 1);
  const again = await g.ok(app, '/unipay/refund', { orderNo: paid.orderNo, bizRefundNo, amount: '1.00' });
  assert.equal(again.refundNo, results[0]!.data.refundNo);
  const order = await g.ok(app, '/unipay/query/payOrder', { orderNo: paid.orderNo });
  assert.equal(order.refundableBalance, 2);
  const rows = await g.ctx.db.selectFrom('refundOrders').select('refundNo').where('orderNo', '=', paid.orderNo).execute();
  assert.equal(rows.length, 1);
});

test('a duplicate bizTransferNo transfers once', async () => {
  const bizTransferNo = uniq('t');
  const results = await Promise.all(
    Array.from({ length: 20 }, () => g.call(app, '/unipay/transfer', { bizTransferNo, channel: 'sandbox', amount: '2.50', payeeType: 'user_id', payeeAccount: 'u1' })),
  );
  for (const r of results) assert.equal(r.code, 0, r.msg);
  assert.equal(new Set(results.map((r) => r.data.transferNo)).size, 1);
  const rows = await g.ctx.db.selectFrom('transferOrders').select('transferNo').where('bizTransferNo', '=', bizTransferNo).execute();
  assert.equal(rows.length, 1);
});
