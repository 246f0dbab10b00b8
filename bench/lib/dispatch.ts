import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServerProcess } from './proc.ts';
import { BIN, call, createApp, inParallel } from './unipay.ts';

export interface DispatchFigures {
  name: string;
  notifications: number;
  seconds: number;
  perSecond: number;
  cpuMsPerDelivery: number;
  peakRssMb: number;
}

/**
 * Notification dispatch: an API-only gateway (UNIPAY_WORKERS=0) takes `count` paid orders that
 * each owe a notification; then a gateway with workers starts and delivers the backlog to a
 * local receiver answering `success`. Timed from the worker's first delivery to the last.
 */
export async function measureDispatch(name: string, env: NodeJS.ProcessEnv, count: number): Promise<DispatchFigures> {
  let received = 0;
  let first = 0;
  let last = 0;
  let done: () => void = () => {};
  const allIn = new Promise<void>((r) => (done = r));
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.end('success');
      const now = performance.now();
      if (received++ === 0) first = now;
      last = now;
      if (received === count) done();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notify`;
  const base = { ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' };
  try {
    const app = createApp(env);
    process.stderr.write(`bench: notification dispatch, ${name}: creating ${count} paid orders\n`);
    const api = await ServerProcess.start([BIN, 'serve'], { ...base, UNIPAY_WORKERS: '0' });
    try {
      await inParallel(count, 32, (i) => call(api.url, app, '/unipay/pay', { bizOrderNo: `notify-${Date.now()}-${i}`, title: 't', amount: '1.00', channel: 'sandbox', method: 'barcode', authCode: '1', notifyUrl }));
    } finally {
      await api.stop();
    }
    process.stderr.write(`bench: notification dispatch, ${name}: delivering\n`);
    const worker = await ServerProcess.start([BIN, 'serve'], base);
    try {
      const cpu0 = worker.cpuSeconds();
      await allIn;
      const cpu1 = worker.cpuSeconds();
      const seconds = (last - first) / 1000;
      return {
        name,
        notifications: count,
        seconds: Math.round(seconds * 100) / 100,
        perSecond: Math.round(count / seconds),
        cpuMsPerDelivery: Math.round(((cpu1 - cpu0) * 1e6) / count) / 1000,
        peakRssMb: worker.memory().peakRssMb,
      };
    } finally {
      await worker.stop();
    }
  } finally {
    receiver.close();
  }
}
