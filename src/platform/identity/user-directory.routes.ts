import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { tenantOf } from '../tenancy/tenant-resolver.js';
import { adminUserView, importResult, rolesInput, userListQuery, userListView } from './identity.contract.js';
import { adminUserViewOf, toAdminUserView } from './admin-user-view.js';
import { clientOf } from './session-cookie.js';
import { userOf } from './session-guard.js';
import { flowContext } from './flow-context.js';
import { EXISTING_USER_CHOICES, importUsers } from './user-import.js';
import { listUsers } from './users.repository.js';
import { prepareUserExport } from './user-export.js';
import { requestLanguage } from '../http/request-context.js';
import { changeRoles } from './users.service.js';
import { nulInTextBody } from '../http/nul-characters.js';
import { allow } from '../access/policy-guard.js';
import { usersPolicy } from './users.policy.js';

const CSV_LIMIT_BYTES = 2 * 1024 * 1024;

export function userDirectoryRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    // CSV only in this plugin: the rest of the API stays JSON-only.
    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_LIMIT_BYTES }, (_request, body, done) => done(nulInTextBody(body as string), body));

    app.get(
      '/api/admin/users',
      {
        // Directory apps may read with a token of scope users:read; its user must still be an administrator or manager.
        onRequest: allow(db, usersPolicy, 'list'),
        schema: { tags: ['users'], summary: 'Users of this site, filtered and paged (session, or API token with users:read)', querystring: userListQuery, response: { 200: userListView } },
      },
      async (request) => {
        const { q, role, status, invitation, limit, offset } = request.query;
        const result = await db.withTenant(tenantOf(request).id, (tx) => listUsers(tx, { query: q, role, status, invitation, limit, offset }));
        return { users: result.users.map(toAdminUserView), total: result.total, mailConfigured: app.mailConfigured };
      },
    );

    app.get(
      '/api/admin/users/export',
      {
        onRequest: allow(db, usersPolicy, 'manage'),
        schema: {
          tags: ['users'],
          summary: 'The users the list filters select, as CSV (UTF-8 with BOM; German: semicolons) with a header the user import reads back; audited',
          querystring: userListQuery.omit({ limit: true, offset: true }).extend({ lang: z.enum(['de', 'en']).optional() }),
        },
      },
      async (request, reply) => {
        const { lang, ...filter } = request.query;
        const language = lang ?? requestLanguage(request);
        const prepared = await prepareUserExport(db, flowContext(request), userOf(request), filter, language);
        const fileName = language === 'de' ? 'benutzer.csv' : 'users.csv';
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${fileName}"`)
          .header('cache-control', 'no-store')
          .header('x-export-rows', String(prepared.rows))
          .send(Readable.from(prepared.chunks));
      },
    );

    app.put(
      '/api/admin/users/:id/roles',
      {
        onRequest: allow(db, usersPolicy, 'manage'),
        schema: {
          tags: ['users'],
          summary: "Set a user's roles; the user's sessions end so the change applies at the next sign-in",
          params: z.object({ id: z.uuid() }),
          body: rolesInput,
          response: { 200: adminUserView },
        },
      },
      async (request) => {
        const actor = { user: userOf(request), client: clientOf(request) };
        const tenantId = tenantOf(request).id;
        // Staff under a grant make nobody an administrator: the rights would outlast the grant.
        if (request.staffAccess && request.body.roles.includes('admin') && !(await adminUserViewOf(db, tenantId, request.params.id)).roles.includes('admin')) {
          throw new AppError('STAFF_NO_LASTING_ACCESS');
        }
        await changeRoles(db, tenantId, actor, request.params.id, request.body.roles);
        return adminUserViewOf(db, tenantId, request.params.id);
      },
    );

    app.post(
      '/api/admin/users/import',
      {
        onRequest: allow(db, usersPolicy, 'invite'),
        schema: {
          tags: ['users'],
          summary: 'Import users from CSV (text/csv; columns email, first name, last name, roles) — all or nothing; ?invite=true mails invitations; ?existing=refuse|skip|update decides about users who exist already',
          querystring: z.object({ invite: z.enum(['true', 'false']).default('false'), existing: z.enum(EXISTING_USER_CHOICES).default('refuse') }),
          body: z.string().max(CSV_LIMIT_BYTES),
          response: { 201: importResult },
        },
      },
      async (request, reply) => {
        const { created, updated, skipped, mail } = await importUsers(db, flowContext(request), request.body, userOf(request), {
          invite: request.query.invite === 'true',
          existing: request.query.existing,
        });
        return reply.status(201).send({
          created: created.length,
          updated: updated.length,
          skipped,
          mail,
          users: created.map((u) => ({ id: u.id, email: u.email, ...(u.link ? { link: u.link } : {}) })),
        });
      },
    );
  };
}
