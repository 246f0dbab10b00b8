import type { Db } from '../../store/db.ts';
import type { Clock } from '../../core/clock.ts';
import type { PayOrder, RefundOrder, TransferOrder } from '../../core/types.ts';
import { ChannelError, type ChannelAdapter, type PayQueryResult, type PayRequest, type PayResult, type TradeResult } from '../channel.ts';
import { barcodeOutcome, tradeOutcome, type SandboxOutcome } from './outcomes.ts';

/**
 * The built-in sandbox channel. It keeps its own ledger (`sandbox_trades`) the way a provider
 * would, so every gateway instance sees the same "provider" and sync has something to ask.
 * No network, no randomness: outcomes come from the request (see outcomes.ts).
 */
type LedgerStatus = 'WAIT' | 'PAYING' | 'SUCCESS' | 'CLOSED' | 'FAILED' | 'PROCESSING';

export class SandboxChannel implements ChannelAdapter {
  readonly code = 'sandbox' as const;
  readonly methods = ['web', 'wap', 'app', 'qrcode', 'barcode', 'jsapi', 'face'] as const;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  payPageUrl(baseUrl: string, orderNo: string): string {
    return `${baseUrl}/sandbox/pay/${encodeURIComponent(orderNo)}`;
  }

  private async upsert(tradeNo: string, kind: string, status: LedgerStatus, amount: number): Promise<string> {
    const now = this.clock.now();
    const channelTradeNo = 'SB' + tradeNo;
    await this.db
      .insertInto('sandboxTrades')
      .values({ tradeNo, kind, status, amount, channelTradeNo, queries: 0, createdAt: now, updatedAt: now })
      .onConflict((oc) => oc.column('tradeNo').doUpdateSet({ status, amount, updatedAt: now }))
      .execute();
    return channelTradeNo;
  }

  private async read(tradeNo: string) {
    return this.db.selectFrom('sandboxTrades').selectAll().where('tradeNo', '=', tradeNo).executeTakeFirst();
  }

