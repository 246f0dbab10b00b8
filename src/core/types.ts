/** Domain vocabulary: the values on the wire of the unipay dialect are the core's own. */
export const CHANNELS = ['ali_pay', 'wechat_pay', 'union_pay', 'sandbox'] as const;
export type ChannelCode = (typeof CHANNELS)[number];

export const PAY_METHODS = ['web', 'wap', 'app', 'qrcode', 'barcode', 'jsapi', 'face', 'other'] as const;
export type PayMethod = (typeof PAY_METHODS)[number];

export const PAY_STATUSES = ['wait', 'progress', 'success', 'close', 'cancel', 'fail', 'timeout'] as const;
export type PayStatus = (typeof PAY_STATUSES)[number];

export type RefundState = 'no_refund' | 'refunding' | 'partial_refund' | 'refunded';

/** Refund and transfer orders share one status set. */
export const TRADE_STATUSES = ['progress', 'success', 'close', 'fail'] as const;
export type TradeStatus = (typeof TRADE_STATUSES)[number];

export const PAYEE_TYPES = ['user_id', 'open_id', 'login_name'] as const;
export type PayeeType = (typeof PAYEE_TYPES)[number];

export const NOTICE_TYPES = ['pay', 'refund', 'transfer', 'allocation'] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];

export const SIGN_TYPES = ['md5', 'hmac_sha256', 'sm3'] as const;
export type SignType = (typeof SIGN_TYPES)[number];

/** A pay order still waiting for the payer or the channel. */
export const isOpenPay = (s: PayStatus) => s === 'wait' || s === 'progress';

export interface App {
  appId: string;
  mchNo: string;
  name: string;
  signType: SignType;
  signSecret: string;
  reqSign: boolean;
  reqTimeoutSec: number;
  notifyUrl: string | null;
  isDefault: boolean;
  /** Notice types the app's notifyUrl is subscribed to. */
  subscriptions: NoticeType[];
}

export interface PayOrder {
  orderNo: string;
  appId: string;
  mchNo: string;
  bizOrderNo: string;
  outOrderNo: string | null;
  title: string;
  description: string | null;
  allocation: boolean;
  autoAllocation: boolean;
  channel: ChannelCode;
  method: PayMethod;
  amount: number;
  refundableBalance: number;
  status: PayStatus;
  refundStatus: RefundState;
  payBody: string | null;
  extraParam: string | null;
  attach: string | null;
  returnUrl: string | null;
  quitUrl: string | null;
  notifyUrl: string | null;
  clientIp: string | null;
  errorMsg: string | null;
  expiredTime: number;
  payTime: number | null;
  closeTime: number | null;
  /** When background jobs (expiry, sweeper) may next visit the order, and how often they have. */
  syncAt: number | null;
  syncCount: number;
  createdAt: number;
  updatedAt: number;
}

export interface RefundOrder {
  refundNo: string;
  appId: string;
  mchNo: string;
  orderNo: string;
  bizOrderNo: string;
  outOrderNo: string | null;
  title: string;
  bizRefundNo: string;
  outRefundNo: string | null;
  channel: ChannelCode;
  orderAmount: number;
  amount: number;
  reason: string | null;
  status: TradeStatus;
  extraParam: string | null;
  attach: string | null;
  notifyUrl: string | null;
  errorMsg: string | null;
  finishTime: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface TransferOrder {
  transferNo: string;
  appId: string;
  mchNo: string;
  bizTransferNo: string;
  outTransferNo: string | null;
  channel: ChannelCode;
  amount: number;
  title: string | null;
  reason: string | null;
  payeeType: PayeeType;
  payeeAccount: string;
  payeeName: string | null;
  status: TradeStatus;
  extraParam: string | null;
  attach: string | null;
  notifyUrl: string | null;
  errorMsg: string | null;
  finishTime: number | null;
  createdAt: number;
  updatedAt: number;
}
