import { and, desc, eq, isNotNull, lt } from 'drizzle-orm';
import type { Orm } from '../../db/client.js';
import { auditEvents } from '../../audit/audit.schema.js';
import { staffMembers } from './staff.schema.js';

export interface StaffAccessEntry {
  id: number;
  occurredAt: Date;
  action: string;
  staffId: string | null;
  staffName: string | null;
  staffEmail: string | null;
  grantId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** The tenant's access transparency log: everything the operator's staff did on its site, newest first. */
export async function listStaffAccessEntries(tx: Orm, filter: { beforeId?: number; grantId?: string; limit: number }): Promise<StaffAccessEntry[]> {
  const rows = await tx
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      action: auditEvents.action,
      staffId: auditEvents.actorStaffId,
      staffName: staffMembers.name,
      staffEmail: staffMembers.email,
      grantId: auditEvents.staffGrantId,
      ip: auditEvents.actorIp,
      details: auditEvents.details,
    })
    .from(auditEvents)
    .leftJoin(staffMembers, eq(staffMembers.id, auditEvents.actorStaffId))
    .where(
      and(
        isNotNull(auditEvents.staffGrantId),
        filter.beforeId ? lt(auditEvents.id, filter.beforeId) : undefined,
        filter.grantId ? eq(auditEvents.staffGrantId, filter.grantId) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(filter.limit);
  return rows;
}
