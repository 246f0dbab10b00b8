import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestGateway, uniq, type TestApp } from './helpers/gateway.ts';
import { testSign, verifyEnvelope } from './helpers/sign.ts';

let g: TestGateway;
let app: TestApp;
before(async () => {
  g = await TestGateway.start();
  app = await g.createApp({ signType: 'sm3' });
});
after(() => g.stop());

const valid = () => ({ bizOrderNo: uniq('bad'), title: 'tea', amount: '1.00', channel: 'sandbox', method: 'qrcode' });

/** Signs whatever body it is given, so the error is about the field and not the signature. */
async function signed(path: string, fields: Record<string, unknown>) {
  const body: Record<string, unknown> = { appId: app.appId, reqTime: g.reqTime(), ...fields };
  body.sign = testSign(body, app.signType, app.signSecret);
  const res = await g.postRaw(path, JSON.stringify(body));
  assert.equal(res.status, 200, res.text);
  assert.ok(verifyEnvelope(res.json, app.signType, app.signSecret), 'errors to a known app are signed');
  return res.json;
}

test('amounts: accepted exactly, or rejected with 10506 naming amount (as strings and as JSON numbers)', async () => {
  for (const [text, yuan] of [['0.01', 0.01], ['10.10', 10.1], ['99999999.99', 99999999.99]] as const) {
    const asString = await g.ok(app, '/unipay/pay', { ...valid(), amount: text });
    assert.equal((await g.ok(app, '/unipay/query/payOrder', { orderNo: asString.orderNo })).amount, yuan);
    // As a bare JSON number, exactly as the client wrote it.
    const body: Record<string, unknown> = { appId: app.appId, reqTime: g.reqTime(), ...valid(), amount: Number(text) };
    body.sign = testSign(body, app.signType, app.signSecret);
    const raw = JSON.stringify(body).replace(/"amount":[^,}]+/, `"amount":${text}`);
    const res = await g.postRaw('/unipay/pay', raw);
    assert.equal(res.json.code, 0, `${text}: ${res.json.msg}`);
  }
  const before = await g.count('payOrders', app.appId);
  for (const bad of ['0', '-1', '1.001', '1e3', 'abc', '100000000', '']) {
    const r = await signed('/unipay/pay', { ...valid(), amount: bad });
    assert.equal(r.code, 10506, `"${bad}"`);
    assert.match(r.msg, /^amount: /);
  }
  for (const bad of ['0', '-1', '1.001', '1e3', '100000000', '1.0e2']) {
    const body: Record<string, unknown> = { appId: app.appId, reqTime: g.reqTime(), ...valid(), amount: Number(bad) };
    body.sign = testSign(body, app.signType, app.signSecret);
    const raw = JSON.stringify(body).replace(/"amount":[^,}]+/, `"amount":${bad}`);
    const res = await g.postRaw('/unipay/pay', raw);
    assert.equal(res.json.code, 10506, `number ${bad}: ${res.json.msg}`);
    assert.match(res.json.msg, /^amount: /);
  }
  for (const bad of [true, null, { v: 1 }, [1]]) {
    const r = await signed('/unipay/pay', { ...valid(), amount: bad });
    assert.equal(r.code, 10506, JSON.stringify(bad));
    assert.match(r.msg, /^amount: /);
  }
  assert.equal(await g.count('payOrders', app.appId), before, 'rejected requests wrote nothing');
});

test('missing fields, wrong types and over-long values name the field', async () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...valid(), title: undefined }, /^title: is required/],
    [{ ...valid(), bizOrderNo: undefined }, /^bizOrderNo: is required/],
    [{ ...valid(), title: 12 }, /^title: must be string/],
    [{ ...valid(), allocation: 'yes' }, /^allocation: /],
    [{ ...valid(), title: 'x'.repeat(101) }, /^title: /],
    [{ ...valid(), notifyUrl: 'ftp://example.com/n' }, /^notifyUrl: /],
    [{ ...valid(), notifyUrl: 'not a url' }, /^notifyUrl: /],
    [{ ...valid(), expiredTime: 'tomorrow' }, /^expiredTime: /],
    [{ ...valid(), expiredTime: '2020-01-01 00:00:00' }, /^expiredTime: must be in the future/],
    [{ ...valid(), extraParam: '{not json' }, /^extraParam: /],
    [{ ...valid(), extraParam: JSON.stringify({ x: 'y'.repeat(2100) }) }, /^extraParam: /],
    [{ ...valid(), extraParam: 5 }, /^extraParam: /],
  ];
  const before = await g.count('payOrders', app.appId);
  for (const [fields, msg] of cases) {
    const r = await signed('/unipay/pay', fields);
    assert.equal(r.code, 10506, `${JSON.stringify(fields).slice(0, 80)} → ${r.msg}`);
    assert.match(r.msg, msg);
  }
  const refund = await signed('/unipay/refund', { orderNo: 'P1', amount: '1.00' });
  assert.equal(refund.code, 10506);
  assert.match(refund.msg, /^bizRefundNo: is required/);
  assert.equal(await g.count('payOrders', app.appId), before);
});

