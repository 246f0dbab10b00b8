import type { App } from '../../core/types.ts';
import { canonicalJson, RawJson, signFields } from '../../signing/canonical.ts';

/**
 * The unipay response envelope as wire text. `data` is serialised once, in canonical order, and
 * that same text is what the signature covers (with quotes and backslashes removed).
 * Without an app (the caller is not known yet) the envelope is unsigned.
 */
export function envelope(
  app: App | null,
  code: number,
  msg: string,
  data: unknown,
  resTime: string,
  traceId: string,
  /** Further top-level string fields, signed too (notifications add noticeType, mchNo, appId). */
  extra: Record<string, string> = {},
): string {
  const dataJson = data === null || data === undefined ? null : canonicalJson(data);
  let sign = '';
  if (app) {
    const fields: Record<string, unknown> = { ...extra, code, msg, resTime, traceId };
    if (dataJson !== null) fields.data = new RawJson(dataJson);
    sign = signFields(fields, app.signType, app.signSecret);
  }
  return (
    '{"code":' + code +
    ',"msg":' + JSON.stringify(msg) +
    ',"data":' + (dataJson ?? 'null') +
    Object.entries(extra).map(([k, v]) => ',' + JSON.stringify(k) + ':' + JSON.stringify(v)).join('') +
    (app ? ',"sign":"' + sign + '"' : '') +
    ',"resTime":"' + resTime +
    '","traceId":"' + traceId + '"}'
  );
}
