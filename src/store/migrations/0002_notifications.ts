import type { Kysely } from 'kysely';

/** Outbox of merchant notifications with their attempts; app subscriptions; sweeper bookkeeping. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('app_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('dialect', 'varchar(16)', (c) => c.notNull())
    .addColumn('notice_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('trade_no', 'varchar(32)', (c) => c.notNull())
    .addColumn('trade_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('url', 'varchar(200)', (c) => c.notNull())
    .addColumn('content_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_owner', 'varchar(64)')
    .addColumn('lease_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_due_idx').on('notifications').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('notifications_trade_idx').on('notifications').columns(['trade_no']).execute();

  await db.schema
    .createTable('notification_attempts')
    .addColumn('notification_id', 'varchar(32)', (c) => c.notNull().references('notifications.id'))
    .addColumn('attempt_no', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('response_excerpt', 'text')
    .addColumn('error', 'text')
    .addColumn('success', 'integer', (c) => c.notNull())
    .addColumn('worker', 'varchar(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_attempts_pk', ['notification_id', 'attempt_no'])
    .execute();

  await db.schema.alterTable('apps').addColumn('subscriptions', 'varchar(100)', (c) => c.notNull().defaultTo('')).execute();

  for (const table of ['pay_orders', 'refund_orders', 'transfer_orders']) {
    await db.schema.alterTable(table).addColumn('sync_at', 'bigint').execute();
    await db.schema.alterTable(table).addColumn('sync_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  }
  await db.schema.createIndex('pay_orders_sweep_idx').on('pay_orders').columns(['status', 'sync_at']).execute();
  await db.schema.createIndex('refund_orders_sweep_idx').on('refund_orders').columns(['status', 'sync_at']).execute();
  await db.schema.createIndex('transfer_orders_sweep_idx').on('transfer_orders').columns(['status', 'sync_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['pay_orders', 'refund_orders', 'transfer_orders']) {
    await db.schema.dropIndex(`${table.replace('_orders', '')}_orders_sweep_idx`).ifExists().execute();
    await db.schema.alterTable(table).dropColumn('sync_count').execute();
    await db.schema.alterTable(table).dropColumn('sync_at').execute();
  }
  await db.schema.alterTable('apps').dropColumn('subscriptions').execute();
  await db.schema.dropTable('notification_attempts').ifExists().execute();
  await db.schema.dropTable('notifications').ifExists().execute();
}
