import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../db/client.js';
import { clientOf } from '../identity/session-cookie.js';
import { userOf } from '../identity/session-guard.js';
import { tenantOf, type TenantResolver } from './tenant-resolver.js';
import { allSettingsOf, applySettingsPatch, siteSettingsPatch, siteSettingsSchema } from './tenant-settings.js';
import { changeSettings } from './change-settings.js';
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
        const patch = request.body as Record<string, unknown>;
        const actor = { user: userOf(request), client: clientOf(request) };
        const next = await changeSettings(db, tenantOf(request).id, actor, (stored) => applySettingsPatch(stored, patch), patch);
        // This node sees the change at once; other nodes within the resolver's cache time.
        resolver.forget();
        return allSettingsOf({ settings: next });
      },
    );
  };
}

