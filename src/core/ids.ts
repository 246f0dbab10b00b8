import { randomInt } from 'node:crypto';

/**
 * Gateway-side numbers: a one-letter kind, the UTC time to the second, and 10 random digits.
 * Unique across instances without coordination (collisions are caught by the primary key).
 */
export type IdKind = 'P' | 'R' | 'T' | 'N';

function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => (n < 10 ? '0' + n : String(n));
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

export function newNumber(kind: IdKind, ms: number): string {
  return kind + stamp(ms) + String(randomInt(0, 1e10)).padStart(10, '0');
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random letters and digits; used for app ids' suffixes and sign secrets. */
export function randomAlnum(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALNUM[randomInt(0, ALNUM.length)];
  return s;
}
