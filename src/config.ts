import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isValidTimeZone } from './core/time.ts';

/** One typed configuration, read from the environment. */
export interface Config {
  port: number;
  host: string;
  database: { kind: 'sqlite'; file: string; synchronous: 'full' | 'normal' } | { kind: 'postgres'; url: string };
  masterKey: Buffer;
  timeZone: string;
  /** Base URL payers' browsers reach this gateway at; derived from the request's Host when unset. */
  publicUrl: string | null;
  logLevel: string;
  /** Whether this instance runs background jobs (notification dispatch, expiry, sweeper). */
  workers: boolean;
  /** Interval of the expiry job, ms; 0 turns it off. */
  expirySweepMs: number;
  /** Interval of the unknown-outcome sweeper, ms; 0 turns it off. */
  syncSweepMs: number;
  notify: { concurrency: number; pollMs: number; leaseMs: number };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface ConfigNotices {
  warn(message: string): void;
}

type Env = Record<string, string | undefined>;

function parseDatabaseUrl(raw: string, env: Env): Config['database'] {
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!file) throw new ConfigError('DATABASE_URL: sqlite: needs a file path, e.g. sqlite:./data/unipay.db');
    const synchronous = (env.UNIPAY_SQLITE_SYNC || 'full').toLowerCase();
    if (synchronous !== 'full' && synchronous !== 'normal') throw new ConfigError('UNIPAY_SQLITE_SYNC: full (durable, default) or normal');
    return { kind: 'sqlite', file: file === ':memory:' ? file : resolve(file), synchronous };
  }
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) {
    try {
      new URL(raw);
    } catch {
      throw new ConfigError('DATABASE_URL: not a valid postgres:// URL');
    }
    return { kind: 'postgres', url: raw };
  }
  throw new ConfigError('DATABASE_URL: must start with sqlite: or postgres://');
}

function parseMasterKey(raw: string): Buffer {
  const text = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new ConfigError('UNIPAY_MASTER_KEY: must be 32 bytes, as 64 hex digits or base64');
  return key;
}

/**
 * The master key: from UNIPAY_MASTER_KEY, else (embedded database only) from `master.key` beside
 * the database file, generated on first start. PostgreSQL deployments must set it explicitly,
 * since every instance has to share it.
 */
function resolveMasterKey(env: Env, db: Config['database'], notices: ConfigNotices): Buffer {
  if (env.UNIPAY_MASTER_KEY) return parseMasterKey(env.UNIPAY_MASTER_KEY);
  if (db.kind === 'postgres') throw new ConfigError('UNIPAY_MASTER_KEY: required with PostgreSQL (64 hex digits)');
  const dir = db.file === ':memory:' ? resolve('data') : dirname(db.file);
  const file = join(dir, 'master.key');
  if (existsSync(file)) return parseMasterKey(readFileSync(file, 'utf8'));
  mkdirSync(dir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600 });
  notices.warn(`UNIPAY_MASTER_KEY is not set: generated ${file}. Back it up; secrets at rest cannot be read without it.`);
  return key;
}

function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name}: must be an integer from ${min} to ${max}`);
  return n;
}

export function loadConfig(env: Env = process.env, notices: ConfigNotices = { warn: (m) => console.warn(m) }): Config {
  const database = parseDatabaseUrl(env.DATABASE_URL || 'sqlite:./data/unipay.db', env);
  const timeZone = env.UNIPAY_TZ || 'Asia/Shanghai';
  if (!isValidTimeZone(timeZone)) throw new ConfigError(`UNIPAY_TZ: unknown time zone ${timeZone}`);
  const publicUrl = env.UNIPAY_PUBLIC_URL ? env.UNIPAY_PUBLIC_URL.replace(/\/+$/, '') : null;
  if (publicUrl && !/^https?:\/\//.test(publicUrl)) throw new ConfigError('UNIPAY_PUBLIC_URL: must be an http(s) URL');
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL: one of fatal, error, warn, info, debug, trace, silent');
  }
  return {
    port: intVar(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '0.0.0.0',
    database,
    masterKey: resolveMasterKey(env, database, notices),
    timeZone,
    publicUrl,
    logLevel,
    workers: intVar(env, 'UNIPAY_WORKERS', 1, 0, 1) === 1,
    expirySweepMs: intVar(env, 'UNIPAY_EXPIRY_SWEEP_MS', 30_000, 0, 86_400_000),
    syncSweepMs: intVar(env, 'UNIPAY_SYNC_SWEEP_MS', 15_000, 0, 86_400_000),
    notify: {
      concurrency: intVar(env, 'UNIPAY_NOTIFY_CONCURRENCY', 64, 1, 1024),
      pollMs: intVar(env, 'UNIPAY_NOTIFY_POLL_MS', 1_000, 10, 60_000),
      leaseMs: intVar(env, 'UNIPAY_NOTIFY_LEASE_MS', 30_000, 1_000, 3_600_000),
    },
  };
}
