import { sql } from 'drizzle-orm';
import { uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenancy/tenancy.schema.js';

/**
 * The tenant_id column of a tenant-owned table: defaults to the tenant of the current
 * withTenant() transaction, so inserts need not (and cannot usefully) name another one.
 */
export const tenantIdColumn = () => unreferencedTenantIdColumn().references(() => tenants.id, { onDelete: 'cascade' });

/**
 * The same column without a foreign key, for rows written by the thousand per second whose
 * tenant is already checked on the row they derive from: the key check would run once per row.
 * The area that owns such a table removes its rows when the tenant goes (a trigger in its
 * migration), since no cascade does.
 */
export const unreferencedTenantIdColumn = () => uuid('tenant_id').notNull().default(sql`nullif(current_setting('app.tenant_id', true), '')::uuid`);
