import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestGateway, uniq } from './helpers/gateway.ts';

let g: TestGateway;
before(async () => {
  g = await TestGateway.start();
});
after(() => g.stop());

test('health, readiness and metrics', async () => {
  const app = await g.createApp();
  await g.ok(app, '/unipay/pay', { bizOrderNo: uniq('m'), title: 't', amount: '1', channel: 'sandbox', method: 'qrcode' });
  await g.call(app, '/unipay/pay', { bizOrderNo: uniq('m'), title: 't', amount: '0', channel: 'sandbox', method: 'qrcode' });
  assert.deepEqual(await (await fetch(g.base + '/healthz')).json(), { status: 'ok' });
  assert.deepEqual(await (await fetch(g.base + '/readyz')).json(), { status: 'ready' });
  const metrics = await (await fetch(g.base + '/metrics')).text();
  assert.match(metrics, /unipay_http_request_duration_seconds_count\{method="POST",route="\/unipay\/pay",code="200"\} 2/);
  assert.match(metrics, /unipay_api_errors_total\{route="\/unipay\/pay",code="10506"\} 1/);
  assert.match(metrics, /unipay_orders\{kind="pay",status="wait"\} \d+/);
});

test('the OpenAPI document lists every endpoint and alias with its body schema', async () => {
  const doc = await (await fetch(g.base + '/docs/json')).json();
  const paths = Object.keys(doc.paths);
  for (const p of [
    '/unipay/pay', '/unipay/refund', '/unipay/transfer', '/unipay/close',
    '/unipay/syncPay', '/unipay/sync/order/pay', '/unipay/sync/pay',
    '/unipay/syncRefund', '/unipay/sync/order/refund', '/unipay/sync/refund',
    '/unipay/sync/transfer', '/unipay/sync/order/transfer',
    '/unipay/query/payOrder', '/unipay/query/refundOrder', '/unipay/query/transferOrder',
  ]) {
    assert.ok(paths.includes(p), `missing ${p}`);
  }
  const pay = doc.paths['/unipay/pay'].post;
  const schema = pay.requestBody.content['application/json'].schema;
  assert.deepEqual([...schema.required].sort(), ['amount', 'bizOrderNo', 'channel', 'method', 'reqTime', 'title']);
  assert.equal(schema.properties.title.maxLength, 100);
  const ui = await fetch(g.base + '/docs');
  assert.ok(ui.status === 200 || ui.status === 302);
});
