import type { FastifyInstance } from 'fastify';
import { insertAuditEvent } from '../../audit/audit.repository.js';
import type { Db } from '../../db/client.js';

/**
 * Every request a staff member makes on a tenant's site goes to that tenant's audit trail (who,
 * under which grant, what, when, from where), which its admins read as the access transparency log.
 * The path is kept without its query (search terms may name people); the query's field names stay.
 */
export function registerStaffRequestLog(app: FastifyInstance, db: Db): void {
  app.decorateRequest('staffAccess', null);
  app.addHook('onResponse', async (request, reply) => {
    const staff = request.staffAccess;
    if (!staff || !request.tenant) return;
    const [path, query] = request.url.split('?', 2);
    try {
      await db.withTenant(request.tenant.id, (tx) =>
        insertAuditEvent(tx, {
          action: 'staff.request',
          actorStaffId: staff.staffId,
          staffGrantId: staff.grantId,
          actorIp: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          requestId: request.id,
          targetType: 'route',
          targetId: request.routeOptions.url ?? null,
          details: {
            method: request.method,
            path: path!.slice(0, 300),
            queryFields: query ? [...new URLSearchParams(query).keys()].slice(0, 20) : [],
            status: reply.statusCode,
            scope: staff.scope,
          },
        }),
      );
    } catch (error) {
      request.log.error({ err: error }, 'staff request could not be written to the audit log');
    }
  });
}
