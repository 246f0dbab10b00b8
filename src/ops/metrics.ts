import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../store/db.ts';

/** Prometheus metrics of one process: request durations by route and status, orders by status. */
export function createMetrics(db: Db) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: 'unipay_http_request_duration_seconds',
    help: 'HTTP request duration by route and status code',
    labelNames: ['method', 'route', 'code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const dialectErrors = new Counter({
    name: 'unipay_api_errors_total',
    help: 'Dialect error answers by route and error code',
    labelNames: ['route', 'code'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'unipay_orders',
    help: 'Orders by kind and status (read from the database at scrape time)',
    labelNames: ['kind', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const tables = [['pay', 'payOrders'], ['refund', 'refundOrders'], ['transfer', 'transferOrders']] as const;
      for (const [kind, table] of tables) {
        const rows = await db.selectFrom(table).select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
        for (const r of rows) this.set({ kind, status: r.status }, Number(r.n));
      }
    },
  });
  return { registry, requestDuration, dialectErrors };
}

export type Metrics = ReturnType<typeof createMetrics>;
