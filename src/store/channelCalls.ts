import type { Logger } from 'pino';
import type { Db } from './db.ts';
import type { ChannelCallTable } from './schema.ts';

const FLUSH_MS = 100;
const MAX_BUFFER = 500;

/**
 * The audit log of channel calls, written in batches: one multi-row insert per 100 ms (or per
 * 500 calls) instead of a round trip per call on the payment path. It is an operational record,
 * not money: a crash loses at most the last 100 ms of it, and a graceful shutdown flushes it.
 */
export class ChannelCallLog {
  private buffer: ChannelCallTable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  record(row: ChannelCallTable): void {
    this.buffer.push(row);
    if (this.buffer.length >= MAX_BUFFER) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.buffer;
    if (rows.length === 0) return this.flushing;
    this.buffer = [];
    this.flushing = this.flushing.then(() =>
      this.db
        .insertInto('channelCalls')
        .values(rows)
        .execute()
        .then(() => undefined)
        .catch((err) => this.log.error({ err, rows: rows.length }, 'could not record channel calls')),
    );
    return this.flushing;
  }
}
