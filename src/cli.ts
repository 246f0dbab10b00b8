import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createApp } from './core/services/apps.ts';
import { SIGN_TYPES, CHANNELS, type SignType } from './core/types.ts';
import { demoBanner, ensureDemoApp } from './demo.ts';
import { createGateway, openCore } from './main.ts';
import { createLogger } from './ops/logger.ts';
import { migrateToLatest } from './store/db.ts';

const USAGE = `unipay — self-hosted aggregated payment gateway

Usage:
  unipay serve [--demo]          start the HTTP server (--demo: ensure a demo app and print how to call it)
  unipay migrate                 apply database migrations
  unipay app create --name N [--sign-type md5|hmac_sha256|sm3] [--channel sandbox] [--notify-url URL]
                    [--mch-no M] [--default] [--json]
  unipay app list [--json]

Environment: PORT, HOST, DATABASE_URL (sqlite:./data/unipay.db | postgres://…), UNIPAY_MASTER_KEY,
UNIPAY_TZ, UNIPAY_PUBLIC_URL, LOG_LEVEL. See README.md.`;

class UsageError extends Error {}

async function serve(cfg: Config, demo: boolean): Promise<void> {
  const gw = await createGateway(cfg);
  const address = await gw.app.listen({ port: cfg.port, host: cfg.host });
  if (demo) {
    const app = await ensureDemoApp(gw.ctx);
    const base = cfg.publicUrl ?? `http://127.0.0.1:${new URL(address).port}`;
    process.stdout.write(demoBanner(app, gw.tz, gw.ctx.clock.now(), base) + '\n');
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    gw.ctx.log.info({ signal }, 'shutting down: finishing in-flight requests');
    await gw.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

async function appCommand(cfg: Config, args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      'sign-type': { type: 'string' },
      channel: { type: 'string', multiple: true },
      'notify-url': { type: 'string' },
      'mch-no': { type: 'string' },
      default: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  const ctx = await openCore(cfg, createLogger('warn'));
  try {
    if (sub === 'create') {
      if (!values.name) throw new UsageError('app create: --name is required');
      const signType = (values['sign-type'] ?? 'hmac_sha256') as SignType;
      if (!SIGN_TYPES.includes(signType)) throw new UsageError(`--sign-type: one of ${SIGN_TYPES.join(', ')}`);
      const channels = values.channel ?? ['sandbox'];
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
    } else {
      throw new UsageError(`unknown app command: ${sub ?? '(none)'}`);
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
