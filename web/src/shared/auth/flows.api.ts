import type {
  AcceptInvitationRequest,
  ApiClient,
  PasswordResetCompleteRequest,
  PasswordResetRequest,
  RegistrationRequest,
} from '../api';

// The pages reached from e-mailed links: nobody is signed in, so a 401 means a wrong link, not an ended session.
const publicRequest = { reportAuthLost: false } as const;

export async function requestPasswordReset(api: ApiClient, body: PasswordResetRequest): Promise<void> {
  await api.post<{ accepted: true }>('/api/auth/password-reset/request', body, publicRequest);
}

export async function completePasswordReset(api: ApiClient, body: PasswordResetCompleteRequest): Promise<void> {
  await api.post<undefined>('/api/auth/password-reset/complete', body, publicRequest);
}

/** Asks for an account of one's own; the same answer whether or not the address has one. */
export async function register(api: ApiClient, body: RegistrationRequest): Promise<void> {
  await api.post<{ accepted: true }>('/api/auth/register', body, publicRequest);
}

export async function acceptInvitation(api: ApiClient, body: AcceptInvitationRequest): Promise<void> {
  await api.post<undefined>('/api/auth/invitation/accept', body, publicRequest);
}

export function confirmEmailChange(api: ApiClient, token: string): Promise<{ email: string }> {
  return api.post<{ email: string }>('/api/auth/email-change/confirm', { token }, publicRequest);
}
