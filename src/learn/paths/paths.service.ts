import type { UseCase } from '../../platform/access/index.js';
import { insertActorEvent } from '../../platform/audit/index.js';
import type { Orm } from '../../platform/db/index.js';
import { lockGroupTree } from '../../platform/groups/index.js';
import { AppError } from '../../platform/http/index.js';
import { existingUserIds, groupExists } from '../enrolments/enrolments.repository.js';
import { checkedSteps } from './path-prerequisites.js';
import { openPathCourses, releasePathEnrolments, syncPathGroups } from './path-sync.js';
import type { EnrolGroupInPathRequest, LeavePathResult, MyPathView, PathEnrolmentView, PathProgressState, PathSummaryView, PathView, pathInput } from './paths.contract.js';
import { pathsPolicy } from './paths.policy.js';
import {
  deletePath,
  deletePathEnrolments,
  deletePathGroup,
  existingCourseIds,
  findPath,
  findPathEnrolment,
  findPathGroup,
  insertPath,
  listMyPathCourses,
  listMyPaths,
  listPathLearners,
  listPathSummaries,
  pathGroups,
  pathSteps,
  replacePathCourses,
  setDueOfPathSourced,
  updatePath,
  upsertDirectPathEnrolments,
  upsertPathGroup,
  type PathRow,
} from './paths.repository.js';

type CheckedPath = ReturnType<typeof pathInput.parse>;

async function existingPath(tx: Orm, pathId: string, lock = false): Promise<PathRow> {
  const path = await findPath(tx, pathId, { lock });
  if (!path) throw new AppError('LEARN_PATH_NOT_FOUND', [{ field: 'pathId', value: pathId }]);
  return path;
}

/** The steps as stored: known courses of the site, each once, prerequisites inside the path and without circles. */
async function storableSteps(tx: Orm, input: CheckedPath) {
  const steps = checkedSteps(input.courses);
  const known = await existingCourseIds(tx, steps.map((s) => s.courseId));
  const unknown = steps.flatMap((step, index) => (known.has(step.courseId) ? [] : [{ field: `courses.${index}.courseId`, value: step.courseId }]));
  if (unknown.length > 0) throw new AppError('LEARN_PATH_UNKNOWN_COURSE', unknown);
  return steps;
}

const pathValues = (input: CheckedPath) => ({
  title: input.title,
  description: input.description,
  dueAt: input.dueAt === null ? null : new Date(input.dueAt),
  certificateEnabled: input.certificateEnabled,
});

async function pathView(tx: Orm, path: PathRow): Promise<PathView> {
  return {
    id: path.id,
    title: path.title,
    description: path.description,
    dueAt: path.dueAt?.toISOString() ?? null,
    certificateEnabled: path.certificateEnabled,
    courses: await pathSteps(tx, path.id),
    groups: (await pathGroups(tx, path.id)).map(({ id, groupId, groupName, includeSubgroups }) => ({ id, groupId, groupName, includeSubgroups })),
    updatedAt: path.updatedAt.toISOString(),
  };
}

// ---- Building paths ----

export async function listPaths(useCase: UseCase): Promise<PathSummaryView[]> {
  pathsPolicy.assert(useCase.actor, 'view');
  return (await listPathSummaries(useCase.tx)).map((p) => ({ ...p, dueAt: p.dueAt?.toISOString() ?? null }));
}

export async function getPath(useCase: UseCase, pathId: string): Promise<PathView> {
  pathsPolicy.assert(useCase.actor, 'view');
  return pathView(useCase.tx, await existingPath(useCase.tx, pathId));
}

export async function createPath(useCase: UseCase, input: CheckedPath): Promise<PathView> {
  pathsPolicy.assert(useCase.actor, 'manage');
  const { tx } = useCase;
  const steps = await storableSteps(tx, input);
  const id = await insertPath(tx, { ...pathValues(input), createdBy: useCase.user.id });
  await replacePathCourses(tx, id, steps);
  await insertActorEvent(tx, useCase, 'learning_path.created', { type: 'learning_path', id }, { title: input.title, courseIds: steps.map((s) => s.courseId) });
  return pathView(tx, (await findPath(tx, id))!);
}

/**
 * Replaces a path's title, description, due date, certificate choice and courses. Learners in
 * the path get the courses that are now open to them; the course enrolments it made take the new
 * due date; those of courses taken out of the path go when they have no progress (else they stay,
 * as direct enrolments). A finished path stays finished when courses are added.
 */
