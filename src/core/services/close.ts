import { ChannelError } from '../../channels/channel.ts';
import { payOrders } from '../../store/payOrders.ts';
import { ErrorCode, PayError } from '../errors.ts';
import { isOpenPay, type App, type PayOrder } from '../types.ts';
import { adapterFor, callChannel, capability } from './channelAccess.ts';
import type { CoreContext } from './context.ts';
import { changePay } from './transitions.ts';
import { findPayOrder } from './query.ts';
import { syncPayOrder } from './sync.ts';

export type PayOrderRef = { orderNo?: string; bizOrderNo?: string; outOrderNo?: string };

/** Closes (or, with `useCancel`, revokes) an unpaid order: the channel first, then our row. */
export async function closeOrder(ctx: CoreContext, app: App, ref: PayOrderRef, useCancel: boolean): Promise<PayOrder> {
  const order = await findPayOrder(ctx, app, ref);
  const target = useCancel ? 'cancel' : 'close';
  if (order.status === 'close' || order.status === 'cancel') return order;
  if (!isOpenPay(order.status)) {
    throw new PayError(ErrorCode.TRADE_STATUS, `order is ${order.status}; only unpaid orders can be ${useCancel ? 'cancelled' : 'closed'}${order.status === 'success' ? ' (refund it instead)' : ''}`);
  }
  const adapter = await adapterFor(ctx, app, order.channel);
  const fn = capability(adapter, target);
  try {
    await callChannel(ctx, { channel: order.channel, action: target, tradeNo: order.orderNo }, () => fn(order));
  } catch (err) {
    if (err instanceof ChannelError && err.kind === 'already_paid') {
      const synced = await syncPayOrder(ctx, app, { orderNo: order.orderNo });
      throw new PayError(ErrorCode.TRADE_STATUS, `order is ${synced.order.status} at the channel; it cannot be ${useCancel ? 'cancelled' : 'closed'}`);
    }
    throw new PayError(ErrorCode.OPERATION_FAILED, `channel could not ${target} the order: ${(err as Error).message}`);
  }
  const now = ctx.clock.now();
  if (!(await changePay(ctx, order, ['wait', 'progress'], { status: target, closeTime: now }))) {
    const current = (await payOrders.byOrderNo(ctx.db, order.orderNo))!;
    if (current.status !== 'close' && current.status !== 'cancel') {
      throw new PayError(ErrorCode.TRADE_STATUS, `order became ${current.status} meanwhile`);
    }
    return current;
  }
  return (await payOrders.byOrderNo(ctx.db, order.orderNo))!;
}
