import { invalid } from './errors.ts';

/** Largest amount a single order may carry: 99,999,999.99 yuan, in fen. */
export const MAX_AMOUNT_FEN = 9_999_999_999;

const DECIMAL = /^(0|[1-9]\d{0,9})(?:\.(\d{1,2}))?$/;

/**
 * Yuan text (or a JSON number's own text) to integer fen, without float arithmetic.
 * Accepts at most two decimals, rejects zero, negatives, exponents and anything at or over 100,000,000.
 */
export function parseYuan(text: string, field = 'amount'): number {
  const m = DECIMAL.exec(text);
  if (!m) throw invalid(field, 'must be a positive amount in yuan with at most 2 decimals, e.g. 10.25');
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (fen <= 0) throw invalid(field, 'must be greater than 0');
  if (fen > MAX_AMOUNT_FEN) throw invalid(field, 'must be less than 100000000');
  return fen;
}

/**
 * Fen to yuan as a JSON number. Integer division by 100 is correctly rounded, and the
 * shortest round-trip text of the result is the exact two-decimal value.
 */
export const fenToYuan = (fen: number): number => fen / 100;
