import { insertAuditEvent } from '../../audit/audit.repository.js';
import type { Db, Orm } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import { findTenantBySlug } from '../../tenancy/tenants.repository.js';
import { settingsOf } from '../../tenancy/tenant-settings.js';
import { ownerInTenant } from './staff-in-tenant.js';
import { addNotifications } from '../../notifications/notifications.service.js';
import { listActiveAdmins } from '../reviews/access-reviews.repository.js';
import {
  decideGrant,
  expireGrant,
  findGrantOfStaff,
  insertGrant,
  listDueGrants,
  findTenantGrant,
  isUserTiedToStaff,
  listTenantGrants,
  revokeGrant,
  revokerText,
  type GrantRevoker,
  type GrantScope,
  type StaffGrantRow,
  type TenantGrantView,
} from './staff-grants.repository.js';
import type { StaffMemberRow } from './staff-members.repository.js';

/** The bell's notice to a site's administrators that a grant waits for their approval. */
export const STAFF_GRANT_PENDING_NOTICE = 'access.staff_grant_pending';

export const DEFAULT_GRANT_HOURS = 4;
export const MAX_GRANT_HOURS = 72;

export interface GrantRequest {
  tenantSlug: string;
  scope: GrantScope;
  reason: string;
  ticket: string;
  hours?: number;
}

function problem(field: string, en: string, de: string): AppError {
  return new AppError('VALIDATION_FAILED', [{ field, message: { en, de } }]);
}

/**
 * A staff member asks for access to one tenant. It starts at once, or waits for one of the
 * tenant's admins when the tenant asks for that (security.staffAccessNeedsApproval). Staff
 * without a second factor get nothing.
 */
