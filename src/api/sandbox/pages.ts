import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { SandboxChannel } from '../../channels/sandbox/adapter.ts';
import { fenToYuan } from '../../core/money.ts';
import type { CoreContext } from '../../core/services/context.ts';
import { applyChannelPayResult } from '../../core/services/pay.ts';
import { isOpenPay } from '../../core/types.ts';
import { payOrders } from '../../store/payOrders.ts';
import { html, type SafeHtml } from '../html.ts';

/**
 * The sandbox payer page: what a payer would see in a wallet. "Pay" and "Decline" change the
 * sandbox's own ledger, and the gateway then hears about it as it would hear a channel callback.
 */
export async function sandboxPages(f: FastifyInstance, opts: { ctx: CoreContext; sandbox: SandboxChannel }): Promise<void> {
  const { ctx, sandbox } = opts;
  await f.register(formbody);

  const page = (title: string, body: SafeHtml) =>
    html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title><style>
body{font-family:system-ui,"WenQuanYi Micro Hei",sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
.card{border:1px solid #ddd;border-radius:12px;padding:1.5rem}.amount{font-size:2.2rem;font-weight:600;margin:.5rem 0}
.muted{color:#666;font-size:.9rem}button{font-size:1rem;padding:.7rem 1.4rem;border-radius:8px;border:0;cursor:pointer;margin-right:.5rem}
.pay{background:#1677ff;color:#fff}.decline{background:#eee}.status{font-weight:600}</style></head>
<body><div class="card"><p class="muted">UniPay sandbox wallet — no real money moves</p>${body}</div></body></html>`.value;

  const order = (orderNo: string) => payOrders.byOrderNo(ctx.db, orderNo);

  f.get<{ Params: { orderNo: string } }>('/sandbox/pay/:orderNo', async (req, reply) => {
    const o = await order(req.params.orderNo);
    reply.type('text/html; charset=utf-8');
    if (!o || o.channel !== 'sandbox') return reply.code(404).send(page('Not found', html`<h1>No such sandbox order</h1>`));
    const expired = isOpenPay(o.status) && o.expiredTime <= ctx.clock.now();
    const body = html`<h1>${o.title}</h1>
<div class="amount" data-testid="amount">¥${fenToYuan(o.amount).toFixed(2)}</div>
<p class="muted">Order ${o.orderNo}</p>
<p>Status: <span class="status" data-testid="status">${expired ? 'expired' : o.status}</span></p>
${o.status === 'wait' && !expired
  ? html`<form method="post" action="/sandbox/pay/${o.orderNo}/pay" style="display:inline"><button class="pay" type="submit">Pay</button></form>
<form method="post" action="/sandbox/pay/${o.orderNo}/decline" style="display:inline"><button class="decline" type="submit">Decline</button></form>`
  : ''}
${o.returnUrl && !isOpenPay(o.status) ? html`<p><a href="${o.returnUrl}">Back to the merchant</a></p>` : ''}`;
    return reply.send(page(`Pay ¥${fenToYuan(o.amount).toFixed(2)}`, body));
  });

  f.post<{ Params: { orderNo: string; action: string } }>('/sandbox/pay/:orderNo/:action', async (req, reply) => {
    const { orderNo, action } = req.params;
    if (action !== 'pay' && action !== 'decline') return reply.code(404).send({ error: 'unknown action' });
    const o = await order(orderNo);
    if (!o || o.channel !== 'sandbox') return reply.code(404).send({ error: 'no such sandbox order' });
    if (o.status === 'wait' && o.expiredTime > ctx.clock.now()) {
      const result = await sandbox.payerAction(orderNo, action);
      await applyChannelPayResult(ctx, o, result);
    }
    return reply.redirect(`/sandbox/pay/${encodeURIComponent(orderNo)}`, 303);
  });
}
