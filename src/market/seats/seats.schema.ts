import { foreignKey, integer, pgTable, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';
import { groups } from '../../platform/groups/groups.schema.js';
import { marketOrderLines } from '../orders/orders.schema.js';

/**
 * A company's seats, bought as one order line: how many it may fill now (the line's quantity, less
 * seats refunded) and the group its employees land in. A seat is filled by an access grant of the
 * line (market_access_grants) for one person.
 */
export const marketSeatPacks = pgTable(
  'market_seat_packs',
  {
    tenantId: tenantIdColumn(),
    orderLineId: uuid('order_line_id').primaryKey(),
    orderId: uuid('order_id').notNull(),
    groupId: uuid('group_id'),
    seats: integer('seats').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('market_seat_packs_tenant_line_key').on(t.tenantId, t.orderLineId),
    foreignKey({ columns: [t.tenantId, t.orderLineId], foreignColumns: [marketOrderLines.tenantId, marketOrderLines.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.groupId], foreignColumns: [groups.id] }).onDelete('set null'),
  ],
);
