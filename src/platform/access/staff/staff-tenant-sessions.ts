import { randomBytes } from 'node:crypto';
import { insertAuditEvent } from '../../audit/audit.repository.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import type { User } from '../../identity/users.repository.js';
import { hashSessionId } from '../../identity/session-token.js';
import { SESSION_TOUCH_INTERVAL_MS } from '../../identity/sessions.repository.js';
import { secretBox } from '../../secrets/installed-secret-box.js';
import type { Tenant } from '../../tenancy/tenants.repository.js';
import { isUniqueViolation } from '../../db/constraint-violations.js';
import { ownerInTenant } from './staff-in-tenant.js';
import {
  deleteStaffTenantSession,
  findEndedStaffTenantSession,
  findGrantOfStaff,
  findLiveStaffTenantSession,
  insertStaffTenantSession,
  touchStaffTenantSession,
  type EndedStaffTenantSession,
  type GrantScope,
} from './staff-grants.repository.js';
import { findStaffById, type StaffMemberRow } from './staff-members.repository.js';

/** Session ids of staff on a tenant's site start with this, so the guard asks the staff table and no other. */
export const STAFF_SESSION_PREFIX = 'st.';
/** How long the console's link to a site stays good: it is followed at once or not at all. */
const HANDOVER_TTL_MS = 60_000;
const HANDOVER_CONTEXT = 'lectern staff handover v1';

export function isStaffSessionId(sessionId: string): boolean {
  return sessionId.startsWith(STAFF_SESSION_PREFIX);
}

interface HandoverClaims {
  grantId: string;
  staffId: string;
  tenantId: string;
  /** The session id the handover opens: single use, because a second session with its digest cannot be inserted. */
  nonce: string;
  expiresAt: number;
}

/**
 * The sealed (encrypted and authenticated) token the console hands the staff member's browser to
 * open a session on the tenant's site under a running grant. It travels in a form post, never in
 * an address (where logs and referrers would keep it).
 */
export async function createHandoverToken(db: Db, staff: StaffMemberRow, grantId: string): Promise<{ token: string; tenantId: string }> {
  if (!staff.mfaEnabledAt) throw new AppError('STAFF_MFA_REQUIRED');
  const grant = await findGrantOfStaff(db.owner, grantId, staff.id);
  if (!grant) throw new AppError('STAFF_GRANT_NOT_FOUND');
  if (grant.status !== 'active' || !grant.expiresAt || grant.expiresAt.getTime() <= Date.now()) throw new AppError('STAFF_GRANT_NOT_ACTIVE');
  const claims: HandoverClaims = { grantId, staffId: staff.id, tenantId: grant.tenantId, nonce: randomBytes(32).toString('base64url'), expiresAt: Date.now() + HANDOVER_TTL_MS };
  return { token: secretBox().seal(JSON.stringify(claims), HANDOVER_CONTEXT), tenantId: grant.tenantId };
}

