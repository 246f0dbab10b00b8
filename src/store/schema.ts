import type { ColumnType, Generated } from 'kysely';

/**
 * Table shapes as Kysely sees them (camelCase; CamelCasePlugin maps to the snake_case columns).
 * Times are epoch milliseconds; flags are 0/1 integers so both databases bind them the same way.
 */
export interface MerchantTable {
  mchNo: string;
  name: string;
  createdAt: number;
}

export interface AppTable {
  appId: string;
  mchNo: string;
  name: string;
  signType: string;
  signSecretEnc: string;
  reqSign: number;
  reqTimeoutSec: number;
  notifyUrl: string | null;
  isDefault: number;
  /** Comma-separated notice types the app's notifyUrl receives: pay, refund, transfer, allocation. */
  subscriptions: Generated<string>;
  createdAt: number;
  updatedAt: number;
}

export interface ChannelConfigTable {
  appId: string;
  channel: string;
  enabled: number;
  /** Channel credentials, sealed with the master key. */
  configEnc: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface PayOrderTable {
  orderNo: string;
  appId: string;
  mchNo: string;
  bizOrderNo: string;
  outOrderNo: string | null;
  title: string;
  description: string | null;
  allocation: number;
  autoAllocation: number;
  channel: string;
  method: string;
  amount: number;
  refundableBalance: number;
  status: string;
  refundStatus: string;
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
  /** When the unknown-outcome sweeper may next ask the channel; its claim is a compare-and-set on this. */
  syncAt: ColumnType<number | null, number | null | undefined, number | null>;
  syncCount: Generated<number>;
  createdAt: number;
  updatedAt: number;
}

export interface RefundOrderTable {
  refundNo: string;
  appId: string;
  mchNo: string;
  orderNo: string;
  bizOrderNo: string;
  outOrderNo: string | null;
  title: string;
  bizRefundNo: string;
  outRefundNo: string | null;
  channel: string;
  orderAmount: number;
  amount: number;
  reason: string | null;
  status: string;
  extraParam: string | null;
  attach: string | null;
  notifyUrl: string | null;
  errorMsg: string | null;
  finishTime: number | null;
  /** When the unknown-outcome sweeper may next ask the channel; its claim is a compare-and-set on this. */
  syncAt: ColumnType<number | null, number | null | undefined, number | null>;
  syncCount: Generated<number>;
  createdAt: number;
  updatedAt: number;
}

export interface TransferOrderTable {
  transferNo: string;
  appId: string;
  mchNo: string;
  bizTransferNo: string;
  outTransferNo: string | null;
  channel: string;
  amount: number;
  title: string | null;
  reason: string | null;
  payeeType: string;
  payeeAccount: string;
  payeeName: string | null;
  status: string;
  extraParam: string | null;
  attach: string | null;
  notifyUrl: string | null;
  errorMsg: string | null;
  finishTime: number | null;
  /** When the unknown-outcome sweeper may next ask the channel; its claim is a compare-and-set on this. */
  syncAt: ColumnType<number | null, number | null | undefined, number | null>;
  syncCount: Generated<number>;
  createdAt: number;
  updatedAt: number;
}

export interface ChannelCallTable {
  id: string;
  channel: string;
  action: string;
  tradeNo: string;
  /** success | progress | fail | unknown */
  outcome: string;
  request: string | null;
  response: string | null;
  error: string | null;
  durationMs: number;
  createdAt: number;
}

/** The sandbox channel's own ledger: what the "provider" believes, shared by every instance. */
export interface SandboxTradeTable {
  tradeNo: string;
  kind: string;
  status: string;
  amount: number;
  channelTradeNo: string;
  /** How many times the channel was asked about it; drives the "progress until sync" outcomes. */
  queries: number;
  createdAt: number;
  updatedAt: number;
}

export interface NotificationTable {
  /** Stable id, carried in the payload (the unipay envelope's traceId) for merchants to dedupe. */
  id: string;
  appId: string;
  /** Which dialect's schedule and success rule apply: unipay, gateway, charges. */
  dialect: string;
  noticeType: string;
  tradeNo: string;
  tradeStatus: string;
  url: string;
  contentType: string;
  body: string;
  /** pending | delivered | failed */
  status: string;
  attempts: number;
  nextAttemptAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  lastError: string | null;
  deliveredAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface NotificationAttemptTable {
  notificationId: string;
  attemptNo: number;
  startedAt: number;
  durationMs: number;
  httpStatus: number | null;
  responseExcerpt: string | null;
  error: string | null;
  success: number;
  worker: string;
}

export interface Database {
  merchants: MerchantTable;
  apps: AppTable;
  channelConfigs: ChannelConfigTable;
  payOrders: PayOrderTable;
  refundOrders: RefundOrderTable;
  transferOrders: TransferOrderTable;
  channelCalls: ChannelCallTable;
  sandboxTrades: SandboxTradeTable;
  notifications: NotificationTable;
  notificationAttempts: NotificationAttemptTable;
}