  private async setStatus(tradeNo: string, from: LedgerStatus[], to: LedgerStatus): Promise<boolean> {
    const r = await this.db
      .updateTable('sandboxTrades')
      .set({ status: to, updatedAt: this.clock.now() })
      .where('tradeNo', '=', tradeNo)
      .where('status', 'in', from)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  async pay({ order, extra, baseUrl }: PayRequest): Promise<PayResult> {
    if (order.method === 'barcode' || order.method === 'face') {
      const outcome = barcodeOutcome(String(extra.authCode ?? ''));
      const status: LedgerStatus = outcome === 'progress' ? 'PAYING' : outcome === 'fail' ? 'FAILED' : 'SUCCESS';
      const outOrderNo = await this.upsert(order.orderNo, 'pay', status, order.amount);
      if (outcome === 'timeout') throw new ChannelError('unknown', 'sandbox: reply lost (authCode starting with 4)');
      if (outcome === 'fail') return { status: 'fail', errorMsg: 'sandbox: payer declined, insufficient balance', outOrderNo };
      if (outcome === 'progress') return { status: 'progress', outOrderNo };
      return { status: 'success', outOrderNo, payTime: this.clock.now() };
    }
    const outOrderNo = await this.upsert(order.orderNo, 'pay', 'WAIT', order.amount);
    const url = this.payPageUrl(baseUrl, order.orderNo);
    // Wallet-style methods get client parameters as a JSON string, like the real channels.
    const payBody =
      order.method === 'app' || order.method === 'jsapi'
        ? JSON.stringify({ channel: 'sandbox', orderNo: order.orderNo, prepayId: outOrderNo, payUrl: url })
        : url;
    return { status: 'wait', payBody, outOrderNo };
  }

  async queryPay(order: PayOrder): Promise<PayQueryResult> {
    const t = await this.read(order.orderNo);
    if (!t) return { status: 'not_found' };
    await this.db.updateTable('sandboxTrades').set((eb) => ({ queries: eb('queries', '+', 1) })).where('tradeNo', '=', t.tradeNo).execute();
    // A payer who was entering the password has finished by the time anyone asks.
    if (t.status === 'PAYING' && (await this.setStatus(t.tradeNo, ['PAYING'], 'SUCCESS'))) t.status = 'SUCCESS';
    switch (t.status as LedgerStatus) {
      case 'SUCCESS':
        return { status: 'success', outOrderNo: t.channelTradeNo, payTime: t.updatedAt, amount: t.amount };
      case 'CLOSED':
        return { status: 'close', outOrderNo: t.channelTradeNo };
      case 'FAILED':
        return { status: 'fail', outOrderNo: t.channelTradeNo, errorMsg: 'sandbox: payer declined' };
      case 'PAYING':
        return { status: 'progress', outOrderNo: t.channelTradeNo };
      default:
        return { status: 'wait', outOrderNo: t.channelTradeNo };
    }
  }

  /** The payer's choice on the sandbox pay page; answers what the channel then believes. */
  async payerAction(orderNo: string, action: 'pay' | 'decline'): Promise<PayQueryResult> {
    const t = await this.read(orderNo);
    if (!t) return { status: 'not_found' };
    await this.setStatus(orderNo, ['WAIT', 'PAYING'], action === 'pay' ? 'SUCCESS' : 'FAILED');
    const after = await this.read(orderNo);
    if (after!.status === 'SUCCESS') return { status: 'success', outOrderNo: after!.channelTradeNo, payTime: after!.updatedAt, amount: after!.amount };
    if (after!.status === 'FAILED') return { status: 'fail', outOrderNo: after!.channelTradeNo, errorMsg: 'sandbox: payer declined' };
    return { status: 'close', outOrderNo: after!.channelTradeNo };
  }

  async close(order: PayOrder): Promise<void> {
    await this.closeTrade(order);
  }

  async cancel(order: PayOrder): Promise<void> {
    await this.closeTrade(order);
  }

  private async closeTrade(order: PayOrder): Promise<void> {
    const t = await this.read(order.orderNo);
    if (!t) return; // never reached the channel: nothing to close there
    if (t.status === 'SUCCESS') throw new ChannelError('already_paid', 'sandbox: the order is already paid');
    if (!(await this.setStatus(order.orderNo, ['WAIT', 'PAYING', 'FAILED'], 'CLOSED'))) {
      // The payer acted between the read and the close.
      const now = await this.read(order.orderNo);
      if (now?.status === 'SUCCESS') throw new ChannelError('already_paid', 'sandbox: the order is already paid');
    }
  }

  private async trade(tradeNo: string, kind: string, amount: number, outcome: SandboxOutcome): Promise<TradeResult> {
    const status: LedgerStatus = outcome === 'fail' ? 'FAILED' : outcome === 'progress' ? 'PROCESSING' : 'SUCCESS';
    const outNo = await this.upsert(tradeNo, kind, status, amount);
    if (outcome === 'timeout') throw new ChannelError('unknown', `sandbox: ${kind} reply lost (sandboxOutcome=timeout)`);
    if (outcome === 'fail') return { status: 'fail', errorMsg: `sandbox: ${kind} refused (sandboxOutcome=fail)`, outNo };
    if (outcome === 'progress') return { status: 'progress', outNo };
    return { status: 'success', outNo, finishTime: this.clock.now() };
  }

  private async queryTrade(tradeNo: string, kind: string): Promise<TradeResult> {
    const t = await this.read(tradeNo);
    if (!t) throw new ChannelError('rejected', `sandbox: no such ${kind}`);
    // "progress" trades complete by the time anyone asks.
    if (t.status === 'PROCESSING' && (await this.setStatus(tradeNo, ['PROCESSING'], 'SUCCESS'))) t.status = 'SUCCESS';
    if (t.status === 'SUCCESS') return { status: 'success', outNo: t.channelTradeNo, finishTime: this.clock.now() };
    if (t.status === 'FAILED') return { status: 'fail', outNo: t.channelTradeNo, errorMsg: `sandbox: ${kind} refused` };
    return { status: 'progress', outNo: t.channelTradeNo };
  }

  async refund(r: RefundOrder): Promise<TradeResult> {
    const paid = await this.read(r.orderNo);
    if (!paid || paid.status !== 'SUCCESS') throw new ChannelError('rejected', 'sandbox: the order is not paid');
    return this.trade(r.refundNo, 'refund', r.amount, tradeOutcome(parseExtra(r.extraParam)));
  }

  queryRefund(r: RefundOrder): Promise<TradeResult> {
    return this.queryTrade(r.refundNo, 'refund');
  }

  transfer(t: TransferOrder): Promise<TradeResult> {
    return this.trade(t.transferNo, 'transfer', t.amount, tradeOutcome(parseExtra(t.extraParam)));
  }

  queryTransfer(t: TransferOrder): Promise<TradeResult> {
    return this.queryTrade(t.transferNo, 'transfer');
  }
}

function parseExtra(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' ? v : null;
  } catch {
    return null;
  }
}
