import { payOrders } from '../../store/payOrders.ts';
import { claimVisit } from '../../store/sweepClaims.ts';
import type { PayOrder } from '../types.ts';
import { callChannel } from './channelAccess.ts';
import { closeAtChannel } from './channelClose.ts';
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
      order = await applyChannelPayResult(ctx, order, r);
      // Still open at the channel and nobody paying: close it like a waiting order.
      if (!(order.status === 'progress' && r.status === 'wait')) return order;
    } catch {
      return order; // asked again after its backoff
    }
  }
  if (adapter?.close) {
    try {
      const outcome = await closeAtChannel(ctx, adapter, order, 'close');
      if (!outcome.closed) return outcome.order;
    } catch {
      return order; // visited again after its backoff
    }
  }
  const now = ctx.clock.now();
  await changePay(ctx, order, ['wait', 'progress'], { status: 'close', closeTime: now, errorMsg: 'expired' });
  return await payOrders.current(ctx.db, order.orderNo);
}

/**
 * One sweep over orders past their expiry time; returns how many were looked at. Each visit is
 * claimed first (claimVisit), so instances do not close the same order at once, and an order
 * that cannot be ended yet is looked at again only after its backoff.
 */
export async function expireDueOrders(ctx: CoreContext, limit = 100): Promise<number> {
  const now = ctx.clock.now();
  const due = await payOrders.dueForExpiry(ctx.db, now, limit);
  let visited = 0;
  for (const order of due) {
    if (!(await claimVisit(ctx.db, 'payOrders', order.orderNo, order, now))) continue;
    visited++;
    try {
      await expireOrder(ctx, order);
    } catch (err) {
      ctx.log.warn({ err, orderNo: order.orderNo }, 'expiry of order failed; retried after its backoff');
    }
  }
  return visited;
}
