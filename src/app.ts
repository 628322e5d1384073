import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { Config } from './config.js';
import type { Db } from './platform/db/client.js';
import { RefusalSummaries } from './platform/audit/refusal-summaries.js';
import { guardRoutes } from './platform/guard/guard.routes.js';
import { auditLogRoutes } from './platform/audit/audit-log.routes.js';
import { registerApiRateLimits } from './platform/guard/api-rate-limits.js';
import { RateLimiter } from './platform/guard/rate-limit.js';
import { TrafficBudgets } from './platform/guard/traffic-budgets.js';
import { healthRoutes, type HealthState } from './platform/health/health.routes.js';
import { registerCrossOriginGuard } from './platform/http/cross-origin-guard.js';
import { registerHostValidation } from './platform/http/host-validation.js';
import { registerNulCharacterCheck } from './platform/http/nul-characters.js';
import { registerForceHttps, registerTlsRequirement } from './platform/http/force-https.js';
import { registerOpenApi } from './platform/http/openapi.js';
import { registerSecurityHeaders } from './platform/http/security-headers.js';
import { registerSpa } from './platform/http/spa.js';
import { registerRequestBasics, serverOptions } from './platform/http/server-options.js';
import { contentOriginOf } from './platform/http/content-origin.js';
import { authRoutes } from './platform/identity/auth.routes.js';
import { usersRoutes } from './platform/identity/users.routes.js';
import { passwordResetRoutes } from './platform/identity/password-reset.routes.js';
import { selfRegistrationRoutes } from './platform/identity/self-registration.routes.js';
import { registerMailState } from './platform/mail/mail-state.js';
import { invitationsRoutes } from './platform/identity/invitations.routes.js';
import { adminUsersRoutes } from './platform/identity/admin-users.routes.js';
import { accountRoutes } from './platform/identity/account.routes.js';
import { privacyRoutes } from './platform/privacy/privacy.routes.js';
import { apiTokensRoutes } from './platform/identity/api-tokens/api-tokens.routes.js';
import { hasBearerToken, registerBearerRoutes } from './platform/identity/api-tokens/token-guard.js';
import { sessionIdOf } from './platform/identity/session-cookie.js';
import { mfaRoutes } from './platform/identity/mfa/mfa.routes.js';
import { sessionsRoutes } from './platform/identity/sessions.routes.js';
import { userDirectoryRoutes } from './platform/identity/user-directory.routes.js';
import { passwordPolicyRoutes } from './platform/identity/password-policy.routes.js';
import { tenantSettingsRoutes } from './platform/tenancy/tenant-settings.routes.js';
import { metricsRoutes } from './platform/monitor/metrics.routes.js';
import { monitorRoutes } from './platform/monitor/monitor.routes.js';
import { registerHttpMetrics } from './platform/monitor/http.metrics.js';
import { launchDistDir, webDistDir } from './platform/paths.js';
import { tenancyRoutes } from './platform/tenancy/tenancy.routes.js';
import { brandingRoutes } from './platform/branding/branding.routes.js';
import { registerSiteUrl } from './platform/tenancy/site-url.js';
import { groupsRoutes } from './platform/groups/groups.routes.js';
import { notificationsRoutes } from './platform/notifications/notifications.routes.js';
import { registerConsentRoutes } from './platform/privacy/consent/index.js';
import { registerTenantResolution, TenantResolver, tenantOf } from './platform/tenancy/tenant-resolver.js';
import { installSecretBox } from './platform/secrets/installed-secret-box.js';
import { openSecretBox, type SecretBox } from './platform/secrets/secret-box.js';
import { buildContentApp, type ContentApp } from './content-app.js';
import type { BlobStore } from './platform/storage/blob-store.js';
import { openBlobStore } from './platform/storage/open-blob-store.js';
import { version } from './version.js';
import { modules as installedModules } from './modules.js';
import type { AreaModule } from './platform/modules/area-module.js';
import { installModules } from './platform/modules/install-modules.js';
import { requireDeclaredAccess, type DeclaredRoute } from './platform/access/route-access.js';
import { permissionsRoutes } from './platform/access/permissions.routes.js';
import { staffAccessRoutes } from './platform/access/staff/staff-access.routes.js';
import { consoleRoutes, siteOfTenant } from './platform/access/staff/console/console.routes.js';
import { registerStaffRequestLog } from './platform/access/staff/staff-request-log.js';
import { platformPolicies } from './platform/access/platform-policies.js';
import { accessReviewsRoutes } from './platform/access/reviews/access-reviews.routes.js';

export interface AppDeps {
  config: Config;
  db: Db;
  /** Where the built SPA lives; tests point it elsewhere. */
  webDir?: string;
  /** Where the built launch frame (the content origin's page around a SCO) lives; tests point it elsewhere. */
  launchDir?: string;
  /** false silences the request log (tests). */
  logger?: boolean;
  /** The box that seals secrets kept in the database; default: from the configured key file. */
  secretBox?: SecretBox;
  /** Where the log goes instead of standard output (tests read it). */
  logStream?: DestinationStream;
  /** The product areas to serve; default: the installation's list (src/modules.ts). */
  modules?: readonly AreaModule[];
  /** Where the areas keep files; default: opened from the configuration (and closed with the app). */
  blobStore?: BlobStore;
}

