import type { App, NoticeType, SignType } from '../core/types.ts';
import type { SecretBox } from '../signing/secretbox.ts';
import type { Db } from './db.ts';
import type { Selectable } from 'kysely';
import type { AppTable } from './schema.ts';

export interface NewApp {
  appId: string;
  mchNo: string;
  merchantName: string;
  name: string;
  signType: SignType;
  signSecret: string;
  reqSign: boolean;
  notifyUrl: string | null;
  isDefault: boolean;
  channels: string[];
}

export interface AppPatch {
  notifyUrl?: string | null;
  reqSign?: boolean;
  reqTimeoutSec?: number;
  isDefault?: boolean;
  subscriptions?: NoticeType[];
}

/** Apps with their sign secrets opened; cached briefly because every request needs one. */
export class AppRepo {
  private cache = new Map<string, { app: App | null; at: number }>();
  private defaultCache: { appId: string | null; at: number } | null = null;
  private configCache = new Map<string, { config: { enabled: number; configEnc: string | null } | undefined; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    /** How long another instance's change to an app may take to be seen here. */
    private readonly ttlMs = 5_000,
  ) {}

  private toApp(row: Selectable<AppTable>): App {
    return {
      appId: row.appId,
      mchNo: row.mchNo,
      name: row.name,
      signType: row.signType as SignType,
      signSecret: this.box.open(row.signSecretEnc),
      reqSign: row.reqSign === 1,
      reqTimeoutSec: row.reqTimeoutSec,
      notifyUrl: row.notifyUrl,
      isDefault: row.isDefault === 1,
      subscriptions: row.subscriptions ? (row.subscriptions.split(',') as NoticeType[]) : [],
    };
  }

  async get(appId: string): Promise<App | null> {
    const hit = this.cache.get(appId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.app;
    const row = await this.db.selectFrom('apps').selectAll().where('appId', '=', appId).executeTakeFirst();
    const app = row ? this.toApp(row) : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(appId, { app, at: Date.now() });
    return app;
  }

  async getDefault(): Promise<App | null> {
    if (!this.defaultCache || Date.now() - this.defaultCache.at >= this.ttlMs) {
      const row = await this.db.selectFrom('apps').select('appId').where('isDefault', '=', 1).executeTakeFirst();
      this.defaultCache = { appId: row?.appId ?? null, at: Date.now() };
    }
    return this.defaultCache.appId ? this.get(this.defaultCache.appId) : null;
  }

  async list(): Promise<App[]> {
    const rows = await this.db.selectFrom('apps').selectAll().orderBy('createdAt').execute();
    return rows.map((r) => this.toApp(r));
  }

  async create(a: NewApp, now: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const mch = await trx.selectFrom('merchants').select('mchNo').where('mchNo', '=', a.mchNo).executeTakeFirst();
      if (!mch) await trx.insertInto('merchants').values({ mchNo: a.mchNo, name: a.merchantName, createdAt: now }).execute();
      if (a.isDefault) await trx.updateTable('apps').set({ isDefault: 0, updatedAt: now }).where('isDefault', '=', 1).execute();
      await trx
        .insertInto('apps')
        .values({
          appId: a.appId,
          mchNo: a.mchNo,
          name: a.name,
          signType: a.signType,
          signSecretEnc: this.box.seal(a.signSecret),
          reqSign: a.reqSign ? 1 : 0,
          reqTimeoutSec: 300,
          notifyUrl: a.notifyUrl,
          isDefault: a.isDefault ? 1 : 0,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      for (const channel of a.channels) {
        await trx.insertInto('channelConfigs').values({ appId: a.appId, channel, enabled: 1, configEnc: null, createdAt: now, updatedAt: now }).execute();
      }
    });
    this.cache.delete(a.appId);
    this.defaultCache = null;
  }

  async update(appId: string, patch: AppPatch, now: number): Promise<boolean> {
    const found = await this.db.transaction().execute(async (trx) => {
      if (patch.isDefault) await trx.updateTable('apps').set({ isDefault: 0, updatedAt: now }).where('isDefault', '=', 1).execute();
      const r = await trx
        .updateTable('apps')
        .set({
          updatedAt: now,
          ...(patch.notifyUrl !== undefined && { notifyUrl: patch.notifyUrl }),
          ...(patch.reqSign !== undefined && { reqSign: patch.reqSign ? 1 : 0 }),
          ...(patch.reqTimeoutSec !== undefined && { reqTimeoutSec: patch.reqTimeoutSec }),
          ...(patch.isDefault !== undefined && { isDefault: patch.isDefault ? 1 : 0 }),
          ...(patch.subscriptions !== undefined && { subscriptions: patch.subscriptions.join(',') }),
        })
        .where('appId', '=', appId)
        .executeTakeFirst();
      return r.numUpdatedRows > 0n;
    });
    this.cache.delete(appId);
    this.defaultCache = null;
    return found;
  }

  /** The app's config row for a channel, or undefined when the app has none; cached like apps. */
  async channelConfig(appId: string, channel: string) {
    const key = appId + '\n' + channel;
    const hit = this.configCache.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.config;
    const config = await this.db.selectFrom('channelConfigs').select(['enabled', 'configEnc']).where('appId', '=', appId).where('channel', '=', channel).executeTakeFirst();
    if (this.configCache.size > 10_000) this.configCache.clear();
    this.configCache.set(key, { config, at: Date.now() });
    return config;
  }
}
