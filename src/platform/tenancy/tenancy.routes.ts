import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { publicTenant } from './tenancy.contract.js';
import { tenantOf } from './tenant-resolver.js';
import { registrationOpen } from '../identity/self-registration.service.js';
import { publicRoute } from '../access/route-access.js';

export const tenancyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/tenant',
    {
      onRequest: publicRoute("the sign-in page shows the site's name and languages"),
      schema: {
        tags: ['tenancy'],
        summary: 'The site (tenant) this host name serves',
        response: { 200: publicTenant },
      },
    },
    async (request) => {
      const tenant = tenantOf(request);
      return { name: tenant.name, slug: tenant.slug, selfRegistration: registrationOpen(tenant, request.server.mailConfigured) };
    },
  );
};
