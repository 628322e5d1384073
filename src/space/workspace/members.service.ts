import type { UseCase } from '../../platform/access/index.js';
import { insertActorEvent } from '../../platform/audit/index.js';
import { AppError } from '../../platform/http/index.js';
import { sectionSettingsOf } from '../../platform/tenancy/index.js';
import { storageUsed } from '../library/items.repository.js';
import { assertSpaceCan } from '../space.policy.js';
import { setMemberInput, type SetMemberInput } from './members.contract.js';
import { countSeats, deleteMember, findActiveUser, findMemberRole, listMembers, lockMembers, upsertMember, type MemberRecord } from './members.repository.js';
import { atLeast, SEAT_ROLES, type SpaceRole } from './space-roles.js';
import { spaceSettings } from './space.settings.js';

/**
 * The signed-in user's role in the Space. A site administrator is an owner without being listed
 * (so a new site's Space has someone who can let people in); anybody else needs a member row.
 */
export async function spaceRoleOf(useCase: UseCase): Promise<SpaceRole> {
  if (useCase.user.roles.includes('admin')) return 'owner';
  const role = await findMemberRole(useCase.tx, useCase.user.id);
  if (!role) throw new AppError('SPACE_NOT_MEMBER');
  return role;
}

export interface Workspace {
  members: MemberRecord[];
  seats: { used: number; limit: number };
  storage: { usedBytes: number; quotaBytes: number };
  myRole: SpaceRole;
}

export async function workspaceOf(useCase: UseCase): Promise<Workspace> {
  const myRole = await spaceRoleOf(useCase);
  const settings = sectionSettingsOf(useCase.tenant, spaceSettings);
  return {
    members: await listMembers(useCase.tx),
    seats: { used: await countSeats(useCase.tx), limit: settings.seatLimit },
    storage: { usedBytes: await storageUsed(useCase.tx), quotaBytes: settings.quotaBytes },
    myRole,
  };
}

/** Owners are changed by owners only; an admin gives at most admin, and the seat limit holds for seat roles. */
export async function setMember(useCase: UseCase, unchecked: SetMemberInput): Promise<MemberRecord> {
  const input = setMemberInput.parse(unchecked);
  const myRole = await spaceRoleOf(useCase);
  assertSpaceCan(myRole, 'manageMembers');
  await lockMembers(useCase.tx);
  if (!(await findActiveUser(useCase.tx, input.userId))) throw new AppError('SPACE_USER_NOT_FOUND', [{ field: 'userId', value: input.userId }]);
  const current = await findMemberRole(useCase.tx, input.userId);
  if (!atLeast(myRole, input.role)) throw new AppError('SPACE_ROLE_ABOVE_OWN', [{ field: 'role', value: input.role }]);
  if (current === 'owner' || input.role === 'owner') assertSpaceCan(myRole, 'manageOwners');
  const takesSeat = SEAT_ROLES.includes(input.role) && !(current && SEAT_ROLES.includes(current));
  if (takesSeat) {
    const limit = sectionSettingsOf(useCase.tenant, spaceSettings).seatLimit;
    if ((await countSeats(useCase.tx)) >= limit) throw new AppError('SPACE_SEATS_FULL', [{ field: 'role', value: input.role }]);
  }
  await upsertMember(useCase.tx, { userId: input.userId, role: input.role, addedBy: useCase.user.id });
  await insertActorEvent(useCase.tx, useCase, 'space.member_set', { type: 'user', id: input.userId }, { role: input.role, previousRole: current ?? null });
  const member = (await listMembers(useCase.tx)).find((m) => m.userId === input.userId);
  if (!member) throw new Error('the member just set is missing');
  return member;
}

export async function removeMember(useCase: UseCase, userId: string): Promise<void> {
  const myRole = await spaceRoleOf(useCase);
  assertSpaceCan(myRole, 'manageMembers');
  await lockMembers(useCase.tx);
  const current = await findMemberRole(useCase.tx, userId);
  if (!current) throw new AppError('SPACE_MEMBER_NOT_FOUND', [{ field: 'userId', value: userId }]);
  if (current === 'owner') assertSpaceCan(myRole, 'manageOwners');
  await deleteMember(useCase.tx, userId);
  await insertActorEvent(useCase.tx, useCase, 'space.member_removed', { type: 'user', id: userId }, { role: current });
}
