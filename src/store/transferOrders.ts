import type { Selectable, Transaction } from 'kysely';
import type { TradeStatus, TransferOrder } from '../core/types.ts';
import type { Db } from './db.ts';
import type { Database, TransferOrderTable } from './schema.ts';

type Exec = Db | Transaction<Database>;
const toTransfer = (r: Selectable<TransferOrderTable>): TransferOrder => r as TransferOrder;

export type TransferPatch = Partial<Pick<TransferOrderTable, 'status' | 'errorMsg' | 'finishTime' | 'outTransferNo'>>;

export const transferOrders = {
  async insert(db: Exec, t: TransferOrder): Promise<void> {
    await db.insertInto('transferOrders').values(t).execute();
  },

  async find(db: Exec, appId: string, ref: { transferNo?: string; bizTransferNo?: string }): Promise<TransferOrder | undefined> {
    let q = db.selectFrom('transferOrders').selectAll().where('appId', '=', appId);
    if (ref.transferNo) q = q.where('transferNo', '=', ref.transferNo);
    else if (ref.bizTransferNo) q = q.where('bizTransferNo', '=', ref.bizTransferNo);
    else return undefined;
    const r = await q.executeTakeFirst();
    return r && toTransfer(r);
  },

  async transition(db: Exec, transferNo: string, from: TradeStatus, patch: TransferPatch, now: number): Promise<boolean> {
    const r = await db
      .updateTable('transferOrders')
      .set({ ...patch, updatedAt: now })
      .where('transferNo', '=', transferNo)
      .where('status', '=', from)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  },
};
