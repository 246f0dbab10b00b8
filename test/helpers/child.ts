import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { TEST_MASTER_KEY } from './gateway.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'unipay.js');

/** A gateway in its own process (`unipay serve`), on loopback, sharing the given database. */
export class ChildGateway {
  private constructor(
    readonly child: ChildProcess,
    readonly base: string,
    /** The dispatcher's lease owner name: host:pid. */
    readonly pid: number,
  ) {}

  static async start(databaseUrl: string, env: Record<string, string> = {}): Promise<ChildGateway> {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        UNIPAY_MASTER_KEY: TEST_MASTER_KEY,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        UNIPAY_EXPIRY_SWEEP_MS: '0',
        UNIPAY_SYNC_SWEEP_MS: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000);
    for await (const line of createInterface({ input: child.stdout! })) {
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (m) {
        clearTimeout(deadline);
        child.stdout!.resume(); // keep draining its log
        return new ChildGateway(child, m[1]!, child.pid!);
      }
    }
    throw new Error('gateway process exited before listening');
  }

  /** kill -9: no shutdown, leases left behind. */
  kill9(): Promise<void> {
    return this.stop('SIGKILL');
  }

  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill(signal);
    });
  }
}
