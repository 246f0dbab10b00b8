/**
 * How a merchant steers the sandbox. Documented in the README's sandbox table.
 *
 * Barcode/face pay: the first digit of `authCode` picks the outcome.
 * Refunds and transfers: `extraParam.sandboxOutcome` picks it; absent means success.
 */
export type SandboxOutcome = 'success' | 'progress' | 'fail' | 'timeout';

export function barcodeOutcome(authCode: string): SandboxOutcome {
  switch (authCode[0]) {
    case '2':
      return 'progress'; // payer still entering the password: success on the first sync
    case '3':
      return 'fail'; // declined: insufficient balance
    case '4':
      return 'timeout'; // the sandbox takes the money but the reply is lost: unknown until sync
    default:
      return 'success';
  }
}

export function tradeOutcome(extra: Record<string, unknown> | null): SandboxOutcome {
  const o = extra?.sandboxOutcome;
  return o === 'progress' || o === 'fail' || o === 'timeout' ? o : 'success';
}
