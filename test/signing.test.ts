import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, signFields, signingString } from '../src/signing/canonical.ts';
import { hexEquals } from '../src/signing/digest.ts';
import { SecretBox } from '../src/signing/secretbox.ts';
import { randomBytes } from 'node:crypto';

// Expected values computed outside Node (Python hashlib/hmac) from PROTOCOLS.md section 1.
const fields = {
  appId: 'A1',
  amount: 10.1,
  title: 'Tea "green"',
  extraParam: { openId: 'o1', Auth: 'x', b: null },
  flag: true,
  empty: '',
  dropped: null,
  sign: 'ignored',
};
const secret = 's3cretKey';

test('signing string follows the protocol: sorted, nulls dropped, empties kept, quotes removed, upper-cased', () => {
  assert.equal(
    signingString(fields, secret),
    'AMOUNT=10.1&APPID=A1&EMPTY=&EXTRAPARAM={AUTH:X,OPENID:O1}&FLAG=TRUE&TITLE=TEA GREEN&KEY=S3CRETKEY',
  );
});

test('known answers for md5, hmac_sha256 and sm3', () => {
  assert.equal(signFields(fields, 'md5', secret), 'ffe9b3ad33f9db3e8ce89a5fd81266dc');
  assert.equal(signFields(fields, 'hmac_sha256', secret), '3583a85d6f97c5e82d98a24f7f901d8fc65c4e3713be04554a4026f1d243a5e5');
  assert.equal(signFields(fields, 'sm3', secret), '76b146c39f46714f89c13b53e2259770abb5e74e5259f29a91724c16a7566edb');
});

test('canonical JSON sorts keys case-insensitively at every depth and drops nulls', () => {
  assert.equal(canonicalJson({ b: 1, A: { z: null, Y: [1, { d: 2, C: 3 }] }, a_b: 'x', aB: 'y' }), '{"A":{"Y":[1,{"C":3,"d":2}]},"a_b":"x","aB":"y","b":1}');
});

test('hex signatures compare ignoring case and reject other lengths', () => {
  assert.ok(hexEquals('abcdef', 'ABCDEF'));
  assert.ok(!hexEquals('abcdef', 'abcdee'));
  assert.ok(!hexEquals('abcdef', 'abcde'));
});

test('secret box round-trips and detects tampering', () => {
  const box = new SecretBox(randomBytes(32));
  const sealed = box.seal('top secret');
  assert.notEqual(sealed.includes('top secret'), true);
  assert.equal(box.open(sealed), 'top secret');
  const raw = Buffer.from(sealed.slice(3), 'base64url');
  raw[raw.length - 1]! ^= 1;
  assert.throws(() => box.open('v1.' + raw.toString('base64url')));
  assert.throws(() => new SecretBox(randomBytes(32)).open(sealed));
});
