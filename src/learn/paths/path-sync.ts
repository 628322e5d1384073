import type { Orm } from '../../platform/db/index.js';
import { publishEvent } from '../../platform/events/index.js';
import { deleteEnrolments, makeDirect, type Reach } from '../enrolments/enrolments.repository.js';
import { syncGroupEnrolments } from '../enrolments/sync-group-enrolments.js';
import { notifyEnrolled } from '../notifications/enrolment-notices.js';
import { learningPathCompleted } from './path-events.js';
import {
  deletePathEnrolments,
  findPath,
  insertGroupSourcedPathEnrolments,
  insertPathSourced,
  learnersCourseStates,
  markPathEnrolmentsCompleted,
  pathEnrolmentsOf,
  pathGroupReach,
  pathsOfUsersWithCourse,
  pathIdsWithCourse,
  pathSourcedEnrolments,
  pathSteps,
  reassignPathEnrolments,
  type PathEnrolmentRow,
  type PathStepRow,
} from './paths.repository.js';

/** Whether a step is open to a learner who has finished `finished`: every prerequisite (in the path) is among them. */
export function prerequisitesMet(step: Pick<PathStepRow, 'prerequisites'>, finished: ReadonlySet<string>): boolean {
  return step.prerequisites.every((id) => finished.has(id));
}

/**
 * Opens the path's courses to its learners (those of `userIds`, when given): enrols each learner
 * (source 'path', the path's due date, announced like any enrolment) in every published course
 * whose prerequisites they have finished and that they are not enrolled in yet; and marks the
 * path finished for those who have finished all its courses, publishing `learn.path.completed`.
 * Run whenever that may have changed: learners or courses added, a course finished or published.
 * Idempotent.
 */
export async function openPathCourses(tx: Orm, pathId: string, userIds?: string[]): Promise<{ created: string[]; completed: number }> {
  const none = { created: [], completed: 0 };
  const path = await findPath(tx, pathId);
  if (!path) return none;
  const [steps, learners, states] = [await pathSteps(tx, pathId), await pathEnrolmentsOf(tx, pathId, { userIds }), await learnersCourseStates(tx, pathId, userIds)];
  if (steps.length === 0 || learners.length === 0) return none;

  const enrolledIn = new Map<string, Set<string>>();
  const finishedIn = new Map<string, Set<string>>();
  for (const state of states) {
    setOf(enrolledIn, state.userId).add(state.courseId);
    if (state.finished) setOf(finishedIn, state.userId).add(state.courseId);
  }

  const toEnrol: { userId: string; courseId: string; enrolledBy: string | null }[] = [];
  const finishedPath: PathEnrolmentRow[] = [];
  for (const learner of learners) {
    const enrolled = enrolledIn.get(learner.userId) ?? new Set<string>();
    const finished = finishedIn.get(learner.userId) ?? new Set<string>();
    for (const step of steps) {
      if (step.courseStatus === 'published' && !enrolled.has(step.courseId) && prerequisitesMet(step, finished)) {
        toEnrol.push({ userId: learner.userId, courseId: step.courseId, enrolledBy: learner.enrolledBy });
      }
    }
    if (learner.completedAt === null && steps.every((step) => finished.has(step.courseId))) finishedPath.push(learner);
  }

  const created = toEnrol.length > 0 ? await insertPathSourcedFor(tx, pathId, path.dueAt, toEnrol) : [];
  const now = new Date();
  const marked = new Set(await markPathEnrolmentsCompleted(tx, finishedPath.map((l) => l.id), now));
  for (const learner of finishedPath) {
    if (!marked.has(learner.id)) continue;
    await publishEvent(tx, learningPathCompleted, { pathEnrolmentId: learner.id, pathId, userId: learner.userId, completedAt: now.toISOString() });
  }
  return { created, completed: marked.size };
}

async function insertPathSourcedFor(tx: Orm, pathId: string, dueAt: Date | null, rows: { userId: string; courseId: string; enrolledBy: string | null }[]) {
  const created = await insertPathSourced(tx, pathId, dueAt, rows);
  await notifyEnrolled(tx, created);
  return created;
}

