import { Type, type Static, type TSchema } from 'typebox';

/**
 * Request and response shapes of the unipay dialect (PROTOCOLS.md section 1). The same schemas
 * validate requests, type the handlers and generate the OpenAPI document.
 */
const str = (maxLength: number, description?: string) => Type.String({ maxLength, ...(description && { description }) });
/** A required text field: empty is as good as missing. */
const text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, ...(description && { description }) });
const opt = <T extends TSchema>(t: T) => Type.Optional(t);
const Amount = Type.Union([Type.String(), Type.Number()], { description: 'Yuan, at most 2 decimals, > 0 and < 100000000, e.g. "10.25"' });
const Time = (description: string) => Type.String({ description: `${description}, yyyy-MM-dd HH:mm:ss in the gateway's time zone` });
const ExtraParam = Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.String()], {
  description: 'Channel parameters as a JSON object or JSON string (authCode, openId, sandboxOutcome…), at most 2048 characters',
});

export const Common = {
  appId: opt(str(32, 'App id; the default app when absent')),
  mchNo: opt(str(32, 'Merchant number; checked against the app when present')),
  clientIp: opt(str(64)),
  nonceStr: opt(str(32)),
  sign: opt(str(128, 'Signature; required unless the app turned signing off')),
  reqTime: Time('Request time, within the app\'s window (default 5 minutes) of the server clock'),
};

const PayOrderRef = {
  orderNo: opt(str(32, 'Gateway order number')),
  bizOrderNo: opt(str(100, 'Merchant order number')),
  outOrderNo: opt(str(100, 'Channel order number')),
};

export const PayBody = Type.Object({
  ...Common,
  bizOrderNo: text(100, 'Merchant order number, unique per app'),
  title: text(100),
  description: opt(str(500)),
  allocation: opt(Type.Boolean()),
  autoAllocation: opt(Type.Boolean()),
  expiredTime: opt(Time('Expiry time; default now + 24 h')),
  channel: text(20, 'ali_pay, wechat_pay, union_pay or sandbox'),
  method: text(20, 'web, wap, app, qrcode, barcode, jsapi, face or other'),
  amount: Amount,
  extraParam: opt(ExtraParam),
  attach: opt(str(500)),
  returnUrl: opt(str(200)),
  quitUrl: opt(str(200)),
  notifyUrl: opt(str(200)),
  openId: opt(str(128)),
  authCode: opt(str(64)),
  terminalNo: opt(str(64)),
  limitPay: opt(str(32, 'no_credit forbids credit cards')),
  otherMethod: opt(str(32)),
});

export const RefundBody = Type.Object({
  ...Common,
  ...PayOrderRef,
  bizRefundNo: text(100, 'Merchant refund number, unique per app'),
  amount: Amount,
  reason: opt(str(150)),
  attach: opt(str(500)),
  notifyUrl: opt(str(200)),
  extraParam: opt(ExtraParam),
});

export const TransferBody = Type.Object({
  ...Common,
  bizTransferNo: text(100, 'Merchant transfer number, unique per app'),
  channel: text(20),
  amount: Amount,
  title: opt(str(100)),
  reason: opt(str(150)),
  payeeType: Type.Union([Type.Literal('user_id'), Type.Literal('open_id'), Type.Literal('login_name')]),
  payeeAccount: text(100),
  payeeName: opt(str(50)),
  attach: opt(str(500)),
  notifyUrl: opt(str(200)),
  extraParam: opt(ExtraParam),
});

export const CloseBody = Type.Object({ ...Common, ...PayOrderRef, useCancel: opt(Type.Boolean({ description: 'Revoke instead of close' })) });
export const PayOrderRefBody = Type.Object({ ...Common, ...PayOrderRef });
export const RefundRefBody = Type.Object({ ...Common, refundNo: opt(str(32)), bizRefundNo: opt(str(100)) });
export const TransferRefBody = Type.Object({ ...Common, transferNo: opt(str(32)), bizTransferNo: opt(str(100)) });

export type PayBody = Static<typeof PayBody>;
export type RefundBody = Static<typeof RefundBody>;
export type TransferBody = Static<typeof TransferBody>;
export type CloseBody = Static<typeof CloseBody>;
export type PayOrderRefBody = Static<typeof PayOrderRefBody>;
export type RefundRefBody = Static<typeof RefundRefBody>;
export type TransferRefBody = Static<typeof TransferRefBody>;

// ---- response data (documentation of what `data` holds; fields without a value are omitted)
const yuan = Type.Number({ description: 'Yuan' });
const time = Type.String({ description: 'yyyy-MM-dd HH:mm:ss' });

export const PayData = Type.Object({ bizOrderNo: Type.String(), orderNo: Type.String(), status: Type.String(), payBody: opt(Type.String()) });
export const RefundData = Type.Object({ refundNo: Type.String(), bizRefundNo: Type.String(), status: Type.String(), errorMsg: opt(Type.String()) });
export const TransferData = Type.Object({ bizTransferNo: Type.String(), transferNo: Type.String(), status: Type.String(), errorMsg: opt(Type.String()) });
export const SyncData = Type.Object({ orderStatus: Type.String(), adjust: Type.Boolean() });
export const PayOrderData = Type.Object({
  bizOrderNo: Type.String(), orderNo: Type.String(), outOrderNo: opt(Type.String()), title: Type.String(), description: opt(Type.String()),
  allocation: Type.Boolean(), autoAllocation: Type.Boolean(), channel: Type.String(), method: Type.String(), amount: yuan,
  refundableBalance: yuan, status: Type.String(), refundStatus: Type.String(), payTime: opt(time), closeTime: opt(time),
  expiredTime: time, attach: opt(Type.String()), errorMsg: opt(Type.String()),
});
export const RefundOrderData = Type.Object({
  orderNo: Type.String(), bizOrderNo: Type.String(), outOrderNo: opt(Type.String()), title: Type.String(), refundNo: Type.String(),
  bizRefundNo: Type.String(), outRefundNo: opt(Type.String()), channel: Type.String(), orderAmount: yuan, amount: yuan,
  reason: opt(Type.String()), finishTime: opt(time), status: Type.String(), attach: opt(Type.String()), errorMsg: opt(Type.String()),
});
export const TransferOrderData = Type.Object({
  bizTransferNo: Type.String(), transferNo: Type.String(), outTransferNo: opt(Type.String()), channel: Type.String(), amount: yuan,
  title: opt(Type.String()), reason: opt(Type.String()), payeeType: Type.String(), payeeAccount: Type.String(), payeeName: opt(Type.String()),
  status: Type.String(), finishTime: opt(time), attach: opt(Type.String()), errorMsg: opt(Type.String()),
});

/** The signed envelope every unipay response has. */
export const Envelope = (data: TSchema) =>
  Type.Object({
    code: Type.Integer({ description: '0 accepted; otherwise an error code' }),
    msg: Type.String(),
    data: Type.Union([data, Type.Null()]),
    sign: opt(Type.String({ description: 'Signature over code, msg, data, resTime, traceId' })),
    resTime: time,
    traceId: Type.String(),
  });

/** `data` of calls that answer nothing. */
export const Nothing = Type.Null();
