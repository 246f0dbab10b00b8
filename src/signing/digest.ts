import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SignType } from '../core/types.ts';

/** Lower-case hex digest of `text` by sign type; HMAC is keyed with the secret as configured. */
export function digest(signType: SignType, text: string, secret: string): string {
  switch (signType) {
    case 'md5':
      return createHash('md5').update(text, 'utf8').digest('hex');
    case 'sm3':
      return createHash('sm3').update(text, 'utf8').digest('hex');
    case 'hmac_sha256':
      return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
  }
}

const HEX = /^[0-9a-fA-F]*$/;

/** Constant-time comparison of two hex signatures, ignoring letter case. */
export function hexEquals(expected: string, given: string): boolean {
  if (expected.length !== given.length || !HEX.test(given)) return false;
  return timingSafeEqual(Buffer.from(expected.toLowerCase(), 'latin1'), Buffer.from(given.toLowerCase(), 'latin1'));
}
