import type { ApiClient } from './client';
import type { MfaStatus, PermissionsResponse, Session, SessionStatus, SignInRequest, Tenant } from './types';

export function fetchTenant(api: ApiClient, signal?: AbortSignal): Promise<Tenant> {
  return api.get<Tenant>('/api/tenant', { signal });
}

/** Rejects with a 401 ApiError (AUTH_REQUIRED / AUTH_SESSION_EXPIRED) when not signed in. */
export function fetchSession(api: ApiClient, signal?: AbortSignal): Promise<Session> {
  return api.get<Session>('/api/auth/session', { signal, reportAuthLost: false });
}

/**
 * Sign-in. With two-factor sign-in on, the first attempt (password only) is refused with
 * AUTH_MFA_REQUIRED; the second sends the password again with `code` or `recoveryCode`.
 */
export function signIn(api: ApiClient, credentials: SignInRequest): Promise<Session> {
  return api.post<Session>('/api/auth/sign-in', credentials, { reportAuthLost: false });
}

export const MFA_REQUIRED_CODE = 'AUTH_MFA_REQUIRED';

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

export const MFA_STATUS_KEY = ['me', 'mfa'] as const;

/** The signed-in user's two-factor sign-in; `step: 'enrol'` means the site requires it and it is not set up. */
export function fetchMfaStatus(api: ApiClient, signal?: AbortSignal): Promise<MfaStatus> {
  return api.get<MfaStatus>('/api/me/mfa', { signal });
}

export const MFA_ENROLMENT_REQUIRED_CODE = 'AUTH_MFA_ENROLMENT_REQUIRED';

/** What the signed-in user may do on every resource of the site (`<feature>.<action>`), from the server's policies. */
export function fetchPermissions(api: ApiClient, signal?: AbortSignal): Promise<PermissionsResponse> {
  return api.get<PermissionsResponse>('/api/me/permissions', { signal });
}
