import { insertActorEvent, type Actor } from '../audit/actor-event.js';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import type { TenantSettingsInput } from './tenant-settings.js';
import { findTenantById, updateTenantSettings } from './tenants.repository.js';

/**
 * Changes a site's settings as stored now (not as a cached tenant holds them), stores the result
 * and writes `tenant.settings_changed` with what changed to the audit log. Returns the new
 * settings; the caller tells the tenant resolver to forget its copy. The row is locked from the
 * read to the write: two administrators saving at once (the logo and the other settings, say)
 * both keep their change.
 */
export async function changeSettings(
  db: Db,
  tenantId: string,
  actor: Actor,
  change: (stored: TenantSettingsInput) => TenantSettingsInput,
  changed: Record<string, unknown>,
): Promise<TenantSettingsInput> {
  const next = await db.owner.transaction(async (tx) => {
    const current = await findTenantById(tx, tenantId, { lock: true });
    if (!current) throw new AppError('TENANT_NOT_FOUND');
    const changedSettings = change(current.settings);
    await updateTenantSettings(tx, current.id, changedSettings);
    return changedSettings;
  });
  await db.withTenant(tenantId, (tx) => insertActorEvent(tx, actor, 'tenant.settings_changed', { type: 'tenant', id: tenantId }, { changed }));
  return next;
}