export interface App extends FastifyInstance {
  health: HealthState;
  /** The content origin's application: course content never runs on this one's origin (listeners.ts serves it). */
  contentApp: ContentApp;
  refusals: RefusalSummaries;
  /** Every route (method, pattern, and the access its guard declares), known once the app is ready. */
  routeTable: readonly DeclaredRoute[];
}

/** The store opened from the configuration, closed when the app closes (a store handed in is the caller's). */
async function openOwnBlobStore(app: App, config: Config, db: Db, secretBox: SecretBox): Promise<BlobStore> {
  const store = await openBlobStore({ db, config, secretBox, log: app.log });
  app.addHook('onClose', () => store.close());
  return store;
}

/** Builds the whole HTTP application, and the content origin's beside it, without listening; tests call it and use inject(). */
export async function buildApp(deps: AppDeps): Promise<App> {
  const { config, db } = deps;
  const modules = deps.modules ?? installedModules;
  installModules(modules);
  const secretBox = deps.secretBox ?? openSecretBox(config);
  installSecretBox(secretBox);
  const logger = deps.logger !== false;
  const app = Fastify(serverOptions(config, { logger, tls: config.tls, logStream: deps.logStream })) as unknown as App;
  app.health = { shuttingDown: false };

  // Every route asks a policy or says why it is public; an app with a route that does neither does not start.
  app.routeTable = requireDeclaredAccess(app);
  registerRequestBasics(app);
  // Before any route: each route's answers are timed under its pattern.
  registerHttpMetrics(app, 'app', config.metricsEnabled);
  registerSecurityHeaders(app);
  // Before everything that reads the host: rate limits' logs, the cross-origin check, tenant resolution.
  registerHostValidation(app);
  registerNulCharacterCheck(app);
  registerTlsRequirement(app, config);
  await app.register(cookie);
  registerSiteUrl(app, config);
  registerMailState(app, config);
  const tenantResolver = new TenantResolver(db, config.baseDomain);
  // Floods of refusals reach the audit log as a count per address (or user) and minute.
  app.refusals = new RefusalSummaries(db, (host) => tenantResolver.resolve(host), app.log);
  app.addHook('onClose', () => app.refusals.stop());
  registerCrossOriginGuard(app, app.refusals);
  // Rate limits per kind of traffic, shared by the app and the content origin (counters shared by all nodes).
  const limiter = new RateLimiter(db, app.log);
  app.addHook('onClose', () => limiter.stop());
  const budgets = new TrafficBudgets(limiter, config.rateLimit, app.refusals);
  // Before tenant resolution and the routes: the limits mark each /api route as it is declared.
  registerApiRateLimits(app, budgets, (request) => hasBearerToken(request) || sessionIdOf(request) !== undefined);
  registerBearerRoutes(app);
  registerTenantResolution(app, tenantResolver);
  app.decorateRequest('user', null);
  app.decorateRequest('session', null);
  registerStaffRequestLog(app, db);
  await registerOpenApi(app, version);

  await app.register(healthRoutes(db, app.health));
  await app.register(tenancyRoutes);
  await app.register(authRoutes(db));
  await app.register(usersRoutes(db));
  await app.register(guardRoutes(db));
  await app.register(auditLogRoutes(db));
  await app.register(metricsRoutes({ config, db }));
  await app.register(monitorRoutes({ config, db }));
  await app.register(passwordResetRoutes(db));
  await app.register(selfRegistrationRoutes(db));
  await app.register(invitationsRoutes(db));
  await app.register(adminUsersRoutes(db, modules));
  await app.register(accountRoutes(db));
  const storage = deps.blobStore ?? (await openOwnBlobStore(app, config, db, secretBox));
  await app.register(privacyRoutes(db, storage, modules));
  registerForceHttps(app, config);
  await app.register(mfaRoutes(db));
  await app.register(apiTokensRoutes(db));
  await app.register(sessionsRoutes(db));
  await app.register(userDirectoryRoutes(db));
  await app.register(tenantSettingsRoutes(db, tenantResolver, config));
  await app.register(passwordPolicyRoutes);
  await app.register(groupsRoutes(db));
  await app.register(notificationsRoutes(db));
  await registerConsentRoutes(app, db, config.secretKeyFile);
  await app.register(accessReviewsRoutes(db, modules.flatMap((module) => module.privileges ?? [])));
  await app.register(staffAccessRoutes(db, budgets));
  await app.register(consoleRoutes({ db, config, budgets, siteUrlOf: siteOfTenant(db, (tenant) => app.siteUrlOf(tenant)) }));
  await app.register(permissionsRoutes(db, [...platformPolicies, ...modules.flatMap((module) => module.policies ?? [])]));
  await app.register(brandingRoutes(db, tenantResolver, storage));
  const routeDeps = { db, config, storage, tenantById: (id: string) => tenantResolver.byId(id), launchDir: deps.launchDir ?? launchDistDir, budgets };
  const areaRoutes = modules.flatMap((module) => module.routes?.(routeDeps) ?? []);
  for (const routes of areaRoutes) await app.register(routes.app);

  await registerSpa(app, deps.webDir ?? webDistDir, (request) => contentOriginOf(config, tenantOf(request), request.hostname));

  app.contentApp = await buildContentApp({ config, db, logger, logStream: deps.logStream, health: app.health, contentRoutes: areaRoutes.flatMap((routes) => routes.content ?? []) });
  app.addHook('onClose', async () => {
    await app.contentApp.close();
  });
  return app;
}
