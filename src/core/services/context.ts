import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { ChannelRegistry } from '../../channels/registry.ts';
import type { AppRepo } from '../../store/apps.ts';
import type { ChannelCallLog } from '../../store/channelCalls.ts';
import type { Db, DbKind } from '../../store/db.ts';
import type { Database } from '../../store/schema.ts';
import type { Clock } from '../clock.ts';
import type { App, PayOrder, RefundOrder, TransferOrder } from '../types.ts';

/**
 * Where state changes that merchants hear about are reported. Called inside the transaction of
 * the change itself (transactional outbox), so it must use only `trx`.
 */
export interface NoticeSink {
  pay(trx: Transaction<Database>, app: App, order: PayOrder): Promise<void>;
  refund(trx: Transaction<Database>, app: App, refund: RefundOrder): Promise<void>;
  transfer(trx: Transaction<Database>, app: App, transfer: TransferOrder): Promise<void>;
}

/** What every core service needs: the store, the channels, the outbox, time and a logger. */
export interface CoreContext {
  db: Db;
  dbKind: DbKind;
  apps: AppRepo;
  channels: ChannelRegistry;
  notices: NoticeSink;
  /** Audit log of every channel call. */
  calls: ChannelCallLog;
  clock: Clock;
  log: Logger;
}
