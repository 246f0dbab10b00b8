import { ErrorCode, invalid, PayError } from '../../core/errors.ts';
import { parseYuan } from '../../core/money.ts';
import type { ZonedTime } from '../../core/time.ts';
import { CHANNELS, PAY_METHODS, type ChannelCode, type PayMethod } from '../../core/types.ts';

/** Field-level translations from the unipay wire to core inputs; each error names its field. */

export function amountFen(value: unknown, numberTexts: Map<string, string>, field = 'amount'): number {
  if (typeof value === 'string') return parseYuan(value, field);
  if (typeof value === 'number') return parseYuan(numberTexts.get(field) ?? String(value), field);
  throw invalid(field, 'must be a string or a number of yuan');
}

const EXTRA_MAX = 2048;

/** `extraParam` as an object, whether sent as an object or as JSON text, with top-level aliases merged in. */
export function extraParams(value: unknown, topLevel: Record<string, unknown> = {}): Record<string, unknown> {
  let extra: Record<string, unknown> = {};
  if (typeof value === 'string' && value !== '') {
    if (value.length > EXTRA_MAX) throw invalid('extraParam', `must be at most ${EXTRA_MAX} characters`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw invalid('extraParam', 'must be a JSON object or a JSON string of one');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('extraParam', 'must be a JSON object');
    extra = parsed as Record<string, unknown>;
  } else if (typeof value === 'object' && value !== null) {
    if (JSON.stringify(value).length > EXTRA_MAX) throw invalid('extraParam', `must be at most ${EXTRA_MAX} characters as JSON`);
    extra = { ...(value as Record<string, unknown>) };
  }
  for (const [k, v] of Object.entries(topLevel)) if (v !== undefined && extra[k] === undefined) extra[k] = v;
  return extra;
}

export function channelCode(value: string): ChannelCode {
  if (!(CHANNELS as readonly string[]).includes(value)) {
    throw new PayError(ErrorCode.CHANNEL_NOT_FOUND, `unknown channel ${value}; one of ${CHANNELS.join(', ')}`, 'channel');
  }
  return value as ChannelCode;
}

export function payMethod(value: string): PayMethod {
  if (!(PAY_METHODS as readonly string[]).includes(value)) {
    throw new PayError(ErrorCode.METHOD_NOT_FOUND, `unknown method ${value}; one of ${PAY_METHODS.join(', ')}`, 'method');
  }
  return value as PayMethod;
}

export function httpUrl(value: string | undefined, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw invalid(field, 'must be an absolute http(s) URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw invalid(field, 'must be an absolute http(s) URL');
  return value;
}

export function localTime(value: string | undefined, field: string, tz: ZonedTime): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = tz.parse(value);
  if (ms === undefined) throw invalid(field, 'must be yyyy-MM-dd HH:mm:ss');
  return ms;
}

/** Requires at least one of the reference fields, naming them all when none is given. */
export function requireOneOf<T extends Record<string, unknown>>(body: T, fields: (keyof T & string)[]): void {
  if (!fields.some((f) => typeof body[f] === 'string' && body[f] !== '')) {
    throw invalid(fields[0]!, `one of ${fields.join(', ')} is required`);
  }
}
