import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../db/tenant-column.js';

/**
 * Which handler has had its effect for which domain event: written in the same transaction as the
 * effect, so a redelivered event (a worker died after the effect committed) is skipped.
 */
export const eventHandlings = pgTable(
  'event_handlings',
  {
    eventId: uuid('event_id').notNull(),
    handler: text('handler').notNull(),
    /** Domain events belong to a tenant: handlers run confined to it (withTenant). */
    tenantId: tenantIdColumn(),
    handledAt: timestamp('handled_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.handler] })],
);
