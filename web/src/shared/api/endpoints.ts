import type { ApiClient } from './client';
import type { Session, SignInRequest, Tenant } from './types';

export function fetchTenant(api: ApiClient, signal?: AbortSignal): Promise<Tenant> {
  return api.get<Tenant>('/api/tenant', { signal });
}

/** Rejects with a 401 ApiError (AUTH_REQUIRED / AUTH_SESSION_EXPIRED) when not signed in. */
export function fetchSession(api: ApiClient, signal?: AbortSignal): Promise<Session> {
  return api.get<Session>('/api/auth/session', { signal, reportAuthLost: false });
}

export function signIn(api: ApiClient, credentials: SignInRequest): Promise<Session> {
  return api.post<Session>('/api/auth/sign-in', credentials, { reportAuthLost: false });
}

export async function signOut(api: ApiClient): Promise<void> {
  await api.post<undefined>('/api/auth/sign-out', {}, { reportAuthLost: false });
}
