import { payOrders, type PayGuard, type PayOrderPatch } from '../../store/payOrders.ts';
import type { PayOrder, PayStatus } from '../types.ts';
import type { CoreContext } from './context.ts';

/**
 * Pay status changes merchants are told about: success, close/cancel, and failure after the pay
 * call answered (a failure in the pay call's own answer is news to nobody).
 */
function isNotable(to: PayStatus | undefined, inPayAnswer: boolean): boolean {
  return to === 'success' || to === 'close' || to === 'cancel' || (to === 'fail' && !inPayAnswer);
}

/**
 * Compare-and-set of a pay order. A notable change is committed together with its notices
 * (transactional outbox); zero rows changed means another writer won and nothing is written.
 */
export async function changePay(
  ctx: CoreContext,
  order: PayOrder,
  from: readonly PayStatus[],
  patch: PayOrderPatch,
  opts: { inPayAnswer?: boolean; guard?: PayGuard } = {},
): Promise<boolean> {
  const now = ctx.clock.now();
  const to = patch.status as PayStatus | undefined;
  if (to === order.status || !isNotable(to, opts.inPayAnswer ?? false)) return payOrders.transition(ctx.db, order.orderNo, from, patch, now, opts.guard);
  // Read before the transaction: SQLite has one connection, held by the transaction.
  const app = await ctx.apps.get(order.appId);
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await payOrders.transition(trx, order.orderNo, from, patch, now, opts.guard))) return false;
    if (app) await ctx.notices.pay(trx, app, (await payOrders.byOrderNo(trx, order.orderNo))!);
    return true;
  });
}
