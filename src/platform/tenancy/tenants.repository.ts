import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Orm } from '../db/client.js';
import { qualified } from '../db/qualified.js';
import { tenantHosts, tenants, type TenantSettings } from './tenancy.schema.js';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  status: 'active' | 'disabled';
  settings: TenantSettings;
  hostnames: string[];
  /** The host absolute links point to (see siteUrlOf); null when the tenant has no host of its own. */
  primaryHostname: string | null;
}

// Correlated on the outer tenants row, written out in full (see qualified()).
const hostnamesOf = sql<string[]>`coalesce((select array_agg(h.hostname order by h.hostname) from ${tenantHosts} h where h.tenant_id = ${qualified(tenants.id)}), '{}')`;
const primaryHostnameOf = sql<string | null>`(select h.hostname from ${tenantHosts} h where h.tenant_id = ${qualified(tenants.id)} and h.is_primary)`;

const tenantColumns = {
  id: tenants.id,
  slug: tenants.slug,
  name: tenants.name,
  status: tenants.status,
  settings: tenants.settings,
  hostnames: hostnamesOf,
  primaryHostname: primaryHostnameOf,
};

export async function findTenantByHostname(orm: Orm, hostname: string): Promise<Tenant | undefined> {
  const rows = await orm
    .select(tenantColumns)
    .from(tenantHosts)
    .innerJoin(tenants, eq(tenants.id, tenantHosts.tenantId))
    .where(eq(tenantHosts.hostname, hostname))
    .limit(1);
  return rows[0];
}

export async function findTenantBySlug(orm: Orm, slug: string): Promise<Tenant | undefined> {
  const rows = await orm.select(tenantColumns).from(tenants).where(eq(tenants.slug, slug)).limit(1);
  return rows[0];
}

export async function listTenants(orm: Orm): Promise<Tenant[]> {
  return orm.select(tenantColumns).from(tenants).orderBy(asc(tenants.slug));
}

export async function countTenants(orm: Orm): Promise<number> {
  const [row] = await orm.select({ n: count() }).from(tenants);
  return row?.n ?? 0;
}

export async function insertTenant(
  orm: Orm,
  input: { slug: string; name: string; hostnames: string[] },
): Promise<Tenant> {
  return orm.transaction(async (tx) => {
    const [row] = await tx.insert(tenants).values({ slug: input.slug, name: input.name }).returning({ id: tenants.id });
    if (!row) throw new Error('insert into tenants returned no row');
    if (input.hostnames.length > 0) {
      // The first host given is the primary one.
      await tx.insert(tenantHosts).values(input.hostnames.map((hostname, i) => ({ hostname, tenantId: row.id, isPrimary: i === 0 })));
    }
    const created = await findTenantBySlug(tx, input.slug);
    if (!created) throw new Error('tenant vanished after insert');
    return created;
  });
}

export async function updateTenantStatus(orm: Orm, slug: string, status: Tenant['status']): Promise<boolean> {
  const rows = await orm.update(tenants).set({ status }).where(eq(tenants.slug, slug)).returning({ id: tenants.id });
  return rows.length > 0;
}

export async function findTakenHostnames(orm: Orm, hostnames: string[]): Promise<string[]> {
  if (hostnames.length === 0) return [];
  const rows = await orm
    .select({ hostname: tenantHosts.hostname })
    .from(tenantHosts)
    .where(inArray(tenantHosts.hostname, hostnames));
  return rows.map((r) => r.hostname);
}

/** Makes `hostname` the tenant's primary host; false when it is not one of the tenant's hosts. */
export async function setPrimaryHostname(orm: Orm, tenantId: string, hostname: string): Promise<boolean> {
  return orm.transaction(async (tx) => {
    const owned = await tx
      .select({ hostname: tenantHosts.hostname })
      .from(tenantHosts)
      .where(and(eq(tenantHosts.tenantId, tenantId), eq(tenantHosts.hostname, hostname)));
    if (owned.length === 0) return false;
    // Two statements: the unique index (one primary per tenant) is checked row by row.
    await tx.update(tenantHosts).set({ isPrimary: false }).where(and(eq(tenantHosts.tenantId, tenantId), eq(tenantHosts.isPrimary, true)));
    await tx.update(tenantHosts).set({ isPrimary: true }).where(eq(tenantHosts.hostname, hostname));
    return true;
  });
}

/** `lock`: the row stays locked until the caller's transaction ends (a read-modify-write of its settings). */
export async function findTenantById(orm: Orm, id: string, options: { lock?: boolean } = {}): Promise<Tenant | undefined> {
  const query = orm.select(tenantColumns).from(tenants).where(eq(tenants.id, id)).limit(1);
  const rows = options.lock ? await query.for('update') : await query;
  return rows[0];
}

export async function updateTenantSettings(orm: Orm, id: string, settings: Tenant['settings']): Promise<void> {
  await orm.update(tenants).set({ settings }).where(eq(tenants.id, id));
}

/** Deletes the tenant's row; every tenant-owned row goes with it (foreign keys cascade), and its queued jobs. */
export async function deleteTenantRow(orm: Orm, id: string): Promise<boolean> {
  return orm.transaction(async (tx) => {
    // Jobs carry the tenant without a foreign key (the queue is a platform table): queued mail to its people goes too.
    await tx.execute(sql`delete from jobs where tenant_id = ${id}`);
    const rows = await tx.delete(tenants).where(eq(tenants.id, id)).returning({ id: tenants.id });
    return rows.length > 0;
  });
}
