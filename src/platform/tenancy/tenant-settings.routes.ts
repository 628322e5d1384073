import { AppError } from '../http/errors.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import type { Db } from '../db/client.js';
import { contentOriginOf, hostnameOfOrigin, isContentHostname } from '../http/content-origin.js';
import { clientOf } from '../identity/session-cookie.js';
import { userOf } from '../identity/session-guard.js';
import { tenantOf, type TenantResolver } from './tenant-resolver.js';
import { allSettingsOf, applySettingsPatch, siteSettingsPatch, siteSettingsSchema, touchesSiteOnlySettings } from './tenant-settings.js';
import { changeSettings } from './change-settings.js';
import { allow } from '../access/policy-guard.js';
import { settingsPolicy } from './settings.policy.js';
import { refuseSectionChanges, type SettingsSite } from './settings-sections.js';
import type { FastifyRequest } from 'fastify';

/** The site a change is made for: its host names, the one the request came by, and its course content's. */
function siteOf(config: Config, request: FastifyRequest): SettingsSite {
  const tenant = tenantOf(request);
  const own = new Set([...tenant.hostnames, request.hostname, hostnameOfOrigin(contentOriginOf(config, tenant, request.hostname))].map((host) => host.toLowerCase()));
  return { isOwnHost: (hostname) => own.has(hostname.toLowerCase()) || isContentHostname(config, hostname) };
}

export function tenantSettingsRoutes(db: Db, resolver: TenantResolver, config: Config): FastifyPluginAsyncZod {
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
        refuseSectionChanges(patch, siteOf(config, request));
        if (request.staffAccess && touchesSiteOnlySettings(patch)) throw new AppError('STAFF_SITE_DECIDES');
        const next = await changeSettings(db, tenantOf(request).id, actor, (stored) => applySettingsPatch(stored, patch), patch);
        // This node sees the change at once; other nodes within the resolver's cache time.
        resolver.forget();
        return allSettingsOf({ settings: next });
      },
    );
  };
}

