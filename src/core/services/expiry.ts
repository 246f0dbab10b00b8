import { ChannelError } from '../../channels/channel.ts';
import { payOrders } from '../../store/payOrders.ts';
import type { PayOrder } from '../types.ts';
import { callChannel } from './channelAccess.ts';
import type { CoreContext } from './context.ts';
import { changePay } from './transitions.ts';
import { applyChannelPayResult } from './pay.ts';

/**
 * Ends an unpaid order whose time is up. A waiting order is closed at the channel first (where
 * the channel can close), then locally by compare-and-set; an order in progress is only synced,
 * because its payer may have paid and only the channel knows.
 */
export async function expireOrder(ctx: CoreContext, order: PayOrder): Promise<PayOrder> {
  const adapter = ctx.channels.get(order.channel);
  if (order.status === 'progress') {
    if (!adapter?.queryPay) return order;
    try {
      const r = await callChannel(ctx, { channel: order.channel, action: 'queryPay', tradeNo: order.orderNo }, () => adapter.queryPay!(order));
      return await applyChannelPayResult(ctx, order, r);
    } catch {
      return order; // asked again on the next sweep
    }
  }
  if (adapter?.close) {
    try {
      await callChannel(ctx, { channel: order.channel, action: 'close', tradeNo: order.orderNo }, () => adapter.close!(order));
    } catch (err) {
      if (err instanceof ChannelError && err.kind === 'already_paid' && adapter.queryPay) {
        const r = await callChannel(ctx, { channel: order.channel, action: 'queryPay', tradeNo: order.orderNo }, () => adapter.queryPay!(order));
        return applyChannelPayResult(ctx, order, r);
      }
      return order;
    }
  }
  const now = ctx.clock.now();
  await changePay(ctx, order, ['wait'], { status: 'close', closeTime: now, errorMsg: 'expired' });
  return (await payOrders.byOrderNo(ctx.db, order.orderNo))!;
}

/** One sweep over orders past their expiry time; returns how many were looked at. */
export async function expireDueOrders(ctx: CoreContext, limit = 100): Promise<number> {
  const due = await payOrders.dueForExpiry(ctx.db, ctx.clock.now(), limit);
  for (const order of due) {
    try {
      await expireOrder(ctx, order);
    } catch (err) {
      ctx.log.warn({ err, orderNo: order.orderNo }, 'expiry of order failed; retried on the next sweep');
    }
  }
  return due.length;
}
