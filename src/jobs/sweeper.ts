import type { Kysely } from 'kysely';
import type { CoreContext } from '../core/services/context.ts';
import { syncPayOrder, syncRefundOrder, syncTransferOrder } from '../core/services/sync.ts';
import type { App } from '../core/types.ts';
import { claimVisit, SWEPT, type SweptTable } from '../store/sweepClaims.ts';

/** Records younger than this are left to the merchant's own sync calls. */
const FIRST_LOOK_MS = 10_000;

const SYNC: Record<SweptTable, (ctx: CoreContext, app: App, no: string) => Promise<unknown>> = {
  payOrders: (ctx, app, no) => syncPayOrder(ctx, app, { orderNo: no }),
  refundOrders: (ctx, app, no) => syncRefundOrder(ctx, app, { refundNo: no }),
  transferOrders: (ctx, app, no) => syncTransferOrder(ctx, app, { transferNo: no }),
};

/**
 * Asks the channel about pay orders, refunds and transfers whose outcome is unknown (status
 * `progress`), backing off per record; each ask is claimed by compare-and-set (claimVisit).
 */
export async function sweepUnknownOutcomes(ctx: CoreContext, limit = 50): Promise<number> {
  // The table varies; the three share the columns used here.
  const db = ctx.db as unknown as Kysely<any>;
  let asked = 0;
  for (const table of Object.keys(SWEPT) as SweptTable[]) {
    const key = SWEPT[table];
    const now = ctx.clock.now();
    const rows: { appId: string; syncAt: number | null; syncCount: number; [k: string]: unknown }[] = await db
      .selectFrom(table)
      .select([key, 'appId', 'syncAt', 'syncCount'])
      .where('status', '=', 'progress')
      .where((eb) => eb.or([eb('syncAt', '<=', now), eb.and([eb('syncAt', 'is', null), eb('updatedAt', '<=', now - FIRST_LOOK_MS)])]))
      .limit(limit)
      .execute();
    for (const row of rows) {
      const no = row[key] as string;
      if (!(await claimVisit(ctx.db, table, no, row, now))) continue; // another instance took it
      const app = await ctx.apps.get(row.appId);
      if (!app) continue;
      asked++;
      try {
        await SYNC[table](ctx, app, no);
      } catch (err) {
        ctx.log.warn({ err, [key]: no }, 'sweeper could not sync; asks again after the backoff');
      }
    }
  }
  return asked;
}
