import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import { closeOrder } from '../../core/services/close.ts';
import { pay } from '../../core/services/pay.ts';
import { findPayOrder, findRefundOrder, findTransferOrder } from '../../core/services/query.ts';
import { refund } from '../../core/services/refund.ts';
import { syncPayOrder, syncRefundOrder, syncTransferOrder } from '../../core/services/sync.ts';
import { transfer } from '../../core/services/transfer.ts';
import { amountFen, channelCode, extraParams, httpUrl, localTime, payMethod, requireOneOf } from './inputs.ts';
import { runCall, type Call, type UnipayEnv } from './pipeline.ts';
import * as S from './schemas.ts';
import { payOrderView, refundOrderView, transferOrderView } from './views.ts';

/** The trade, sync and query endpoints of seed 000, with the aliases of PROTOCOLS.md section 1. */
export function registerUnipayRoutes(f: FastifyInstance, env: UnipayEnv): void {
  const { ctx, tz } = env;
  const route = <B>(paths: string[], summary: string, body: TSchema, data: TSchema | null, handler: (call: Call<B>) => Promise<unknown>) => {
    for (const url of paths) {
      // Registered under the plugin's /unipay prefix.
      f.post(url.slice('/unipay'.length), {
        attachValidation: true,
        schema: {
          summary,
          tags: ['unipay'],
          body,
          response: { 200: S.Envelope(data ?? S.Nothing) },
          ...(url !== paths[0] && { description: `Alias of ${paths[0]}.` }),
        },
        handler: (req, reply) => runCall<B>(env, req, reply, handler),
      });
    }
  };

  route<S.PayBody>(['/unipay/pay'], 'Create a pay order (or answer the existing one for a resubmitted bizOrderNo)', S.PayBody, S.PayData, async ({ app, body, numberTexts, baseUrl }) => {
    const order = await pay(ctx, app, {
      bizOrderNo: body.bizOrderNo,
      title: body.title,
      description: body.description,
      allocation: body.allocation,
      autoAllocation: body.autoAllocation,
      expiredTime: localTime(body.expiredTime, 'expiredTime', tz),
      channel: channelCode(body.channel),
      method: payMethod(body.method),
      amount: amountFen(body.amount, numberTexts),
      extra: extraParams(body.extraParam, {
        openId: body.openId,
        authCode: body.authCode,
        terminalNo: body.terminalNo,
        limitPay: body.limitPay,
        otherMethod: body.otherMethod,
      }),
      attach: body.attach,
      returnUrl: httpUrl(body.returnUrl, 'returnUrl'),
      quitUrl: httpUrl(body.quitUrl, 'quitUrl'),
      notifyUrl: httpUrl(body.notifyUrl, 'notifyUrl'),
      clientIp: body.clientIp,
      baseUrl,
    });
    return { bizOrderNo: order.bizOrderNo, orderNo: order.orderNo, status: order.status, payBody: order.payBody };
  });

  route<S.RefundBody>(['/unipay/refund'], 'Refund part or all of a paid order', S.RefundBody, S.RefundData, async ({ app, body, numberTexts }) => {
    requireOneOf(body, ['orderNo', 'bizOrderNo', 'outOrderNo']);
    const r = await refund(ctx, app, {
      bizRefundNo: body.bizRefundNo,
      order: { orderNo: body.orderNo, bizOrderNo: body.bizOrderNo, outOrderNo: body.outOrderNo },
      amount: amountFen(body.amount, numberTexts),
      reason: body.reason,
      attach: body.attach,
      notifyUrl: httpUrl(body.notifyUrl, 'notifyUrl'),
      extra: extraParams(body.extraParam),
    });
    return { refundNo: r.refundNo, bizRefundNo: r.bizRefundNo, status: r.status, errorMsg: r.errorMsg };
  });

  route<S.TransferBody>(['/unipay/transfer'], 'Pay money out to a payee', S.TransferBody, S.TransferData, async ({ app, body, numberTexts }) => {
    const t = await transfer(ctx, app, {
      bizTransferNo: body.bizTransferNo,
      channel: channelCode(body.channel),
      amount: amountFen(body.amount, numberTexts),
      title: body.title,
      reason: body.reason,
      payeeType: body.payeeType,
      payeeAccount: body.payeeAccount,
      payeeName: body.payeeName,
      attach: body.attach,
      notifyUrl: httpUrl(body.notifyUrl, 'notifyUrl'),
      extra: extraParams(body.extraParam),
    });
    return { bizTransferNo: t.bizTransferNo, transferNo: t.transferNo, status: t.status, errorMsg: t.errorMsg };
  });

  route<S.CloseBody>(['/unipay/close'], 'Close (or with useCancel, revoke) an unpaid order', S.CloseBody, null, async ({ app, body }) => {
    requireOneOf(body, ['orderNo', 'bizOrderNo', 'outOrderNo']);
    await closeOrder(ctx, app, body, body.useCancel === true);
    return null;
  });

  route<S.PayOrderRefBody>(['/unipay/syncPay', '/unipay/sync/order/pay', '/unipay/sync/pay'], 'Ask the channel about a pay order and repair the local state', S.PayOrderRefBody, S.SyncData, async ({ app, body }) => {
    requireOneOf(body, ['orderNo', 'bizOrderNo', 'outOrderNo']);
    const { order, adjust } = await syncPayOrder(ctx, app, body);
    return { orderStatus: order.status, adjust };
  });

  route<S.RefundRefBody>(['/unipay/syncRefund', '/unipay/sync/order/refund', '/unipay/sync/refund'], 'Ask the channel about a refund', S.RefundRefBody, S.SyncData, async ({ app, body }) => {
    requireOneOf(body, ['refundNo', 'bizRefundNo']);
    const { order, adjust } = await syncRefundOrder(ctx, app, body);
    return { orderStatus: order.status, adjust };
  });

  route<S.TransferRefBody>(['/unipay/sync/transfer', '/unipay/sync/order/transfer'], 'Ask the channel about a transfer', S.TransferRefBody, S.SyncData, async ({ app, body }) => {
    requireOneOf(body, ['transferNo', 'bizTransferNo']);
    const { order, adjust } = await syncTransferOrder(ctx, app, body);
    return { orderStatus: order.status, adjust };
  });

  route<S.PayOrderRefBody>(['/unipay/query/payOrder'], 'A pay order by any of its numbers', S.PayOrderRefBody, S.PayOrderData, async ({ app, body }) => {
    requireOneOf(body, ['orderNo', 'bizOrderNo', 'outOrderNo']);
    return payOrderView(await findPayOrder(ctx, app, body), tz);
  });

  route<S.RefundRefBody>(['/unipay/query/refundOrder'], 'A refund order by any of its numbers', S.RefundRefBody, S.RefundOrderData, async ({ app, body }) => {
    requireOneOf(body, ['refundNo', 'bizRefundNo']);
    return refundOrderView(await findRefundOrder(ctx, app, body), tz);
  });

  route<S.TransferRefBody>(['/unipay/query/transferOrder'], 'A transfer order by any of its numbers', S.TransferRefBody, S.TransferOrderData, async ({ app, body }) => {
    requireOneOf(body, ['transferNo', 'bizTransferNo']);
    return transferOrderView(await findTransferOrder(ctx, app, body), tz);
  });
}
