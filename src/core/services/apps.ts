import { randomInt } from 'node:crypto';
import type { NewApp } from '../../store/apps.ts';
import { randomAlnum } from '../ids.ts';
import type { SignType } from '../types.ts';
import type { CoreContext } from './context.ts';

export interface CreateAppInput {
  name: string;
  signType?: SignType;
  channels?: string[];
  notifyUrl?: string | null;
  mchNo?: string;
  isDefault?: boolean;
  reqSign?: boolean;
}

const digits = (n: number) => Array.from({ length: n }, () => randomInt(0, 10)).join('');

/** Creates an app (and its merchant when new) with a fresh sign secret, returned once. */
export async function createApp(ctx: CoreContext, input: CreateAppInput): Promise<{ mchNo: string; appId: string; signType: SignType; signSecret: string }> {
  const app: NewApp = {
    appId: 'A' + digits(12),
    mchNo: input.mchNo ?? 'M' + digits(12),
    merchantName: input.name,
    name: input.name,
    signType: input.signType ?? 'hmac_sha256',
    signSecret: randomAlnum(32),
    reqSign: input.reqSign ?? true,
    notifyUrl: input.notifyUrl ?? null,
    isDefault: input.isDefault ?? false,
    channels: input.channels ?? [],
  };
  await ctx.apps.create(app, ctx.clock.now());
  return { mchNo: app.mchNo, appId: app.appId, signType: app.signType, signSecret: app.signSecret };
}
