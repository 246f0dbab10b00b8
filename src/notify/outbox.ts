import { sql, type Transaction } from 'kysely';
import { renderUnipayNotice } from '../api/unipay/notice.ts';
import { payOrderView, refundOrderView, transferOrderView } from '../api/unipay/views.ts';
import type { Clock } from '../core/clock.ts';
import { newNumber } from '../core/ids.ts';
import type { NoticeSink } from '../core/services/context.ts';
import type { ZonedTime } from '../core/time.ts';
import type { App, NoticeType, PayOrder, RefundOrder, TransferOrder } from '../core/types.ts';
import type { DbKind } from '../store/db.ts';
import { notifications } from '../store/notifications.ts';
import type { Database } from '../store/schema.ts';

export const WAKE_CHANNEL = 'unipay_notify';

/**
 * The transactional outbox: turns a state change into notification rows inside the change's own
 * transaction. Recipients are the record's own notifyUrl and, when the app subscribes to the
 * notice type, the app's notifyUrl (once if both are the same URL).
 *
 * Every order comes from the unipay dialect today, so every notice is rendered in its format;
 * when other dialects land, records will carry their dialect and pick the renderer here.
 */
export class Outbox implements NoticeSink {
  constructor(
    private readonly clock: Clock,
    private readonly tz: ZonedTime,
    private readonly dbKind: DbKind,
    /** Wakes this process's dispatcher; other processes hear NOTIFY on PostgreSQL. */
    private readonly wake: () => void = () => {},
  ) {}

  pay(trx: Transaction<Database>, app: App, order: PayOrder): Promise<void> {
    return this.write(trx, app, 'pay', order.orderNo, order.status, order.notifyUrl, payOrderView(order, this.tz));
  }

  refund(trx: Transaction<Database>, app: App, refund: RefundOrder): Promise<void> {
    return this.write(trx, app, 'refund', refund.refundNo, refund.status, refund.notifyUrl, refundOrderView(refund, this.tz));
  }

  transfer(trx: Transaction<Database>, app: App, t: TransferOrder): Promise<void> {
    return this.write(trx, app, 'transfer', t.transferNo, t.status, t.notifyUrl, transferOrderView(t, this.tz));
  }

  private async write(trx: Transaction<Database>, app: App, type: NoticeType, tradeNo: string, tradeStatus: string, ownUrl: string | null, data: unknown): Promise<void> {
    const urls = new Set<string>();
    if (ownUrl) urls.add(ownUrl);
    if (app.notifyUrl && app.subscriptions.includes(type)) urls.add(app.notifyUrl);
    if (urls.size === 0) return;
    const now = this.clock.now();
    for (const url of urls) {
      const id = newNumber('N', now);
      const { contentType, body } = renderUnipayNotice(app, type, data, id, now, this.tz);
      await notifications.insert(trx, {
        id, appId: app.appId, dialect: 'unipay', noticeType: type, tradeNo, tradeStatus, url, contentType, body,
        status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now, updatedAt: now,
      });
    }
    // Delivered to listeners when the transaction commits, never before.
    if (this.dbKind === 'postgres') await sql`select pg_notify(${WAKE_CHANNEL}, '')`.execute(trx);
    this.wake();
  }
}
