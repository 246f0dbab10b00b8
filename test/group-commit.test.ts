import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { GroupCommitSqliteDialect } from '../src/store/groupCommit.ts';

function open() {
  const dir = mkdtempSync(join(tmpdir(), 'unipay-gc-'));
  const file = join(dir, 'gc.db');
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.exec('CREATE TABLE parent (id INTEGER PRIMARY KEY)');
  sqlite.exec('CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)');
  sqlite.exec('CREATE TABLE note (id INTEGER PRIMARY KEY, v TEXT)');
  const db = new Kysely<any>({ dialect: new GroupCommitSqliteDialect(sqlite) });
  return { db, file, cleanup: async () => { await db.destroy(); rmSync(dir, { recursive: true, force: true }); } };
}

test('concurrent writes share commits and are durable once acknowledged', async () => {
  const { db, file, cleanup } = open();
  try {
    await Promise.all(Array.from({ length: 200 }, (_, i) =>
      i % 2 ? db.insertInto('note').values({ id: i, v: 'auto' }).execute() : db.transaction().execute((trx) => trx.insertInto('note').values({ id: i, v: 'tx' }).execute()),
    ));
    // A second connection sees every acknowledged row: they are committed, not just visible here.
    const other = new BetterSqlite3(file, { readonly: true });
    assert.equal((other.prepare('SELECT count(*) AS n FROM note').get() as { n: number }).n, 200);
    other.close();
  } finally {
    await cleanup();
  }
});

test('a failed batch commit reports its own error and leaves no half transaction behind', async () => {
  const { db, file, cleanup } = open();
  try {
    await db.insertInto('parent').values({ id: 1 }).execute();
    const bad = db.transaction().execute(async (trx) => {
      await trx.insertInto('note').values({ id: 1, v: 'with bad child' }).execute();
      await trx.insertInto('child').values({ id: 1, parent_id: 999 }).execute(); // deferred FK: fails at COMMIT
    });
    const sameBatch = db.transaction().execute(async (trx) => {
      await trx.insertInto('note').values({ id: 2, v: 'innocent' }).execute();
    });
    const results = await Promise.allSettled([bad, sameBatch]);
    assert.equal(results[0].status, 'rejected');
    assert.match(String((results[0] as PromiseRejectedResult).reason), /FOREIGN KEY/);
    // Whatever the batch held was not acknowledged and is not there.
    const other = new BetterSqlite3(file, { readonly: true });
    const notes = other.prepare('SELECT id FROM note ORDER BY id').all() as { id: number }[];
    other.close();
    if (results[1].status === 'fulfilled') assert.deepEqual(notes, [{ id: 2 }]);
    else assert.deepEqual(notes, []);
    // The connection is healthy afterwards.
    await db.insertInto('note').values({ id: 3, v: 'after' }).execute();
    assert.equal((await sql<{ n: number }>`select count(*) as n from note where id = 3`.execute(db)).rows[0]!.n, 1);
  } finally {
    await cleanup();
  }
});
