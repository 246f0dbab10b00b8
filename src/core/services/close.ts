import { payOrders } from '../../store/payOrders.ts';
import { ErrorCode, PayError } from '../errors.ts';
import { isOpenPay, type App, type PayOrder } from '../types.ts';
import { adapterFor } from './channelAccess.ts';
import { closeAtChannel, type ChannelCloseOutcome } from './channelClose.ts';
import type { CoreContext } from './context.ts';
import { changePay } from './transitions.ts';
import { findPayOrder } from './query.ts';

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
  let outcome: ChannelCloseOutcome;
  try {
    outcome = await closeAtChannel(ctx, adapter, order, target);
  } catch (err) {
    if (err instanceof PayError) throw err;
    throw new PayError(ErrorCode.OPERATION_FAILED, `channel could not ${target} the order: ${(err as Error).message}`);
  }
  if (!outcome.closed) {
    throw new PayError(ErrorCode.TRADE_STATUS, `order is ${outcome.order.status} at the channel; it cannot be ${useCancel ? 'cancelled' : 'closed'}`);
  }
  const now = ctx.clock.now();
  if (!(await changePay(ctx, order, ['wait', 'progress'], { status: target, closeTime: now }))) {
    const current = await payOrders.current(ctx.db, order.orderNo);
    if (current.status !== 'close' && current.status !== 'cancel') {
      throw new PayError(ErrorCode.TRADE_STATUS, `order became ${current.status} meanwhile`);
    }
    return current;
  }
  return await payOrders.current(ctx.db, order.orderNo);
}
