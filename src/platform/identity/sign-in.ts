import type { Db } from '../db/client.js';
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
  const user = await verifyCredentials(db, tenant, request);
  if (!user) {
    await recordFailedSignIn(db, tenant, request.email, client, 'invalid_credentials');
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  const { step } = await mfaStatus(db, tenant, user.id);
  if (step === 'code') {
    if (request.code === undefined && request.recoveryCode === undefined) throw new AppError('AUTH_MFA_REQUIRED');
    if (!(await verifySecondFactor(db, tenant, user.id, proofOf(request), client))) {
      throw new AppError('MFA_CODE_INVALID', [{ field: request.recoveryCode !== undefined ? 'recoveryCode' : 'code', message: { en: 'wrong, expired or used already', de: 'falsch, abgelaufen oder bereits verwendet' } }]);
    }
  }
  const session = await startSession(db, tenant, user, client);
  return { user, ...session, mfaEnrolmentRequired: step === 'enrol' };
}
