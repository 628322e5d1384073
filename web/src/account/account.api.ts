import type {
  ApiClient,
  ApiTokenList,
  ChangeEmailRequest,
  CreateOwnApiTokenInput,
  CreatedApiToken,
  MfaSetup,
  RecoveryCodes,
  SessionSummary,
} from '../shared/api';
import { MFA_STATUS_KEY } from '../shared/api';

export { fetchMfaStatus } from '../shared/api';
export { changeMyPassword } from '../shared/password/password.api';

export const ACCOUNT_KEYS = {
  sessions: ['me', 'sessions'] as const,
  mfa: MFA_STATUS_KEY,
  tokens: ['me', 'tokens'] as const,
};

export function fetchMySessions(api: ApiClient, signal?: AbortSignal): Promise<SessionSummary[]> {
  return api.get<SessionSummary[]>('/api/me/sessions', { signal });
}

/** Ending one's own sessions asks for the password again. */
export async function endMySession(api: ApiClient, sessionId: string, currentPassword: string): Promise<void> {
  await api.delete<undefined>(`/api/me/sessions/${encodeURIComponent(sessionId)}`, { body: { currentPassword } });
}

export function endMyOtherSessions(api: ApiClient, currentPassword: string): Promise<{ ended: number }> {
  return api.post<{ ended: number }>('/api/me/sessions/end-others', { currentPassword });
}

export async function changeMyEmail(api: ApiClient, body: ChangeEmailRequest): Promise<void> {
  await api.post<{ accepted: true }>('/api/me/email', body);
}

export function startMfaSetup(api: ApiClient, password: string): Promise<MfaSetup> {
  return api.post<MfaSetup>('/api/me/mfa/setup', { password });
}

export function enableMfa(api: ApiClient, code: string): Promise<RecoveryCodes> {
  return api.post<RecoveryCodes>('/api/me/mfa/enable', { code });
}

/** Password plus either a code from the app or one recovery code. */
export type MfaConfirmation = { password: string; code: string } | { password: string; recoveryCode: string };

export async function disableMfa(api: ApiClient, body: MfaConfirmation): Promise<void> {
  await api.post<undefined>('/api/me/mfa/disable', body);
}

export function regenerateRecoveryCodes(api: ApiClient, body: MfaConfirmation): Promise<RecoveryCodes> {
  return api.post<RecoveryCodes>('/api/me/mfa/recovery-codes', body);
}

export function fetchMyTokens(api: ApiClient, signal?: AbortSignal): Promise<ApiTokenList> {
  return api.get<ApiTokenList>('/api/me/tokens', { signal });
}

export function createMyToken(api: ApiClient, body: CreateOwnApiTokenInput): Promise<CreatedApiToken> {
  return api.post<CreatedApiToken>('/api/me/tokens', body);
}

export async function revokeMyToken(api: ApiClient, id: string): Promise<void> {
  await api.delete<undefined>(`/api/me/tokens/${encodeURIComponent(id)}`);
}
