import type { Selectable, Transaction } from 'kysely';
import type { Db, DbKind } from './db.ts';
import type { Database, NotificationAttemptTable, NotificationTable } from './schema.ts';

type Exec = Db | Transaction<Database>;
export type Notification = Selectable<NotificationTable>;
export type NotificationAttempt = Selectable<NotificationAttemptTable>;
export type NewNotification = Omit<NotificationTable, 'leaseOwner' | 'leaseUntil' | 'lastError' | 'deliveredAt'>;

export const notifications = {
  async insert(db: Exec, n: NewNotification): Promise<void> {
    await db.insertInto('notifications').values({ ...n, leaseOwner: null, leaseUntil: null, lastError: null, deliveredAt: null }).execute();
  },

  /**
   * Leases up to `limit` due notifications to `owner` until `leaseUntil`. On PostgreSQL the
   * candidate rows are locked with SKIP LOCKED, so concurrent dispatchers never claim the same
   * row; on SQLite the single statement is atomic by itself. An expired lease is claimable again.
   */
  async claim(db: Db, kind: DbKind, owner: string, now: number, leaseUntil: number, limit: number): Promise<Notification[]> {
    let due = db
      .selectFrom('notifications')
      .select('id')
      .where('status', '=', 'pending')
      .where('nextAttemptAt', '<=', now)
      .where((eb) => eb.or([eb('leaseUntil', 'is', null), eb('leaseUntil', '<', now)]))
      .orderBy('nextAttemptAt')
      .limit(limit);
    if (kind === 'postgres') due = due.forUpdate().skipLocked();
    return db
      .updateTable('notifications')
      .set({ leaseOwner: owner, leaseUntil, updatedAt: now })
      .where('id', 'in', due)
      .returningAll()
      .execute();
  },

  /** Records one attempt and its consequence, only while `owner` still holds the lease. */
  async recordAttempt(
    db: Db,
    owner: string,
    attempt: NotificationAttempt,
    next: { status: 'pending' | 'delivered' | 'failed'; nextAttemptAt: number; lastError: string | null; deliveredAt: number | null },
    now: number,
  ): Promise<boolean> {
    return db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('notifications')
        .set({ ...next, attempts: attempt.attemptNo, leaseOwner: null, leaseUntil: null, updatedAt: now })
        .where('id', '=', attempt.notificationId)
        .where('leaseOwner', '=', owner)
        .executeTakeFirst();
      if (r.numUpdatedRows === 0n) return false;
      await trx.insertInto('notificationAttempts').values(attempt).execute();
      return true;
    });
  },

  async list(db: Db, opts: { status?: string; tradeNo?: string; limit: number }): Promise<Notification[]> {
    let q = db.selectFrom('notifications').selectAll().orderBy('createdAt', 'desc').limit(opts.limit);
    if (opts.status) q = q.where('status', '=', opts.status);
    if (opts.tradeNo) q = q.where('tradeNo', '=', opts.tradeNo);
    return q.execute();
  },

  async get(db: Db, id: string): Promise<{ notification: Notification; attempts: NotificationAttempt[] } | undefined> {
    const notification = await db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
    if (!notification) return undefined;
    const attempts = await db.selectFrom('notificationAttempts').selectAll().where('notificationId', '=', id).orderBy('attemptNo').execute();
    return { notification, attempts };
  },

  /**
   * Makes a notification due now for one more attempt. Attempts keep counting, so one that had
   * used up its schedule ends as `failed` again if this attempt fails too.
   */
  async resend(db: Db, id: string, now: number): Promise<boolean> {
    const r = await db
      .updateTable('notifications')
      .set({ status: 'pending', nextAttemptAt: now, leaseOwner: null, leaseUntil: null, updatedAt: now })
      .where('id', '=', id)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  },
};
