import { ChannelError, type ChannelAdapter, type PayQueryResult, type PayResult } from '../../channels/channel.ts';
import { payOrders, type PayOrderPatch } from '../../store/payOrders.ts';
import { ErrorCode, invalid, PayError } from '../errors.ts';
import { newNumber } from '../ids.ts';
import { isOpenPay, type App, type ChannelCode, type PayMethod, type PayOrder, type PayStatus } from '../types.ts';
import { adapterFor, callChannel } from './channelAccess.ts';
import { closeAtChannel } from './channelClose.ts';
import type { CoreContext } from './context.ts';
import { changePay } from './transitions.ts';
import { expireOrder } from './expiry.ts';

export interface PayInput {
  bizOrderNo: string;
  title: string;
  description?: string;
  allocation?: boolean;
  autoAllocation?: boolean;
  /** Epoch ms; default now + 24 h. */
  expiredTime?: number;
  channel: ChannelCode;
  method: PayMethod;
  /** Fen. */
  amount: number;
  extra: Record<string, unknown>;
  attach?: string;
  returnUrl?: string;
  quitUrl?: string;
  notifyUrl?: string;
  clientIp?: string;
  /** Where payers' browsers reach this gateway. */
  baseUrl: string;
}

const DAY_MS = 86_400_000;
const SCAN_METHODS: readonly PayMethod[] = ['barcode', 'face'];

/** Fields a resubmission may change (seed 001); everything else keeps the first submission's value. */
function mutableFields(input: PayInput): PayOrderPatch {
  const p: PayOrderPatch = {};
  if (input.attach !== undefined) p.attach = input.attach;
  if (input.returnUrl !== undefined) p.returnUrl = input.returnUrl;
  if (input.notifyUrl !== undefined) p.notifyUrl = input.notifyUrl;
  if (input.clientIp !== undefined) p.clientIp = input.clientIp;
  if (Object.keys(input.extra).length > 0) p.extraParam = JSON.stringify(input.extra);
  return p;
}

/**
 * Creates a pay order (or answers the existing one for a resubmitted bizOrderNo) and asks the
 * channel for the payer's parameters. The order row is committed before the channel is called.
 */
export async function pay(ctx: CoreContext, app: App, input: PayInput): Promise<PayOrder> {
  const adapter = await adapterFor(ctx, app, input.channel, input.method);
  if (SCAN_METHODS.includes(input.method) && !input.extra.authCode) {
    throw invalid('authCode', `is required for method ${input.method} (in extraParam or at top level)`);
  }
  const now = ctx.clock.now();
  const expiredTime = input.expiredTime ?? now + DAY_MS;
  if (expiredTime <= now) throw invalid('expiredTime', 'must be in the future');

  const order: PayOrder = {
    orderNo: newNumber('P', now),
    appId: app.appId,
    mchNo: app.mchNo,
    bizOrderNo: input.bizOrderNo,
    outOrderNo: null,
    title: input.title,
    description: input.description ?? null,
    allocation: input.allocation ?? false,
    autoAllocation: (input.allocation ?? false) && (input.autoAllocation ?? false),
    channel: input.channel,
    method: input.method,
    amount: input.amount,
    refundableBalance: input.amount,
    status: 'wait',
    refundStatus: 'no_refund',
    payBody: null,
    extraParam: Object.keys(input.extra).length > 0 ? JSON.stringify(input.extra) : null,
    attach: input.attach ?? null,
    returnUrl: input.returnUrl ?? null,
    quitUrl: input.quitUrl ?? null,
    notifyUrl: input.notifyUrl ?? null,
    clientIp: input.clientIp ?? null,
    errorMsg: null,
    expiredTime,
    payTime: null,
    closeTime: null,
    syncAt: null,
    syncCount: 0,
    createdAt: now,
    updatedAt: now,
  };
  if (!(await payOrders.insertUnlessExists(ctx.db, order))) {
    // A resubmission (or a concurrent submission that won the insert): answer that order.
    const existing = await payOrders.find(ctx.db, app.appId, { bizOrderNo: input.bizOrderNo });
    if (!existing) throw new Error(`pay order ${input.bizOrderNo} of app ${app.appId} conflicted but cannot be read`);
    return resubmit(ctx, existing, input, adapter);
  }
  return requestPayment(ctx, adapter, order, input);
}

async function resubmit(ctx: CoreContext, order: PayOrder, input: PayInput, adapter: ChannelAdapter): Promise<PayOrder> {
  const now = ctx.clock.now();
  if (!isOpenPay(order.status)) return order;
  if (order.expiredTime <= now) return expireOrder(ctx, order);
  const switching = order.channel !== input.channel || order.method !== input.method;
  if (switching) {
    if (order.status !== 'wait') return order;
    // Switching wallets: the old channel's trade must not stay payable beside the new one.
    const previous = ctx.channels.get(order.channel);
    if (!previous?.close) {
      throw new PayError(ErrorCode.UNSUPPORTED, `the order cannot switch away from ${order.channel}: that channel cannot close its trade`, 'channel');
    }
    try {
      const outcome = await closeAtChannel(ctx, previous, order, 'close');
      if (!outcome.closed) return outcome.order; // paid meanwhile: nothing to switch
    } catch (err) {
      if (err instanceof PayError) throw err;
      throw new PayError(ErrorCode.OPERATION_FAILED, `could not close the order on ${order.channel} before switching: ${(err as Error).message}`);
    }
    const patch: PayOrderPatch = { ...mutableFields(input), channel: input.channel, method: input.method, payBody: null, outOrderNo: null, errorMsg: null };
    // Only from the channel and method just closed: a concurrent switch that won keeps its own.
    if (!(await payOrders.transition(ctx.db, order.orderNo, ['wait'], patch, now, order))) return reread(ctx, order);
    const switched = await payOrders.current(ctx.db, order.orderNo);
    return requestPayment(ctx, adapter, switched, input);
  }
  const patch = mutableFields(input);
  if (Object.keys(patch).length > 0) await payOrders.transition(ctx.db, order.orderNo, ['wait', 'progress'], patch, now);
  const current = await reread(ctx, order);
  // A wallet order whose channel request never got an answer is asked again (channels dedupe by orderNo).
  if (current.status === 'wait' && !current.payBody && !SCAN_METHODS.includes(current.method)) {
    return requestPayment(ctx, adapter, current, input);
  }
  return current;
}

