import type { Db, Orm } from '../../platform/db/index.js';
import { listCatalogue, listCatalogueCategories } from './catalogue.repository.js';
import type { CatalogueQuery } from './enrolments.contract.js';
import { insertActorEvent } from '../../platform/audit/index.js';
import { lockGroupTree } from '../../platform/groups/index.js';
import { AppError } from '../../platform/http/index.js';
import { notifyEnrolled } from '../notifications/enrolment-notices.js';
import { syncGroupEnrolments } from './sync-group-enrolments.js';
import { openThroughPaths } from '../paths/path-sync.js';
import { dashboardOrder, progressPercent, scoCount } from './dashboard.js';
import type { EnrolGroupRequest, UpdateGroupEnrolmentRequest } from './enrolments.contract.js';
import {
  deleteEnrolment,
  deleteGroupEnrolment,
  existingUserIds,
  findCourse,
  findEnrolment,
  findGroupEnrolment,
  findGroupEnrolmentOf,
  groupEnrolmentsOfCourse,
  groupExists,
  insertGroupEnrolment,
  insertSelfEnrolment,
  listCourseEnrolments,
  listMyEnrolments,
  manifestsOf,
  setDueOfGroupSourced,
  setEnrolmentDue,
  updateGroupEnrolment,
  upsertDirectEnrolments,
  type CourseEnrolmentRow,
  type GroupEnrolmentRow,
} from './enrolments.repository.js';
import type { UseCase } from '../../platform/access/index.js';
import { enrolmentsPolicy } from './enrolments.policy.js';

const toDue = (dueAt: string | null | undefined): Date | null | undefined => (dueAt === undefined ? undefined : dueAt === null ? null : new Date(dueAt));

/** The course, which must exist; `forEnrolment`: and be published (learners cannot open a draft). */
async function existingCourse(tx: Orm, courseId: string, forEnrolment: boolean) {
  const course = await findCourse(tx, courseId);
  if (!course) throw new AppError('LEARN_COURSE_NOT_FOUND', [{ field: 'courseId', value: courseId }]);
  if (forEnrolment && course.status !== 'published') throw new AppError('LEARN_ENROLMENT_COURSE_NOT_PUBLISHED', [{ field: 'courseId', value: courseId }]);
  return course;
}

/**
 * Enrols users in a course, all or none (an unknown user refuses the request). Enrolling a
 * user twice creates nothing new: the enrolment keeps its progress, becomes direct and takes
 * the due date when one is sent. New enrolments are announced to the learners.
 */
export async function enrolUsers(useCase: UseCase, courseId: string, userIds: string[], dueAt: string | null | undefined) {
  enrolmentsPolicy.assert(useCase.actor, 'manage');
  const ids = [...new Set(userIds)];
  const { tx } = useCase;
  await lockGroupTree(tx);
  await existingCourse(tx, courseId, true);
  const known = await existingUserIds(tx, ids);
  const unknown = userIds.flatMap((id, index) => (known.has(id) ? [] : [{ field: `userIds.${index}`, value: id }]));
  if (unknown.length > 0) throw new AppError('LEARN_ENROLMENT_UNKNOWN_USER', unknown);
  const due = toDue(dueAt);
  const { created, existing } = await upsertDirectEnrolments(tx, courseId, ids, due, useCase.user.id);
  if (created.length > 0) await notifyEnrolled(tx, created);
  await insertActorEvent(tx, useCase, 'enrolment.created', { type: 'course', id: courseId }, {
    userIds: ids,
    created: created.length,
    alreadyEnrolled: existing,
    ...(due !== undefined ? { dueAt: due?.toISOString() ?? null } : {}),
  });
  return { created, alreadyEnrolled: existing };
}

export async function courseEnrolments(db: Db, tenantId: string, courseId: string): Promise<{ enrolments: CourseEnrolmentRow[]; groups: GroupEnrolmentRow[] }> {
  return db.withTenant(tenantId, async (tx) => {
    await existingCourse(tx, courseId, false);
    return { enrolments: await listCourseEnrolments(tx, courseId), groups: await groupEnrolmentsOfCourse(tx, courseId) };
  });
}

async function existingEnrolment(tx: Orm, enrolmentId: string) {
  const enrolment = await findEnrolment(tx, enrolmentId);
  if (!enrolment) throw new AppError('LEARN_ENROLMENT_NOT_FOUND', [{ field: 'enrolmentId', value: enrolmentId }]);
  return enrolment;
}

