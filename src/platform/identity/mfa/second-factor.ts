import { insertAuditEvent } from '../../audit/audit.repository.js';
import type { Db, Orm } from '../../db/client.js';
import type { ResolvedTenantSettings } from '../../tenancy/tenant-settings.js';
import type { Tenant } from '../../tenancy/tenants.repository.js';
import type { Role } from '../identity.schema.js';
import type { ClientInfo } from '../sessions.service.js';
import type { MfaStep } from './mfa.contract.js';
import { claimTotpStep, consumeRecoveryCode, countUnusedRecoveryCodes, findMfaState } from './mfa.repository.js';
import { hashRecoveryCode } from './recovery-codes.js';
import { matchingStep } from './totp.js';

// What sign-in needs of MFA: which step to ask for, and the check of the second factor.

/** The second factor offered at sign-in or to confirm a change: a code from the app, or a recovery code. */
export type SecondFactorProof = { code: string } | { recoveryCode: string };

/** The proof a request body carries: exactly one of `code` and `recoveryCode` (the contract ensures it). */
export function proofOf(input: { code?: string | undefined; recoveryCode?: string | undefined }): SecondFactorProof {
  return input.recoveryCode !== undefined ? { recoveryCode: input.recoveryCode } : { code: input.code ?? '' };
}

/** What the MFA rules need to know of a user. */
export interface MfaSubject {
  roles: readonly Role[];
  mfaEnabledAt: Date | null;
}

/** The user's roles that the site requires two-factor sign-in of (`security.requireMfaFor`). */
function rolesRequiringMfa(user: { roles: readonly Role[] }, settings: ResolvedTenantSettings): Role[] {
  return user.roles.filter((role) => settings.security.requireMfaFor.includes(role));
}

/**
 * What sign-in asks after the password: a code when the user has MFA on; enrolment first when
 * the site requires MFA of one of the user's roles and they have none; otherwise nothing.
 */
export function mfaStepFor(subject: MfaSubject, settings: ResolvedTenantSettings): MfaStep {
  if (subject.mfaEnabledAt) return 'code';
  if (rolesRequiringMfa(subject, settings).length > 0) return 'enrol';
  return 'none';
}

/**
 * The roles held back from a user until they set up the two-factor sign-in the site requires of
 * those roles: routes those roles open, and every use of the user's API tokens, are refused
 * until then. Empty when the user has MFA on or holds no such role.
 */
export function rolesAwaitingMfa(user: { roles: readonly Role[] }, mfaEnabled: boolean, settings: ResolvedTenantSettings): Role[] {
  return mfaEnabled ? [] : rolesRequiringMfa(user, settings);
}

/** Whether the site requires two-factor sign-in of one of this user's roles and they have not set it up. */
export function awaitsMfaEnrolment(user: { roles: readonly Role[] }, mfaEnabled: boolean, settings: ResolvedTenantSettings): boolean {
  return rolesAwaitingMfa(user, mfaEnabled, settings).length > 0;
}

export function userNeedsMfa(subject: MfaSubject, settings: ResolvedTenantSettings): boolean {
  return mfaStepFor(subject, settings) !== 'none';
}

export function auditBase(userId: string, client: ClientInfo) {
  return { actorUserId: userId, actorIp: client.ip, userAgent: client.userAgent, requestId: client.requestId, targetType: 'user', targetId: userId };
}

/**
 * Checks a second factor inside the caller's transaction. A TOTP code's time step is claimed
 * atomically (a code is never accepted twice, nor an older one after a newer); a recovery code
 * is used up in the same statement that finds it, and that is audited. Only credentials.ts calls
 * this (lint): there the check is guarded, and a refusal counted and audited.
 */
export async function checkSecondFactor(tx: Orm, userId: string, proof: SecondFactorProof, client: ClientInfo): Promise<boolean> {
  const { code, recoveryCode } = proof as { code?: unknown; recoveryCode?: unknown };
  const state = await findMfaState(tx, userId);
  const secret = state?.mfaEnabledAt ? state.mfaSecret : null;
  if (secret === null) return false;
  if (typeof recoveryCode === 'string') {
    if (!(await consumeRecoveryCode(tx, userId, hashRecoveryCode(userId, recoveryCode)))) return false;
    const remaining = await countUnusedRecoveryCodes(tx, userId);
    await insertAuditEvent(tx, { action: 'user.mfa_recovery_code_used', ...auditBase(userId, client), details: { remaining } });
    return true;
  }
  const step = typeof code === 'string' ? matchingStep(secret, code) : null;
  return step !== null && (await claimTotpStep(tx, userId, step));
}

/** checkSecondFactor in a transaction of its own, unguarded (for tests of the code rules). */
export async function verifySecondFactor(
  db: Db,
  tenant: Tenant,
  userId: string,
  proof: SecondFactorProof,
  client: ClientInfo,
): Promise<boolean> {
  return db.withTenant(tenant.id, (tx) => checkSecondFactor(tx, userId, proof, client));
}
