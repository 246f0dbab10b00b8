import type { Logger } from 'pino';
import type { ChannelRegistry } from '../../channels/registry.ts';
import type { AppRepo } from '../../store/apps.ts';
import type { Db } from '../../store/db.ts';
import type { Clock } from '../clock.ts';

/** What every core service needs: the store, the channels, time and a logger. */
export interface CoreContext {
  db: Db;
  apps: AppRepo;
  channels: ChannelRegistry;
  clock: Clock;
  log: Logger;
}
