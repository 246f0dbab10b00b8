import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../src/core/clock.ts';
import { expireDueOrders } from '../src/core/services/expiry.ts';
import { TestGateway, uniq, type TestApp } from './helpers/gateway.ts';

const clock = new ManualClock(Date.now());
let g: TestGateway;
let app: TestApp;
before(async () => {
  g = await TestGateway.start({ clock });
  app = await g.createApp();
});
after(() => g.stop());

test('expiry closes unpaid orders at the channel and locally, once their time is up', async () => {
  const soon = await g.ok(app, '/unipay/pay', { bizOrderNo: uniq('exp'), title: 't', amount: '1.00', channel: 'sandbox', method: 'qrcode', expiredTime: g.reqTime(10 * 60_000) });
  const later = await g.ok(app, '/unipay/pay', { bizOrderNo: uniq('exp'), title: 't', amount: '1.00', channel: 'sandbox', method: 'qrcode' });
  const paid = await g.ok(app, '/unipay/pay', { bizOrderNo: uniq('exp'), title: 't', amount: '1.00', channel: 'sandbox', method: 'barcode', authCode: '1', expiredTime: g.reqTime(10 * 60_000) });

  clock.advance(9 * 60_000);
  await expireDueOrders(g.ctx);
  assert.equal((await g.ok(app, '/unipay/query/payOrder', { orderNo: soon.orderNo })).status, 'wait');

  clock.advance(2 * 60_000);
  await expireDueOrders(g.ctx);
  const closed = await g.ok(app, '/unipay/query/payOrder', { orderNo: soon.orderNo });
  assert.equal(closed.status, 'close');
  assert.ok(closed.closeTime);
  assert.equal((await g.ok(app, '/unipay/query/payOrder', { orderNo: later.orderNo })).status, 'wait');
  assert.equal((await g.ok(app, '/unipay/query/payOrder', { orderNo: paid.orderNo })).status, 'success');

  // The sandbox closed its side too: the payer can no longer pay it.
  const trade = await g.ctx.db.selectFrom('sandboxTrades').select('status').where('tradeNo', '=', soon.orderNo).executeTakeFirstOrThrow();
  assert.equal(trade.status, 'CLOSED');

  // Default expiry is 24 hours.
  clock.advance(24 * 3600_000);
  await expireDueOrders(g.ctx);
  assert.equal((await g.ok(app, '/unipay/query/payOrder', { orderNo: later.orderNo })).status, 'close');
});

test('a resubmission of an expired order closes it instead of reviving it', async () => {
  const bizOrderNo = uniq('exp');
  await g.ok(app, '/unipay/pay', { bizOrderNo, title: 't', amount: '1.00', channel: 'sandbox', method: 'qrcode', expiredTime: g.reqTime(60_000) });
  clock.advance(2 * 60_000);
  const again = await g.ok(app, '/unipay/pay', { bizOrderNo, title: 't', amount: '1.00', channel: 'sandbox', method: 'qrcode' });
  assert.equal(again.status, 'close');
});

test('an order in progress at expiry is synced, not closed blindly', async () => {
  const paying = await g.ok(app, '/unipay/pay', { bizOrderNo: uniq('exp'), title: 't', amount: '1.00', channel: 'sandbox', method: 'barcode', authCode: '2', expiredTime: g.reqTime(60_000) });
  assert.equal(paying.status, 'progress');
  clock.advance(2 * 60_000);
  await expireDueOrders(g.ctx);
  assert.equal((await g.ok(app, '/unipay/query/payOrder', { orderNo: paying.orderNo })).status, 'success');
});
