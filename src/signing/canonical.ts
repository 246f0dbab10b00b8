import type { SignType } from '../core/types.ts';
import { digest } from './digest.ts';

/**
 * Canonical text of the unipay signature (PROTOCOLS.md section 1, "Signature").
 * Nested objects serialise as compact JSON with keys sorted case-insensitively and nulls dropped;
 * the same serialisation is what responses put on the wire, so wire and signature agree.
 */

const byLowerCase = (a: string, b: string) => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
};

/** Compact JSON with object keys in case-insensitive order and null/undefined members dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return '[' + value.map((v) => (v == null ? 'null' : canonicalJson(v))).join(',') + ']';
  const obj = value as Record<string, unknown>;
  let out = '';
  for (const k of Object.keys(obj).sort(byLowerCase)) {
    const v = obj[k];
    if (v === null || v === undefined) continue;
    out += (out ? ',' : '') + JSON.stringify(k) + ':' + canonicalJson(v);
  }
  return '{' + out + '}';
}

/** Canonical JSON serialised beforehand, so a value put on the wire is not serialised twice to be signed. */
export class RawJson {
  constructor(readonly json: string) {}
}

/** Text of one top-level value in the signature string. */
export function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof RawJson) return v.json;
  if (typeof v === 'number') return plainNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return canonicalJson(v);
}

/** Plain decimal without exponent or trailing zeros: 10.10 → "10.1", 1e21 → "1000000000000000000000". */
function plainNumber(n: number): string {
  const s = String(n);
  if (!s.includes('e')) return s;
  return Number.isInteger(n) ? BigInt(n).toString() : n.toFixed(20).replace(/\.?0+$/, '');
}

/**
 * `k=v&…` over the fields except `sign`, nulls dropped, keys in code-unit order,
 * with every backslash and double quote removed, then `&key=secret`, upper-cased.
 */
export function signingString(fields: Record<string, unknown>, secret: string): string {
  const keys = Object.keys(fields).sort();
  let s = '';
  for (const k of keys) {
    if (k === 'sign') continue;
    const v = fields[k];
    if (v === null || v === undefined) continue;
    s += (s ? '&' : '') + k + '=' + valueText(v);
  }
  return (s.replace(/[\\"]/g, '') + '&key=' + secret).toUpperCase();
}

/** The signature of `fields` (everything but `sign`) by the app's sign type. */
export function signFields(fields: Record<string, unknown>, signType: SignType, secret: string): string {
  return digest(signType, signingString(fields, secret), secret);
}
