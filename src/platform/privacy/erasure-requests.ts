import type { Db } from '../db/client.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import { AppError } from '../http/errors.js';
import type { FlowContext } from '../identity/flow-context.js';
import { findUserById } from '../identity/users.repository.js';
import { addNotifications } from '../notifications/notifications.service.js';
import { listActiveAdmins } from '../access/reviews/access-reviews.repository.js';
import { findOpenErasureRequest, findPrivacyRequest, insertPrivacyRequest, listRequestsOfSite, listRequestsOfUser, setRequestStatus, type PrivacyRequest } from './privacy.repository.js';

/** The bell's notices: to the site's administrators when someone asks, to the person when it is declined. */
export const ERASURE_REQUESTED_NOTICE = 'privacy.erasure_requested';
export const ERASURE_REJECTED_NOTICE = 'privacy.erasure_rejected';

/**
 * A person asks for their data to be erased. The request is recorded and the site's
 * administrators carry it out (or refuse it, e.g. while a contract still needs the account):
 * erasure is final, and the site may have duties to keep training records, so a signed-in
 * session alone never erases an account. Asking again while a request is open changes nothing.
 */
export async function requestErasure(db: Db, context: FlowContext, userId: string): Promise<PrivacyRequest> {
  return db.withTenant(context.tenant.id, async (tx) => {
    const open = await findOpenErasureRequest(tx, userId);
    if (open) return open;
    const request = await insertPrivacyRequest(tx, { subjectUserId: userId, kind: 'erasure', status: 'requested', requestedByUserId: userId });
    await insertAuditEvent(tx, {
      action: 'privacy.erasure_requested',
      actorUserId: userId,
      actorIp: context.ip,
      userAgent: context.userAgent,
      requestId: context.requestId,
      targetType: 'user',
      targetId: userId,
      details: { requestId: request.id },
    });
    // The administrators hear of it at once, not only when they happen to open the page. The notice
    // names the person and carries their id, so the erasure finds it and replaces the name.
    const person = await findUserById(tx, userId);
    const name = person ? `${person.firstName} ${person.lastName}`.trim() : '';
    const admins = (await listActiveAdmins(tx)).filter((admin) => admin.id !== userId);
    await addNotifications(tx, admins.map((admin) => ({ userId: admin.id, kind: ERASURE_REQUESTED_NOTICE, params: { person: name, personId: userId }, link: '/privacy-requests' })));
    return request;
  });
}

/** An administrator refuses an open erasure request (the person keeps their account); logged. */
export async function rejectErasureRequest(db: Db, context: FlowContext, adminUserId: string, requestId: string, reason: string): Promise<void> {
  await db.withTenant(context.tenant.id, async (tx) => {
    const request = await findPrivacyRequest(tx, requestId);
    if (!request || request.kind !== 'erasure' || request.status !== 'requested') throw new AppError('PRIVACY_REQUEST_NOT_FOUND', [{ field: 'id', value: requestId }]);
    await setRequestStatus(tx, requestId, 'rejected', adminUserId);
    await insertAuditEvent(tx, {
      action: 'privacy.erasure_rejected',
      actorUserId: adminUserId,
      actorIp: context.ip,
      userAgent: context.userAgent,
      requestId: context.requestId,
      targetType: 'user',
      targetId: request.subjectUserId,
      details: { requestId, reason },
    });
    // The person learns that, and why, in their own bell.
    await addNotifications(tx, [{ userId: request.subjectUserId, kind: ERASURE_REJECTED_NOTICE, params: { reason }, link: '/account#privacy' }]);
  });
}

export function ownRequests(db: Db, context: FlowContext, userId: string): Promise<PrivacyRequest[]> {
  return db.withTenant(context.tenant.id, (tx) => listRequestsOfUser(tx, userId));
}

export function siteRequests(db: Db, context: FlowContext, status: 'requested' | 'completed' | 'rejected' | undefined) {
  return db.withTenant(context.tenant.id, (tx) => listRequestsOfSite(tx, { ...(status ? { status } : {}), limit: 200 }));
}
