import { sql } from 'drizzle-orm';
import type { Orm } from '../db/client.js';

/**
 * Who needs to hear that the members of groups changed. Platform knows nothing of the areas,
 * so an area that derives data from group membership (Learn's group enrolments) registers a
 * listener at start-up; the groups service calls every listener inside the transaction of the
 * change, so the derived data commits or rolls back with it.
 */
export interface GroupChangeListener {
  /**
   * After members were added or removed, or a group was moved or deleted: whether these users
   * are effective members (sub-groups included) of these groups and of all their ancestors may
   * have changed.
   */
  membersChanged(tx: Orm, change: MembershipChange): Promise<void>;
  /** Before a group is deleted (its sub-groups are gone already; it may still have members). */
  groupDeleting(tx: Orm, groupId: string): Promise<void>;
}

export interface MembershipChange {
  groupIds: string[];
  userIds: string[];
}

const listeners = new Set<GroupChangeListener>();

/** Registers a listener once (registering the same object again changes nothing). */
export function onGroupChange(listener: GroupChangeListener): void {
  listeners.add(listener);
}

export async function announceMembersChanged(tx: Orm, change: MembershipChange): Promise<void> {
  const groupIds = [...new Set(change.groupIds)];
  const userIds = [...new Set(change.userIds)];
  if (groupIds.length === 0 || userIds.length === 0) return;
  for (const listener of listeners) await listener.membersChanged(tx, { groupIds, userIds });
}

export async function announceGroupDeleting(tx: Orm, groupId: string): Promise<void> {
  for (const listener of listeners) await listener.groupDeleting(tx, groupId);
}

/**
 * Serialises changes of the tenant's group tree, memberships and whatever is derived from them
 * (taken by the groups service and by the listeners' own writes), so two concurrent changes
 * cannot both miss each other: a member added while the group is being enrolled is enrolled.
 */
export async function lockGroupTree(tx: Orm): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('lectern.groups:' || current_setting('app.tenant_id', true)))`);
}