export async function requestGrant(db: Db, staff: StaffMemberRow, input: GrantRequest, client: { ip: string; requestId?: string }): Promise<StaffGrantRow> {
  if (staff.status !== 'active') throw new AppError('STAFF_NOT_FOUND');
  if (!staff.mfaEnabledAt) throw new AppError('STAFF_MFA_REQUIRED');
  const reason = input.reason.trim();
  const ticket = input.ticket.trim();
  const hours = input.hours ?? DEFAULT_GRANT_HOURS;
  if (reason.length < 10 || reason.length > 1000) throw problem('reason', 'Reason: 10 to 1000 characters', 'Grund: 10 bis 1000 Zeichen');
  if (!/^[\p{L}\p{N}#._:/-]{1,100}$/u.test(ticket)) throw problem('ticket', 'Ticket: a reference of 1 to 100 letters, digits and # . _ : / -', 'Ticket: eine Referenz aus 1 bis 100 Buchstaben, Ziffern und # . _ : / -');
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_GRANT_HOURS) throw problem('hours', `Hours: a whole number from 1 to ${MAX_GRANT_HOURS}`, `Stunden: eine ganze Zahl von 1 bis ${MAX_GRANT_HOURS}`);
  if (input.scope !== 'support_read' && input.scope !== 'admin') throw problem('scope', 'Scope: support_read or admin', 'Umfang: support_read oder admin');
  const tenant = await findTenantBySlug(db.owner, input.tenantSlug.trim().toLowerCase());
  if (!tenant || tenant.status !== 'active') throw problem('tenant', 'Site: there is no active site with this name', 'Website: es gibt keine aktive Website mit diesem Namen');
  const needsApproval = settingsOf(tenant).security.staffAccessNeedsApproval;
  const created = await ownerInTenant(db, tenant.id, async (tx) => {
    const grant = await insertGrant(tx, { tenantId: tenant.id, staffId: staff.id, scope: input.scope, reason, ticket, durationMinutes: hours * 60, startsNow: !needsApproval });

    await insertAuditEvent(tx, {
      action: needsApproval ? 'staff.grant_requested' : 'staff.grant_started',
      actorStaffId: staff.id,
      staffGrantId: grant.id,
      actorIp: client.ip,
      requestId: client.requestId ?? null,
      targetType: 'staff_grant',
      targetId: grant.id,
      details: { staff: staff.email, scope: grant.scope, reason, ticket, hours, expiresAt: grant.expiresAt?.toISOString() ?? null },
    });
    return grant;
  });
  // As the application role: the owner would see every site's administrators, row-level security only this one's.
  if (needsApproval) {
    await db.withTenant(tenant.id, async (tx) => {
      const admins = await listActiveAdmins(tx);
      await addNotifications(tx, admins.map((admin) => ({ userId: admin.id, kind: STAFF_GRANT_PENDING_NOTICE, params: { staff: staff.name, scope: created.scope }, link: '/staff-access' })));
    });
  }
  return created;
}

/**
 * Ends a grant in the caller's tenant transaction, with the staff sessions opened under it, and
 * audits it under the grant, so the site's transparency log shows who ended it. Every way a grant
 * is revoked goes through here. Returns the grant as it was while open, or undefined when it had
 * ended already.
 */
export async function endGrant(tx: Orm, grantId: string, by: GrantRevoker, client: { ip?: string | null; requestId?: string | null } = {}): Promise<StaffGrantRow | undefined> {
  const ended = await revokeGrant(tx, grantId, by);
  if (ended) {
    await insertAuditEvent(tx, {
      action: 'staff.grant_revoked',
      actorUserId: by.kind === 'user' ? by.userId : null,
      actorStaffId: by.kind === 'staff' ? by.staffId : by.kind === 'system' ? ended.staffId : null,
      staffGrantId: ended.id,
      actorIp: client.ip ?? null,
      requestId: client.requestId ?? null,
      targetType: 'staff_grant',
      targetId: ended.id,
      details: { by: revokerText(by), scope: ended.scope },
    });
  }
  return ended;
}

/** The staff member ends their own grant early. */
export async function revokeOwnGrant(db: Db, staff: StaffMemberRow, grantId: string, client: { ip: string }): Promise<void> {
  const grant = await findGrantOfStaff(db.owner, grantId, staff.id);
  if (!grant) throw new AppError('STAFF_GRANT_NOT_FOUND');
  await db.withTenant(grant.tenantId, async (tx) => {
    if (!(await endGrant(tx, grant.id, { kind: 'staff', staffId: staff.id }, client))) throw new AppError('STAFF_GRANT_NOT_ACTIVE');
  });
}

// The tenant's side: its admins see every grant, approve or reject pending ones, revoke running ones.

export function grantsOfTenant(db: Db, tenantId: string): Promise<TenantGrantView[]> {
  return db.withTenant(tenantId, (tx) => listTenantGrants(tx));
}

export async function decideGrantAsTenant(
  db: Db,
  tenantId: string,
  actor: { userId: string; ip: string; requestId?: string },
  grantId: string,
  approve: boolean,
): Promise<StaffGrantRow> {
  return db.withTenant(tenantId, async (tx) => {
    // Nobody approves their own access: not the staff member under a site account of theirs, nor an account they made or raised.
    if (approve) {
      const pending = await findTenantGrant(tx, grantId);
      if (pending && (await isUserTiedToStaff(tx, actor.userId, pending.staffId))) throw new AppError('STAFF_SELF_APPROVAL');
    }
    const decided = await decideGrant(tx, grantId, actor.userId, approve);
    if (!decided) throw new AppError((await findTenantGrant(tx, grantId)) ? 'STAFF_GRANT_DECIDED' : 'STAFF_GRANT_NOT_FOUND');
    await insertAuditEvent(tx, {
      action: approve ? 'staff.grant_approved' : 'staff.grant_rejected',
      actorUserId: actor.userId,
      actorIp: actor.ip,
      requestId: actor.requestId ?? null,
      staffGrantId: decided.id,
      targetType: 'staff_grant',
      targetId: decided.id,
      details: { scope: decided.scope, expiresAt: decided.expiresAt?.toISOString() ?? null },
    });
    return decided;
  });
}

export async function revokeGrantAsTenant(db: Db, tenantId: string, actor: { userId: string; ip: string; requestId?: string }, grantId: string): Promise<void> {
  await db.withTenant(tenantId, async (tx) => {
    if (!(await endGrant(tx, grantId, { kind: 'user', userId: actor.userId }, actor))) {
      throw new AppError((await findTenantGrant(tx, grantId)) ? 'STAFF_GRANT_NOT_ACTIVE' : 'STAFF_GRANT_NOT_FOUND');
    }
  });
}

/** The recurring job: running grants whose time is up end, with their sessions, each audited in its tenant. */
export async function expireDueGrants(db: Db): Promise<number> {
  let ended = 0;
  for (const due of await listDueGrants(db.owner)) {
    const expired = await db.withTenant(due.tenantId, async (tx) => {
      const done = await expireGrant(tx, due.id);
      if (done) {
        await insertAuditEvent(tx, { action: 'staff.grant_expired', actorStaffId: due.staffId, staffGrantId: due.id, targetType: 'staff_grant', targetId: due.id });
      }
      return done;
    });
    if (expired) ended += 1;
  }
  return ended;
}
