import { insertActorEvent, type Actor } from '../audit/actor-event.js';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import type { TenantSettingsInput } from './tenant-settings.js';
import { findTenantById, updateTenantSettings } from './tenants.repository.js';

/**
 * Changes a site's settings as stored now (not as a cached tenant holds them), stores the result
 * and writes `tenant.settings_changed` with what changed to the audit log. Returns the new
 * settings; the caller tells the tenant resolver to forget its copy.
 */
export async function changeSettings(
  db: Db,
  tenantId: string,
  actor: Actor,
  change: (stored: TenantSettingsInput) => TenantSettingsInput,
  changed: Record<string, unknown>,
): Promise<TenantSettingsInput> {
  const current = await findTenantById(db.owner, tenantId);
  if (!current) throw new AppError('TENANT_NOT_FOUND');
  const next = change(current.settings);
  await updateTenantSettings(db.owner, current.id, next);
  await db.withTenant(current.id, (tx) => insertActorEvent(tx, actor, 'tenant.settings_changed', { type: 'tenant', id: current.id }, { changed }));
  return next;
}
