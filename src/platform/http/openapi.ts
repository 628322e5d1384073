import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { BEARER_SECURITY_SCHEME } from '../identity/api-tokens/token-guard.js';
import { contentSecurityPolicy } from './security-headers.js';
import { declareScopePublic, publicRoute } from '../access/route-access.js';

// The one style attribute the bundled reference UI sets at run time (checked by the browser test).
const DOCS_CSP = contentSecurityPolicy({ styleHashes: ['sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='] });

/** OpenAPI 3.1 generated from the routes' zod schemas, and a browsable reference at /api/docs. */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Lectern API',
        version,
        description:
          'REST API of Lectern. Errors have the body { error: { code, message, fields?, requestId } }; ' +
          'codes are stable, messages follow Accept-Language (German or English).',
      },
      components: {
        securitySchemes: {
          [BEARER_SECURITY_SCHEME]: {
            type: 'http',
            scheme: 'bearer',
            description:
              'An API token (`lct_…`, created at /api/me/tokens). Routes that accept one list the scope it needs; ' +
              'the other routes take the session cookie of a signed-in user.',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(async (docs) => {
    // The reference is the same for every host, known tenant or not.
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, tenant: false };
    });
    docs.addHook('onRequest', async (_request, reply) => {
      reply.header('content-security-policy', DOCS_CSP);
    });
    declareScopePublic(docs, 'the API reference describes every route to anybody; it holds no data');
    await docs.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: false });
  });
  app.get('/api/openapi.json', { config: { tenant: false }, onRequest: publicRoute('the API reference, the same for everybody'), schema: { hide: true } }, async () => app.swagger());
}
