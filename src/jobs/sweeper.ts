import type { Kysely } from 'kysely';
import type { CoreContext } from '../core/services/context.ts';
import type { App } from '../core/types.ts';
import { syncPayOrder, syncRefundOrder, syncTransferOrder } from '../core/services/sync.ts';

/** Records younger than this are left to the merchant's own sync calls. */
const FIRST_LOOK_MS = 10_000;
const MAX_BACKOFF_MS = 10 * 60_000;

/** 10 s, 20 s, 40 s … capped at 10 minutes between asks about one record. */
export const sweepBackoffMs = (count: number) => Math.min(FIRST_LOOK_MS * 2 ** count, MAX_BACKOFF_MS);

const KINDS = [
  { table: 'payOrders', key: 'orderNo', sync: (ctx: CoreContext, app: App, no: string) => syncPayOrder(ctx, app, { orderNo: no }) },
  { table: 'refundOrders', key: 'refundNo', sync: (ctx: CoreContext, app: App, no: string) => syncRefundOrder(ctx, app, { refundNo: no }) },
  { table: 'transferOrders', key: 'transferNo', sync: (ctx: CoreContext, app: App, no: string) => syncTransferOrder(ctx, app, { transferNo: no }) },
] as const;

/**
 * Asks the channel about pay orders, refunds and transfers whose outcome is unknown (status
 * `progress`), backing off per record. Each ask is claimed by compare-and-set on `sync_at`, so
 * with several instances running only one asks about a record each round.
 */
export async function sweepUnknownOutcomes(ctx: CoreContext, limit = 50): Promise<number> {
  // The table varies by kind; the three share the columns used here.
  const db = ctx.db as unknown as Kysely<any>;
  let asked = 0;
  for (const kind of KINDS) {
    const now = ctx.clock.now();
    const rows: { appId: string; syncAt: number | null; syncCount: number; [k: string]: unknown }[] = await db
      .selectFrom(kind.table)
      .select([kind.key, 'appId', 'syncAt', 'syncCount'])
      .where('status', '=', 'progress')
      .where((eb) => eb.or([eb('syncAt', '<=', now), eb.and([eb('syncAt', 'is', null), eb('updatedAt', '<=', now - FIRST_LOOK_MS)])]))
      .limit(limit)
      .execute();
    for (const row of rows) {
      const no = row[kind.key] as string;
      const claim = await db
        .updateTable(kind.table)
        .set({ syncAt: now + sweepBackoffMs(row.syncCount), syncCount: row.syncCount + 1 })
        .where(kind.key, '=', no)
        .where('status', '=', 'progress')
        .where((eb) => (row.syncAt === null ? eb('syncAt', 'is', null) : eb('syncAt', '=', row.syncAt)))
        .executeTakeFirst();
      if (claim.numUpdatedRows === 0n) continue; // another instance took it
      const app = await ctx.apps.get(row.appId);
      if (!app) continue;
      asked++;
      try {
        await kind.sync(ctx, app, no);
      } catch (err) {
        ctx.log.warn({ err, [kind.key]: no }, 'sweeper could not sync; asks again after the backoff');
      }
    }
  }
  return asked;
}
