import type { ApiClient } from './client';
import type { Session, SessionStatus, SignInRequest, Tenant } from './types';

export function fetchTenant(api: ApiClient, signal?: AbortSignal): Promise<Tenant> {
  return api.get<Tenant>('/api/tenant', { signal });
}

/** Rejects with a 401 ApiError (AUTH_REQUIRED / AUTH_SESSION_EXPIRED) when not signed in. */
export function fetchSession(api: ApiClient, signal?: AbortSignal): Promise<Session> {
  return api.get<Session>('/api/auth/session', { signal, reportAuthLost: false });
}

/** The sign-in answer when the account has two-factor sign-in: the password was right, a code is next. */
export interface MfaChallenge {
  mfaRequired: true;
  challenge: string;
}

export type SignInAnswer = Session | MfaChallenge;

export function isMfaChallenge(answer: SignInAnswer): answer is MfaChallenge {
  return 'mfaRequired' in answer && answer.mfaRequired;
}

export function signIn(api: ApiClient, credentials: SignInRequest): Promise<SignInAnswer> {
  return api.post<SignInAnswer>('/api/auth/sign-in', credentials, { reportAuthLost: false });
}

/** The second step of a sign-in: a code from the authenticator app, or one recovery code. */
export type SecondFactor = { challenge: string; code: string } | { challenge: string; recoveryCode: string };

export function signInSecondFactor(api: ApiClient, factor: SecondFactor): Promise<Session> {
  return api.post<Session>('/api/auth/sign-in/mfa', factor, { reportAuthLost: false });
}

export async function signOut(api: ApiClient): Promise<void> {
  await api.post<undefined>(SIGN_OUT_PATH, {}, { reportAuthLost: false });
}

/** When the session ends; asking does not count as activity. */
export function fetchSessionStatus(api: ApiClient, signal?: AbortSignal): Promise<SessionStatus> {
  return api.get<SessionStatus>(SESSION_STATUS_PATH, { signal });
}

/** "Stay signed in": counts as activity and moves the idle deadline. */
export function keepSessionAlive(api: ApiClient): Promise<SessionStatus> {
  return api.post<SessionStatus>(KEEP_ALIVE_PATH);
}

export const SESSION_STATUS_PATH = '/api/auth/session/status';
export const KEEP_ALIVE_PATH = '/api/auth/session/keep-alive';
export const SIGN_OUT_PATH = '/api/auth/sign-out';
