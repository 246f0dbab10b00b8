import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createApp } from './core/services/apps.ts';
import { CHANNELS, NOTICE_TYPES, SIGN_TYPES, type NoticeType, type SignType } from './core/types.ts';
import { notifications } from './store/notifications.ts';
import { demoBanner, ensureDemoApp } from './demo.ts';
import { createGateway, openCore } from './main.ts';
import { createLogger, flushLogs } from './ops/logger.ts';
import { migrateToLatest } from './store/db.ts';

const USAGE = `unipay — self-hosted aggregated payment gateway

Usage:
  unipay serve [--demo]          start the HTTP server (--demo: ensure a demo app and print how to call it)
  unipay migrate                 apply database migrations
  unipay app create --name N [--sign-type md5|hmac_sha256|sm3] [--channel sandbox] [--notify-url URL]
                    [--mch-no M] [--default] [--json]
  unipay app list [--json]
  unipay app set APPID [--notify-url URL|''] [--subscribe pay,refund,transfer,allocation] [--req-sign on|off] [--default]
  unipay notify list [--status pending|delivered|failed] [--trade NO] [--limit N] [--json]
  unipay notify show ID [--json]
  unipay notify resend ID

Environment: PORT, HOST, DATABASE_URL (sqlite:./data/unipay.db | postgres://…), UNIPAY_MASTER_KEY,
UNIPAY_TZ, UNIPAY_PUBLIC_URL, UNIPAY_WORKERS, LOG_LEVEL. See README.md.`;

class UsageError extends Error {}

async function serve(cfg: Config, demo: boolean): Promise<void> {
  const gw = await createGateway(cfg);
  const address = await gw.app.listen({ port: cfg.port, host: cfg.host });
  flushLogs(gw.ctx.log); // the "listening" line is what supervisors and scripts wait for
  if (demo) {
    const app = await ensureDemoApp(gw.ctx);
    const base = cfg.publicUrl ?? `http://127.0.0.1:${new URL(address).port}`;
    process.stdout.write(app ? demoBanner(app, gw.tz, gw.ctx.clock.now(), base) + '\n' : 'demo: another app is the default app; not creating or printing a demo app\n');
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    gw.ctx.log.info({ signal }, 'shutting down: finishing in-flight requests');
    await gw.close();
    flushLogs(gw.ctx.log);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

async function appCommand(cfg: Config, args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      'sign-type': { type: 'string' },
      channel: { type: 'string', multiple: true },
      'notify-url': { type: 'string' },
      'mch-no': { type: 'string' },
      default: { type: 'boolean' },
      json: { type: 'boolean' },
      subscribe: { type: 'string' },
      'req-sign': { type: 'string' },
    },
    allowPositionals: true,
  });
  const ctx = await openCore(cfg, createLogger('warn'));
  try {
    if (sub === 'create') {
      if (!values.name) throw new UsageError('app create: --name is required');
      const signType = (values['sign-type'] ?? 'hmac_sha256') as SignType;
      if (!SIGN_TYPES.includes(signType)) throw new UsageError(`--sign-type: one of ${SIGN_TYPES.join(', ')}`);
      // No channel unless asked: the sandbox's payer page lets anyone "pay", so it is opt-in.
      const channels = values.channel ?? [];
      for (const c of channels) if (!(CHANNELS as readonly string[]).includes(c)) throw new UsageError(`--channel: one of ${CHANNELS.join(', ')}`);
      const notifyUrl = values['notify-url'];
      if (notifyUrl && !/^https?:\/\/\S+$/.test(notifyUrl)) throw new UsageError('--notify-url: must be an http(s) URL');
      const created = await createApp(ctx, { name: values.name, signType, channels, notifyUrl, mchNo: values['mch-no'], isDefault: values.default });
      if (values.json) process.stdout.write(JSON.stringify(created) + '\n');
      else process.stdout.write(`created app ${created.appId} (merchant ${created.mchNo}, ${created.signType})\nsign secret (shown once): ${created.signSecret}\n`);
    } else if (sub === 'list') {
      const apps = (await ctx.apps.list()).map((a) => ({ appId: a.appId, mchNo: a.mchNo, name: a.name, signType: a.signType, reqSign: a.reqSign, notifyUrl: a.notifyUrl, isDefault: a.isDefault }));
      if (values.json) process.stdout.write(JSON.stringify(apps) + '\n');
      else for (const a of apps) process.stdout.write(`${a.appId}  ${a.mchNo}  ${a.signType}${a.isDefault ? '  default' : ''}  ${a.name}\n`);
    } else if (sub === 'set') {
      const appId = positionals[0];
      if (!appId) throw new UsageError('app set: the app id is required');
      const notifyUrl = values['notify-url'];
      if (notifyUrl && !/^https?:\/\/\S+$/.test(notifyUrl)) throw new UsageError('--notify-url: must be an http(s) URL (or empty to clear)');
      const subscriptions = values.subscribe === undefined ? undefined : values.subscribe.split(',').map((t) => t.trim()).filter(Boolean);
      for (const t of subscriptions ?? []) if (!(NOTICE_TYPES as readonly string[]).includes(t)) throw new UsageError(`--subscribe: types from ${NOTICE_TYPES.join(', ')}`);
      const reqSign = values['req-sign'];
      if (reqSign !== undefined && reqSign !== 'on' && reqSign !== 'off') throw new UsageError('--req-sign: on or off');
      const found = await ctx.apps.update(appId, {
        notifyUrl: notifyUrl === undefined ? undefined : notifyUrl || null,
        subscriptions: subscriptions as NoticeType[] | undefined,
        reqSign: reqSign === undefined ? undefined : reqSign === 'on',
        isDefault: values.default ? true : undefined,
      }, ctx.clock.now());
      if (!found) throw new UsageError(`no app ${appId}`);
      const a = (await ctx.apps.list()).find((x) => x.appId === appId)!;
      process.stdout.write(JSON.stringify({ appId: a.appId, notifyUrl: a.notifyUrl, subscriptions: a.subscriptions, reqSign: a.reqSign, isDefault: a.isDefault }) + '\n');
    } else {
      throw new UsageError(`unknown app command: ${sub ?? '(none)'}`);
    }
  } finally {
    await ctx.db.destroy();
  }
}

