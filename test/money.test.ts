import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fenToYuan, parseYuan } from '../src/core/money.ts';
import { PayError } from '../src/core/errors.ts';
import { scanBody } from '../src/api/unipay/bodyScan.ts';

test('yuan text parses to exact fen', () => {
  assert.equal(parseYuan('0.01'), 1);
  assert.equal(parseYuan('10.10'), 1010);
  assert.equal(parseYuan('10.1'), 1010);
  assert.equal(parseYuan('99999999.99'), 9_999_999_999);
  assert.equal(parseYuan('0.29'), 29); // 0.29 * 100 is 28.999999999999996 in floating point
  assert.equal(parseYuan('1.15'), 115);
});

test('bad amounts are rejected with 10506 naming the field', () => {
  for (const bad of ['0', '0.00', '-1', '1.001', '1e3', 'abc', '100000000', '', ' 1', '01', '1.', '.5', '+1', '0x10']) {
    assert.throws(
      () => parseYuan(bad),
      (e: unknown) => e instanceof PayError && e.code === 10506 && e.field === 'amount',
      `expected ${JSON.stringify(bad)} to be rejected`,
    );
  }
});

test('fen print back as exact yuan', () => {
  for (const [fen, yuan] of [[1, '0.01'], [1010, '10.1'], [29, '0.29'], [9_999_999_999, '99999999.99'], [115, '1.15']] as const) {
    assert.equal(String(fenToYuan(fen)), yuan);
  }
});

test('the body scan recovers top-level number text, repeated keys and depth', () => {
  const json = '{"extraParam":{"amount":5},"title":"a \\" , \\"amount\\": 7","amount": 10.10 ,"x":[1,{"amount":2}]}';
  const scan = scanBody(json);
  assert.equal(scan.numbers.get('amount'), '10.10');
  assert.equal(scan.duplicate, undefined);
  assert.equal(scan.depth, 3);
  assert.equal(scanBody('{"amount":1e3}').numbers.get('amount'), '1e3');
  assert.equal(scanBody('{"a":{"amount":1}}').numbers.get('amount'), undefined);
  assert.equal(scanBody('{"amount":0.01,"title":"t","amount":100}').duplicate, 'amount');
  assert.equal(scanBody('{"am\\u006funt":1,"amount":2}').duplicate, 'amount');
});