function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

/**
 * What leaving a path does to the course enrolments it made: those without progress go, those
 * with progress stay as direct enrolments (no learner's record is lost). A course that a group
 * enrolment or another path still gives the learner is enrolled in again through that.
 */
export async function releasePathEnrolments(tx: Orm, pathId: string, options: { userIds?: string[]; courseIds?: string[] }): Promise<{ removed: number; kept: number }> {
  const made = await pathSourcedEnrolments(tx, pathId, options);
  const removed = made.filter((e) => !e.hasProgress);
  await deleteEnrolments(tx, removed.map((e) => e.id));
  await makeDirect(tx, made.filter((e) => e.hasProgress).map((e) => e.id));
  const byCourse = new Map<string, Set<string>>();
  for (const e of removed) setOf(byCourse, e.courseId).add(e.userId);
  for (const [courseId, users] of byCourse) {
    await syncGroupEnrolments(tx, courseId, [...users]);
    await openThroughPaths(tx, courseId, [...users], pathId);
  }
  return { removed: removed.length, kept: made.length - removed.length };
}

/**
 * Something changed in a course for these users (they finished it, or their enrolment in it went):
 * the paths they are in that hold the course open to them what is open now, enrolling them again
 * where they lost the enrolment.
 */
export async function openThroughPaths(tx: Orm, courseId: string, userIds: string[], exceptPathId?: string): Promise<void> {
  if (userIds.length === 0) return;
  // One query for all the users (a group's departure may concern thousands), then one opening per path.
  for (const [pathId, users] of await pathsOfUsersWithCourse(tx, courseId, userIds)) {
    if (pathId !== exceptPathId) await openPathCourses(tx, pathId, users);
  }
}

/**
 * Brings the path's group-sourced learners in line with its groups (for `userIds` only, when
 * given): members reached and not in the path join it (and get its open courses); a learner whose
 * group no longer reaches them moves to another of the path's groups that does, else leaves the
 * path. The caller holds the group-tree lock.
 */
export async function syncPathGroups(tx: Orm, pathId: string, userIds?: string[]): Promise<{ joined: number; left: number; removed: number; kept: number }> {
  const reach = await pathGroupReach(tx, pathId, userIds);
  const existing = await pathEnrolmentsOf(tx, pathId, { userIds, source: 'group' });
  const firstReach = new Map<string, Reach>();
  const pairs = new Set<string>();
  for (const r of reach) {
    if (!firstReach.has(r.userId)) firstReach.set(r.userId, r);
    pairs.add(`${r.userId}:${r.groupId}`);
  }
  const moves: { id: string; groupId: string }[] = [];
  const leaving: PathEnrolmentRow[] = [];
  for (const e of existing) {
    if (e.groupId !== null && pairs.has(`${e.userId}:${e.groupId}`)) continue;
    const other = firstReach.get(e.userId);
    if (other) moves.push({ id: e.id, groupId: other.groupId });
    else leaving.push(e);
  }
  await reassignPathEnrolments(tx, moves);
  await deletePathEnrolments(tx, leaving.map((e) => e.id));
  const released = leaving.length > 0 ? await releasePathEnrolments(tx, pathId, { userIds: leaving.map((e) => e.userId) }) : { removed: 0, kept: 0 };

  const joined = await insertGroupSourcedPathEnrolments(tx, pathId, [...firstReach.values()]);
  if (joined.length > 0) {
    const joinedIds = new Set(joined);
    const joinedUsers = (await pathEnrolmentsOf(tx, pathId, { userIds: [...firstReach.keys()] })).filter((e) => joinedIds.has(e.id)).map((e) => e.userId);
    await openPathCourses(tx, pathId, joinedUsers);
  }
  return { joined: joined.length, left: leaving.length, ...released };
}

/** A course was published: every path that holds it opens it to the learners whose prerequisites are finished. */
export async function openCourseInPaths(tx: Orm, courseId: string): Promise<void> {
  for (const pathId of await pathIdsWithCourse(tx, courseId)) await openPathCourses(tx, pathId);
}
