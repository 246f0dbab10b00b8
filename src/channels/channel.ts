import type { ChannelCode, PayMethod, PayOrder, RefundOrder, TransferOrder } from '../core/types.ts';

/**
 * The one interface every payment channel implements. Optional members are capabilities:
 * an adapter without `refund`, say, cannot refund, and the core answers "unsupported" (20030).
 *
 * Outcomes: a returned result is the channel's word. A thrown `ChannelError` of kind
 * `rejected` means the channel refused and nothing happened; `unknown` (timeouts, network
 * errors, garbled replies) means the outcome is not known and must be asked for later.
 */
export interface ChannelAdapter {
  readonly code: ChannelCode;
  readonly methods: readonly PayMethod[];
  pay(req: PayRequest): Promise<PayResult>;
  queryPay?(order: PayOrder): Promise<PayQueryResult>;
  close?(order: PayOrder): Promise<void>;
  cancel?(order: PayOrder): Promise<void>;
  refund?(refund: RefundOrder): Promise<TradeResult>;
  queryRefund?(refund: RefundOrder): Promise<TradeResult>;
  transfer?(transfer: TransferOrder): Promise<TradeResult>;
  queryTransfer?(transfer: TransferOrder): Promise<TradeResult>;
}

export interface PayRequest {
  order: PayOrder;
  extra: Record<string, unknown>;
  /** Where payers' browsers reach this gateway, for pages the channel hosts here. */
  baseUrl: string;
}

export type PayResult =
  | { status: 'wait'; payBody: string; outOrderNo?: string }
  | { status: 'progress'; outOrderNo?: string }
  | { status: 'success'; outOrderNo: string; payTime: number }
  | { status: 'fail'; errorMsg: string; outOrderNo?: string };

export type PayQueryResult =
  | { status: 'not_found' }
  | { status: 'wait' | 'progress' | 'close' | 'fail'; outOrderNo?: string; errorMsg?: string }
  | { status: 'success'; outOrderNo: string; payTime: number; amount: number };

export type TradeResult =
  | { status: 'progress'; outNo?: string }
  | { status: 'success'; outNo: string; finishTime: number }
  | { status: 'fail'; errorMsg: string; outNo?: string };

export type ChannelErrorKind = 'rejected' | 'unknown' | 'already_paid';

export class ChannelError extends Error {
  constructor(
    readonly kind: ChannelErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

export type Capability = 'queryPay' | 'close' | 'cancel' | 'refund' | 'queryRefund' | 'transfer' | 'queryTransfer';
