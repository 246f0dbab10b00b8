import { fenToYuan } from '../../core/money.ts';
import type { ZonedTime } from '../../core/time.ts';
import type { PayOrder, RefundOrder, TransferOrder } from '../../core/types.ts';

/** Core records to the unipay dialect's `data` objects (null members are dropped on the wire). */
export function payOrderView(o: PayOrder, tz: ZonedTime) {
  return {
    bizOrderNo: o.bizOrderNo,
    orderNo: o.orderNo,
    outOrderNo: o.outOrderNo,
    title: o.title,
    description: o.description,
    allocation: o.allocation,
    autoAllocation: o.autoAllocation,
    channel: o.channel,
    method: o.method,
    amount: fenToYuan(o.amount),
    refundableBalance: fenToYuan(o.refundableBalance),
    status: o.status,
    refundStatus: o.refundStatus,
    payTime: o.payTime === null ? null : tz.format(o.payTime),
    closeTime: o.closeTime === null ? null : tz.format(o.closeTime),
    expiredTime: tz.format(o.expiredTime),
    attach: o.attach,
    errorMsg: o.errorMsg,
  };
}

export function refundOrderView(r: RefundOrder, tz: ZonedTime) {
  return {
    orderNo: r.orderNo,
    bizOrderNo: r.bizOrderNo,
    outOrderNo: r.outOrderNo,
    title: r.title,
    refundNo: r.refundNo,
    bizRefundNo: r.bizRefundNo,
    outRefundNo: r.outRefundNo,
    channel: r.channel,
    orderAmount: fenToYuan(r.orderAmount),
    amount: fenToYuan(r.amount),
    reason: r.reason,
    finishTime: r.finishTime === null ? null : tz.format(r.finishTime),
    status: r.status,
    attach: r.attach,
    errorMsg: r.errorMsg,
  };
}

export function transferOrderView(t: TransferOrder, tz: ZonedTime) {
  return {
    bizTransferNo: t.bizTransferNo,
    transferNo: t.transferNo,
    outTransferNo: t.outTransferNo,
    channel: t.channel,
    amount: fenToYuan(t.amount),
    title: t.title,
    reason: t.reason,
    payeeType: t.payeeType,
    payeeAccount: t.payeeAccount,
    payeeName: t.payeeName,
    status: t.status,
    finishTime: t.finishTime === null ? null : tz.format(t.finishTime),
    attach: t.attach,
    errorMsg: t.errorMsg,
  };
}
