import { and, desc, eq, lt } from 'drizzle-orm';
import type { Orm } from '../db/client.js';
import type { AuditAction } from './audit-actions.js';
import { auditEvents } from './audit.schema.js';

export interface AuditEvent {
  action: AuditAction;
  actorUserId?: string | null;
  /** A staff member acting in the tenant under a grant (then actorUserId is null). */
  actorStaffId?: string | null;
  staffGrantId?: string | null;
  actorIp?: string | null;
  userAgent?: string | null;
  /** The request that did it (its id in the log and in the `x-request-id` answer header). */
  requestId?: string | null | undefined;
  targetType?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

/** Appends one event inside the caller's tenant transaction, so it commits or rolls back with the change. */
export async function insertAuditEvent(tx: Orm, event: AuditEvent): Promise<void> {
  await tx.insert(auditEvents).values({
    action: event.action,
    actorUserId: event.actorUserId ?? null,
    actorStaffId: event.actorStaffId ?? null,
    staffGrantId: event.staffGrantId ?? null,
    actorIp: event.actorIp ?? null,
    userAgent: event.userAgent?.slice(0, 512) ?? null,
    requestId: event.requestId?.slice(0, 128) ?? null,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    details: event.details ?? {},
  });
}

export async function listAuditEvents(
  tx: Orm,
  filter: { action?: string; beforeId?: number; limit: number },
): Promise<(typeof auditEvents.$inferSelect)[]> {
  const conditions = [
    ...(filter.action ? [eq(auditEvents.action, filter.action)] : []),
    ...(filter.beforeId ? [lt(auditEvents.id, filter.beforeId)] : []),
  ];
  return tx
    .select()
    .from(auditEvents)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(filter.limit);
}
