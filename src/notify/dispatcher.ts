import type { Logger } from 'pino';
import type { Clock } from '../core/clock.ts';
import type { Db, DbKind } from '../store/db.ts';
import { notifications, type Notification } from '../store/notifications.ts';
import { LONGEST_TIMEOUT_MS, maxAttempts, policyFor } from './policies.ts';

export interface DispatcherOptions {
  /** Identifies this process in leases and attempt records. */
  owner: string;
  /** Deliveries in flight at once. */
  concurrency: number;
  /** Polling interval when nothing wakes the dispatcher. */
  pollMs: number;
  /** How long a claim is held; always longer than the longest attempt. */
  leaseMs: number;
}

const EXCERPT_BYTES = 512;

/** The first bytes of a response body, without reading a hostile endless one to its end. */
async function excerpt(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
}

/**
 * Delivers due notifications: claims them under a lease, POSTs each with its dialect's timeout,
 * records every attempt and schedules the next one. Several dispatchers (processes) can share
 * a database: a lease keeps each notification with one of them, and a crashed holder's lease
 * simply expires.
 */
export class Dispatcher {
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly leaseMs: number;

  constructor(
    private readonly db: Db,
    private readonly dbKind: DbKind,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly opts: DispatcherOptions,
  ) {
    this.leaseMs = Math.max(opts.leaseMs, LONGEST_TIMEOUT_MS * 2);
  }

  /** Claims one batch of due notifications and delivers it all; answers how many were claimed (tests, CLI). */
  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const batch = await notifications.claim(this.db, this.dbKind, this.opts.owner, now, now + this.leaseMs, this.opts.concurrency);
    await Promise.all(batch.map((n) => this.deliver(n)));
    return batch.length;
  }

  private async deliver(n: Notification): Promise<void> {
    const policy = policyFor(n.dialect);
    const startedAt = this.clock.now();
    const t0 = performance.now();
    let httpStatus: number | null = null;
    let body = '';
    let error: string | null = null;
    try {
      const res = await fetch(n.url, {
        method: 'POST',
        headers: { 'content-type': n.contentType, 'user-agent': 'UniPay-Notify/1' },
        body: n.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      httpStatus = res.status;
      body = await excerpt(res);
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      error = e.name === 'TimeoutError' ? `timeout after ${policy.timeoutMs} ms` : (e.cause?.code ?? e.message);
    }
    const durationMs = Math.round(performance.now() - t0);
    const success = error === null && policy.accepted(httpStatus!, body);
    if (!success && error === null) error = `not accepted: HTTP ${httpStatus} ${JSON.stringify(body.slice(0, 80))}`;
    const attemptNo = n.attempts + 1;
    const retryIndex = attemptNo - 1;
    const exhausted = attemptNo >= maxAttempts(policy);
    const next = success
      ? { status: 'delivered' as const, nextAttemptAt: n.nextAttemptAt, lastError: null, deliveredAt: this.clock.now() }
      : exhausted
        ? { status: 'failed' as const, nextAttemptAt: n.nextAttemptAt, lastError: error, deliveredAt: null }
        : { status: 'pending' as const, nextAttemptAt: startedAt + policy.retryDelaysSec[retryIndex]! * 1000, lastError: error, deliveredAt: null };
    try {
      const kept = await notifications.recordAttempt(
        this.db,
        this.opts.owner,
        { notificationId: n.id, attemptNo, startedAt, durationMs, httpStatus, responseExcerpt: body.slice(0, EXCERPT_BYTES) || null, error: success ? null : error, success: success ? 1 : 0, worker: this.opts.owner },
        next,
        this.clock.now(),
      );
      if (!kept) this.log.warn({ notificationId: n.id }, 'lease lost before the attempt was recorded; another dispatcher owns it');
    } catch (err) {
      this.log.error({ err, notificationId: n.id }, 'could not record a notification attempt; the lease will expire and it is retried');
    }
  }

  /**
   * Runs until stopped, keeping up to `concurrency` deliveries in flight: a slow receiver holds
   * one slot, not the others. Sleeps when nothing is due until woken (new notice, a slot freed)
   * or the poll interval passes.
   */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const free = this.opts.concurrency - this.inFlight.size;
      if (free > 0) {
        let batch: Notification[] = [];
        try {
          const now = this.clock.now();
          batch = await notifications.claim(this.db, this.dbKind, this.opts.owner, now, now + this.leaseMs, free);
        } catch (err) {
          this.log.warn({ err }, 'claiming notifications failed; retrying after the poll interval');
        }
        for (const n of batch) {
          const p: Promise<void> = this.deliver(n).finally(() => {
            this.inFlight.delete(p);
            this.wake();
          });
          this.inFlight.add(p);
        }
        if (batch.length === free) continue; // more may be due
      }
      await this.sleep();
    }
    await Promise.all(this.inFlight);
  }

  private sleep(): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.opts.pollMs);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wakeUp = null;
        self.woken = false;
        resolve();
      }
      this.wakeUp = done;
    });
  }

  /** New work may be due: stop sleeping. */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loopDone;
  }
}
