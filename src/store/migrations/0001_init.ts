import { type Kysely, sql } from 'kysely';

/** Initial schema. Money is bigint fen; times are bigint epoch ms; flags are 0/1 integers. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('merchants')
    .addColumn('mch_no', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('apps')
    .addColumn('app_id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('mch_no', 'varchar(32)', (c) => c.notNull().references('merchants.mch_no'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('sign_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('sign_secret_enc', 'text', (c) => c.notNull())
    .addColumn('req_sign', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('req_timeout_sec', 'integer', (c) => c.notNull().defaultTo(300))
    .addColumn('notify_url', 'varchar(200)')
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('channel_configs')
    .addColumn('app_id', 'varchar(32)', (c) => c.notNull().references('apps.app_id'))
    .addColumn('channel', 'varchar(20)', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('config_enc', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_configs_pk', ['app_id', 'channel'])
    .execute();

  await db.schema
    .createTable('pay_orders')
    .addColumn('order_no', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('app_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('mch_no', 'varchar(32)', (c) => c.notNull())
    .addColumn('biz_order_no', 'varchar(100)', (c) => c.notNull())
    .addColumn('out_order_no', 'varchar(100)')
    .addColumn('title', 'varchar(100)', (c) => c.notNull())
    .addColumn('description', 'varchar(500)')
    .addColumn('allocation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('auto_allocation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('channel', 'varchar(20)', (c) => c.notNull())
    .addColumn('method', 'varchar(20)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('refundable_balance', 'bigint', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('refund_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('pay_body', 'text')
    .addColumn('extra_param', 'text')
    .addColumn('attach', 'varchar(500)')
    .addColumn('return_url', 'varchar(200)')
    .addColumn('quit_url', 'varchar(200)')
    .addColumn('notify_url', 'varchar(200)')
    .addColumn('client_ip', 'varchar(64)')
    .addColumn('error_msg', 'text')
    .addColumn('expired_time', 'bigint', (c) => c.notNull())
    .addColumn('pay_time', 'bigint')
    .addColumn('close_time', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('pay_orders_app_biz_uq', ['app_id', 'biz_order_no'])
    .addCheckConstraint('pay_orders_refundable_ck', sql`refundable_balance >= 0 AND refundable_balance <= amount`)
    .execute();
  await db.schema.createIndex('pay_orders_out_idx').on('pay_orders').columns(['app_id', 'out_order_no']).execute();
  await db.schema.createIndex('pay_orders_open_idx').on('pay_orders').columns(['status', 'expired_time']).execute();

  await db.schema
    .createTable('refund_orders')
    .addColumn('refund_no', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('app_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('mch_no', 'varchar(32)', (c) => c.notNull())
    .addColumn('order_no', 'varchar(32)', (c) => c.notNull().references('pay_orders.order_no'))
    .addColumn('biz_order_no', 'varchar(100)', (c) => c.notNull())
    .addColumn('out_order_no', 'varchar(100)')
    .addColumn('title', 'varchar(100)', (c) => c.notNull())
    .addColumn('biz_refund_no', 'varchar(100)', (c) => c.notNull())
    .addColumn('out_refund_no', 'varchar(100)')
    .addColumn('channel', 'varchar(20)', (c) => c.notNull())
    .addColumn('order_amount', 'bigint', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'varchar(150)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('extra_param', 'text')
    .addColumn('attach', 'varchar(500)')
    .addColumn('notify_url', 'varchar(200)')
    .addColumn('error_msg', 'text')
    .addColumn('finish_time', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('refund_orders_app_biz_uq', ['app_id', 'biz_refund_no'])
    .execute();
  await db.schema.createIndex('refund_orders_order_idx').on('refund_orders').columns(['order_no', 'status']).execute();

  await db.schema
    .createTable('transfer_orders')
    .addColumn('transfer_no', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('app_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('mch_no', 'varchar(32)', (c) => c.notNull())
    .addColumn('biz_transfer_no', 'varchar(100)', (c) => c.notNull())
    .addColumn('out_transfer_no', 'varchar(100)')
    .addColumn('channel', 'varchar(20)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('title', 'varchar(100)')
    .addColumn('reason', 'varchar(150)')
    .addColumn('payee_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('payee_account', 'varchar(100)', (c) => c.notNull())
    .addColumn('payee_name', 'varchar(50)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('extra_param', 'text')
    .addColumn('attach', 'varchar(500)')
    .addColumn('notify_url', 'varchar(200)')
    .addColumn('error_msg', 'text')
    .addColumn('finish_time', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('transfer_orders_app_biz_uq', ['app_id', 'biz_transfer_no'])
    .execute();

  await db.schema
    .createTable('channel_calls')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('channel', 'varchar(20)', (c) => c.notNull())
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('trade_no', 'varchar(32)', (c) => c.notNull())
    .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
    .addColumn('request', 'text')
    .addColumn('response', 'text')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('channel_calls_trade_idx').on('channel_calls').columns(['trade_no']).execute();

  await db.schema
    .createTable('sandbox_trades')
    .addColumn('trade_no', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('channel_trade_no', 'varchar(40)', (c) => c.notNull())
    .addColumn('queries', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['sandbox_trades', 'channel_calls', 'transfer_orders', 'refund_orders', 'pay_orders', 'channel_configs', 'apps', 'merchants']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
