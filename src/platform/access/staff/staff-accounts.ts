import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import { hashPassword } from '../../identity/password-hash.js';
import { isUniqueViolation } from '../../db/constraint-violations.js';
import { listOpenGrantsOfStaff } from './staff-grants.repository.js';
import { endGrant } from './staff-grants.service.js';
import { deactivateStaffRow, deleteStaffSessionsOf, findStaffByEmail, insertStaffMember, reactivateStaffRow, setStaffMfa, setStaffPassword, type StaffMember } from './staff-members.repository.js';

/** A password handed over once (the CLI prints it): 24 characters from 144 random bits, with an upper-case letter and a digit. */
function newInitialPassword(): string {
  return `Lx9${randomBytes(18).toString('base64url')}`;
}

export async function addStaffMember(db: Db, input: { email: string; name: string }): Promise<{ member: StaffMember; password: string }> {
  const email = input.email.trim();
  const name = input.name.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) throw new AppError('VALIDATION_FAILED', [{ field: 'email', message: { en: 'E-mail: must be an e-mail address', de: 'E-Mail: muss eine E-Mail-Adresse sein' } }]);
  if (name.length === 0 || name.length > 200) throw new AppError('VALIDATION_FAILED', [{ field: 'name', message: { en: 'Name: 1 to 200 characters', de: 'Name: 1 bis 200 Zeichen' } }]);
  const password = newInitialPassword();
  try {
    const member = await insertStaffMember(db.owner, { email, name, passwordHash: await hashPassword(password) });
    return { member, password };
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('STAFF_EXISTS');
    throw error;
  }
}

export async function requireStaffByEmail(db: Db, email: string) {
  const staff = await findStaffByEmail(db.owner, email.trim());
  if (!staff) throw new AppError('STAFF_NOT_FOUND');
  return staff;
}

/**
 * A new initial password (forgotten or leaked): every console session ends, and so does every open
 * grant with the sessions opened under it (whoever knew the old password may be using them).
 */
export async function resetStaffPassword(db: Db, email: string): Promise<string> {
  const staff = await requireStaffByEmail(db, email);
  const password = newInitialPassword();
  await setStaffPassword(db.owner, staff.id, await hashPassword(password));
  await deleteStaffSessionsOf(db.owner, staff.id);
  await endOpenGrantsOf(db, staff.id, 'staff_password_reset');
  return password;
}

/**
 * A lost authenticator: the second factor is set up again at the next sign-in; console sessions
 * end, and every open grant with its sessions on the sites (a grant is used only with a second factor).
 */
export async function resetStaffMfa(db: Db, email: string): Promise<void> {
  const staff = await requireStaffByEmail(db, email);
  await setStaffMfa(db.owner, staff.id, { sealedSecret: null, enabledAt: null });
  await deleteStaffSessionsOf(db.owner, staff.id);
  await endOpenGrantsOf(db, staff.id, 'staff_mfa_reset');
}

/** Revokes every open grant of a staff member, each in its tenant with its audit entry and sessions; returns how many ended. */
async function endOpenGrantsOf(db: Db, staffId: string, why: string): Promise<number> {
  let ended = 0;
  for (const grant of await listOpenGrantsOfStaff(db.owner, staffId)) {
    const revoked = await db.withTenant(grant.tenantId, (tx) => endGrant(tx, grant.id, { kind: 'system', why }));
    if (revoked) ended += 1;
  }
  return ended;
}


/**
 * Deactivation ends everything at once: the console sessions, and every open grant in every
 * tenant with the staff sessions opened under it (each tenant's revocation and its audit entry
 * in one commit). Returns how many grants ended.
 */
export async function deactivateStaffMember(db: Db, email: string): Promise<number> {
  const staff = await requireStaffByEmail(db, email);
  await deactivateStaffRow(db.owner, staff.id);
  return endOpenGrantsOf(db, staff.id, 'staff_deactivated');
}

export async function reactivateStaffMember(db: Db, email: string): Promise<void> {
  const staff = await requireStaffByEmail(db, email);
  await reactivateStaffRow(db.owner, staff.id);
}
