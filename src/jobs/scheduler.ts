import type { Logger } from 'pino';

/**
 * Runs named jobs at fixed intervals in this process, never two runs of one job at once.
 * Jobs must be safe with other instances running them too (leases or compare-and-set).
 */
export class Scheduler {
  private timers = new Map<string, NodeJS.Timeout>();
  private running = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(private readonly log: Logger) {}

  every(name: string, intervalMs: number, job: () => Promise<unknown>): void {
    const tick = () => {
      if (this.stopped) return;
      const run = job()
        .catch((err) => this.log.warn({ err, job: name }, 'background job failed; it runs again next interval'))
        .finally(() => {
          this.running.delete(run);
          if (!this.stopped) this.timers.set(name, setTimeout(tick, intervalMs).unref());
        });
      this.running.add(run);
    };
    this.timers.set(name, setTimeout(tick, intervalMs).unref());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    await Promise.all(this.running);
  }
}
