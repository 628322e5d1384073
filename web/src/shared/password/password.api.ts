import type { ApiClient, ChangePasswordRequest } from '../api';
import type { PasswordCheckResult, PasswordRuleText } from './checklist';

/** GET /api/tenant/password-policy (the server declares this answer inline in its route). */
export interface PasswordPolicyView {
  minLength: number;
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireDigit: boolean;
  requireSymbol: boolean;
  rules: PasswordRuleText[];
}

/** What the password must not contain: the person's names and e-mail address. */
export interface PasswordPerson {
  email?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
}

export function fetchPasswordPolicy(api: ApiClient, signal?: AbortSignal): Promise<PasswordPolicyView> {
  return api.get<PasswordPolicyView>('/api/tenant/password-policy', { signal });
}

export function checkPassword(api: ApiClient, password: string, person: PasswordPerson, signal?: AbortSignal): Promise<PasswordCheckResult> {
  const body: Record<string, string> = { password };
  if (person.email) body.email = person.email;
  if (person.firstName) body.firstName = person.firstName;
  if (person.lastName) body.lastName = person.lastName;
  return api.post<PasswordCheckResult>('/api/tenant/password-policy/check', body, { signal });
}

/** POST /api/me/password: the signed-in user's new password, confirmed with the current one. */
export async function changeMyPassword(api: ApiClient, body: ChangePasswordRequest): Promise<void> {
  await api.post<undefined>('/api/me/password', body);
}
