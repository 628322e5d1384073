import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { clientOf } from '../identity/session-cookie.js';
import { userOf } from '../identity/session-guard.js';
import { tenantOf, type TenantResolver } from './tenant-resolver.js';
import { allSettingsOf, applySettingsPatch, siteSettingsPatch, siteSettingsSchema } from './tenant-settings.js';
import { findTenantById, updateTenantSettings } from './tenants.repository.js';
import { allow } from '../access/policy-guard.js';
import { settingsPolicy } from './settings.policy.js';

export function tenantSettingsRoutes(db: Db, resolver: TenantResolver): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/admin/settings',
      {
        onRequest: allow(db, settingsPolicy, 'manage'),
        schema: { tags: ['settings'], summary: 'The settings of this site, defaults filled in', response: { 200: siteSettingsSchema() } },
      },
      async (request) => allSettingsOf(tenantOf(request)),
    );

    app.patch(
      '/api/admin/settings',
      {
        onRequest: allow(db, settingsPolicy, 'manage'),
        schema: {
          tags: ['settings'],
          summary: 'Change some settings of this site (any subset of any section)',
          body: siteSettingsPatch(),
          response: { 200: siteSettingsSchema() },
        },
      },
      async (request) => {
        const current = await findTenantById(db.owner, tenantOf(request).id);
        if (!current) throw new AppError('TENANT_NOT_FOUND');
        const next = applySettingsPatch(current.settings, request.body as Record<string, unknown>);
        await updateTenantSettings(db.owner, current.id, next);
        const client = clientOf(request);
        await db.withTenant(current.id, (tx) =>
          insertAuditEvent(tx, {
            action: 'tenant.settings_changed',
            actorUserId: userOf(request).id,
            actorIp: client.ip,
            userAgent: client.userAgent,
            requestId: client.requestId,
            targetType: 'tenant',
            targetId: current.id,
            details: { changed: request.body as Record<string, unknown> },
          }),
        );
        // This node sees the change at once; other nodes within the resolver's cache time.
        resolver.forget();
        return allSettingsOf({ settings: next });
      },
    );
  };
}

