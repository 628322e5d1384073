import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { responseSerializerCompiler } from './platform/http/response-serializer.js';
import type { Config } from './config.js';
import type { Db } from './platform/db/client.js';
import { guardRoutes } from './platform/guard/guard.routes.js';
import { registerRateLimits } from './platform/guard/rate-limit.js';
import { healthRoutes, type HealthState } from './platform/health/health.routes.js';
import { registerCrossOriginGuard } from './platform/http/cross-origin-guard.js';
import { answerUnparsedRequest, registerErrorHandling } from './platform/http/error-handler.js';
import { registerHostValidation } from './platform/http/host-validation.js';
import { registerNulCharacterCheck } from './platform/http/nul-characters.js';
import { registerJsonBodyParser } from './platform/http/json-body.js';
import { lazyChildLogger, requestLogController } from './platform/http/request-logging.js';
import { registerForceHttps, registerTlsRequirement } from './platform/http/force-https.js';
import { httpsServerOptions } from './platform/http/listeners.js';
import { registerOpenApi } from './platform/http/openapi.js';
import { registerSecurityHeaders } from './platform/http/security-headers.js';
import { registerSpa } from './platform/http/spa.js';
import { trustedProxyMatcher } from './platform/http/trusted-proxies.js';
import { authRoutes } from './platform/identity/auth.routes.js';
import { usersRoutes } from './platform/identity/users.routes.js';
import { passwordResetRoutes } from './platform/identity/password-reset.routes.js';
import { invitationsRoutes } from './platform/identity/invitations.routes.js';
import { adminUsersRoutes } from './platform/identity/admin-users.routes.js';
import { accountRoutes } from './platform/identity/account.routes.js';
import { apiTokensRoutes } from './platform/identity/api-tokens/api-tokens.routes.js';
import { mfaRoutes } from './platform/identity/mfa/mfa.routes.js';
import { sessionsRoutes } from './platform/identity/sessions.routes.js';
import { userDirectoryRoutes } from './platform/identity/user-directory.routes.js';
import { passwordPolicyRoutes } from './platform/identity/password-policy.routes.js';
import { tenantSettingsRoutes } from './platform/tenancy/tenant-settings.routes.js';
import { metricsRoutes } from './platform/monitor/metrics.routes.js';
import { webDistDir } from './platform/paths.js';
import { tenancyRoutes } from './platform/tenancy/tenancy.routes.js';
import { registerSiteUrl } from './platform/tenancy/site-url.js';
import { groupsRoutes } from './platform/groups/groups.routes.js';
import { learnRoutes } from './learn/learn.routes.js';
import { registerTenantResolution, TenantResolver } from './platform/tenancy/tenant-resolver.js';
import { version } from './version.js';

export interface AppDeps {
  config: Config;
  db: Db;
  /** Where the built SPA lives; tests point it elsewhere. */
  webDir?: string;
  /** false silences the request log (tests). */
  logger?: boolean;
}

export interface App extends FastifyInstance {
  health: HealthState;
}

/** Builds the whole HTTP application without listening; tests call it and use inject(). */
export async function buildApp(deps: AppDeps): Promise<App> {
  const { config, db } = deps;
  const app = Fastify({
    ...httpsServerOptions(config),
    logger: deps.logger === false ? false : { level: config.logLevel },
    logController: requestLogController(),
    childLoggerFactory: lazyChildLogger,
    genReqId: () => randomUUID(),
    clientErrorHandler: answerUnparsedRequest,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy.length > 0 ? trustedProxyMatcher(config.trustProxy) : false,
    // Slow clients: headers within LECTERN_HEADERS_TIMEOUT_MS (listeners.ts), no silence longer than
    // LECTERN_IDLE_TIMEOUT_MS mid-request, the whole request within LECTERN_REQUEST_TIMEOUT_MS (long
    // enough for a one-request package upload), an idle keep-alive closed after 5 s.
    connectionTimeout: config.idleTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: 5_000,
    routerOptions: { maxParamLength: 200 },
  }) as unknown as App;
  app.health = { shuttingDown: false };

  // JSON only: a text/plain body is what a cross-site HTML form can send without a preflight.
  app.removeContentTypeParser('text/plain');
  registerJsonBodyParser(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  registerErrorHandling(app);
  registerSecurityHeaders(app);
  // Before everything that reads the host: rate limits' logs, the cross-origin check, tenant resolution.
  registerHostValidation(app);
  registerNulCharacterCheck(app);
  registerTlsRequirement(app, config);
  await app.register(cookie);
  registerCrossOriginGuard(app);
  // Before tenant resolution and the routes: the limits mark each /api route as it is declared.
  registerRateLimits(app, db, config.rateLimit);
  registerSiteUrl(app, config);
  const tenantResolver = new TenantResolver(db, config.baseDomain);
  registerTenantResolution(app, tenantResolver);
  app.decorateRequest('user', null);
  app.decorateRequest('session', null);
  await registerOpenApi(app, version);

  await app.register(healthRoutes(db, app.health));
  await app.register(tenancyRoutes);
  await app.register(authRoutes(db));
  await app.register(usersRoutes(db));
  await app.register(guardRoutes(db));
  await app.register(metricsRoutes(config.metricsAllow));
  await app.register(passwordResetRoutes(db));
  await app.register(invitationsRoutes(db));
  await app.register(adminUsersRoutes(db));
  await app.register(accountRoutes(db));
  registerForceHttps(app, config);
  await app.register(mfaRoutes(db));
  await app.register(apiTokensRoutes(db));
  await app.register(sessionsRoutes(db));
  await app.register(userDirectoryRoutes(db));
  await app.register(tenantSettingsRoutes(db, tenantResolver));
  await app.register(passwordPolicyRoutes);
  await app.register(groupsRoutes(db));
  await app.register(learnRoutes({ db, config }));

  await registerSpa(app, deps.webDir ?? webDistDir);
  return app;
}
