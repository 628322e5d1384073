import { insertAuditEvent } from '../../platform/audit/index.js';
import type { Db, Orm } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/index.js';
import { notifyEnrolled } from '../notifications/enrolment-notices.js';
import { openThroughPaths } from '../paths/path-sync.js';
import { findCourse } from './enrolments.repository.js';
import { deleteOrphanedPurchaseEnrolment, deletePurchasedAccess, expiredPurchasedAccess, insertPurchaseEnrolment, insertPurchasedAccess } from './purchased-access.repository.js';
import { syncGroupEnrolments } from './sync-group-enrolments.js';

/** A sale's access to one course, as the selling area names it. */
export interface PurchasedAccessGrant {
  /** Unique per sale and course (`market:<grant id>`): granting it again changes nothing. */
  reference: string;
  courseId: string;
  userId: string;
  endsAt: Date | null;
}

/**
 * Gives a buyer access to a course in the caller's transaction (the store's, where the payment is
 * recorded): the access is recorded under the sale's reference, and the buyer is enrolled unless
 * they are already. Repeating a grant has no second effect. The course must exist (a draft or an
 * archived course is still granted: the buyer paid for it; the seller answers for what they sell).
 */
export async function grantPurchasedAccess(tx: Orm, grant: PurchasedAccessGrant): Promise<void> {
  if (!(await findCourse(tx, grant.courseId))) throw new AppError('LEARN_COURSE_NOT_FOUND', [{ field: 'courseId', value: grant.courseId }]);
  if (!(await insertPurchasedAccess(tx, grant))) return;
  const enrolmentId = await insertPurchaseEnrolment(tx, grant.courseId, grant.userId);
  // The store's own mail tells the buyer what they bought and where: Learn adds the in-app notice only.
  if (enrolmentId) await notifyEnrolled(tx, [enrolmentId], { mail: false });
  await insertAuditEvent(tx, {
    action: 'enrolment.purchase_granted',
    targetType: 'course',
    targetId: grant.courseId,
    details: { userId: grant.userId, reference: grant.reference, enrolled: enrolmentId !== undefined, endsAt: grant.endsAt?.toISOString() ?? null },
  });
}

/**
 * Ends a sale's access (a refund, a chargeback, its time running out): the buyer's enrolment goes
 * when no other purchase of the course is left and it came from purchases; a group or a learning
 * path that holds the course enrols them again, as unenrolling does. Ending it again does nothing.
 */
export async function endPurchasedAccess(tx: Orm, reference: string, reason: 'refunded' | 'charged_back' | 'expired' | 'revoked'): Promise<void> {
  const ended = await deletePurchasedAccess(tx, reference);
  if (!ended) return;
  const enrolmentId = await deleteOrphanedPurchaseEnrolment(tx, ended.courseId, ended.userId);
  if (enrolmentId) {
    await syncGroupEnrolments(tx, ended.courseId, [ended.userId]);
    await openThroughPaths(tx, ended.courseId, [ended.userId]);
  }
  await insertAuditEvent(tx, {
    action: 'enrolment.purchase_ended',
    targetType: 'course',
    targetId: ended.courseId,
    details: { userId: ended.userId, reference, reason, unenrolled: enrolmentId !== undefined },
  });
}

/** Ends the access whose time is over (the recurring sweep). Returns how many ended. */
export async function sweepExpiredPurchasedAccess(db: Db, tenantId: string, now = new Date()): Promise<number> {
  return db.withTenant(tenantId, async (tx) => {
    const references = await expiredPurchasedAccess(tx, now);
    for (const reference of references) await endPurchasedAccess(tx, reference, 'expired');
    return references.length;
  });
}