test('malformed JSON, non-objects, empty and oversized bodies, wrong content type: unsigned 10505, never a 500', async () => {
  const cases: [string, Record<string, string>][] = [
    ['{"appId": ', { 'content-type': 'application/json' }],
    ['[1,2,3]', { 'content-type': 'application/json' }],
    ['"just a string"', { 'content-type': 'application/json' }],
    ['', { 'content-type': 'application/json' }],
    ['appId=1&amount=2', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['{"x":"' + 'a'.repeat(2 * 1024 * 1024) + '"}', { 'content-type': 'application/json' }],
  ];
  for (const [body, headers] of cases) {
    const res = await g.postRaw('/unipay/pay', body, headers);
    assert.equal(res.status, 200, `${body.slice(0, 30)}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
    assert.equal(res.json.code, 10505, `${body.slice(0, 30)}: ${res.json.msg}`);
    assert.equal(res.json.sign, undefined);
    assert.match(res.json.traceId, /^[0-9a-f]{16}$/);
  }
});

test('a repeated field, a deep body or a non-hex sign is refused without a 500', async () => {
  // Signed over amount 100 (the last value JSON.parse keeps); a first "amount":0.01 must not be charged.
  const body: Record<string, unknown> = { appId: app.appId, reqTime: g.reqTime(), ...valid(), amount: 100 };
  body.sign = testSign(body, app.signType, app.signSecret);
  const smuggled = JSON.stringify(body).replace('{', '{"amount":0.01,');
  const dup = await g.postRaw('/unipay/pay', smuggled);
  assert.equal(dup.json.code, 10505);
  assert.match(dup.json.msg, /^body: repeats the field amount/);

  const deep = await g.postRaw('/unipay/pay', `{"appId":"${app.appId}","x":${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
  assert.equal(deep.status, 200);
  assert.equal(deep.json.code, 10505);

  const nonHex: Record<string, unknown> = { appId: app.appId, reqTime: g.reqTime(), ...valid() };
  nonHex.sign = 'İ'.repeat(64);
  const r = await g.postRaw('/unipay/pay', JSON.stringify(nonHex));
  assert.equal(r.status, 200);
  assert.equal(r.json.code, 20052);
});

test('empty merchant numbers and titles are refused', async () => {
  for (const field of ['bizOrderNo', 'title', 'channel', 'method']) {
    const r = await signed('/unipay/pay', { ...valid(), [field]: '' });
    assert.equal(r.code, 10506, field);
    assert.match(r.msg, new RegExp(`^${field}: `));
  }
  const refund = await signed('/unipay/refund', { orderNo: 'P1', bizRefundNo: '', amount: '1.00' });
  assert.equal(refund.code, 10506);
  assert.match(refund.msg, /^bizRefundNo: /);
  const transfer = await signed('/unipay/transfer', { bizTransferNo: 'x', channel: 'sandbox', amount: '1', payeeType: 'user_id', payeeAccount: '' });
  assert.equal(transfer.code, 10506);
  assert.match(transfer.msg, /^payeeAccount: /);
});

test('no appId and no default app: 10506 naming appId; a default app is used when appId is absent', async () => {
  const existing = await g.ctx.apps.getDefault(); // a shared PostgreSQL database may have one from elsewhere
  if (existing) await g.ctx.apps.update(existing.appId, { isDefault: false }, Date.now());
  const r = await g.postRaw('/unipay/pay', JSON.stringify({ reqTime: g.reqTime(), ...valid() }));
  assert.equal(r.json.code, 10506);
  assert.match(r.json.msg, /^appId: /);
  const def = await g.createApp({ signType: 'md5', isDefault: true });
  const body: Record<string, unknown> = { reqTime: g.reqTime(), ...valid() };
  body.sign = testSign(body, 'md5', def.signSecret);
  const ok = await g.postRaw('/unipay/pay', JSON.stringify(body));
  assert.equal(ok.json.code, 0, ok.json.msg);
  assert.ok(verifyEnvelope(ok.json, 'md5', def.signSecret));
  await g.ctx.apps.update(def.appId, { isDefault: false }, Date.now());
});

test('unknown paths under /unipay answer the envelope with 10404', async () => {
  const r = await g.postRaw('/unipay/nothing/here', '{}');
  assert.equal(r.status, 200);
  assert.equal(r.json.code, 10404);
});
