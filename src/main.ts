import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.ts';
import { SandboxChannel } from './channels/sandbox/adapter.ts';
import { ChannelRegistry } from './channels/registry.ts';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './core/clock.ts';
import type { CoreContext } from './core/services/context.ts';
import { expireDueOrders } from './core/services/expiry.ts';
import { ZonedTime } from './core/time.ts';
import { Scheduler } from './jobs/scheduler.ts';
import { sweepUnknownOutcomes } from './jobs/sweeper.ts';
import { Dispatcher } from './notify/dispatcher.ts';
import { Outbox } from './notify/outbox.ts';
import { listenForNotices } from './notify/pgWake.ts';
import { createLogger } from './ops/logger.ts';
import { createMetrics } from './ops/metrics.ts';
import { SecretBox } from './signing/secretbox.ts';
import { AppRepo } from './store/apps.ts';
import { ChannelCallLog } from './store/channelCalls.ts';
import { migrateToLatest, openDatabase } from './store/db.ts';

export interface Gateway {
  app: FastifyInstance;
  ctx: CoreContext;
  tz: ZonedTime;
  dispatcher: Dispatcher;
  /** Finishes in-flight requests, stops background work, closes the database. */
  close(): Promise<void>;
}

/** The store, apps, channels and outbox: everything the CLI needs without the HTTP server. */
export async function openCore(cfg: Config, logger: Logger, clock: Clock = systemClock, wake?: () => void): Promise<CoreContext> {
  const { db, kind } = openDatabase(cfg.database);
  await migrateToLatest(db);
  const channels = new ChannelRegistry().register(new SandboxChannel(db, clock));
  const notices = new Outbox(clock, new ZonedTime(cfg.timeZone), kind, wake);
  const calls = new ChannelCallLog(db, logger);
  return { db, dbKind: kind, apps: new AppRepo(db, new SecretBox(cfg.masterKey)), channels, notices, calls, clock, log: logger };
}

/** Wires the whole gateway. Tests pass their own clock and logger. */
export async function createGateway(cfg: Config, opts: { clock?: Clock; logger?: Logger } = {}): Promise<Gateway> {
  const logger = opts.logger ?? createLogger(cfg.logLevel);
  let dispatcher: Dispatcher | undefined;
  const ctx = await openCore(cfg, logger, opts.clock, () => dispatcher?.wake());
  dispatcher = new Dispatcher(ctx.db, ctx.dbKind, ctx.clock, logger.child({ job: 'notify' }), {
    owner: `${hostname()}:${process.pid}`,
    ...cfg.notify,
  });
  const tz = new ZonedTime(cfg.timeZone);
  const sandbox = ctx.channels.get('sandbox') as SandboxChannel;
  const app = await buildApp({ ctx, tz, sandbox, metrics: createMetrics(ctx.db), logger, publicUrl: cfg.publicUrl });

  const scheduler = new Scheduler(logger);
  let unlisten = async () => {};
  if (cfg.workers) {
    dispatcher.start();
    if (cfg.database.kind === 'postgres') unlisten = listenForNotices(cfg.database.url, () => dispatcher!.wake(), logger);
    if (cfg.expirySweepMs > 0) scheduler.every('expiry', cfg.expirySweepMs, () => expireDueOrders(ctx));
    if (cfg.syncSweepMs > 0) scheduler.every('sync-sweeper', cfg.syncSweepMs, () => sweepUnknownOutcomes(ctx));
  }

  return {
    app,
    ctx,
    tz,
    dispatcher,
    async close() {
      await app.close();
      await scheduler.stop();
      await dispatcher!.stop();
      await unlisten();
      await ctx.calls.flush();
      await ctx.db.destroy();
    },
  };
}
