import { z } from 'zod';
import { localisedRefinement } from '../http/localised-checks.contract.js';
import { displayName } from '../names/display-name.contract.js';

// Contracts are shared with the web app: zod only, nothing of Node.

/** Most users one request adds to or removes from a group. */
export const MEMBERS_PER_REQUEST = 1000;

export const groupView = z.object({
  id: z.uuid(),
  name: z.string(),
  parentId: z.uuid().nullable(),
  /** Direct members (not counting sub-groups). */
  memberCount: z.number().int(),
  /** Members of the group and of all its sub-groups, each counted once. */
  effectiveMemberCount: z.number().int(),
  /** The managers who lead the group and follow its members' progress. */
  managers: z.array(z.object({ userId: z.uuid(), firstName: z.string(), lastName: z.string(), email: z.string() })),
  createdAt: z.iso.datetime(),
});
export type GroupView = z.infer<typeof groupView>;

export const groupListView = z.object({ groups: z.array(groupView) });
export type GroupListView = z.infer<typeof groupListView>;

const groupName = displayName(200);

export const createGroupInput = z.object({
  name: groupName,
  parentId: z.uuid().nullable().optional(),
});
export type CreateGroupRequest = z.input<typeof createGroupInput>;

/** Rename and/or move; `parentId: null` moves the group to the top level. */
export const updateGroupInput = z
  .object({
    name: groupName.optional(),
    parentId: z.uuid().nullable().optional(),
  })
  .refine((b) => b.name !== undefined || b.parentId !== undefined, localisedRefinement({ en: 'is required unless the group moves to another parent', de: 'fehlt, und die Gruppe wird auch nicht verschoben' }, ['name']));
export type UpdateGroupRequest = z.input<typeof updateGroupInput>;

export const memberIdsInput = z.object({
  userIds: z.array(z.uuid()).min(1).max(MEMBERS_PER_REQUEST),
});
export type MemberIdsRequest = z.input<typeof memberIdsInput>;

/** Most managers one group has. */
export const MAX_GROUP_MANAGERS = 50;

/** The complete list of a group's managers (an empty list: nobody leads it). */
export const managerIdsInput = z.object({
  userIds: z.array(z.uuid()).max(MAX_GROUP_MANAGERS),
});
export type ManagerIdsRequest = z.input<typeof managerIdsInput>;

export const memberChangeView = z.object({ changed: z.number().int() });
export type MemberChangeView = z.infer<typeof memberChangeView>;

export const groupMembersQuery = z.object({
  /** true: members of the sub-groups too, each with the group that brings them in. */
  effective: z.enum(['true', 'false']).default('false'),
});

export const groupMemberView = z.object({
  userId: z.uuid(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  status: z.enum(['active', 'deactivated']),
  /** The group the user is a direct member of (this group or one of its sub-groups). */
  groupId: z.uuid(),
  groupName: z.string(),
  addedAt: z.iso.datetime(),
});
export type GroupMemberView = z.infer<typeof groupMemberView>;

export const groupMembersView = z.object({ members: z.array(groupMemberView) });
export type GroupMembersView = z.infer<typeof groupMembersView>;

export const userGroupsView = z.object({ groups: z.array(z.object({ id: z.uuid(), name: z.string() })) });
export type UserGroupsView = z.infer<typeof userGroupsView>;
