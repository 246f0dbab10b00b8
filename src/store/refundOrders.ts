import type { Selectable, Transaction } from 'kysely';
import type { RefundOrder, TradeStatus } from '../core/types.ts';
import type { Db } from './db.ts';
import type { Database, RefundOrderTable } from './schema.ts';

type Exec = Db | Transaction<Database>;
const toRefund = (r: Selectable<RefundOrderTable>): RefundOrder => r as RefundOrder;

export type TradePatch = Partial<Pick<RefundOrderTable, 'status' | 'errorMsg' | 'finishTime' | 'outRefundNo'>>;

export const refundOrders = {
  async insert(db: Exec, r: RefundOrder): Promise<void> {
    await db.insertInto('refundOrders').values(r).execute();
  },

  async find(db: Exec, appId: string, ref: { refundNo?: string; bizRefundNo?: string }): Promise<RefundOrder | undefined> {
    let q = db.selectFrom('refundOrders').selectAll().where('appId', '=', appId);
    if (ref.refundNo) q = q.where('refundNo', '=', ref.refundNo);
    else if (ref.bizRefundNo) q = q.where('bizRefundNo', '=', ref.bizRefundNo);
    else return undefined;
    const r = await q.executeTakeFirst();
    return r && toRefund(r);
  },

  async transition(db: Exec, refundNo: string, from: TradeStatus, patch: TradePatch, now: number): Promise<boolean> {
    const r = await db
      .updateTable('refundOrders')
      .set({ ...patch, updatedAt: now })
      .where('refundNo', '=', refundNo)
      .where('status', '=', from)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  },
};
