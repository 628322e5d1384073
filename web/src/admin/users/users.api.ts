import type { UpdateUserRequest } from '../../../../src/platform/identity/identity.contract';
import type { UserGroupsView } from '../../../../src/platform/groups/groups.contract';
import type { AdminUserView, ApiClient, ImportResult, InvitedUserView, InviteUserRequest, LinkHandover, Role, SessionSummary, UserList } from '../../shared/api';

export const USERS_KEY = ['admin', 'users'] as const;

export function fetchUsers(api: ApiClient, query: string, signal?: AbortSignal): Promise<UserList> {
  return api.get<UserList>(`/api/admin/users?${query}`, { signal });
}

/** With mail off the answer carries the invitation link for the administrator to pass on. */
export function inviteUser(api: ApiClient, body: InviteUserRequest): Promise<InvitedUserView> {
  return api.post<InvitedUserView>('/api/admin/users', body);
}

/** A new invitation link (the previous one stops working): mailed, or with mail off in the answer. */
export function resendInvitation(api: ApiClient, id: string): Promise<LinkHandover> {
  return api.post<LinkHandover>(`/api/admin/users/${encodeURIComponent(id)}/invitation`);
}

/** A password reset link: mailed, or with mail off in the answer; the user's password and sessions stay until it is used. */
export function sendPasswordReset(api: ApiClient, id: string): Promise<LinkHandover> {
  return api.post<LinkHandover>(`/api/admin/users/${encodeURIComponent(id)}/password-reset`);
}

export function setUserRoles(api: ApiClient, id: string, roles: Role[]): Promise<AdminUserView> {
  return api.put<AdminUserView>(`/api/admin/users/${encodeURIComponent(id)}/roles`, { roles });
}

export function setUserActive(api: ApiClient, id: string, active: boolean): Promise<AdminUserView> {
  return api.post<AdminUserView>(`/api/admin/users/${encodeURIComponent(id)}/${active ? 'reactivate' : 'deactivate'}`);
}

export function fetchUserSessions(api: ApiClient, id: string, signal?: AbortSignal): Promise<SessionSummary[]> {
  return api.get<SessionSummary[]>(`/api/admin/users/${encodeURIComponent(id)}/sessions`, { signal });
}

export function endUserSessions(api: ApiClient, id: string): Promise<{ ended: number }> {
  return api.delete<{ ended: number }>(`/api/admin/users/${encodeURIComponent(id)}/sessions`);
}

/** Every session of the site but the caller's own. */
export function endAllSessionsOfSite(api: ApiClient): Promise<{ ended: number }> {
  return api.post<{ ended: number }>('/api/admin/sessions/end-all');
}

export async function endUserSession(api: ApiClient, id: string, sessionId: string): Promise<void> {
  await api.delete<undefined>(`/api/admin/users/${encodeURIComponent(id)}/sessions/${encodeURIComponent(sessionId)}`);
}

/** `invite`: the server mails each new user a link to choose a password (imported users have none). */
export type ExistingUsers = 'refuse' | 'skip' | 'update';

export function importUsersCsv(api: ApiClient, csv: string, invite: boolean, existing: ExistingUsers = 'refuse'): Promise<ImportResult> {
  return api.postRaw<ImportResult>(`/api/admin/users/import?invite=${String(invite)}&existing=${existing}`, { raw: csv, contentType: 'text/csv' });
}

export function fetchUser(api: ApiClient, id: string, signal?: AbortSignal): Promise<AdminUserView> {
  return api.get<AdminUserView>(`/api/admin/users/${encodeURIComponent(id)}`, { signal });
}

/** Changes only the fields sent. */
export function updateUser(api: ApiClient, id: string, body: UpdateUserRequest): Promise<AdminUserView> {
  return api.patch<AdminUserView>(`/api/admin/users/${encodeURIComponent(id)}`, body);
}

export async function deleteUser(api: ApiClient, id: string): Promise<void> {
  await api.delete<undefined>(`/api/admin/users/${encodeURIComponent(id)}`);
}

/** Deactivates or reactivates several users (all or none); answers how many changed. */
export function setUsersActive(api: ApiClient, userIds: string[], active: boolean): Promise<{ changed: number }> {
  return api.post<{ changed: number }>('/api/admin/users/status', { userIds, active });
}

export interface BulkResetAnswer {
  mail: 'queued' | 'off';
  sent: number;
  links?: { userId: string; email: string; link: string }[];
}

export function sendPasswordResets(api: ApiClient, userIds: string[]): Promise<BulkResetAnswer> {
  return api.post<BulkResetAnswer>('/api/admin/users/password-reset', { userIds });
}

export function fetchUserGroups(api: ApiClient, id: string, signal?: AbortSignal): Promise<UserGroupsView> {
  return api.get<UserGroupsView>(`/api/admin/users/${encodeURIComponent(id)}/groups`, { signal });
}
