import type { Db } from '../db/client.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import { checkSignIn } from './credentials.js';
import { startSession, type ClientInfo, type SessionTimes } from './sessions.service.js';
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
 * Both are one guarded credential check (credentials.ts). Only then a session with a new id; the
 * session whose cookie came with the request (`previousSessionId`) ends.
 */
export async function signInWithPassword(
  db: Db,
  tenant: Tenant,
  request: SignInRequest,
  client: ClientInfo,
  previousSessionId?: string,
): Promise<SignInResult> {
  const { user, mfaStep, factors } = await checkSignIn(db, { tenant, ...client }, request);
  const session = await startSession(db, tenant, user, client, { factors, replacing: previousSessionId });
  return { user, ...session, mfaEnrolmentRequired: mfaStep === 'enrol' };
}
