import { randomBytes, randomInt } from 'node:crypto';

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

/** Random bytes drawn from a pool refilled 4 KiB at a time: one system call per ~800 ids. */
let pool = Buffer.alloc(0);
let poolAt = 0;
function randomChunk(n: number): Buffer {
  if (poolAt + n > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  return pool.subarray(poolAt, (poolAt += n));
}

/** `digits` random decimal digits (at most 15), uniform up to a negligible bias. */
function randomDigits(digits: number): string {
  const v = randomChunk(6).readUIntBE(0, 6) % 10 ** digits;
  return String(v).padStart(digits, '0');
}

/** Lower-case hex of `bytes` random bytes (trace ids). */
export const randomHex = (bytes: number): string => randomChunk(bytes).toString('hex');

export function newNumber(kind: IdKind, ms: number): string {
  return kind + stamp(ms) + randomDigits(10);
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random letters and digits; used for app ids' suffixes and sign secrets. */
export function randomAlnum(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALNUM[randomInt(0, ALNUM.length)];
  return s;
}
