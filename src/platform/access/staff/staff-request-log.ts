import type { FastifyInstance, FastifyRequest } from 'fastify';
import { insertAuditEvent } from '../../audit/audit.repository.js';
import type { Db } from '../../db/client.js';
import { runUnderStaffGrant } from '../../db/staff-grant-scope.js';
import type { EndedStaffTenantSession } from './staff-grants.repository.js';

/** What a staff request's audit entry says of the request: the path without its query (search terms may name people), the query's field names. */
function requestDetails(request: FastifyRequest): { method: string; path: string; queryFields: string[] } {
  const [path, query] = request.url.split('?', 2);
  return { method: request.method, path: path!.slice(0, 300), queryFields: query ? [...new URLSearchParams(query).keys()].slice(0, 20) : [] };
}

/**
 * Writes a staff request's entry to the site's audit trail, under the staff member and the grant.
 * A failure to write it is logged as an error (`failure` says which entry).
 */
async function writeStaffEntry(
  db: Db,
  request: FastifyRequest,
  staff: { staffId: string; grantId: string },
  action: 'staff.request' | 'staff.request_refused',
  details: Record<string, unknown>,
  failure: string,
): Promise<void> {
  if (!request.tenant) return;
  try {
    await db.withTenant(request.tenant.id, (tx) =>
      insertAuditEvent(tx, {
        action,
        actorStaffId: staff.staffId,
        staffGrantId: staff.grantId,
        actorIp: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: request.id,
        targetType: 'route',
        targetId: request.routeOptions.url ?? null,
        details: { ...requestDetails(request), ...details },
      }),
    );
  } catch (error) {
    request.log.error({ err: error, staffId: staff.staffId, grantId: staff.grantId, ...details }, failure);
  }
}

/**
 * A request made with the session of a grant that ended (revoked, expired; or the staff member was
 * deactivated or lost their second factor) is refused, and written to the site's audit trail under
 * the staff member and the grant, so the site's transparency log shows the attempt. A failure to
 * write it is logged as an error; the request is refused either way.
 */
export async function auditRefusedStaffRequest(db: Db, request: FastifyRequest, ended: EndedStaffTenantSession): Promise<void> {
  await writeStaffEntry(db, request, ended, 'staff.request_refused', { status: 401, why: ended.why }, 'refused staff request could not be written to the audit log');
}

/** Marks a request whose staff log entry is written (the answer, or the connection closed before it was complete). */
const logged = new WeakSet<FastifyRequest>();

/**
 * Every request a staff member makes on a tenant's site goes to that tenant's audit trail (who,
 * under which grant, what, when, from where), which its admins read as the access transparency log.
 * The path is kept without its query (search terms may name people); the query's field names stay.
 * The entry is written once the answer is sent, or, when the connection closes before the answer
 * is complete (a download broken off), then, marked `aborted`: Fastify's onResponse does not run
 * for those. A failure to write it is logged as an error.
 */
export function registerStaffRequestLog(app: FastifyInstance, db: Db): void {
  app.decorateRequest('staffAccess', null);
  const write = async (request: FastifyRequest, status: number, aborted: boolean) => {
    const staff = request.staffAccess;
    if (!staff || !request.tenant || logged.has(request)) return;
    logged.add(request);
    const details = { status, scope: staff.scope, ...(aborted ? { aborted: true } : {}) };
    await writeStaffEntry(db, request, staff, 'staff.request', details, 'staff request could not be written to the audit log');
  };
  // Once the guard has let a staff member through, the rest of the request (handler and every
  // tenant transaction it opens) runs under their grant: the audit trigger books changes under it;
  // and a connection that closes before the answer is complete (a download broken off) is logged
  // then. Only staff requests pay for either.
  app.addHook('preHandler', (request, reply, done) => {
    const grantId = request.staffAccess?.grantId;
    if (!grantId) return done();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) void write(request, reply.statusCode, true);
    });
    runUnderStaffGrant(grantId, done);
  });
  app.addHook('onResponse', async (request, reply) => {
    await write(request, reply.statusCode, false);
  });
}