/** Changes one enrolment's due date (null: none); reminders are sent again for the new date. */
export async function changeDue(useCase: UseCase, enrolmentId: string, dueAt: string | null): Promise<CourseEnrolmentRow> {
  enrolmentsPolicy.assert(useCase.actor, 'manage');
  const { tx } = useCase;
  const enrolment = await existingEnrolment(tx, enrolmentId);
  const due = toDue(dueAt) ?? null;
  await setEnrolmentDue(tx, enrolmentId, due);
  await insertActorEvent(tx, useCase, 'enrolment.due_changed', { type: 'enrolment', id: enrolmentId }, {
    courseId: enrolment.courseId,
    userId: enrolment.userId,
    dueAt: due?.toISOString() ?? null,
    previousDueAt: enrolment.dueAt?.toISOString() ?? null,
  });
  return (await listCourseEnrolments(tx, enrolment.courseId, enrolmentId))[0]!;
}

/**
 * Unenrols a user (their attempts go with the enrolment). An enrolment that a group brought
 * is refused (remove the user from the group instead); a direct one is removed, and when a
 * group enrolment of the course still reaches the user they are enrolled again through it.
 */
export async function unenrol(useCase: UseCase, enrolmentId: string): Promise<void> {
  enrolmentsPolicy.assert(useCase.actor, 'manage');
  const { tx } = useCase;
  await lockGroupTree(tx);
  const enrolment = await existingEnrolment(tx, enrolmentId);
  if (enrolment.source === 'group') throw new AppError('LEARN_ENROLMENT_FROM_GROUP', [{ field: 'enrolmentId', value: enrolmentId }]);
  if (enrolment.source === 'path') throw new AppError('LEARN_ENROLMENT_FROM_PATH', [{ field: 'enrolmentId', value: enrolmentId }]);
  await deleteEnrolment(tx, enrolmentId);
  // A group enrolment of the course that still reaches the user enrols them again, as a group member.
  await syncGroupEnrolments(tx, enrolment.courseId, [enrolment.userId]);
  // So does a learning path the user is in that holds the course.
  await openThroughPaths(tx, enrolment.courseId, [enrolment.userId]);
  await insertActorEvent(tx, useCase, 'enrolment.deleted', { type: 'enrolment', id: enrolmentId }, {
    courseId: enrolment.courseId,
    userId: enrolment.userId,
    source: enrolment.source,
  });
}

async function existingGroupEnrolment(tx: Orm, id: string) {
  const groupEnrolment = await findGroupEnrolment(tx, id);
  if (!groupEnrolment) throw new AppError('LEARN_GROUP_ENROLMENT_NOT_FOUND', [{ field: 'groupEnrolmentId', value: id }]);
  return groupEnrolment;
}

/**
 * Enrols a group (and by default its sub-groups): its members now and later are enrolled
 * with source 'group'. Enrolling the same group again updates the due date and the
 * sub-group choice. Returns whether the group enrolment is new.
 */
export async function enrolGroup(useCase: UseCase, courseId: string, input: EnrolGroupRequest) {
  enrolmentsPolicy.assert(useCase.actor, 'manage');
  const { tx } = useCase;
  await lockGroupTree(tx);
  await existingCourse(tx, courseId, true);
  if (!(await groupExists(tx, input.groupId))) throw new AppError('LEARN_ENROLMENT_UNKNOWN_GROUP', [{ field: 'groupId', value: input.groupId }]);
  const due = toDue(input.dueAt);
  const existing = await findGroupEnrolmentOf(tx, courseId, input.groupId);
  let id: string;
  if (existing) {
    id = existing.id;
    const changes = {
      ...(due !== undefined ? { dueAt: due } : {}),
      ...(input.includeSubgroups !== undefined ? { includeSubgroups: input.includeSubgroups } : {}),
    };
    if (Object.keys(changes).length > 0) await updateGroupEnrolment(tx, id, changes);
    if (due !== undefined) await setDueOfGroupSourced(tx, courseId, input.groupId, due);
  } else {
    id = await insertGroupEnrolment(tx, { courseId, groupId: input.groupId, dueAt: due ?? null, includeSubgroups: input.includeSubgroups ?? true, createdBy: useCase.user.id });
  }
  const { created } = await syncGroupEnrolments(tx, courseId);
  const groupEnrolment = (await findGroupEnrolment(tx, id))!;
  await insertActorEvent(tx, useCase, existing ? 'group_enrolment.updated' : 'group_enrolment.created', { type: 'group_enrolment', id }, {
    courseId,
    groupId: input.groupId,
    dueAt: groupEnrolment.dueAt?.toISOString() ?? null,
    includeSubgroups: groupEnrolment.includeSubgroups,
    enrolled: created.length,
  });
  return { groupEnrolment, created, isNew: !existing };
}

