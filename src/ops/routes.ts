import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../store/db.ts';
import type { Metrics } from './metrics.ts';

/** Liveness, readiness (the database answers) and Prometheus metrics. */
export async function opsRoutes(f: FastifyInstance, opts: { db: Db; metrics: Metrics }): Promise<void> {
  f.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  f.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(opts.db);
      return { status: 'ready' };
    } catch (err) {
      return reply.code(503).send({ status: 'unavailable', reason: 'database unreachable' });
    }
  });
  f.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(opts.metrics.registry.contentType);
    return opts.metrics.registry.metrics();
  });
}
