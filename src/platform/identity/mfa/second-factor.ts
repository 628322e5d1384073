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

/**
 * What sign-in asks after the password: a code when the user has MFA on; enrolment first when
 * the site requires MFA of administrators and this administrator has none; otherwise nothing.
 */
export function mfaStepFor(subject: MfaSubject, settings: ResolvedTenantSettings): MfaStep {
  if (subject.mfaEnabledAt) return 'code';
  if (settings.security.requireMfaForAdmins && subject.roles.includes('admin')) return 'enrol';
  return 'none';
}

/**
 * Whether the site requires two-factor sign-in of this user and they have not set it up: an
 * administrator of a site with `security.requireMfaForAdmins`. Until they have, administration
 * is refused to their session and every use of their API tokens.
 */
export function awaitsMfaEnrolment(user: { roles: readonly Role[] }, mfaEnabled: boolean, settings: ResolvedTenantSettings): boolean {
  return !mfaEnabled && settings.security.requireMfaForAdmins && user.roles.includes('admin');
}

export function userNeedsMfa(subject: MfaSubject, settings: ResolvedTenantSettings): boolean {
  return mfaStepFor(subject, settings) !== 'none';
}

export function auditBase(userId: string, client: ClientInfo) {
  return { actorUserId: userId, actorIp: client.ip, userAgent: client.userAgent, targetType: 'user', targetId: userId };
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
