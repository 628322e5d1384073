import type { Db } from '../db/client.js';
import { guardedCredentialCheck } from '../guard/credential-check.js';
import { AppError } from '../http/errors.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import { mfaStatus, verifySecondFactor } from './mfa/mfa.service.js';
import { proofOf } from './mfa/second-factor.js';
import { recordFailedSignIn, startSession, verifyCredentials, type ClientInfo, type SessionTimes } from './sessions.service.js';
import type { User } from './users.repository.js';

export type SignInResult = { user: User; sessionId: string; mfaEnrolmentRequired: boolean } & SessionTimes;

export interface SignInRequest {
  email: string;
  password: string;
  code?: string | undefined;
  recoveryCode?: string | undefined;
}

/**
 * Sign-in: the password, then (when the account has two-factor sign-in) the second factor,
 * sent together with the password again so nothing half-authenticated is kept on the server.
 * Only then a session with a new id.
 */
export async function signInWithPassword(db: Db, tenant: Tenant, request: SignInRequest, client: ClientInfo): Promise<SignInResult> {
  const attempt = { ip: client.ip, account: request.email, userAgent: client.userAgent };
  // The intrusion guard refuses banned attempts before any hashing and counts every failure.
  let user: User | undefined;
  const valid = await guardedCredentialCheck(db, tenant, { ...attempt, endpoint: 'sign-in' }, async () => {
    user = await verifyCredentials(db, tenant, request);
    return user !== undefined;
  });
  if (!valid || !user) {
    await recordFailedSignIn(db, tenant, request.email, client, 'invalid_credentials');
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  const userId = user.id;
  const { step } = await mfaStatus(db, tenant, userId);
  if (step === 'code') {
    if (request.code === undefined && request.recoveryCode === undefined) throw new AppError('AUTH_MFA_REQUIRED');
    const secondFactor = () => verifySecondFactor(db, tenant, userId, proofOf(request), client);
    if (!(await guardedCredentialCheck(db, tenant, { ...attempt, endpoint: 'mfa' }, secondFactor))) {
      throw new AppError('MFA_CODE_INVALID', [{ field: request.recoveryCode !== undefined ? 'recoveryCode' : 'code', message: { en: 'wrong, expired or used already', de: 'falsch, abgelaufen oder bereits verwendet' } }]);
    }
  }
  const session = await startSession(db, tenant, user, client);
  return { user, ...session, mfaEnrolmentRequired: step === 'enrol' };
}