async function notifyCommand(cfg: Config, args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { status: { type: 'string' }, trade: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
  });
  const ctx = await openCore(cfg, createLogger('warn'));
  try {
    if (sub === 'list') {
      const limit = Number(values.limit ?? 50);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError('--limit: 1 to 10000');
      const rows = await notifications.list(ctx.db, { status: values.status, tradeNo: values.trade, limit });
      const out = rows.map(({ body, leaseOwner, leaseUntil, ...n }) => n);
      if (values.json) process.stdout.write(JSON.stringify(out) + '\n');
      else for (const n of out) process.stdout.write(`${n.id}  ${n.status.padEnd(9)} ${n.noticeType.padEnd(8)} ${n.tradeNo}  attempts=${n.attempts}  ${n.url}${n.lastError ? '  last error: ' + n.lastError : ''}\n`);
    } else if (sub === 'show') {
      const id = positionals[0];
      if (!id) throw new UsageError('notify show: the notification id is required');
      const found = await notifications.get(ctx.db, id);
      if (!found) throw new UsageError(`no notification ${id}`);
      process.stdout.write(JSON.stringify(found, null, values.json ? undefined : 2) + '\n');
    } else if (sub === 'resend') {
      const id = positionals[0];
      if (!id) throw new UsageError('notify resend: the notification id is required');
      if (!(await notifications.resend(ctx.db, id, ctx.clock.now()))) throw new UsageError(`no notification ${id}`);
      process.stdout.write(`notification ${id} is due now; a running gateway delivers it\n`);
    } else {
      throw new UsageError(`unknown notify command: ${sub ?? '(none)'}`);
    }
  } finally {
    await ctx.db.destroy();
  }
}

export async function main(argv: string[]): Promise<void> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const cfg = loadConfig();
  switch (cmd) {
    case 'serve':
      return serve(cfg, rest.includes('--demo'));
    case 'migrate': {
      const ctx = await openCore(cfg, createLogger('warn'));
      const applied = await migrateToLatest(ctx.db);
      await ctx.db.destroy();
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      return;
    }
    case 'app':
      return appCommand(cfg, rest);
    case 'notify':
      return notifyCommand(cfg, rest);
    default:
      throw new UsageError(`unknown command: ${cmd}`);
  }
}

main(process.argv.slice(2)).catch((err) => {
  if (err instanceof ConfigError || err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`unipay: ${err.message}\n`);
    if (err instanceof UsageError) process.stderr.write('run `unipay help` for usage\n');
    process.exit(1);
  }
  process.stderr.write(`unipay: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
