import { createHash, createHmac } from 'node:crypto';

/**
 * An independent implementation of the unipay signature, written from PROTOCOLS.md section 1
 * for the tests (it shares no code with src/signing), so a bug there cannot hide in both.
 */
function sortInsensitive(keys: string[]): string[] {
  return [...keys].sort((a, b) => {
    const la = a.toLowerCase();
    const lb = b.toLowerCase();
    if (la !== lb) return la < lb ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

function toJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const parts = sortInsensitive(Object.keys(o))
      .filter((k) => o[k] !== null && o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${toJson(o[k])}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(v);
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return String(v);
  return toJson(v);
}

export function signingText(fields: Record<string, unknown>, secret: string): string {
  const pairs = Object.keys(fields)
    .filter((k) => k !== 'sign' && fields[k] !== null && fields[k] !== undefined)
    .sort()
    .map((k) => `${k}=${text(fields[k])}`);
  return `${pairs.join('&').split('\\').join('').split('"').join('')}&key=${secret}`.toUpperCase();
}

export function testSign(fields: Record<string, unknown>, signType: string, secret: string): string {
  const t = signingText(fields, secret);
  if (signType === 'md5') return createHash('md5').update(t).digest('hex');
  if (signType === 'sm3') return createHash('sm3').update(t).digest('hex');
  if (signType === 'hmac_sha256') return createHmac('sha256', secret).update(t).digest('hex');
  throw new Error(`unknown sign type ${signType}`);
}

/** Verifies a response envelope's signature over code, msg, data, resTime, traceId. */
export function verifyEnvelope(env: Record<string, unknown>, signType: string, secret: string): boolean {
  const { code, msg, data, resTime, traceId } = env;
  return env.sign === testSign({ code, msg, data, resTime, traceId }, signType, secret);
}