/** Changes a group enrolment's due date (for all enrolments it brought) or its sub-group choice. */
export async function changeGroupEnrolment(useCase: UseCase, id: string, input: UpdateGroupEnrolmentRequest): Promise<GroupEnrolmentRow> {
  enrolmentsPolicy.assert(useCase.actor, 'manage');
  const { tx } = useCase;
  await lockGroupTree(tx);
  const before = await existingGroupEnrolment(tx, id);
  const due = toDue(input.dueAt);
  await updateGroupEnrolment(tx, id, {
    ...(due !== undefined ? { dueAt: due } : {}),
    ...(input.includeSubgroups !== undefined ? { includeSubgroups: input.includeSubgroups } : {}),
  });
  if (due !== undefined) await setDueOfGroupSourced(tx, before.courseId, before.groupId, due);
  await syncGroupEnrolments(tx, before.courseId);
  const after = (await findGroupEnrolment(tx, id))!;
  await insertActorEvent(tx, useCase, 'group_enrolment.updated', { type: 'group_enrolment', id }, {
    courseId: before.courseId,
    groupId: before.groupId,
    dueAt: after.dueAt?.toISOString() ?? null,
    previousDueAt: before.dueAt?.toISOString() ?? null,
    includeSubgroups: after.includeSubgroups,
  });
  return after;
}

/**
 * Removes a group enrolment. The enrolments it brought go when they have no progress; those
 * with progress stay (as direct enrolments), so no learner's record is lost.
 */
export async function removeGroupEnrolment(useCase: UseCase, id: string) {
  enrolmentsPolicy.assert(useCase.actor, 'manage');
  const { tx } = useCase;
  await lockGroupTree(tx);
  const groupEnrolment = await existingGroupEnrolment(tx, id);
  await deleteGroupEnrolment(tx, id);
  const { removed, kept } = await syncGroupEnrolments(tx, groupEnrolment.courseId);
  await insertActorEvent(tx, useCase, 'group_enrolment.deleted', { type: 'group_enrolment', id }, {
    courseId: groupEnrolment.courseId,
    groupId: groupEnrolment.groupId,
    removed,
    kept,
  });
  return { removed, kept };
}

/**
 * A learner enrols themself in a published course that allows it. No notice is mailed (the
 * learner is looking at the result); enrolling again returns the existing enrolment.
 */
export async function selfEnrol(useCase: UseCase, courseId: string) {
  const { tx } = useCase;
  const course = await findCourse(tx, courseId);
  // A draft is invisible to learners: it answers like a course that does not exist.
  if (!course || course.status === 'draft') throw new AppError('LEARN_COURSE_NOT_FOUND', [{ field: 'courseId', value: courseId }]);
  if (course.status !== 'published' || !course.selfEnrolment) throw new AppError('LEARN_SELF_ENROLMENT_NOT_ALLOWED', [{ field: 'courseId', value: courseId }]);
  const result = await insertSelfEnrolment(tx, courseId, useCase.user.id);
  if (result.created) await insertActorEvent(tx, useCase, 'enrolment.self_enrolled', { type: 'enrolment', id: result.id }, { courseId, userId: useCase.user.id });
  return result;
}

/** The catalogue: open courses matching the query, and the categories to filter by. */
export async function catalogue(db: Db, tenantId: string, userId: string, query: CatalogueQuery) {
  return db.withTenant(tenantId, async (tx) => ({ courses: await listCatalogue(tx, userId, query), categories: await listCatalogueCategories(tx) }));
}

/** The learner's dashboard: their enrolments placed and ordered at `now`. */
export async function myEnrolments(db: Db, tenantId: string, userId: string, now = new Date()) {
  const { rows, manifests } = await db.withTenant(tenantId, async (tx) => {
    const rows = await listMyEnrolments(tx, userId);
    const versionIds = [...new Set(rows.flatMap((r) => (r.versionId ? [r.versionId] : [])))];
    return { rows, manifests: await manifestsOf(tx, versionIds) };
  });
  const scos = new Map([...manifests].map(([id, manifest]) => [id, scoCount(manifest)]));
  return dashboardOrder(rows, now).map((row) => ({
    ...row,
    progressPercent: progressPercent(row.status, row.scosDone, row.versionId ? (scos.get(row.versionId) ?? 0) : 0),
  }));
}
