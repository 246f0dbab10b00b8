import { randomHex } from './core/ids.ts';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Logger } from 'pino';
import type { SandboxChannel } from './channels/sandbox/adapter.ts';
import type { CoreContext } from './core/services/context.ts';
import type { ZonedTime } from './core/time.ts';
import { sandboxPages } from './api/sandbox/pages.ts';
import { unipayPlugin } from './api/unipay/plugin.ts';
import type { Metrics } from './ops/metrics.ts';
import { opsRoutes } from './ops/routes.ts';

export interface AppOptions {
  ctx: CoreContext;
  tz: ZonedTime;
  sandbox: SandboxChannel;
  metrics: Metrics;
  logger: Logger;
  publicUrl: string | null;
}

/** The HTTP face of the gateway: dialects, payer pages, docs and operations endpoints. */
export async function buildApp(o: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is wider than FastifyBaseLogger; the instance is typed as the default one.
    loggerInstance: o.logger as unknown as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'traceId' }),
    genReqId: () => randomHex(8),
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  });

  // One log line and one histogram sample per request; default per-request logging is off.
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    o.metrics.requestDuration.observe({ method: req.method, route, code: String(reply.statusCode) }, seconds);
    if (req.unipayCode) o.metrics.dialectErrors.inc({ route, code: String(req.unipayCode) });
    req.log.info({ method: req.method, route, status: reply.statusCode, code: req.unipayCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'UniPay API',
        version: '0.1.0',
        description: 'Signed JSON API of the unipay dialect. Every response is an envelope {code, msg, data, sign, resTime, traceId}; code 0 means accepted.',
      },
      tags: [{ name: 'unipay', description: 'Trade, sync and query endpoints' }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(unipayPlugin, { prefix: '/unipay', ctx: o.ctx, tz: o.tz, publicUrl: o.publicUrl });
  await app.register(sandboxPages, { ctx: o.ctx, sandbox: o.sandbox });
  await app.register(opsRoutes, { db: o.ctx.db, metrics: o.metrics });
  return app;
}
