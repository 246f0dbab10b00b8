import { payOrders } from '../../store/payOrders.ts';
import { refundOrders } from '../../store/refundOrders.ts';
import { transferOrders } from '../../store/transferOrders.ts';
import { ErrorCode, PayError } from '../errors.ts';
import type { App, PayOrder, RefundOrder, TransferOrder } from '../types.ts';
import type { CoreContext } from './context.ts';

export async function findPayOrder(ctx: CoreContext, app: App, ref: { orderNo?: string; bizOrderNo?: string; outOrderNo?: string }): Promise<PayOrder> {
  const o = await payOrders.find(ctx.db, app.appId, ref);
  if (!o) throw new PayError(ErrorCode.TRADE_NOT_FOUND, 'pay order not found');
  return o;
}

export async function findRefundOrder(ctx: CoreContext, app: App, ref: { refundNo?: string; bizRefundNo?: string }): Promise<RefundOrder> {
  const r = await refundOrders.find(ctx.db, app.appId, ref);
  if (!r) throw new PayError(ErrorCode.TRADE_NOT_FOUND, 'refund order not found');
  return r;
}

export async function findTransferOrder(ctx: CoreContext, app: App, ref: { transferNo?: string; bizTransferNo?: string }): Promise<TransferOrder> {
  const t = await transferOrders.find(ctx.db, app.appId, ref);
  if (!t) throw new PayError(ErrorCode.TRADE_NOT_FOUND, 'transfer order not found');
  return t;
}
