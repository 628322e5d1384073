/** The parts of buildApp(), in the order it sets them up. */
export const FEATURES = {
  logger: 'Fastify logger (pino) at LOG_LEVEL: a child logger per request, and the request/answer lines at info',
  reqid: 'genReqId: crypto.randomUUID() per request',
  options: 'server options: bodyLimit, requestTimeout 30 s, keepAliveTimeout 5 s, maxParamLength',
  errors: 'error and not-found handlers',
  helmet: 'security headers: the precomputed security-header hook (CSP, nosniff, frame options, ...)',
  cookie: '@fastify/cookie (onRequest parse + onSend hook)',
  origin: 'cross-origin guard onRequest hook',
  tenant: 'tenant resolution onRequest hook (returns early for tenant: false routes)',
  openapi: '@fastify/swagger + swagger-ui (routes and onRoute hook)',
  https: 'force-HTTPS / TLS-required onRequest hook, NODE_ENV=production, no certificate',
  zod: 'zod validator and response serializer compilers, and the real /healthz route with its zod response schema',
  spa: '@fastify/static for dist/web and the /* catch-all route',
  // Not a part of buildApp(): an alternative to `helmet`, to see what the same headers cost
  // when they are computed once and handed to Fastify in one synchronous hook.
  'static-headers': 'alternative to helmet: the same response headers, computed once, set by one synchronous onRequest hook',
} as const;
export type Feature = keyof typeof FEATURES;

/** Spawned by healthz-breakdown.ts with VARIANT set to a comma-separated list of these, or 'app'. */
export const variantServerScript = 'bench/lib/variant-server.ts';