function claimsOf(token: string): HandoverClaims | undefined {
  if (token.length > 2000) return undefined;
  try {
    const claims = JSON.parse(secretBox().open(token, HANDOVER_CONTEXT)) as HandoverClaims;
    return typeof claims.nonce === 'string' && typeof claims.grantId === 'string' ? claims : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Opens the staff session on the tenant's site: the token must be this server's, for this tenant,
 * unexpired and unused, and its grant must still run. The session ends with the grant at the latest.
 * Refusals are audited in the tenant whose site was asked.
 */
export async function redeemHandover(
  db: Db,
  tenant: Tenant,
  token: string,
  client: { ip: string; userAgent: string | null; requestId?: string },
  absoluteMs: number,
): Promise<{ sessionId: string; expiresAt: Date }> {
  const claims = claimsOf(token);
  const refuse = async (why: string) => {
    await db.withTenant(tenant.id, (tx) =>
      insertAuditEvent(tx, { action: 'auth.link_token.failed', actorIp: client.ip, userAgent: client.userAgent, requestId: client.requestId ?? null, details: { purpose: 'staff_handover', why } }),
    );
    return new AppError('STAFF_HANDOVER_INVALID');
  };
  if (!claims) throw await refuse('not_ours');
  if (claims.tenantId !== tenant.id) throw await refuse('other_site');
  if (claims.expiresAt <= Date.now()) throw await refuse('expired');
  const sessionId = `${STAFF_SESSION_PREFIX}${claims.nonce}`;
  // Checked before the write; a grant that ends in between ends the session at its first request anyway.
  const grantEnds = await runningGrantEnds(db, claims);
  if (!grantEnds) throw await refuse('grant_ended');
  try {
    return await ownerInTenant(db, tenant.id, async (tx) => {
      const expiresAt = new Date(Math.min(grantEnds.getTime(), Date.now() + absoluteMs));
      await insertStaffTenantSession(tx, {
        idHash: hashSessionId(sessionId),
        tenantId: tenant.id,
        grantId: claims.grantId,
        staffId: claims.staffId,
        expiresAt,
        ip: client.ip,
        userAgent: client.userAgent?.slice(0, 512) ?? null,
      });
      await insertAuditEvent(tx, {
        action: 'staff.session_started',
        actorStaffId: claims.staffId,
        staffGrantId: claims.grantId,
        actorIp: client.ip,
        userAgent: client.userAgent,
        requestId: client.requestId ?? null,
        targetType: 'staff_grant',
        targetId: claims.grantId,
      });
      return { sessionId, expiresAt };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw await refuse('used');
    throw error;
  }
}

/** When the grant behind the claims ends, if it runs now and its staff member is active with a second factor. */
async function runningGrantEnds(db: Db, claims: HandoverClaims): Promise<Date | undefined> {
  const grant = await findGrantOfStaff(db.owner, claims.grantId, claims.staffId);
  if (!grant || grant.tenantId !== claims.tenantId || grant.status !== 'active' || !grant.expiresAt || grant.expiresAt.getTime() <= Date.now()) return undefined;
  const staff = await findStaffById(db.owner, claims.staffId);
  return staff && staff.status === 'active' && staff.mfaEnabledAt ? grant.expiresAt : undefined;
}

export interface StaffAccess {
  staffId: string;
  staffName: string;
  grantId: string;
  scope: GrantScope;
  grantExpiresAt: Date;
}

export type StaffSessionCheck =
  | { ok: true; user: User; staff: StaffAccess; idHash: string; idleExpiresAt: Date; expiresAt: Date }
  /** `endedStaff`: the session was one of a staff member whose grant (or second factor, or account) ended: the refusal is audited. */
  | { ok: false; reason: 'expired'; endedStaff?: EndedStaffTenantSession };

/**
 * The staff member behind a staff session cookie, as the user the tenant's routes see: an
 * administrator of the site for the grant's time (read-only support is enforced by the guard).
 * Always read from the database, never cached, so a revocation on one node holds on all at once.
 */
export async function authenticateStaffSession(
  db: Db,
  tenant: Tenant,
  sessionId: string,
  idleMs: number,
  touch: 'if-due' | 'always' | 'never' = 'if-due',
): Promise<StaffSessionCheck> {
  const idHash = hashSessionId(sessionId);
  return db.withTenant(tenant.id, async (tx) => {
    const live = await findLiveStaffTenantSession(tx, idHash);
    if (!live) {
      const ended = await findEndedStaffTenantSession(tx, idHash);
      return ended ? { ok: false, reason: 'expired', endedStaff: ended } : { ok: false, reason: 'expired' };
    }
    const idleFor = Date.now() - live.lastSeenAt.getTime();
    if (idleFor > idleMs) {
      await deleteStaffTenantSession(tx, idHash);
      return { ok: false, reason: 'expired' };
    }
    // Activity is written as often as for anyone's session, not on every request.
    const touched = touch === 'always' || (touch === 'if-due' && idleFor > SESSION_TOUCH_INTERVAL_MS);
    if (touched) await touchStaffTenantSession(tx, idHash, live.grant.id);
    const lastSeen = touched ? Date.now() : live.lastSeenAt.getTime();
    const user: User = {
      id: live.staff.id,
      tenantId: tenant.id,
      email: live.staff.email,
      firstName: live.staff.name,
      lastName: '',
      roles: ['admin'],
      status: 'active',
      passwordChangeRequired: false,
    };
    return {
      ok: true,
      user,
      staff: { staffId: live.staff.id, staffName: live.staff.name, grantId: live.grant.id, scope: live.grant.scope, grantExpiresAt: live.grant.expiresAt! },
      idHash,
      idleExpiresAt: new Date(Math.min(lastSeen + idleMs, live.expiresAt.getTime())),
      expiresAt: live.expiresAt,
    };
  });
}

export async function endStaffTenantSession(db: Db, tenant: Tenant, sessionId: string, client: { ip: string }): Promise<void> {
  await db.withTenant(tenant.id, async (tx) => {
    const live = await findLiveStaffTenantSession(tx, hashSessionId(sessionId));
    await deleteStaffTenantSession(tx, hashSessionId(sessionId));
    if (live) {
      await insertAuditEvent(tx, { action: 'staff.session_ended', actorStaffId: live.staff.id, staffGrantId: live.grant.id, actorIp: client.ip, targetType: 'staff_grant', targetId: live.grant.id });
    }
  });
}
