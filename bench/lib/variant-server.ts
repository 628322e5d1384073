/**
 * A server assembled like buildApp() in src/app.ts, from the same modules, with each part
 * switchable, so that healthz-breakdown.ts can tell what each part costs per request.
 * Only the parts that act on GET /healthz are here; parts that only act on other routes
 * (rate limits of /api, the feature routes) are left out. The `app` variant, the real
 * buildApp(), shows whether anything that costs is missing.
 * Run by healthz-breakdown.ts as `node --import tsx bench/lib/variant-server.ts` with
 *
 *   VARIANT=app           the real buildApp() (without a database: /healthz needs none)
 *   VARIANT=<f1>,<f2>...  only these features on a plain Fastify instance (see FEATURES)
 *   VARIANT=              plain Fastify and the /healthz route only
 *
 * and PORT, LOG_LEVEL. It must only serve routes that never touch the database.
 */
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/platform/db/client.js';
import { healthRoutes } from '../../src/platform/health/health.routes.js';
import { registerCrossOriginGuard } from '../../src/platform/http/cross-origin-guard.js';
import { registerErrorHandling } from '../../src/platform/http/error-handler.js';
import { registerForceHttps } from '../../src/platform/http/force-https.js';
import { registerOpenApi } from '../../src/platform/http/openapi.js';
import { responseSerializerCompiler } from '../../src/platform/http/response-serializer.js';
import { registerSecurityHeaders } from '../../src/platform/http/security-headers.js';
import { registerSpa } from '../../src/platform/http/spa.js';
import { webDistDir } from '../../src/platform/paths.js';
import { registerTenantResolution, TenantResolver } from '../../src/platform/tenancy/tenant-resolver.js';
import { version } from '../../src/version.js';
import { FEATURES, type Feature } from './variant-features.js';

const noDatabase = new Proxy({} as Db, {
  get(_target, property) {
    throw new Error(`the variant server has no database (used: ${String(property)})`);
  },
});

/** The headers registerSecurityHeaders() adds to an answer, found by asking it once. */
async function securityHeaders(): Promise<Record<string, string>> {
  const withHeaders = Fastify({ logger: false });
  await registerSecurityHeaders(withHeaders);
  withHeaders.get('/', async () => 'ok');
  const without = Fastify({ logger: false });
  without.get('/', async () => 'ok');
  const [a, b] = await Promise.all([withHeaders.inject({ url: '/' }), without.inject({ url: '/' })]);
  const added: Record<string, string> = {};
  for (const [name, value] of Object.entries(a.headers)) {
    if (!(name in b.headers) && typeof value === 'string') added[name] = value;
  }
  await Promise.all([withHeaders.close(), without.close()]);
  return added;
}

async function build() {
  const variant = process.env.VARIANT ?? '';
  const logLevel = (process.env.LOG_LEVEL ?? 'warn') as 'warn';
  const config = loadConfig({ LOG_LEVEL: logLevel, NODE_ENV: 'production', LECTERN_CONTENT_ORIGIN: 'https://*.content.localhost', DATA_DIR: '/nonexistent' });
  if (variant === 'app') return buildApp({ config, db: noDatabase });
  const on = new Set(variant.split(',').filter(Boolean));
  for (const name of on) if (!(name in FEATURES)) throw new Error(`unknown feature ${name}; known: ${Object.keys(FEATURES).join(', ')}`);
  const has = (feature: Feature) => on.has(feature);

  const app = Fastify({
    logger: has('logger') ? { level: logLevel } : false,
    ...(has('reqid') ? { genReqId: () => randomUUID() } : {}),
    ...(has('options')
      ? { bodyLimit: 1024 * 1024, trustProxy: false, requestTimeout: 30_000, keepAliveTimeout: 5_000, routerOptions: { maxParamLength: 200 } }
      : {}),
  });
  if (has('zod')) {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(responseSerializerCompiler);
  }
  if (has('errors')) registerErrorHandling(app);
  if (has('helmet')) await registerSecurityHeaders(app);
  if (has('static-headers')) {
    const headers = await securityHeaders();
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
  }
  if (has('cookie')) await app.register(cookie);
  if (has('origin')) registerCrossOriginGuard(app);
  if (has('tenant')) registerTenantResolution(app, new TenantResolver(noDatabase, undefined));
  if (has('openapi')) await registerOpenApi(app, version);
  if (has('zod')) await app.register(healthRoutes(noDatabase, { shuttingDown: false }));
  else app.get('/healthz', { config: { tenant: false } }, async () => ({ status: 'ok' as const }));
  if (has('https')) registerForceHttps(app, config);
  if (has('spa')) await registerSpa(app, webDistDir, () => 'http://localhost:3001');
  return app;
}

const app = await build();
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
