/**
 * Delivery rules per dialect (PROTOCOLS.md sections 1–3): how long an attempt may take, what
 * answer counts as received, and the delays between attempts. The first attempt is made at
 * once; after the k-th failure the next comes `retryDelaysSec[k-1]` seconds after the failed
 * attempt started. After the last retry the notification is `failed` (and can be resent).
 */
export interface DeliveryPolicy {
  timeoutMs: number;
  retryDelaysSec: readonly number[];
  accepted(httpStatus: number, body: string): boolean;
}

const m = 60;
const h = 3600;

export const POLICIES = {
  unipay: {
    timeoutMs: 5_000,
    retryDelaysSec: [15, 15, 30, 3 * m, 10 * m, 20 * m, 30 * m, 30 * m, 30 * m, 60 * m, 3 * h, 3 * h, 3 * h, 6 * h, 6 * h],
    accepted: (status, body) => status >= 200 && status < 300 && body.trim().toLowerCase() === 'success',
  },
  gateway: {
    timeoutMs: 3_000,
    retryDelaysSec: [0, 15, 15, 30, 180, 1800, 1800, 1800, 1800, 3600],
    accepted: (status, body) => status >= 200 && status < 300 && body === 'success',
  },
  charges: {
    timeoutMs: 5_000,
    retryDelaysSec: [15, 15, 30, 3 * m, 10 * m, 20 * m, 30 * m, 30 * m, 30 * m, 60 * m, 3 * h, 3 * h, 3 * h, 6 * h, 6 * h],
    accepted: (status) => status >= 200 && status < 300,
  },
} satisfies Record<string, DeliveryPolicy>;

export type NoticeDialect = keyof typeof POLICIES;

export const policyFor = (dialect: string): DeliveryPolicy => POLICIES[dialect as NoticeDialect] ?? POLICIES.unipay;

/** Attempts in all, the first included. */
export const maxAttempts = (p: DeliveryPolicy) => 1 + p.retryDelaysSec.length;

/** Longest any attempt may take, so a lease always outlives the attempt it covers. */
export const LONGEST_TIMEOUT_MS = Math.max(...Object.values(POLICIES).map((p) => p.timeoutMs));
