import type { Kysely } from 'kysely';
import type { Db } from './db.ts';

/** Tables whose records background jobs revisit, with the column that names a record. */
export const SWEPT = {
  payOrders: 'orderNo',
  refundOrders: 'refundNo',
  transferOrders: 'transferNo',
} as const;
export type SweptTable = keyof typeof SWEPT;

const FIRST_BACKOFF_MS = 10_000;
const MAX_BACKOFF_MS = 10 * 60_000;

/** 10 s, 20 s, 40 s … capped at 10 minutes between visits to one record. */
export const sweepBackoffMs = (count: number) => Math.min(FIRST_BACKOFF_MS * 2 ** count, MAX_BACKOFF_MS);

/**
 * Claims the next visit to a record by compare-and-set on `sync_at`: the winner pushes it back by
 * the record's backoff, so with several instances only one visits a record each round, and a
 * record that cannot be settled stops crowding out the rest.
 */
export async function claimVisit(db: Db, table: SweptTable, no: string, seen: { syncAt: number | null; syncCount: number }, now: number): Promise<boolean> {
  // The three tables share the columns used here; the table name is the only variable.
  const k = db as unknown as Kysely<any>;
  const r = await k
    .updateTable(table)
    .set({ syncAt: now + sweepBackoffMs(seen.syncCount), syncCount: seen.syncCount + 1 })
    .where(SWEPT[table], '=', no)
    .where((eb) => (seen.syncAt === null ? eb('syncAt', 'is', null) : eb('syncAt', '=', seen.syncAt)))
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
