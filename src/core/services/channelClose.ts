import { ChannelError, type ChannelAdapter } from '../../channels/channel.ts';
import { ErrorCode, PayError } from '../errors.ts';
import type { PayOrder } from '../types.ts';
import { callChannel } from './channelAccess.ts';
import type { CoreContext } from './context.ts';
import { applyChannelPayResult } from './pay.ts';

export type ChannelCloseOutcome = { closed: true } | { closed: false; order: PayOrder };

/**
 * Closes (or cancels) an order's trade at its channel. When the channel answers that the trade
 * is already paid, it is asked for the payment, which is recorded, and the order is returned as
 * it now stands. Any other failure throws.
 */
export async function closeAtChannel(ctx: CoreContext, adapter: ChannelAdapter, order: PayOrder, action: 'close' | 'cancel'): Promise<ChannelCloseOutcome> {
  const fn = adapter[action];
  if (!fn) throw new PayError(ErrorCode.UNSUPPORTED, `channel ${adapter.code} does not support ${action}`);
  try {
    await callChannel(ctx, { channel: order.channel, action, tradeNo: order.orderNo }, () => fn.call(adapter, order));
    return { closed: true };
  } catch (err) {
    if (!(err instanceof ChannelError && err.kind === 'already_paid')) throw err;
    if (!adapter.queryPay) throw new PayError(ErrorCode.TRADE_STATUS, `the order is already paid at ${adapter.code}`);
    const r = await callChannel(ctx, { channel: order.channel, action: 'queryPay', tradeNo: order.orderNo }, () => adapter.queryPay!(order));
    return { closed: false, order: await applyChannelPayResult(ctx, order, r) };
  }
}
