import type { Selectable, Transaction } from 'kysely';
import type { PayOrder, PayStatus, RefundState } from '../core/types.ts';
import type { Db } from './db.ts';
import type { Database, PayOrderTable } from './schema.ts';

type Exec = Db | Transaction<Database>;

const toOrder = (r: Selectable<PayOrderTable>): PayOrder => ({
  ...r,
  allocation: r.allocation === 1,
  autoAllocation: r.autoAllocation === 1,
  channel: r.channel as PayOrder['channel'],
  method: r.method as PayOrder['method'],
  status: r.status as PayStatus,
  refundStatus: r.refundStatus as RefundState,
});

const toRow = (o: PayOrder) => ({ ...o, allocation: o.allocation ? 1 : 0, autoAllocation: o.autoAllocation ? 1 : 0 });

export type PayGuard = Pick<PayOrder, 'channel' | 'method'>;

export type PayOrderPatch = Partial<Pick<PayOrderTable,
  'status' | 'outOrderNo' | 'payBody' | 'errorMsg' | 'payTime' | 'closeTime' | 'channel' | 'method' |
  'extraParam' | 'attach' | 'returnUrl' | 'notifyUrl' | 'clientIp'>>;

/** Pay orders. Every status change goes through `transition`, a compare-and-set on the status. */
export const payOrders = {
  /**
   * Inserts a new order unless the app already has one with its bizOrderNo; answers whether it
   * was inserted. One round trip for the common case instead of a look-up and an insert.
   */
  async insertUnlessExists(db: Exec, o: PayOrder): Promise<boolean> {
    const r = await db
      .insertInto('payOrders')
      .values(toRow(o))
      .onConflict((oc) => oc.columns(['appId', 'bizOrderNo']).doNothing())
      .executeTakeFirst();
    return (r.numInsertedOrUpdatedRows ?? 0n) > 0n;
  },

  async byOrderNo(db: Exec, orderNo: string): Promise<PayOrder | undefined> {
    const r = await db.selectFrom('payOrders').selectAll().where('orderNo', '=', orderNo).executeTakeFirst();
    return r && toOrder(r);
  },

  /** An order known to exist (it was read or written moments ago), as it stands now. */
  async current(db: Exec, orderNo: string): Promise<PayOrder> {
    const o = await payOrders.byOrderNo(db, orderNo);
    if (!o) throw new Error(`pay order ${orderNo} vanished`);
    return o;
  },

  /** Looks an order up by whichever of its numbers the caller has, in the order the dialect documents. */
  async find(db: Exec, appId: string, ref: { orderNo?: string; bizOrderNo?: string; outOrderNo?: string }): Promise<PayOrder | undefined> {
    let q = db.selectFrom('payOrders').selectAll().where('appId', '=', appId);
    if (ref.orderNo) q = q.where('orderNo', '=', ref.orderNo);
    else if (ref.bizOrderNo) q = q.where('bizOrderNo', '=', ref.bizOrderNo);
    else if (ref.outOrderNo) q = q.where('outOrderNo', '=', ref.outOrderNo);
    else return undefined;
    const r = await q.executeTakeFirst();
    return r && toOrder(r);
  },

  /**
   * Compare-and-set: applies `patch` only while the status is one of `from` (and, with `guard`,
   * while the order is still on that channel and method: a wallet switch may have intervened).
   */
  async transition(db: Exec, orderNo: string, from: readonly PayStatus[], patch: PayOrderPatch, now: number, guard?: PayGuard): Promise<boolean> {
    let q = db
      .updateTable('payOrders')
      .set({ ...patch, updatedAt: now })
      .where('orderNo', '=', orderNo)
      .where('status', 'in', from);
    if (guard) q = q.where('channel', '=', guard.channel).where('method', '=', guard.method);
    const r = await q.executeTakeFirst();
    return r.numUpdatedRows > 0n;
  },

  /**
   * Takes the order's row lock for the rest of the transaction (a no-op write, portable to both
   * databases). Refund transactions take it first, so they serialise on the order in one lock order.
   */
  async lock(db: Exec, orderNo: string, now: number): Promise<void> {
    await db.updateTable('payOrders').set({ updatedAt: now }).where('orderNo', '=', orderNo).execute();
  },

  /** Reserves `amount` of the refundable balance; false when the order is not paid or the balance is short. */
  async reserveRefund(db: Exec, orderNo: string, amount: number, now: number): Promise<boolean> {
    const r = await db
      .updateTable('payOrders')
      .set((eb) => ({ refundableBalance: eb('refundableBalance', '-', amount), refundStatus: 'refunding', updatedAt: now }))
      .where('orderNo', '=', orderNo)
      .where('status', '=', 'success')
      .where('refundableBalance', '>=', amount)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  },

  async releaseRefund(db: Exec, orderNo: string, amount: number, now: number): Promise<void> {
    await db
      .updateTable('payOrders')
      .set((eb) => ({ refundableBalance: eb('refundableBalance', '+', amount), updatedAt: now }))
      .where('orderNo', '=', orderNo)
      .execute();
  },

  /** Derives the refund status from the balance and the refunds still in flight. */
  async settleRefundStatus(db: Exec, orderNo: string, now: number): Promise<void> {
    const o = await db.selectFrom('payOrders').select(['amount', 'refundableBalance']).where('orderNo', '=', orderNo).executeTakeFirstOrThrow();
    const inFlight = await db.selectFrom('refundOrders').select('refundNo').where('orderNo', '=', orderNo).where('status', '=', 'progress').limit(1).executeTakeFirst();
    const state: RefundState = inFlight
      ? 'refunding'
      : o.refundableBalance === 0
        ? 'refunded'
        : o.refundableBalance < o.amount
          ? 'partial_refund'
          : 'no_refund';
    await db.updateTable('payOrders').set({ refundStatus: state, updatedAt: now }).where('orderNo', '=', orderNo).execute();
  },

  /** Unpaid orders past their expiry time, oldest first. */
  async dueForExpiry(db: Exec, now: number, limit: number): Promise<PayOrder[]> {
    const rows = await db
      .selectFrom('payOrders')
      .selectAll()
      .where('status', 'in', ['wait', 'progress'])
      .where('expiredTime', '<=', now)
      // One that could not be ended waits out its backoff instead of crowding out the rest.
      .where((eb) => eb.or([eb('syncAt', 'is', null), eb('syncAt', '<=', now)]))
      .orderBy('expiredTime')
      .limit(limit)
      .execute();
    return rows.map(toOrder);
  },
};
