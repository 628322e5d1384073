import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { createTenantInput, type CreateTenantInput } from './tenancy.contract.js';
import {
  findTakenHostnames,
  findTenantBySlug,
  insertTenant,
  listTenants,
  setPrimaryHostname,
  updateTenantStatus,
  type Tenant,
} from './tenants.repository.js';

export async function createTenant(db: Db, input: CreateTenantInput): Promise<Tenant> {
  const parsed = createTenantInput.parse(input);
  if (await findTenantBySlug(db.owner, parsed.slug)) throw new AppError('TENANT_SLUG_TAKEN', [{ field: 'slug', value: parsed.slug }]);
  const taken = await findTakenHostnames(db.owner, parsed.hostnames);
  if (taken.length > 0) throw new AppError('TENANT_HOST_TAKEN', taken.map((h) => ({ field: 'hostnames', value: h })));
  return insertTenant(db.owner, parsed);
}

export async function setTenantStatus(db: Db, slug: string, status: Tenant['status']): Promise<void> {
  if (!(await updateTenantStatus(db.owner, slug, status))) throw new AppError('TENANT_NOT_FOUND', [{ field: 'slug', value: slug }]);
}

/** Makes one of the tenant's host names the one links in mails point to. */
export async function setPrimaryHost(db: Db, slug: string, hostname: string): Promise<Tenant> {
  const tenant = await requireTenant(db, slug);
  const host = hostname.toLowerCase();
  if (!(await setPrimaryHostname(db.owner, tenant.id, host))) throw new AppError('TENANT_HOST_NOT_FOUND', [{ field: 'hostname', value: host }]);
  return requireTenant(db, slug);
}

export async function requireTenant(db: Db, slug: string): Promise<Tenant> {
  const tenant = await findTenantBySlug(db.owner, slug);
  if (!tenant) throw new AppError('TENANT_NOT_FOUND', [{ field: 'slug', value: slug }]);
  return tenant;
}

export { listTenants };
