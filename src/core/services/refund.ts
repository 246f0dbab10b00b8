import type { TradeResult } from '../../channels/channel.ts';
import { isUniqueViolation } from '../../store/db.ts';
import { payOrders } from '../../store/payOrders.ts';
import { refundOrders } from '../../store/refundOrders.ts';
import { ErrorCode, PayError } from '../errors.ts';
import { newNumber } from '../ids.ts';
import type { App, RefundOrder } from '../types.ts';
import { adapterFor, callChannel, capability } from './channelAccess.ts';
import type { PayOrderRef } from './close.ts';
import type { CoreContext } from './context.ts';
import { findPayOrder } from './query.ts';

export interface RefundInput {
  bizRefundNo: string;
  order: PayOrderRef;
  /** Fen. */
  amount: number;
  reason?: string;
  attach?: string;
  notifyUrl?: string;
  extra: Record<string, unknown>;
}

/**
 * Refunds part or all of a paid order. The amount is reserved from the order's refundable
 * balance by compare-and-set in the same transaction that records the refund, so successful and
 * in-flight refunds together never exceed what was paid; a refusal gives the amount back.
 */
export async function refund(ctx: CoreContext, app: App, input: RefundInput): Promise<RefundOrder> {
  const existing = await refundOrders.find(ctx.db, app.appId, { bizRefundNo: input.bizRefundNo });
  if (existing) return existing;
  const order = await findPayOrder(ctx, app, input.order);
  if (order.status !== 'success') throw new PayError(ErrorCode.TRADE_STATUS, `order is ${order.status}; only paid orders can be refunded`);
  if (input.amount > order.refundableBalance) {
    throw new PayError(ErrorCode.AMOUNT_OVER_LIMIT, `exceeds the refundable balance of ${(order.refundableBalance / 100).toFixed(2)}`, 'amount');
  }
  const adapter = await adapterFor(ctx, app, order.channel);
  const call = capability(adapter, 'refund');

  const now = ctx.clock.now();
  const row: RefundOrder = {
    refundNo: newNumber('R', now),
    appId: app.appId,
    mchNo: app.mchNo,
    orderNo: order.orderNo,
    bizOrderNo: order.bizOrderNo,
    outOrderNo: order.outOrderNo,
    title: order.title,
    bizRefundNo: input.bizRefundNo,
    outRefundNo: null,
    channel: order.channel,
    orderAmount: order.amount,
    amount: input.amount,
    reason: input.reason ?? null,
    status: 'progress',
    extraParam: Object.keys(input.extra).length > 0 ? JSON.stringify(input.extra) : null,
    attach: input.attach ?? null,
    notifyUrl: input.notifyUrl ?? null,
    errorMsg: null,
    finishTime: null,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await ctx.db.transaction().execute(async (trx) => {
      if (!(await payOrders.reserveRefund(trx, order.orderNo, input.amount, now))) {
        throw new PayError(ErrorCode.AMOUNT_OVER_LIMIT, 'exceeds the refundable balance', 'amount');
      }
      await refundOrders.insert(trx, row);
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // The same bizRefundNo was submitted concurrently; the rollback returned our reservation.
    return (await refundOrders.find(ctx.db, app.appId, { bizRefundNo: input.bizRefundNo }))!;
  }

  let result: TradeResult;
  try {
    result = await callChannel(ctx, { channel: row.channel, action: 'refund', tradeNo: row.refundNo }, () => call(row));
  } catch (err) {
    const e = err as { kind?: string; message: string };
    if (e.kind !== 'rejected') return row; // unknown outcome: stays in progress until sync says otherwise
    result = { status: 'fail', errorMsg: e.message };
  }
  return settleRefund(ctx, row, result);
}

/** Records a channel's word on a refund in progress; a failure releases the reserved amount. */
export async function settleRefund(ctx: CoreContext, refund: RefundOrder, r: TradeResult): Promise<RefundOrder> {
  const now = ctx.clock.now();
  if (r.status === 'progress') {
    if (r.outNo && !refund.outRefundNo) await refundOrders.transition(ctx.db, refund.refundNo, 'progress', { outRefundNo: r.outNo }, now);
  } else {
    const app = await ctx.apps.get(refund.appId); // before the transaction: SQLite has one connection
    await ctx.db.transaction().execute(async (trx) => {
      await payOrders.lock(trx, refund.orderNo, now);
      const patch = r.status === 'success'
        ? { status: 'success', outRefundNo: r.outNo, finishTime: r.finishTime, errorMsg: null }
        : { status: 'fail', outRefundNo: r.outNo ?? refund.outRefundNo, finishTime: now, errorMsg: r.errorMsg };
      if (!(await refundOrders.transition(trx, refund.refundNo, 'progress', patch, now))) return;
      if (r.status === 'fail') await payOrders.releaseRefund(trx, refund.orderNo, refund.amount, now);
      await payOrders.settleRefundStatus(trx, refund.orderNo, now);
      if (app) await ctx.notices.refund(trx, app, (await refundOrders.find(trx, refund.appId, { refundNo: refund.refundNo }))!);
    });
  }
  return (await refundOrders.find(ctx.db, refund.appId, { refundNo: refund.refundNo }))!;
}