const reread = (ctx: CoreContext, order: PayOrder) => payOrders.current(ctx.db, order.orderNo);

/** Calls the channel for a committed order and records what it said with compare-and-set. */
async function requestPayment(ctx: CoreContext, adapter: ChannelAdapter, order: PayOrder, input: PayInput): Promise<PayOrder> {
  const scan = SCAN_METHODS.includes(order.method);
  let result: PayResult;
  try {
    result = await callChannel(ctx, { channel: order.channel, action: 'pay', tradeNo: order.orderNo }, () =>
      adapter.pay({ order, extra: input.extra, baseUrl: input.baseUrl }),
    );
  } catch (err) {
    const e = err as ChannelError;
    const now = ctx.clock.now();
    if (e.kind !== 'rejected') {
      // The payer's code may have been charged: the order waits for sync, never marked failed on a guess.
      if (scan) await changePay(ctx, order, ['wait'], { status: 'progress', errorMsg: e.message }, { guard: order });
      else {
        await payOrders.transition(ctx.db, order.orderNo, ['wait'], { errorMsg: e.message }, now, order);
        throw new PayError(ErrorCode.OPERATION_FAILED, `channel did not answer (${e.message}); resubmit the same bizOrderNo to retry`);
      }
      return reread(ctx, order);
    }
    // Refused before any money moved.
    if (scan) await changePay(ctx, order, ['wait'], { status: 'fail', errorMsg: e.message }, { inPayAnswer: true, guard: order });
    else {
      await payOrders.transition(ctx.db, order.orderNo, ['wait'], { errorMsg: e.message }, now, order);
      throw new PayError(ErrorCode.OPERATION_FAILED, `channel refused the order: ${e.message}`);
    }
    return reread(ctx, order);
  }
  const [from, patch] = outcomePatch(result);
  // The pay call's own answer: a failure here is told to the caller, not notified.
  if (await changePay(ctx, order, from, patch, { inPayAnswer: true, guard: order })) return { ...order, ...patch, updatedAt: ctx.clock.now() } as PayOrder;
  return reread(ctx, order);
}

/** The compare-and-set that records a channel's answer to a pay request. */
function outcomePatch(result: PayResult): [PayStatus[], PayOrderPatch] {
  switch (result.status) {
    case 'wait':
      return [['wait'], { payBody: result.payBody, outOrderNo: result.outOrderNo ?? null, errorMsg: null }];
    case 'progress':
      return [['wait'], { status: 'progress', outOrderNo: result.outOrderNo ?? null }];
    case 'success':
      return [['wait', 'progress'], { status: 'success', outOrderNo: result.outOrderNo, payTime: result.payTime }];
    case 'fail':
      return [['wait', 'progress'], { status: 'fail', outOrderNo: result.outOrderNo ?? null, errorMsg: result.errorMsg }];
  }
}

/**
 * Applies what a channel says about a pay order (a verified callback, a payer's action in the
 * sandbox, or a sync). The channel is the truth; every change is a compare-and-set.
 * Returns the order as it stands afterwards.
 */
export async function applyChannelPayResult(ctx: CoreContext, order: PayOrder, r: PayQueryResult): Promise<PayOrder> {
  const now = ctx.clock.now();
  switch (r.status) {
    case 'success':
      if (r.amount !== order.amount) {
        ctx.log.error({ orderNo: order.orderNo, channelAmount: r.amount, amount: order.amount }, 'channel reports a different paid amount; order left unchanged');
        throw new PayError(ErrorCode.TRADE_STATUS, 'the channel reports a different amount than the order; left unchanged for review');
      }
      // Paid at the channel wins even over a local close: the money is there.
      await changePay(ctx, order, ['wait', 'progress', 'close', 'cancel', 'fail', 'timeout'], { status: 'success', outOrderNo: r.outOrderNo, payTime: r.payTime, errorMsg: null });
      break;
    case 'close':
      await changePay(ctx, order, ['wait', 'progress'], { status: 'close', closeTime: now, outOrderNo: r.outOrderNo ?? order.outOrderNo });
      break;
    case 'fail':
      await changePay(ctx, order, ['wait', 'progress'], { status: 'fail', errorMsg: r.errorMsg ?? 'failed at the channel' });
      break;
    case 'progress':
      await changePay(ctx, order, ['wait'], { status: 'progress', outOrderNo: r.outOrderNo ?? order.outOrderNo });
      break;
    default:
      break;
  }
  return reread(ctx, order);
}
