import type { App } from './core/types.ts';
import type { CoreContext } from './core/services/context.ts';
import { createApp } from './core/services/apps.ts';
import type { ZonedTime } from './core/time.ts';
import { signFields } from './signing/canonical.ts';

const DEMO_NAME = 'Demo shop';

/**
 * The demo app `npm start` creates on first start: default app, sandbox channel, md5 signing.
 * Undefined when an operator made another app the default: its secret is not the demo's to print.
 */
export async function ensureDemoApp(ctx: CoreContext): Promise<App | undefined> {
  const existing = await ctx.apps.getDefault();
  if (existing) return existing.name === DEMO_NAME ? existing : undefined;
  const created = await createApp(ctx, { name: DEMO_NAME, signType: 'md5', channels: ['sandbox'], isDefault: true });
  return (await ctx.apps.get(created.appId))!;
}

/** What a newcomer needs to make a first signed call, printed to the terminal (not the log). */
export function demoBanner(app: App, tz: ZonedTime, now: number, base: string): string {
  const body: Record<string, unknown> = {
    appId: app.appId,
    bizOrderNo: `DEMO-${now}`,
    title: 'Demo coffee',
    amount: '0.01',
    channel: 'sandbox',
    method: 'qrcode',
    reqTime: tz.format(now),
  };
  body.sign = signFields(body, app.signType, app.signSecret);
  return [
    '',
    'UniPay is running with a demo app on the sandbox channel.',
    `  appId:      ${app.appId}`,
    `  mchNo:      ${app.mchNo}`,
    `  signType:   ${app.signType}`,
    `  signSecret: ${app.signSecret}`,
    `  API docs:   ${base}/docs`,
    '',
    'Create a pay order (this signed example is valid for 5 minutes):',
    `  curl -s ${base}/unipay/pay -H 'Content-Type: application/json' -d '${JSON.stringify(body)}'`,
    'then open the payBody URL it returns and press Pay. See README.md for signing your own requests.',
    '',
  ].join('\n');
}
