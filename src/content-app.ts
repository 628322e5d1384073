import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { DestinationStream } from 'pino';
import type { Config } from './config.js';
import type { Db } from './platform/db/client.js';
import { healthRoutes, type HealthState } from './platform/health/health.routes.js';
import { AppError } from './platform/http/errors.js';
import { HSTS, pinnable } from './platform/http/force-https.js';
import { registerHostValidation } from './platform/http/host-validation.js';
import { registerNulCharacterCheck } from './platform/http/nul-characters.js';
import { registerRequestBasics, serverOptions } from './platform/http/server-options.js';
import { requireDeclaredAccess, type DeclaredRoute } from './platform/access/route-access.js';
import { registerHttpMetrics } from './platform/monitor/http.metrics.js';

export interface ContentApp extends FastifyInstance {
  /** Every route of the content origin (method, pattern, and the access its guard declares). */
  routeTable: readonly DeclaredRoute[];
}

/** Every answer of the content origin, errors included: nothing framed but what a route allows, no referrer, no sniffing. */
const DEFAULT_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': `default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * The content origin's application: course packages are code written by whoever uploaded them,
 * so they run here, on an origin of their own, and never on the app's. It knows no session
 * cookie, no tenant host and no app route: only course files, the launch frame and the commits
 * of launch credentials (the areas' `contentRoutes`). Served on its own port, and on the app's
 * listeners for the configured content host names (listeners.ts).
 */
export async function buildContentApp(deps: {
  config: Config;
  db: Db;
  logger: boolean;
  logStream?: DestinationStream | undefined;
  health: HealthState;
  contentRoutes: FastifyPluginAsync[];
}): Promise<ContentApp> {
  const { config } = deps;
  const app = Fastify(
    serverOptions(config, {
      logger: deps.logger,
      logStream: deps.logStream,
      tls: config.content.tls ?? config.tls,
    }),
  );
  // What this application answers, for the authorization sweep (its routes are not in the API reference).
  // Every route asks a policy (the content policy, through the launch credential) or says why it is public.
  app.decorate('routeTable', requireDeclaredAccess(app));
  registerRequestBasics(app);
  registerHttpMetrics(app, 'content', config.metricsEnabled);
  // The same checks as the app's before anything reads them: a malformed Host, NUL characters.
  registerHostValidation(app);
  registerNulCharacterCheck(app);
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(DEFAULT_HEADERS);
    reply.header('x-request-id', request.id);
    // Content host names serve only HTTPS in production: browsers are told to keep to it.
    if (request.protocol === 'https' && pinnable(request.hostname)) reply.header('strict-transport-security', HSTS);
    // A service worker would outlive the course window and could answer for other course files.
    if (request.headers['service-worker'] !== undefined) return done(new AppError('LEARN_CONTENT_SERVICE_WORKER'));
    done();
  });
  await app.register(healthRoutes(deps.db, deps.health));
  for (const routes of deps.contentRoutes) await app.register(routes);
  await app.ready();
  return app as unknown as ContentApp;
}
