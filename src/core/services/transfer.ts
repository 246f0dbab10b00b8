import type { TradeResult } from '../../channels/channel.ts';
import { isUniqueViolation } from '../../store/db.ts';
import { transferOrders } from '../../store/transferOrders.ts';
import { newNumber } from '../ids.ts';
import type { App, ChannelCode, PayeeType, TransferOrder } from '../types.ts';
import { adapterFor, callChannel, capability } from './channelAccess.ts';
import type { CoreContext } from './context.ts';

export interface TransferInput {
  bizTransferNo: string;
  channel: ChannelCode;
  /** Fen. */
  amount: number;
  title?: string;
  reason?: string;
  payeeType: PayeeType;
  payeeAccount: string;
  payeeName?: string;
  attach?: string;
  notifyUrl?: string;
  extra: Record<string, unknown>;
}

/** Pays money out to a payee. Recorded as in progress before the channel is called. */
export async function transfer(ctx: CoreContext, app: App, input: TransferInput): Promise<TransferOrder> {
  const existing = await transferOrders.find(ctx.db, app.appId, { bizTransferNo: input.bizTransferNo });
  if (existing) return existing;
  const adapter = await adapterFor(ctx, app, input.channel);
  const call = capability(adapter, 'transfer');
  const now = ctx.clock.now();
  const row: TransferOrder = {
    transferNo: newNumber('T', now),
    appId: app.appId,
    mchNo: app.mchNo,
    bizTransferNo: input.bizTransferNo,
    outTransferNo: null,
    channel: input.channel,
    amount: input.amount,
    title: input.title ?? null,
    reason: input.reason ?? null,
    payeeType: input.payeeType,
    payeeAccount: input.payeeAccount,
    payeeName: input.payeeName ?? null,
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
    await transferOrders.insert(ctx.db, row);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return (await transferOrders.find(ctx.db, app.appId, { bizTransferNo: input.bizTransferNo }))!;
  }
  let result: TradeResult;
  try {
    result = await callChannel(ctx, { channel: row.channel, action: 'transfer', tradeNo: row.transferNo }, () => call(row));
  } catch (err) {
    const e = err as { kind?: string; message: string };
    if (e.kind !== 'rejected') return row; // unknown outcome: stays in progress
    result = { status: 'fail', errorMsg: e.message };
  }
  return settleTransfer(ctx, row, result);
}

/** Records a channel's word on a transfer in progress by compare-and-set. */
export async function settleTransfer(ctx: CoreContext, t: TransferOrder, r: TradeResult): Promise<TransferOrder> {
  const now = ctx.clock.now();
  if (r.status === 'progress') {
    if (r.outNo && !t.outTransferNo) await transferOrders.transition(ctx.db, t.transferNo, 'progress', { outTransferNo: r.outNo }, now);
  } else {
    const patch =
      r.status === 'success'
        ? { status: 'success', outTransferNo: r.outNo, finishTime: r.finishTime, errorMsg: null }
        : { status: 'fail', outTransferNo: r.outNo ?? t.outTransferNo, finishTime: now, errorMsg: r.errorMsg };
    const app = await ctx.apps.get(t.appId); // before the transaction: SQLite has one connection
    await ctx.db.transaction().execute(async (trx) => {
      if (!(await transferOrders.transition(trx, t.transferNo, 'progress', patch, now))) return;
      if (app) await ctx.notices.transfer(trx, app, (await transferOrders.find(trx, t.appId, { transferNo: t.transferNo }))!);
    });
  }
  return (await transferOrders.find(ctx.db, t.appId, { transferNo: t.transferNo }))!;
}
