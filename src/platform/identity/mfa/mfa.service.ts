import { insertAuditEvent } from '../../audit/audit.repository.js';
import { siteNameOf } from '../../branding/branding.service.js';
import { afterCommit, type Db, type Orm } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import { settingsOf } from '../../tenancy/tenant-settings.js';
import type { Tenant } from '../../tenancy/tenants.repository.js';
import { confirmEnrolmentCode, confirmPassword, confirmPasswordAndSecondFactor, type SecondFactorConfirmation } from '../credentials.js';
import type { ClientInfo } from '../sessions.service.js';
import type { User } from '../users.repository.js';
import type { MfaStatus } from './mfa.contract.js';
import {
  clearMfa,
  countUnusedRecoveryCodes,
  findMfaState,
  markMfaEnabled,
  replaceRecoveryCodes,
  storePendingSecret,
  type MfaState,
} from './mfa.repository.js';
import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes.js';
import { auditBase, mfaStepFor } from './second-factor.js';
import { enrolmentOf, newTotpSecret } from './totp.js';
import { forgetSessionsOfUser } from '../session-cache.js';

export { mfaStepFor, userNeedsMfa, type MfaSubject, type SecondFactorProof } from './second-factor.js';

async function activeState(tx: Orm, userId: string): Promise<MfaState> {
  const state = await findMfaState(tx, userId);
  if (!state) throw new AppError('USER_NOT_FOUND', [{ field: 'id', value: userId }]);
  return state;
}

/** A user's MFA state and what sign-in will ask of them on this site. */
export async function mfaStatus(db: Db, tenant: Tenant, userId: string): Promise<MfaStatus> {
  return db.withTenant(tenant.id, async (tx) => {
    const state = await activeState(tx, userId);
    const settings = settingsOf(tenant);
    return {
      enabled: state.mfaEnabledAt !== null,
      enabledAt: state.mfaEnabledAt?.toISOString() ?? null,
      pending: state.mfaEnabledAt === null && state.mfaSecret !== null,
      recoveryCodesLeft: state.mfaEnabledAt ? await countUnusedRecoveryCodes(tx, userId) : 0,
      requiredBySite: state.roles.some((role) => settings.security.requireMfaFor.includes(role)),
      step: mfaStepFor(state, settings),
    };
  });
}

/** Starts enrolment: a new secret awaits its first code; a setup begun earlier is replaced. */
export async function setupMfa(
  db: Db,
  tenant: Tenant,
  user: User,
  password: string,
  client: ClientInfo,
): Promise<{ secret: string; otpauthUri: string; qrDataUrl: string }> {
  await confirmPassword(db, { tenant, ...client }, user, password, 'mfa_setup');
  const state = await db.withTenant(tenant.id, (tx) => activeState(tx, user.id));
  if (state.mfaEnabledAt) throw new AppError('MFA_ALREADY_ENABLED');
  const secret = newTotpSecret();
  const stored = await db.withTenant(tenant.id, (tx) => storePendingSecret(tx, user.id, secret));
  if (!stored) throw new AppError('MFA_ALREADY_ENABLED');
  return { secret, ...(await enrolmentOf(secret, { label: user.email, issuer: siteNameOf(tenant) })) };
}

/** Confirms enrolment with a first code from the app; returns the recovery codes, shown this once. */
export async function enableMfa(db: Db, tenant: Tenant, user: User, code: string, client: ClientInfo): Promise<string[]> {
  const recoveryCodes = newRecoveryCodes();
  await confirmEnrolmentCode(db, { tenant, ...client }, user, code, async (tx) => {
    // Cached session checks carry whether MFA is on: they must be asked again once this commits.
    afterCommit(tx, () => forgetSessionsOfUser(user.id));
    if (!(await markMfaEnabled(tx, user.id))) throw new AppError('MFA_ALREADY_ENABLED');
    await replaceRecoveryCodes(tx, user.id, recoveryCodes.map((c) => hashRecoveryCode(user.id, c)));
    await insertAuditEvent(tx, { action: 'user.mfa_enabled', ...auditBase(user.id, client) });
  });
  return recoveryCodes;
}

/** Turns MFA off (password and a second factor required); the secret and recovery codes are deleted. */
export async function disableMfa(db: Db, tenant: Tenant, user: User, confirmation: SecondFactorConfirmation, client: ClientInfo): Promise<void> {
  await confirmPasswordAndSecondFactor(db, { tenant, ...client }, user, confirmation, 'mfa_disable', async (tx) => {
    afterCommit(tx, () => forgetSessionsOfUser(user.id));
    await clearMfa(tx, user.id);
    await insertAuditEvent(tx, { action: 'user.mfa_disabled', ...auditBase(user.id, client) });
  });
}

/** A fresh set of recovery codes; every earlier one stops working. */
export async function regenerateRecoveryCodes(
  db: Db,
  tenant: Tenant,
  user: User,
  confirmation: SecondFactorConfirmation,
  client: ClientInfo,
): Promise<string[]> {
  const recoveryCodes = newRecoveryCodes();
  await confirmPasswordAndSecondFactor(db, { tenant, ...client }, user, confirmation, 'mfa_recovery_codes', async (tx) => {
    await replaceRecoveryCodes(tx, user.id, recoveryCodes.map((c) => hashRecoveryCode(user.id, c)));
    await insertAuditEvent(tx, { action: 'user.mfa_recovery_codes_regenerated', ...auditBase(user.id, client) });
  });
  return recoveryCodes;
}
