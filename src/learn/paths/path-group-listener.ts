import type { Orm } from '../../platform/db/index.js';
import type { GroupChangeListener, MembershipChange } from '../../platform/groups/index.js';
import { syncPathGroups } from './path-sync.js';
import { deletePathGroup, pathGroupsOfGroup, pathsReachingGroups } from './paths.repository.js';

/**
 * Keeps the learners of paths in line with the groups enrolled in them, in the transaction of the
 * membership change: new members join the path (and get its open courses), departing members leave it.
 */
export const pathGroupSync: GroupChangeListener = {
  async membersChanged(tx: Orm, change: MembershipChange) {
    for (const pathId of await pathsReachingGroups(tx, change.groupIds)) await syncPathGroups(tx, pathId, change.userIds);
  },

  async groupDeleting(tx: Orm, groupId: string) {
    // The group's own place in paths goes first (the database would drop it with the group, leaving its learners in the path).
    for (const { id, pathId } of await pathGroupsOfGroup(tx, groupId)) {
      await deletePathGroup(tx, id);
      await syncPathGroups(tx, pathId);
    }
  },
};
