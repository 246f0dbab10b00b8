import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestGateway, uniq, type TestApp } from './helpers/gateway.ts';
import { testSign, verifyEnvelope } from './helpers/sign.ts';

let g: TestGateway;
before(async () => {
  g = await TestGateway.start();
});
after(() => g.stop());

const payFields = () => ({ bizOrderNo: uniq('auth'), title: 'tea', amount: '1.00', channel: 'sandbox', method: 'qrcode' });

for (const signType of ['md5', 'hmac_sha256', 'sm3'] as const) {
  test(`${signType}: a signed request is accepted and the response signature verifies`, async () => {
    const app = await g.createApp({ signType });
    const env = await g.call(app, '/unipay/pay', payFields());
    assert.equal(env.code, 0, env.msg);
    assert.equal(env.data.status, 'wait');
    assert.ok(verifyEnvelope(env as never, signType, app.signSecret));
    // Upper-case hex is accepted too.
    const body: Record<string, unknown> = { appId: app.appId, reqTime: g.reqTime(), ...payFields() };
    body.sign = testSign(body, signType, app.signSecret).toUpperCase();
    assert.equal((await g.postRaw('/unipay/pay', JSON.stringify(body))).json.code, 0);
  });
}

async function send(app: TestApp, mutate: (body: Record<string, unknown>) => void) {
  const body: Record<string, unknown> = { appId: app.appId, reqTime: g.reqTime(), ...payFields() };
  body.sign = testSign(body, app.signType, app.signSecret);
  mutate(body);
  const res = await g.postRaw('/unipay/pay', JSON.stringify(body));
  assert.equal(res.status, 200);
  return res.json;
}

test('a wrong, missing or tampered signature is rejected with 20052 and writes nothing', async () => {
  const app = await g.createApp({ signType: 'hmac_sha256' });
  const wrong = await send(app, (b) => (b.sign = testSign(b, 'hmac_sha256', 'not-the-secret')));
  assert.equal(wrong.code, 20052);
  assert.match(wrong.msg, /^sign: /);
  const missing = await send(app, (b) => delete b.sign);
  assert.equal(missing.code, 20052);
  const tampered = await send(app, (b) => (b.amount = '100.00'));
  assert.equal(tampered.code, 20052);
  // Errors after the app is known are signed with its secret.
  assert.ok(verifyEnvelope(tampered, 'hmac_sha256', app.signSecret));
  assert.equal(await g.count('payOrders', app.appId), 0);
});

test('a stale or malformed reqTime is rejected with 10506 naming reqTime', async () => {
  const app = await g.createApp({ signType: 'md5' });
  for (const reqTime of [g.reqTime(-6 * 60_000), g.reqTime(6 * 60_000), '2024-13-01 00:00:00', '2024-10-24T12:00:00', 12345]) {
    const res = await send(app, (b) => {
      b.reqTime = reqTime;
      b.sign = testSign(b, 'md5', app.signSecret);
    });
    assert.equal(res.code, 10506, `reqTime ${reqTime}`);
    assert.match(res.msg, /^reqTime: /);
  }
  const fresh = await send(app, (b) => {
    b.reqTime = g.reqTime(-4 * 60_000);
    b.sign = testSign(b, 'md5', app.signSecret);
  });
  assert.equal(fresh.code, 0);
  assert.equal(await g.count('payOrders', app.appId), 1);
});

test('an app with signing turned off accepts unsigned requests', async () => {
  const app = await g.createApp({ signType: 'md5', reqSign: false });
  const env = await g.call(app, '/unipay/pay', payFields(), { sign: false });
  assert.equal(env.code, 0);
});

test('unknown appId and mismatched mchNo are refused, unsigned when the app is unknown', async () => {
  const app = await g.createApp();
  const unknown = await send({ ...app, appId: 'A000000000000' }, () => {});
  assert.equal(unknown.code, 10401);
  assert.match(unknown.msg, /^appId: /);
  assert.equal(unknown.sign, undefined);
  const mch = await send(app, (b) => {
    b.mchNo = 'M-someone-else';
    b.sign = testSign(b, app.signType, app.signSecret);
  });
  assert.equal(mch.code, 10506);
  assert.match(mch.msg, /^mchNo: /);
});
