import type { Orm } from '../../platform/db/index.js';
import { notifyEnrolled } from '../notifications/enrolment-notices.js';
import { openThroughPaths } from '../paths/path-sync.js';
import {
  deleteEnrolments,
  enrolledUserIds,
  groupReach,
  groupSourcedEnrolments,
  insertGroupSourced,
  isPublished,
  makeDirect,
  reassignGroupSourced,
  type Reach,
} from './enrolments.repository.js';

export interface SyncResult {
  created: string[];
  /** Group-sourced enrolments without progress removed because no group enrolment reaches the user any more. */
  removed: number;
  /** Such enrolments with progress, kept as direct enrolments. */
  kept: number;
}

/**
 * Brings a course's group-sourced enrolments in line with its group enrolments (for `userIds`
 * only, when given): users reached and not enrolled are enrolled with source 'group' (not in
 * a course that is no longer published) and notified; an enrolment whose group no longer
 * reaches the user moves to another group enrolment that does, else is removed when it has no
 * progress and becomes direct when it has. The caller holds the group-tree lock.
 *
 * The difference is computed here from two reads rather than in correlated SQL, so the cost
 * stays linear in the number of members on both engines.
 */
export async function syncGroupEnrolments(tx: Orm, courseId: string, userIds?: string[]): Promise<SyncResult> {
  const reach = await groupReach(tx, courseId, userIds);
  const existing = await groupSourcedEnrolments(tx, courseId, userIds);

  const firstReach = new Map<string, Reach>();
  const pairs = new Set<string>();
  for (const r of reach) {
    if (!firstReach.has(r.userId)) firstReach.set(r.userId, r);
    pairs.add(`${r.userId}:${r.groupId}`);
  }

  const moves: { id: string; groupId: string; dueAt: Date | null }[] = [];
  const toDelete: string[] = [];
  const toKeep: string[] = [];
  for (const e of existing) {
    if (e.groupId !== null && pairs.has(`${e.userId}:${e.groupId}`)) continue;
    const other = firstReach.get(e.userId);
    if (other) moves.push({ id: e.id, groupId: other.groupId, dueAt: other.dueAt });
    else if (e.hasProgress) toKeep.push(e.id);
    else toDelete.push(e.id);
  }
  await reassignGroupSourced(tx, moves);
  await deleteEnrolments(tx, toDelete);
  // A learning path the user is in may still give them the course.
  if (toDelete.length > 0) {
    const deleted = new Set(toDelete);
    await openThroughPaths(tx, courseId, existing.filter((e) => deleted.has(e.id)).map((e) => e.userId));
  }
  await makeDirect(tx, toKeep);

  let created: string[] = [];
  if (firstReach.size > 0 && (await isPublished(tx, courseId))) {
    const enrolled = await enrolledUserIds(tx, courseId, userIds);
    const missing = [...firstReach.values()].filter((r) => !enrolled.has(r.userId));
    created = await insertGroupSourced(tx, courseId, missing);
  }
  if (created.length > 0) await notifyEnrolled(tx, created);
  return { created, removed: toDelete.length, kept: toKeep.length };
}
