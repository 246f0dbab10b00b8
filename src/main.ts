import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.ts';
import { SandboxChannel } from './channels/sandbox/adapter.ts';
import { ChannelRegistry } from './channels/registry.ts';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './core/clock.ts';
import { expireDueOrders } from './core/services/expiry.ts';
import type { CoreContext } from './core/services/context.ts';
import { ZonedTime } from './core/time.ts';
import { createLogger } from './ops/logger.ts';
import { createMetrics } from './ops/metrics.ts';
import { SecretBox } from './signing/secretbox.ts';
import { AppRepo } from './store/apps.ts';
import { migrateToLatest, openDatabase } from './store/db.ts';

export interface Gateway {
  app: FastifyInstance;
  ctx: CoreContext;
  tz: ZonedTime;
  /** Stops background work, finishes in-flight requests, closes the database. */
  close(): Promise<void>;
}

/** The store, apps and channel registry: everything the CLI needs without the HTTP server. */
export async function openCore(cfg: Config, logger: Logger, clock: Clock = systemClock): Promise<CoreContext> {
  const { db } = openDatabase(cfg.database);
  await migrateToLatest(db);
  const channels = new ChannelRegistry().register(new SandboxChannel(db, clock));
  return { db, apps: new AppRepo(db, new SecretBox(cfg.masterKey)), channels, clock, log: logger };
}

/** Wires the whole gateway. Tests pass their own clock and logger. */
export async function createGateway(cfg: Config, opts: { clock?: Clock; logger?: Logger } = {}): Promise<Gateway> {
  const logger = opts.logger ?? createLogger(cfg.logLevel);
  const ctx = await openCore(cfg, logger, opts.clock);
  const tz = new ZonedTime(cfg.timeZone);
  const sandbox = ctx.channels.get('sandbox') as SandboxChannel;
  const app = await buildApp({ ctx, tz, sandbox, metrics: createMetrics(ctx.db), logger, publicUrl: cfg.publicUrl });

  let sweeping: Promise<unknown> = Promise.resolve();
  const timer =
    cfg.expirySweepMs > 0
      ? setInterval(() => {
          sweeping = expireDueOrders(ctx).catch((err) => logger.warn({ err }, 'expiry sweep failed'));
        }, cfg.expirySweepMs).unref()
      : undefined;

  return {
    app,
    ctx,
    tz,
    async close() {
      if (timer) clearInterval(timer);
      await app.close();
      await sweeping;
      await ctx.db.destroy();
    },
  };
}
