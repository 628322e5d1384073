import { sql } from 'drizzle-orm';
import { uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenancy/tenancy.schema.js';

/**
 * The tenant_id column of a tenant-owned table: defaults to the tenant of the current
 * withTenant() transaction, so inserts need not (and cannot usefully) name another one.
 */
export const tenantIdColumn = () =>
  uuid('tenant_id')
    .notNull()
    .default(sql`nullif(current_setting('app.tenant_id', true), '')::uuid`)
    .references(() => tenants.id, { onDelete: 'cascade' });