export async function changePath(useCase: UseCase, pathId: string, input: CheckedPath): Promise<PathView> {
  pathsPolicy.assert(useCase.actor, 'manage');
  const { tx } = useCase;
  await lockGroupTree(tx);
  const before = await existingPath(tx, pathId, true);
  const steps = await storableSteps(tx, input);
  const previous = await pathSteps(tx, pathId);
  const values = pathValues(input);
  await updatePath(tx, pathId, values);
  await replacePathCourses(tx, pathId, steps);
  await setDueOfPathSourced(tx, pathId, values.dueAt);
  const kept = new Set(steps.map((s) => s.courseId));
  const dropped = previous.map((s) => s.courseId).filter((id) => !kept.has(id));
  const released = dropped.length > 0 ? await releasePathEnrolments(tx, pathId, { courseIds: dropped }) : { removed: 0, kept: 0 };
  const { created } = await openPathCourses(tx, pathId);
  await insertActorEvent(tx, useCase, 'learning_path.changed', { type: 'learning_path', id: pathId }, {
    title: values.title,
    previousTitle: before.title,
    courseIds: steps.map((s) => s.courseId),
    dueAt: values.dueAt?.toISOString() ?? null,
    certificateEnabled: values.certificateEnabled,
    enrolmentsCreated: created.length,
    enrolmentsRemoved: released.removed,
  });
  return pathView(tx, (await findPath(tx, pathId))!);
}

/** Deletes a path: its learners leave it (course enrolments without progress go, the others stay as direct ones); its certificates go with it. */
export async function removePath(useCase: UseCase, pathId: string): Promise<LeavePathResult> {
  pathsPolicy.assert(useCase.actor, 'manage');
  const { tx } = useCase;
  await lockGroupTree(tx);
  const path = await existingPath(tx, pathId, true);
  const released = await releasePathEnrolments(tx, pathId, {});
  await deletePath(tx, pathId);
  await insertActorEvent(tx, useCase, 'learning_path.deleted', { type: 'learning_path', id: pathId }, { title: path.title, ...released });
  return released;
}

// ---- Learners and groups ----

function progressOf(done: number, total: number, started: number, completedAt: Date | null): { coursesCompleted: number; coursesTotal: number; percent: number; state: PathProgressState; completedAt: string | null } {
  const state: PathProgressState = completedAt ? 'completed' : started > 0 || done > 0 ? 'in_progress' : 'not_started';
  return { coursesCompleted: done, coursesTotal: total, percent: total === 0 ? 0 : Math.floor((Math.min(done, total) * 100) / total), state, completedAt: completedAt?.toISOString() ?? null };
}

export async function pathLearners(useCase: UseCase, pathId: string, now = new Date()): Promise<PathEnrolmentView[]> {
  pathsPolicy.assert(useCase.actor, 'view');
  const { tx } = useCase;
  const path = await existingPath(tx, pathId);
  const total = (await pathSteps(tx, pathId)).length;
  return (await listPathLearners(tx, pathId)).map((l) => ({
    id: l.id,
    userId: l.userId,
    email: l.email,
    firstName: l.firstName,
    lastName: l.lastName,
    source: l.source,
    groupId: l.groupId,
    groupName: l.groupName,
    enrolledAt: l.enrolledAt.toISOString(),
    overdue: path.dueAt !== null && path.dueAt < now && l.completedAt === null,
    ...progressOf(l.coursesDone, total, l.coursesStarted, l.completedAt),
  }));
}

/** Puts users in a path, all or none (an unknown user refuses the request), and enrols them in its open courses. */
export async function enrolInPath(useCase: UseCase, pathId: string, userIds: string[]) {
  pathsPolicy.assert(useCase.actor, 'enrol');
  const { tx } = useCase;
  await lockGroupTree(tx);
  await existingPath(tx, pathId, true);
  const ids = [...new Set(userIds)];
  const known = await existingUserIds(tx, ids);
  const unknown = userIds.flatMap((id, index) => (known.has(id) ? [] : [{ field: `userIds.${index}`, value: id }]));
  if (unknown.length > 0) throw new AppError('LEARN_ENROLMENT_UNKNOWN_USER', unknown);
  const { created, existing } = await upsertDirectPathEnrolments(tx, pathId, ids, useCase.user.id);
  const { created: courseEnrolments } = await openPathCourses(tx, pathId, ids);
  await insertActorEvent(tx, useCase, 'learning_path.enrolled', { type: 'learning_path', id: pathId }, {
    userIds: ids,
    created: created.length,
    alreadyEnrolled: existing,
    courseEnrolmentsCreated: courseEnrolments.length,
  });
  return { created, alreadyEnrolled: existing };
}

/** Takes a learner out of a path (not one a group brought: remove them from the group, or the group from the path). */
export async function leavePath(useCase: UseCase, pathEnrolmentId: string): Promise<LeavePathResult> {
  pathsPolicy.assert(useCase.actor, 'enrol');
  const { tx } = useCase;
  await lockGroupTree(tx);
  const enrolment = await findPathEnrolment(tx, pathEnrolmentId);
  if (!enrolment) throw new AppError('LEARN_PATH_ENROLMENT_NOT_FOUND', [{ field: 'pathEnrolmentId', value: pathEnrolmentId }]);
  if (enrolment.source === 'group') throw new AppError('LEARN_PATH_ENROLMENT_FROM_GROUP', [{ field: 'pathEnrolmentId', value: pathEnrolmentId }]);
  await existingPath(tx, enrolment.pathId, true);
  await deletePathEnrolments(tx, [pathEnrolmentId]);
  const released = await releasePathEnrolments(tx, enrolment.pathId, { userIds: [enrolment.userId] });
  // A group of the path that still reaches the user brings them back in, as a group member.
  await syncPathGroups(tx, enrolment.pathId, [enrolment.userId]);
  await insertActorEvent(tx, useCase, 'learning_path.unenrolled', { type: 'learning_path', id: enrolment.pathId }, { userId: enrolment.userId, ...released });
  return released;
}

