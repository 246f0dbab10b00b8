import { randomUUID } from 'node:crypto';
import { ChannelError, type Capability, type ChannelAdapter } from '../../channels/channel.ts';
import { ErrorCode, PayError } from '../errors.ts';
import type { App, ChannelCode, PayMethod } from '../types.ts';
import type { CoreContext } from './context.ts';

/** The adapter an app may use for `channel` (and `method`), or the precise reason it may not. */
export async function adapterFor(ctx: CoreContext, app: App, channel: ChannelCode, method?: PayMethod): Promise<ChannelAdapter> {
  const adapter = ctx.channels.get(channel);
  if (!adapter) throw new PayError(ErrorCode.CHANNEL_NOT_FOUND, `channel ${channel} is not available in this gateway`, 'channel');
  const cfg = await ctx.apps.channelConfig(app.appId, channel);
  if (!cfg) throw new PayError(ErrorCode.CONFIG_MISSING, `channel ${channel} is not configured for app ${app.appId}`, 'channel');
  if (cfg.enabled !== 1) throw new PayError(ErrorCode.CHANNEL_DISABLED, `channel ${channel} is disabled for app ${app.appId}`, 'channel');
  if (method && !adapter.methods.includes(method)) {
    throw new PayError(ErrorCode.METHOD_NOT_FOUND, `channel ${channel} does not support method ${method}`, 'method');
  }
  return adapter;
}

/** The adapter's implementation of a capability, or 20030. */
export function capability<K extends Capability>(adapter: ChannelAdapter, name: K): NonNullable<ChannelAdapter[K]> {
  const fn = adapter[name];
  if (!fn) throw new PayError(ErrorCode.UNSUPPORTED, `channel ${adapter.code} does not support ${name}`);
  return (fn as Function).bind(adapter) as NonNullable<ChannelAdapter[K]>;
}

/**
 * Calls a channel and records the call (outcome, timing, error) in `channel_calls`.
 * Never called inside a database transaction.
 */
export async function callChannel<T>(
  ctx: CoreContext,
  call: { channel: ChannelCode; action: string; tradeNo: string },
  fn: () => Promise<T>,
): Promise<T> {
  const started = ctx.clock.now();
  const t0 = performance.now();
  let outcome = 'unknown';
  let response: string | null = null;
  let error: string | null = null;
  try {
    const result = await fn();
    outcome = (result as { status?: string } | undefined)?.status ?? 'success';
    response = result === undefined ? null : JSON.stringify(result).slice(0, 2000);
    return result;
  } catch (err) {
    if (err instanceof ChannelError) outcome = err.kind;
    error = err instanceof Error ? err.message : String(err);
    throw err instanceof ChannelError ? err : new ChannelError('unknown', error);
  } finally {
    const durationMs = Math.round(performance.now() - t0);
    ctx.calls.record({ id: randomUUID(), ...call, outcome, request: null, response, error, durationMs, createdAt: started });
  }
}
