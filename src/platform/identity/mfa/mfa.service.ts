import { insertAuditEvent } from '../../audit/audit.repository.js';
import type { Db, Orm } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import { settingsOf } from '../../tenancy/tenant-settings.js';
import type { Tenant } from '../../tenancy/tenants.repository.js';
import { verifyAgainstDummy, verifyPassword } from '../password-hash.js';
import type { ClientInfo } from '../sessions.service.js';
import type { User } from '../users.repository.js';
import type { MfaStatus } from './mfa.contract.js';
import {
  claimTotpStep,
  clearMfa,
  countUnusedRecoveryCodes,
  findMfaState,
  markMfaEnabled,
  replaceRecoveryCodes,
  storePendingSecret,
  type MfaState,
} from './mfa.repository.js';
import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes.js';
import { auditBase, checkSecondFactor, mfaStepFor, proofOf } from './second-factor.js';
import { enrolmentOf, matchingStep, newTotpSecret } from './totp.js';
import { forgetSessionsOfUser } from '../session-cache.js';

export { mfaStepFor, userNeedsMfa, verifySecondFactor, type MfaSubject, type SecondFactorProof } from './second-factor.js';

const refused = { en: 'wrong, expired or used already', de: 'falsch, abgelaufen oder bereits verwendet' };

async function activeState(tx: Orm, userId: string): Promise<MfaState> {
  const state = await findMfaState(tx, userId);
  if (!state) throw new AppError('USER_NOT_FOUND', [{ field: 'id', message: userId }]);
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
      requiredBySite: settings.security.requireMfaForAdmins && state.roles.includes('admin'),
      step: mfaStepFor(state, settings),
    };
  });
}

// Argon2 runs outside any transaction: a connection is not held for the length of a hash.
async function assertCurrentPassword(db: Db, tenant: Tenant, userId: string, password: string): Promise<MfaState> {
  const state = await db.withTenant(tenant.id, (tx) => activeState(tx, userId));
  const valid = state.passwordHash ? await verifyPassword(state.passwordHash, password) : await verifyAgainstDummy(password);
  if (!valid) throw new AppError('MFA_PASSWORD_INCORRECT', [{ field: 'password', message: { en: 'wrong password', de: 'falsches Passwort' } }]);
  return state;
}

/** Starts enrolment: a new secret awaits its first code; a setup begun earlier is replaced. */
export async function setupMfa(
  db: Db,
  tenant: Tenant,
  user: User,
  password: string,
): Promise<{ secret: string; otpauthUri: string; qrDataUrl: string }> {
  const state = await assertCurrentPassword(db, tenant, user.id, password);
  if (state.mfaEnabledAt) throw new AppError('MFA_ALREADY_ENABLED');
  const secret = newTotpSecret();
  const stored = await db.withTenant(tenant.id, (tx) => storePendingSecret(tx, user.id, secret));
  if (!stored) throw new AppError('MFA_ALREADY_ENABLED');
  return { secret, ...(await enrolmentOf(secret, { label: user.email, issuer: tenant.name })) };
}

/** Confirms enrolment with a first code from the app; returns the recovery codes, shown this once. */
export async function enableMfa(db: Db, tenant: Tenant, user: User, code: string, client: ClientInfo): Promise<string[]> {
  const recoveryCodes = newRecoveryCodes();
  // Cached session checks carry whether MFA is on: they must be asked again.
  forgetSessionsOfUser(user.id);
  const outcome = await db.withTenant(tenant.id, async (tx) => {
    const state = await activeState(tx, user.id);
    if (state.mfaEnabledAt) return 'MFA_ALREADY_ENABLED' as const;
    if (!state.mfaSecret) return 'MFA_SETUP_NOT_STARTED' as const;
    const step = matchingStep(state.mfaSecret, code);
    if (step === null || !(await claimTotpStep(tx, user.id, step))) return 'MFA_CODE_INVALID' as const;
    if (!(await markMfaEnabled(tx, user.id))) return 'MFA_ALREADY_ENABLED' as const;
    await replaceRecoveryCodes(tx, user.id, recoveryCodes.map((c) => hashRecoveryCode(user.id, c)));
    await insertAuditEvent(tx, { action: 'user.mfa_enabled', ...auditBase(user.id, client) });
    return 'ok' as const;
  });
  if (outcome !== 'ok') throw new AppError(outcome, outcome === 'MFA_CODE_INVALID' ? [{ field: 'code', message: refused }] : undefined);
  return recoveryCodes;
}

/** The current password plus exactly one of `code` and `recoveryCode`. */
type Confirmation = { password: string; code?: string | undefined; recoveryCode?: string | undefined };

async function confirmed<T>(
  db: Db,
  tenant: Tenant,
  user: User,
  confirmation: Confirmation,
  client: ClientInfo,
  change: (tx: Orm) => Promise<T>,
): Promise<T> {
  const state = await assertCurrentPassword(db, tenant, user.id, confirmation.password);
  if (!state.mfaEnabledAt) throw new AppError('MFA_NOT_ENABLED');
  // The refusal is thrown after the transaction, so its audit event is committed.
  const result = await db.withTenant(tenant.id, async (tx) =>
    (await checkSecondFactor(tx, user.id, proofOf(confirmation), client)) ? { done: await change(tx) } : undefined,
  );
  if (!result) {
    const field = confirmation.recoveryCode !== undefined ? 'recoveryCode' : 'code';
    throw new AppError('MFA_CODE_INVALID', [{ field, message: refused }]);
  }
  return result.done;
}

/** Turns MFA off (password and a second factor required); the secret and recovery codes are deleted. */
export async function disableMfa(db: Db, tenant: Tenant, user: User, confirmation: Confirmation, client: ClientInfo): Promise<void> {
  forgetSessionsOfUser(user.id);
  await confirmed(db, tenant, user, confirmation, client, async (tx) => {
    await clearMfa(tx, user.id);
    await insertAuditEvent(tx, { action: 'user.mfa_disabled', ...auditBase(user.id, client) });
  });
}

/** A fresh set of recovery codes; every earlier one stops working. */
export async function regenerateRecoveryCodes(
  db: Db,
  tenant: Tenant,
  user: User,
  confirmation: Confirmation,
  client: ClientInfo,
): Promise<string[]> {
  const recoveryCodes = newRecoveryCodes();
  await confirmed(db, tenant, user, confirmation, client, async (tx) => {
    await replaceRecoveryCodes(tx, user.id, recoveryCodes.map((c) => hashRecoveryCode(user.id, c)));
    await insertAuditEvent(tx, { action: 'user.mfa_recovery_codes_regenerated', ...auditBase(user.id, client) });
  });
  return recoveryCodes;
}
