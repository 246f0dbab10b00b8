import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, type Migration } from 'kysely';
import { GroupCommitSqliteDialect } from './groupCommit.ts';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../config.ts';
import type { Database } from './schema.ts';
import * as m0001 from './migrations/0001_init.ts';
import * as m0002 from './migrations/0002_notifications.ts';

export type Db = Kysely<Database>;
export type DbKind = Config['database']['kind'];

const migrations: Record<string, Migration> = { '0001_init': m0001, '0002_notifications': m0002 };

// int8 (bigint) columns hold fen and epoch ms, both far inside Number's exact range.
const pgTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'),
};

export function openDatabase(cfg: Config['database']): { db: Db; kind: DbKind } {
  if (cfg.kind === 'sqlite') {
    if (cfg.file !== ':memory:') mkdirSync(dirname(cfg.file), { recursive: true });
    const sqlite = new BetterSqlite3(cfg.file);
    sqlite.pragma('journal_mode = WAL');
    // FULL (default): a committed order survives power loss, not only a process crash.
    sqlite.pragma(`synchronous = ${cfg.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    return { db: new Kysely<Database>({ dialect: new GroupCommitSqliteDialect(sqlite), plugins: [new CamelCasePlugin()] }), kind: 'sqlite' };
  }
  const pool = new pg.Pool({ connectionString: cfg.url, max: 10, types: pgTypes as never });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] }), kind: 'postgres' };
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when `err` is a unique-key violation on either database. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
