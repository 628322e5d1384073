import type { Orm } from '../../platform/db/index.js';
import type { GroupChangeListener, MembershipChange } from '../../platform/groups/index.js';
import { coursesOfGroup, coursesReachingGroups, deleteGroupEnrolment, findGroupEnrolmentOf } from './enrolments.repository.js';
import { syncGroupEnrolments } from './sync-group-enrolments.js';

/**
 * Keeps group enrolments materialised: platform/groups announces membership and tree changes
 * (it cannot import Learn), and this listener re-syncs, for the users concerned, every course
 * whose group enrolments reach a changed group, in the same transaction. New members are
 * enrolled (and notified); departing members lose the enrolments that have no progress and
 * keep the others as direct ones.
 */
export const groupEnrolmentSync: GroupChangeListener = {
  async membersChanged(tx: Orm, change: MembershipChange) {
    for (const courseId of await coursesReachingGroups(tx, change.groupIds)) {
      await syncGroupEnrolments(tx, courseId, change.userIds);
    }
  },

  async groupDeleting(tx: Orm, groupId: string) {
    // The group's own enrolments in courses go first (the database would drop them with the
    // group, leaving their enrolments pointing nowhere); its ancestors are synced afterwards.
    for (const courseId of await coursesOfGroup(tx, groupId)) {
      const groupEnrolment = await findGroupEnrolmentOf(tx, courseId, groupId);
      if (groupEnrolment) await deleteGroupEnrolment(tx, groupEnrolment.id);
      await syncGroupEnrolments(tx, courseId);
    }
  },
};
