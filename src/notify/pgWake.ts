import pg from 'pg';
import type { Logger } from 'pino';
import { WAKE_CHANNEL } from './outbox.ts';

/**
 * LISTENs for the outbox's NOTIFY on a dedicated connection and calls `onWake`. When the
 * connection drops it reconnects after a pause; polling covers the gap.
 */
export function listenForNotices(url: string, onWake: () => void, log: Logger): () => Promise<void> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url });
    c.on('notification', () => onWake());
    c.on('error', (err) => {
      log.warn({ err }, 'notification listener lost its connection; polling until it reconnects');
      c.end().catch(() => {});
      if (client === c) client = null;
      if (!stopped) retry = setTimeout(connect, 5_000).unref();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${WAKE_CHANNEL}`);
      client = c;
      if (stopped) await c.end();
    } catch (err) {
      log.warn({ err }, 'notification listener could not connect; polling meanwhile');
      c.end().catch(() => {});
      if (!stopped) retry = setTimeout(connect, 5_000).unref();
    }
  };
  void connect();

  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}
