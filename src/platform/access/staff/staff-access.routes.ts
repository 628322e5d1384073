import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TrafficBudgets } from '../../guard/traffic-budgets.js';
import type { Db } from '../../db/client.js';
import { registerFormBody } from '../../http/form-body.js';
import { userOf } from '../../identity/session-guard.js';
import { allow } from '../policy-guard.js';
import { staffAccessPolicy } from './staff-access.policy.js';
import { setSessionCookie, sessionIdOf } from '../../identity/session-cookie.js';
import { signOut, sessionLimits } from '../../identity/sessions.service.js';
import { tenantOf } from '../../tenancy/tenant-resolver.js';
import { publicRoute } from '../route-access.js';
import { staffAccessEntryView, staffAccessLogQuery, tenantGrantView } from './staff-access.contract.js';
import { selectAuditLog } from '../../audit/audit-log.repository.js';
import { decideGrantAsTenant, grantsOfTenant, revokeGrantAsTenant } from './staff-grants.service.js';
import { redeemHandover } from './staff-tenant-sessions.js';
import type { FastifyRequest } from 'fastify';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The deciding administrator (the policy keeps staff out: grants are the site's own oversight). */
function tenantAdmin(request: FastifyRequest) {
  return { userId: userOf(request).id, ip: request.ip, requestId: request.id };
}

/**
 * A tenant's side of staff access: its admins see every grant of the operator's staff, approve
 * or reject the ones that wait, revoke running ones, and read the access transparency log. And
 * the door a staff member's browser comes through from the operator console.
 */
export function staffAccessRoutes(db: Db, budgets: TrafficBudgets): FastifyPluginAsyncZod {
  return async (app) => {
    const adminOnly = allow(db, staffAccessPolicy, 'manage');
    const params = z.object({ id: z.uuid() });

    app.get(
      '/api/admin/staff-access/grants',
      { onRequest: adminOnly, schema: { tags: ['staff access'], summary: "The operator staff's access grants to this site, newest first", response: { 200: z.array(tenantGrantView) } } },
      async (request) =>
        (await grantsOfTenant(db, tenantOf(request).id)).map((g) => ({
          id: g.id,
          staffName: g.staffName,
          staffEmail: g.staffEmail,
          scope: g.scope,
          reason: g.reason,
          ticket: g.ticket,
          status: g.status,
          hours: g.durationMinutes / 60,
          requestedAt: g.requestedAt.toISOString(),
          startsAt: iso(g.startsAt),
          expiresAt: iso(g.expiresAt),
          revokedAt: iso(g.revokedAt),
          lastUsedAt: iso(g.lastUsedAt),
        })),
    );

    for (const [verb, approve] of [['approve', true], ['reject', false]] as const) {
      app.post(
        `/api/admin/staff-access/grants/:id/${verb}`,
        {
          onRequest: adminOnly,
          schema: { tags: ['staff access'], summary: `${approve ? 'Approve' : 'Reject'} a staff access grant that waits for this site's approval`, params, body: z.object({}).optional(), response: { 204: z.null() } },
        },
        async (request, reply) => {
          await decideGrantAsTenant(db, tenantOf(request).id, tenantAdmin(request), request.params.id, approve);
          return reply.status(204).send(null);
        },
      );
    }

    app.post(
      '/api/admin/staff-access/grants/:id/revoke',
      {
        onRequest: adminOnly,
        schema: { tags: ['staff access'], summary: 'Revoke a staff access grant: its sessions on this site end at once', params, body: z.object({}).optional(), response: { 204: z.null() } },
      },
      async (request, reply) => {
        await revokeGrantAsTenant(db, tenantOf(request).id, tenantAdmin(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/admin/staff-access/log',
      {
        onRequest: adminOnly,
        schema: { tags: ['staff access'], summary: "Access transparency: every request and grant event of the operator's staff on this site, newest first", querystring: staffAccessLogQuery, response: { 200: z.array(staffAccessEntryView) } },
      },
      async (request) => {
        const { grantId, beforeId, limit } = request.query;
        const rows = await db.withTenant(tenantOf(request).id, (tx) => selectAuditLog(tx, { staffGrant: grantId ?? true }, { ...(beforeId ? { beforeId } : {}), limit }));
        return rows.map((r) => ({
          id: r.id,
          occurredAt: r.occurredAt.toISOString(),
          action: r.action,
          staffName: r.staffName,
          staffEmail: r.staffEmail,
          grantId: r.staffGrantId,
          ip: r.actorIp,
          method: typeof r.details.method === 'string' ? r.details.method : null,
          path: typeof r.details.path === 'string' ? r.details.path : null,
          status: typeof r.details.status === 'number' ? r.details.status : null,
          aborted: r.details.aborted === true,
        }));
      },
    );

    // The console's form posts here across origins with a sealed one-time token: the token is the
    // credential, not an ambient cookie, so the cross-origin guard lets it through.
    app.register(async (door) => {
      registerFormBody(door, 4096);
      door.post(
        '/staff-access/enter',
        {
          onRequest: publicRoute('the operator console hands a staff member over with a sealed one-time token for a running grant'),
          config: { credentialsInRequest: true },
          schema: { tags: ['staff access'], summary: 'Open a staff session on this site from the operator console (one-time token)', hide: true, body: z.object({ token: z.string().min(1).max(2000) }) },
        },
        async (request, reply) => {
          const tenant = tenantOf(request);
          // Refused handovers are audited one by one: an address that keeps posting bad tokens is stopped first.
          const guessing = { scope: 'code' as const, subject: `staff-handover:${request.ip}`, limit: 10 };
          budgets.assertLeft(request, guessing);
          const previous = sessionIdOf(request);
          if (previous) await signOut(db, tenant, previous, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null, requestId: request.id });
          const client = { ip: request.ip, userAgent: request.headers['user-agent'] ?? null, requestId: request.id };
          const session = await redeemHandover(db, tenant, (request.body as { token: string }).token, client, sessionLimits(tenant).absoluteMs).catch((error: unknown) => {
            budgets.note(guessing);
            throw error;
          });
          setSessionCookie(request, reply, session.sessionId, session.expiresAt);
          return reply.redirect('/admin', 303);
        },
      );
    });
  };
}

