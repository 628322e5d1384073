import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Db } from './platform/db/client.js';
import { healthRoutes, type HealthState } from './platform/health/health.routes.js';
import { registerCrossOriginGuard } from './platform/http/cross-origin-guard.js';
import { registerErrorHandling } from './platform/http/error-handler.js';
import { registerOpenApi } from './platform/http/openapi.js';
import { registerSecurityHeaders } from './platform/http/security-headers.js';
import { registerSpa } from './platform/http/spa.js';
import { authRoutes } from './platform/identity/auth.routes.js';
import { usersRoutes } from './platform/identity/users.routes.js';
import { webDistDir } from './platform/paths.js';
import { tenancyRoutes } from './platform/tenancy/tenancy.routes.js';
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
    logger: deps.logger === false ? false : { level: config.logLevel },
    genReqId: () => randomUUID(),
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    // Slow clients: a whole request must arrive within 30 s, an idle keep-alive closes after 5 s.
    requestTimeout: 30_000,
    keepAliveTimeout: 5_000,
    routerOptions: { maxParamLength: 200 },
  }) as unknown as App;
  app.health = { shuttingDown: false };

  // JSON only: a text/plain body is what a cross-site HTML form can send without a preflight.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  await registerSecurityHeaders(app);
  await app.register(cookie);
  registerCrossOriginGuard(app);
  registerTenantResolution(app, new TenantResolver(db, config.baseDomain));
  await registerOpenApi(app, version);

  await app.register(healthRoutes(db, app.health));
  await app.register(tenancyRoutes);
  await app.register(authRoutes(db));
  await app.register(usersRoutes(db));

  await registerSpa(app, deps.webDir ?? webDistDir);
  return app;
}
