import { payOrders } from '../../store/payOrders.ts';
import type { App, PayOrder, RefundOrder, TransferOrder } from '../types.ts';
import { adapterFor, callChannel, capability } from './channelAccess.ts';
import type { PayOrderRef } from './close.ts';
import type { CoreContext } from './context.ts';
import { changePay } from './transitions.ts';
import { applyChannelPayResult } from './pay.ts';
import { findPayOrder, findRefundOrder, findTransferOrder } from './query.ts';
import { settleRefund } from './refund.ts';
import { settleTransfer } from './transfer.ts';

export interface Synced<T> {
  order: T;
  /** Whether asking the channel changed the local state. */
  adjust: boolean;
}

/** Asks the channel for the truth about a pay order and repairs the local state. */
export async function syncPayOrder(ctx: CoreContext, app: App, ref: PayOrderRef): Promise<Synced<PayOrder>> {
  const order = await findPayOrder(ctx, app, ref);
  const adapter = await adapterFor(ctx, app, order.channel);
  const query = capability(adapter, 'queryPay');
  const r = await callChannel(ctx, { channel: order.channel, action: 'queryPay', tradeNo: order.orderNo }, () => query(order));
  let after = await applyChannelPayResult(ctx, order, r);
  // Nothing at the channel and past its time: the order can never be paid.
  if (r.status === 'not_found' && after.status === 'wait' && after.expiredTime <= ctx.clock.now()) {
    const now = ctx.clock.now();
    await changePay(ctx, after, ['wait'], { status: 'close', closeTime: now, errorMsg: 'expired' });
    after = await payOrders.current(ctx.db, after.orderNo);
  }
  return { order: after, adjust: after.status !== order.status };
}

export async function syncRefundOrder(ctx: CoreContext, app: App, ref: { refundNo?: string; bizRefundNo?: string }): Promise<Synced<RefundOrder>> {
  const refund = await findRefundOrder(ctx, app, ref);
  if (refund.status !== 'progress') return { order: refund, adjust: false };
  const adapter = await adapterFor(ctx, app, refund.channel);
  const query = capability(adapter, 'queryRefund');
  const r = await callChannel(ctx, { channel: refund.channel, action: 'queryRefund', tradeNo: refund.refundNo }, () => query(refund));
  const after = await settleRefund(ctx, refund, r);
  return { order: after, adjust: after.status !== refund.status };
}

export async function syncTransferOrder(ctx: CoreContext, app: App, ref: { transferNo?: string; bizTransferNo?: string }): Promise<Synced<TransferOrder>> {
  const t = await findTransferOrder(ctx, app, ref);
  if (t.status !== 'progress') return { order: t, adjust: false };
  const adapter = await adapterFor(ctx, app, t.channel);
  const query = capability(adapter, 'queryTransfer');
  const r = await callChannel(ctx, { channel: t.channel, action: 'queryTransfer', tradeNo: t.transferNo }, () => query(t));
  const after = await settleTransfer(ctx, t, r);
  return { order: after, adjust: after.status !== t.status };
}
