import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import type { Clock } from '../../src/core/clock.ts';
import { createApp, type CreateAppInput } from '../../src/core/services/apps.ts';
import { createGateway, type Gateway } from '../../src/main.ts';
import { testSign, verifyEnvelope } from './sign.ts';

/** A fixed, test-only master key, so every test process can read apps in a shared PostgreSQL database. */
export const TEST_MASTER_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

/** Which database the tests run on: PostgreSQL when DATABASE_URL says so, else a fresh SQLite file. */
export const onPostgres = (process.env.DATABASE_URL ?? '').startsWith('postgres');

export interface TestApp {
  appId: string;
  mchNo: string;
  signType: string;
  signSecret: string;
}

export interface Envelope {
  code: number;
  msg: string;
  data: any;
  sign?: string;
  resTime: string;
  traceId: string;
}

/** A real gateway on a loopback port, over the configured database. */
export class TestGateway {
  private constructor(
    readonly gw: Gateway,
    readonly base: string,
    private readonly tmp: string | null,
    /** The database, for other processes to share. */
    readonly databaseUrl: string,
  ) {}

  static async start(opts: { clock?: Clock; env?: Record<string, string> } = {}): Promise<TestGateway> {
    const tmp = onPostgres ? null : mkdtempSync(join(tmpdir(), 'unipay-test-'));
    const databaseUrl = onPostgres ? process.env.DATABASE_URL! : `sqlite:${join(tmp!, 'unipay.db')}`;
    const cfg = loadConfig({
      DATABASE_URL: databaseUrl,
      UNIPAY_MASTER_KEY: TEST_MASTER_KEY,
      UNIPAY_WORKERS: '0',
      ...opts.env,
    });
    const gw = await createGateway(cfg, { clock: opts.clock, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) });
    const address = await gw.app.listen({ port: 0, host: '127.0.0.1' });
    return new TestGateway(gw, address, tmp, databaseUrl);
  }

  get ctx() {
    return this.gw.ctx;
  }

  async createApp(input: Partial<CreateAppInput> = {}): Promise<TestApp> {
    return createApp(this.ctx, { name: 'test app', channels: ['sandbox'], ...input });
  }

  /** `reqTime` as the gateway expects it, from the gateway's own clock. */
  reqTime(offsetMs = 0): string {
    return this.gw.tz.format(this.ctx.clock.now() + offsetMs);
  }

  /** POSTs a body as raw text (no signing), answering status and parsed JSON. */
  async postRaw(path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
    const res = await fetch(this.base + path, { method: 'POST', headers, body });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  }

  /** A signed unipay call as a merchant makes it; checks the response signature when there is one. */
  async call(app: TestApp, path: string, fields: Record<string, unknown>, opts: { sign?: boolean } = {}): Promise<Envelope> {
    const body: Record<string, unknown> = { appId: app.appId, reqTime: this.reqTime(), ...fields };
    if (opts.sign !== false) body.sign = testSign(body, app.signType, app.signSecret);
    const { status, json } = await this.postRaw(path, JSON.stringify(body));
    if (status !== 200) throw new Error(`HTTP ${status}: ${JSON.stringify(json)}`);
    if (json.sign !== undefined && !verifyEnvelope(json, app.signType, app.signSecret)) {
      throw new Error(`response signature does not verify: ${JSON.stringify(json)}`);
    }
    return json;
  }

  /** Calls and insists on code 0, returning `data`. */
  async ok(app: TestApp, path: string, fields: Record<string, unknown>): Promise<any> {
    const env = await this.call(app, path, fields);
    if (env.code !== 0) throw new Error(`${path} answered ${env.code} ${env.msg}`);
    return env.data;
  }

  async count(table: 'payOrders' | 'refundOrders' | 'transferOrders', appId: string): Promise<number> {
    const r = await this.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('appId', '=', appId).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async stop(): Promise<void> {
    await this.gw.close();
    if (this.tmp) rmSync(this.tmp, { recursive: true, force: true });
  }
}

let seq = 0;
/** A merchant number unique to this run. */
export const uniq = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${++seq}`;
