import type { z } from 'zod';
import type { ApiClient, UserList } from '../../shared/api';
import type {
  CreateGroupRequest,
  GroupListView,
  GroupMembersView,
  GroupView,
  MemberChangeView,
  UpdateGroupRequest,
  groupMemberView,
} from '../../../../src/platform/groups/groups.contract';

export type { GroupView, GroupMembersView };
export type GroupMember = z.infer<typeof groupMemberView>;

export const GROUPS_KEY = ['admin', 'groups'] as const;

const path = (id: string) => `/api/admin/groups/${encodeURIComponent(id)}`;

export function fetchGroups(api: ApiClient, signal?: AbortSignal): Promise<GroupListView> {
  return api.get<GroupListView>('/api/admin/groups', { signal });
}

export function createGroup(api: ApiClient, body: CreateGroupRequest): Promise<GroupView> {
  return api.post<GroupView>('/api/admin/groups', body);
}

export function updateGroup(api: ApiClient, id: string, body: UpdateGroupRequest): Promise<GroupView> {
  return api.patch<GroupView>(path(id), body);
}

export async function deleteGroup(api: ApiClient, id: string): Promise<void> {
  await api.delete<undefined>(path(id));
}

export function fetchMembers(api: ApiClient, id: string, effective: boolean, signal?: AbortSignal): Promise<GroupMembersView> {
  return api.get<GroupMembersView>(`${path(id)}/members?effective=${String(effective)}`, { signal });
}

export function addMembers(api: ApiClient, id: string, userIds: string[]): Promise<MemberChangeView> {
  return api.post<MemberChangeView>(`${path(id)}/members`, { userIds });
}

export function removeMembers(api: ApiClient, id: string, userIds: string[]): Promise<MemberChangeView> {
  return api.post<MemberChangeView>(`${path(id)}/members/remove`, { userIds });
}

/** Makes exactly these users the group's managers. */
export function setManagers(api: ApiClient, id: string, userIds: string[]): Promise<GroupView> {
  return api.put<GroupView>(`${path(id)}/managers`, { userIds });
}

/** Users matching a search, for picking members (and learners to enrol). */
export function searchUsers(api: ApiClient, q: string, signal?: AbortSignal): Promise<UserList> {
  return api.get<UserList>(`/api/admin/users?${new URLSearchParams({ q, status: 'active', limit: '20' }).toString()}`, { signal });
}
