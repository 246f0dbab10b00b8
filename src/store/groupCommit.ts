import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';

/**
 * SQLite with group commit, for Kysely.
 *
 * better-sqlite3 is synchronous, so with `synchronous=FULL` every commit blocks the process on an
 * fsync. Here concurrent work shares commits instead: writes run inside one physical transaction
 * (a "batch"), each logical transaction is a savepoint in it, and the batch commits once per
 * turn of the event loop. A write — an autocommit statement or a logical transaction's commit —
 * is acknowledged only after the batch holding it has committed, so nothing acknowledged is lost,
 * while one fsync covers every request that wrote in that turn.
 *
 * Reads outside a logical transaction run at once, and may see writes of the open batch that are
 * not yet acknowledged to their writers (as other connections would under NORMAL).
 */
export class GroupCommitSqliteDialect extends SqliteDialect {
  constructor(private readonly sqlite: BetterSqlite3.Database) {
    super({ database: sqlite });
  }

  override createDriver(): Driver {
    return new GroupCommitDriver(this.sqlite);
  }
}

/** A FIFO lock: whoever asked first gets the single connection next. */
class Mutex {
  private locked = false;
  private queue: (() => void)[] = [];

  lock(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  unlock(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.locked = false;
  }
}

interface Batch {
  /** Settles when the batch's COMMIT returns. */
  done: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const STATEMENT_CACHE = 500;

class GroupCommitDriver implements Driver {
  private readonly mutex = new Mutex();
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private batch: Batch | null = null;

  constructor(private readonly db: BetterSqlite3.Database) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.mutex.lock();
    return new GroupConnection(this);
  }

  async beginTransaction(c: DatabaseConnection): Promise<void> {
    this.openBatch();
    this.db.exec('SAVEPOINT unipay_tx');
    (c as GroupConnection).inTransaction = true;
  }

  async commitTransaction(c: DatabaseConnection): Promise<void> {
    const conn = c as GroupConnection;
    this.db.exec('RELEASE unipay_tx');
    conn.inTransaction = false;
    const committed = this.batch!.done;
    // Let the next caller in before waiting, so its work can join this batch.
    this.release(conn);
    await committed;
  }

  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    // After RELEASE the savepoint is gone and the connection may be someone else's: a failed
    // batch commit has already rolled everything back, so there is nothing to undo here.
    if (!(c as GroupConnection).inTransaction) return;
    this.db.exec('ROLLBACK TO unipay_tx');
    this.db.exec('RELEASE unipay_tx');
    (c as GroupConnection).inTransaction = false;
  }

  async releaseConnection(c: DatabaseConnection): Promise<void> {
    this.release(c as GroupConnection);
  }

  release(c: GroupConnection): void {
    if (c.released) return;
    c.released = true;
    this.mutex.unlock();
  }

  async destroy(): Promise<void> {
    // Wait for any logical transaction in flight, so no half of one is committed.
    await this.mutex.lock();
    this.commitBatch();
    this.db.close();
  }

  prepare(sql: string): BetterSqlite3.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      if (this.statements.size >= STATEMENT_CACHE) this.statements.clear();
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /** Opens the physical transaction of a batch, and schedules its commit, if none is open. */
  openBatch(): Batch {
    if (this.batch) return this.batch;
    this.db.exec('BEGIN IMMEDIATE');
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    done.catch(() => {}); // waiters handle it; an unwaited batch must not crash the process
    this.batch = { done, resolve, reject };
    setImmediate(() => void this.flush());
    return this.batch;
  }

  /** Commits the open batch once no logical transaction is inside it. */
  private async flush(): Promise<void> {
    await this.mutex.lock();
    try {
      this.commitBatch();
    } finally {
      this.mutex.unlock();
    }
  }

  private commitBatch(): void {
    const batch = this.batch;
    if (!batch) return;
    this.batch = null;
    try {
      this.db.exec('COMMIT');
      batch.resolve();
    } catch (err) {
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // already rolled back by SQLite
      }
      batch.reject(err);
    }
  }
}

class GroupConnection implements DatabaseConnection {
  inTransaction = false;
  released = false;

  constructor(private readonly driver: GroupCommitDriver) {}

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.driver.prepare(q.sql);
    const writes = !stmt.readonly;
    const batch = writes ? this.driver.openBatch() : null;
    let result: QueryResult<R>;
    if (stmt.reader) {
      result = { rows: stmt.all(q.parameters as unknown[]) as R[] };
    } else {
      const { changes } = stmt.run(q.parameters as unknown[]);
      result = { numAffectedRows: BigInt(changes), rows: [] };
    }
    if (batch && !this.inTransaction) {
      // An autocommit write is acknowledged with its batch; the connection is free meanwhile.
      this.driver.release(this);
      await batch.done;
    }
    return result;
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported by the group-commit SQLite driver');
  }
}