/** Enrols a group (by default with its sub-groups) in a path: its members, present and future, are in the path. Again: changes the sub-group choice. */
export async function enrolGroupInPath(useCase: UseCase, pathId: string, input: Required<EnrolGroupInPathRequest>) {
  pathsPolicy.assert(useCase.actor, 'enrol');
  const { tx } = useCase;
  await lockGroupTree(tx);
  await existingPath(tx, pathId, true);
  if (!(await groupExists(tx, input.groupId))) throw new AppError('LEARN_ENROLMENT_UNKNOWN_GROUP', [{ field: 'groupId', value: input.groupId }]);
  const id = await upsertPathGroup(tx, { pathId, groupId: input.groupId, includeSubgroups: input.includeSubgroups, createdBy: useCase.user.id });
  const { joined } = await syncPathGroups(tx, pathId);
  const group = (await findPathGroup(tx, id))!;
  await insertActorEvent(tx, useCase, 'learning_path.group_enrolled', { type: 'learning_path', id: pathId }, { groupId: input.groupId, includeSubgroups: input.includeSubgroups, joined });
  return { group: { id: group.id, groupId: group.groupId, groupName: group.groupName, includeSubgroups: group.includeSubgroups }, enrolled: joined };
}

/** Removes a group from a path: the members it brought leave the path (unless another of its groups reaches them). */
export async function removeGroupFromPath(useCase: UseCase, pathGroupId: string): Promise<LeavePathResult> {
  pathsPolicy.assert(useCase.actor, 'enrol');
  const { tx } = useCase;
  await lockGroupTree(tx);
  const group = await findPathGroup(tx, pathGroupId);
  if (!group) throw new AppError('LEARN_PATH_GROUP_NOT_FOUND', [{ field: 'pathGroupId', value: pathGroupId }]);
  await existingPath(tx, group.pathId, true);
  await deletePathGroup(tx, pathGroupId);
  const { left, removed, kept } = await syncPathGroups(tx, group.pathId);
  await insertActorEvent(tx, useCase, 'learning_path.group_removed', { type: 'learning_path', id: group.pathId }, { groupId: group.groupId, left, removed, kept });
  return { removed, kept };
}

// ---- The learner's ----

/** The learner's paths: each course open, locked (waiting for named courses) or not yet available; paths not finished first, by due date. */
export async function myPaths(useCase: UseCase, now = new Date()): Promise<MyPathView[]> {
  pathsPolicy.assert(useCase.actor, 'study');
  const { tx } = useCase;
  const paths = await listMyPaths(tx, useCase.user.id);
  const courses = await listMyPathCourses(tx, useCase.user.id);
  const views = paths.map((path): MyPathView => {
    const steps = courses.filter((c) => c.pathId === path.pathId);
    const titles = new Map(steps.map((s) => [s.courseId, s.title]));
    const finished = new Set(steps.filter((s) => s.finished).map((s) => s.courseId));
    const started = steps.filter((s) => s.status !== null && s.status !== 'not_started').length;
    const progress = progressOf(finished.size, steps.length, started, path.completedAt);
    return {
      pathEnrolmentId: path.pathEnrolmentId,
      pathId: path.pathId,
      title: path.title,
      description: path.description,
      dueAt: path.dueAt?.toISOString() ?? null,
      overdue: path.dueAt !== null && path.dueAt < now && progress.state !== 'completed',
      certificateId: path.certificateId,
      courses: steps.map((step) => {
        const waitingFor = step.prerequisites.filter((id) => titles.has(id) && !finished.has(id)).map((id) => ({ courseId: id, title: titles.get(id)! }));
        const availability = step.enrolmentId ? 'open' : step.courseStatus !== 'published' ? 'unavailable' : 'locked';
        return { courseId: step.courseId, title: step.title, availability, waitingFor: availability === 'open' ? [] : waitingFor, enrolmentId: step.enrolmentId, status: step.status, dueAt: step.dueAt?.toISOString() ?? null };
      }),
      ...progress,
    };
  });
  const dueOrder = (v: MyPathView) => (v.dueAt ? Date.parse(v.dueAt) : Number.POSITIVE_INFINITY);
  return views.sort((a, b) => {
    const aDone = a.state === 'completed';
    if (aDone !== (b.state === 'completed')) return aDone ? 1 : -1;
    if (aDone) return (b.completedAt ?? '').localeCompare(a.completedAt ?? '');
    return dueOrder(a) - dueOrder(b) || a.title.localeCompare(b.title);
  });
}
