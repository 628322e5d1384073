import { and, eq, inArray, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { type Orm, queryRows } from '../../platform/db/index.js';
import { users } from '../../platform/identity/identity.schema.js';
import { contentVersions, courses } from '../courses/courses.schema.js';
import type { PackageManifest } from '../packages/manifest.types.js';
import { enrolments, groupEnrolments, type EnrolmentSource, type ProgressStatus } from './enrolments.schema.js';

/** Deepest group nesting walked (as in platform/groups). */
const MAX_DEPTH = 20;

type Timestamp = string | Date;
const toDate = (value: Timestamp | null): Date | null => (value === null ? null : new Date(value));

export async function findCourse(tx: Orm, id: string) {
  const [row] = await tx
    .select({ id: courses.id, title: courses.title, status: courses.status, selfEnrolment: courses.selfEnrolment })
    .from(courses)
    .where(eq(courses.id, id));
  return row;
}

/** The ids among `userIds` that are users of the tenant. */
export async function existingUserIds(tx: Orm, userIds: string[]): Promise<Set<string>> {
  const rows = await tx.select({ id: users.id }).from(users).where(inArray(users.id, userIds));
  return new Set(rows.map((r) => r.id));
}

export async function groupExists(tx: Orm, groupId: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(tx, sql`select id from groups where id = ${groupId}`);
  return rows.length > 0;
}

/**
 * Enrols the users directly. A user enrolled already keeps the enrolment (and its progress);
 * it becomes direct, so it stays when a group enrolment that brought it goes, and takes the
 * due date when `dueAt` is given.
 */
export async function upsertDirectEnrolments(
  tx: Orm,
  courseId: string,
  userIds: string[],
  dueAt: Date | null | undefined,
  enrolledBy: string,
): Promise<{ created: string[]; existing: number }> {
  const values = sql.join(
    userIds.map((userId) => sql`(${courseId}::uuid, ${userId}::uuid, ${dueAt ?? null}::timestamptz, 'direct', ${enrolledBy}::uuid)`),
    sql`, `,
  );
  const rows = await queryRows<{ id: string; inserted: boolean }>(
    tx,
    sql`insert into enrolments (course_id, user_id, due_at, source, enrolled_by) values ${values}
        on conflict (tenant_id, course_id, user_id) do update set
          source = 'direct',
          group_id = null,
          path_id = null,
          due_at = ${dueAt === undefined ? sql`enrolments.due_at` : sql`excluded.due_at`}
        returning id, (xmax = 0) as inserted`,
  );
  const created = rows.filter((r) => r.inserted).map((r) => r.id);
  return { created, existing: rows.length - created.length };
}

/** Inserts a self-enrolment unless the user is enrolled already; returns the enrolment and whether it is new. */
export async function insertSelfEnrolment(tx: Orm, courseId: string, userId: string): Promise<{ id: string; created: boolean }> {
  const inserted = await tx
    .insert(enrolments)
    .values({ courseId, userId, source: 'self', enrolledBy: userId })
    .onConflictDoNothing()
    .returning({ id: enrolments.id });
  if (inserted[0]) return { id: inserted[0].id, created: true };
  const [existing] = await tx
    .select({ id: enrolments.id })
    .from(enrolments)
    .where(and(eq(enrolments.courseId, courseId), eq(enrolments.userId, userId)));
  return { id: existing!.id, created: false };
}

/** Rows per statement of the batched writes (bounded by PostgreSQL's 65,535 parameters). */
const BATCH = 1000;

/** Rows in batches small enough for one statement's parameters. */
export function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) result.push(items.slice(i, i + BATCH));
  return result;
}

export const uuidList = (ids: string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/** A user reached by one of a course's group enrolments, through the enrolled group. */
export interface Reach {
  userId: string;
  groupId: string;
  dueAt: Date | null;
  createdBy: string | null;
}

/**
 * Every (user, enrolled group) pair of the course's group enrolments: the members of each
 * enrolled group and, unless the group enrolment says otherwise, of all its sub-groups. For
 * each user the oldest group enrolment comes first. `userIds` narrows it to those users.
 */
export async function groupReach(tx: Orm, courseId: string, userIds?: string[]): Promise<Reach[]> {
  return reachOfEnrolledGroups(tx, sql`select id, group_id, due_at, created_at, created_by, include_subgroups from group_enrolments where course_id = ${courseId}`, userIds);
}

/**
 * Every (user, enrolled group) pair of some enrolled groups (`enrolled` selects id, group_id,
 * due_at, created_at, created_by and include_subgroups: a course's group enrolments, a learning
 * path's groups): the members of each group and, where it says so, of all its sub-groups. For
 * each user the oldest group enrolment comes first. `userIds` narrows it to those users.
 */
export async function reachOfEnrolledGroups(tx: Orm, enrolled: SQL, userIds?: string[]): Promise<Reach[]> {
  if (userIds?.length === 0) return [];
  const rows = await queryRows<{ user_id: string; group_id: string; due_at: Timestamp | null; created_by: string | null }>(
    tx,
    sql`with recursive ge as (${enrolled}),
        tree(root, id, depth) as (
          select group_id, group_id, 0 from ge
          union all
          select t.root, g.id, t.depth + 1 from groups g join tree t on g.parent_id = t.id
          where t.depth < ${MAX_DEPTH} and exists (select 1 from ge where ge.group_id = t.root and ge.include_subgroups)
        )
        select distinct m.user_id, ge.group_id, ge.due_at, ge.created_by, ge.created_at, ge.id as ge_id
        from tree t join group_members m on m.group_id = t.id join ge on ge.group_id = t.root
        ${userIds ? sql`where m.user_id in (${uuidList(userIds)})` : sql``}
        order by m.user_id, ge.created_at, ge.id`,
  );
  return rows.map((r) => ({ userId: r.user_id, groupId: r.group_id, dueAt: toDate(r.due_at), createdBy: r.created_by }));
}

export interface GroupSourced {
  id: string;
  userId: string;
  groupId: string | null;
  hasProgress: boolean;
}

/** The course's enrolments that a group brought (of `userIds` only, when given). */
export async function groupSourcedEnrolments(tx: Orm, courseId: string, userIds?: string[]): Promise<GroupSourced[]> {
  if (userIds?.length === 0) return [];
  const rows = await queryRows<{ id: string; user_id: string; group_id: string | null; has_progress: boolean }>(
    tx,
    sql`select id, user_id, group_id, not (status = 'not_started' and attempt_count = 0 and first_access_at is null) as has_progress
        from enrolments
        where course_id = ${courseId} and source = 'group' ${userIds ? sql`and user_id in (${uuidList(userIds)})` : sql``}`,
  );
  return rows.map((r) => ({ id: r.id, userId: r.user_id, groupId: r.group_id, hasProgress: r.has_progress }));
}

/** Users among `userIds` (all, when not given) enrolled in the course, whatever the source. */
export async function enrolledUserIds(tx: Orm, courseId: string, userIds?: string[]): Promise<Set<string>> {
  if (userIds?.length === 0) return new Set();
  const rows = await queryRows<{ user_id: string }>(
    tx,
    sql`select user_id from enrolments where course_id = ${courseId} ${userIds ? sql`and user_id in (${uuidList(userIds)})` : sql``}`,
  );
  return new Set(rows.map((r) => r.user_id));
}

export async function isPublished(tx: Orm, courseId: string): Promise<boolean> {
  const [row] = await tx.select({ status: courses.status }).from(courses).where(eq(courses.id, courseId));
  return row?.status === 'published';
}

/** Enrols the reached users through their group; users enrolled already are left as they are. Returns the new ids. */
export async function insertGroupSourced(tx: Orm, courseId: string, reach: Reach[]): Promise<string[]> {
  const created: string[] = [];
  for (const batch of chunks(reach)) {
    const values = sql.join(
      batch.map((r) => sql`(${courseId}::uuid, ${r.userId}::uuid, ${r.dueAt}::timestamptz, 'group', ${r.groupId}::uuid, ${r.createdBy}::uuid)`),
      sql`, `,
    );
    const rows = await queryRows<{ id: string }>(
      tx,
      sql`insert into enrolments (course_id, user_id, due_at, source, group_id, enrolled_by) values ${values}
          on conflict (tenant_id, course_id, user_id) do nothing
          returning id`,
    );
    created.push(...rows.map((r) => r.id));
  }
  return created;
}

/** Moves group-sourced enrolments to another group enrolment that reaches their user (and its due date). */
export async function reassignGroupSourced(tx: Orm, moves: { id: string; groupId: string; dueAt: Date | null }[]): Promise<void> {
  for (const batch of chunks(moves)) {
    const values = sql.join(
      batch.map((m) => sql`(${m.id}::uuid, ${m.groupId}::uuid, ${m.dueAt}::timestamptz)`),
      sql`, `,
    );
    await tx.execute(sql`update enrolments e set group_id = v.group_id, due_at = v.due_at from (values ${values}) as v(id, group_id, due_at) where e.id = v.id`);
  }
}

export async function deleteEnrolments(tx: Orm, ids: string[]): Promise<void> {
  for (const batch of chunks(ids)) await tx.delete(enrolments).where(inArray(enrolments.id, batch));
}

/** Group-sourced enrolments whose group no longer reaches the user, kept for their progress, become direct. */
export async function makeDirect(tx: Orm, ids: string[]): Promise<void> {
  for (const batch of chunks(ids)) await tx.update(enrolments).set({ source: 'direct', groupId: null, pathId: null }).where(inArray(enrolments.id, batch));
}

/** Courses with a group enrolment on one of these groups or one of their ancestors. */
export async function coursesReachingGroups(tx: Orm, groupIds: string[]): Promise<string[]> {
  const rows = await queryRows<{ course_id: string }>(
    tx,
    sql`with recursive ${groupsAndAncestors(groupIds)} select distinct course_id from group_enrolments where group_id in (select id from up)`,
  );
  return rows.map((r) => r.course_id);
}

/** The recursive part `up(id, …)` of a query: the groups and all groups above them (whose enrolments, with sub-groups, reach their members). */
export function groupsAndAncestors(groupIds: string[]): SQL {
  return sql`up(id, parent_id, depth) as (
          select id, parent_id, 0 from groups where id in (${uuidList(groupIds)})
          union all
          select g.id, g.parent_id, u.depth + 1 from groups g join up u on g.id = u.parent_id where u.depth < ${MAX_DEPTH}
        )`;
}

/** Courses in which this group itself is enrolled. */
export async function coursesOfGroup(tx: Orm, groupId: string): Promise<string[]> {
  const rows = await tx.select({ courseId: groupEnrolments.courseId }).from(groupEnrolments).where(eq(groupEnrolments.groupId, groupId));
  return rows.map((r) => r.courseId);
}

export interface GroupEnrolmentRow {
  id: string;
  groupId: string;
  groupName: string;
  courseId: string;
  dueAt: Date | null;
  includeSubgroups: boolean;
  enrolmentCount: number;
  createdAt: Date;
}

async function groupEnrolmentsWhere(tx: Orm, where: SQL): Promise<GroupEnrolmentRow[]> {
  const rows = await queryRows<{
    id: string;
    group_id: string;
    group_name: string;
    course_id: string;
    due_at: Timestamp | null;
    include_subgroups: boolean;
    enrolment_count: number;
    created_at: Timestamp;
  }>(
    tx,
    sql`select ge.id, ge.group_id, g.name as group_name, ge.course_id, ge.due_at, ge.include_subgroups, ge.created_at,
          (select count(*)::int from enrolments e where e.course_id = ge.course_id and e.source = 'group' and e.group_id = ge.group_id) as enrolment_count
        from group_enrolments ge join groups g on g.id = ge.group_id
        where ${where}
        order by lower(g.name), ge.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    groupId: r.group_id,
    groupName: r.group_name,
    courseId: r.course_id,
    dueAt: toDate(r.due_at),
    includeSubgroups: r.include_subgroups,
    enrolmentCount: r.enrolment_count,
    createdAt: new Date(r.created_at),
  }));
}

export async function findGroupEnrolment(tx: Orm, id: string): Promise<GroupEnrolmentRow | undefined> {
  return (await groupEnrolmentsWhere(tx, sql`ge.id = ${id}`))[0];
}

export async function findGroupEnrolmentOf(tx: Orm, courseId: string, groupId: string): Promise<GroupEnrolmentRow | undefined> {
  return (await groupEnrolmentsWhere(tx, sql`ge.course_id = ${courseId} and ge.group_id = ${groupId}`))[0];
}

export async function groupEnrolmentsOfCourse(tx: Orm, courseId: string): Promise<GroupEnrolmentRow[]> {
  return groupEnrolmentsWhere(tx, sql`ge.course_id = ${courseId}`);
}

export async function insertGroupEnrolment(
  tx: Orm,
  values: { courseId: string; groupId: string; dueAt: Date | null; includeSubgroups: boolean; createdBy: string },
): Promise<string> {
  const [row] = await tx.insert(groupEnrolments).values(values).returning({ id: groupEnrolments.id });
  return row!.id;
}

export async function updateGroupEnrolment(tx: Orm, id: string, values: { dueAt?: Date | null; includeSubgroups?: boolean }): Promise<void> {
  await tx.update(groupEnrolments).set(values).where(eq(groupEnrolments.id, id));
}

export async function deleteGroupEnrolment(tx: Orm, id: string): Promise<void> {
  await tx.delete(groupEnrolments).where(eq(groupEnrolments.id, id));
}

/** Sets the due date of every enrolment that came in through the group's enrolment in the course. */
export async function setDueOfGroupSourced(tx: Orm, courseId: string, groupId: string, dueAt: Date | null): Promise<void> {
  // A new due date may need a new reminder (as for a single enrolment); an unchanged one keeps the record of what was sent.
  await tx
    .update(enrolments)
    .set({ dueAt, reminderSentAt: null, overdueSentAt: null })
    .where(
      and(
        eq(enrolments.courseId, courseId),
        eq(enrolments.groupId, groupId),
        eq(enrolments.source, 'group'),
        dueAt === null ? isNotNull(enrolments.dueAt) : or(isNull(enrolments.dueAt), ne(enrolments.dueAt, dueAt)),
      ),
    );
}

export interface EnrolmentRow {
  id: string;
  courseId: string;
  userId: string;
  source: EnrolmentSource;
  groupId: string | null;
  dueAt: Date | null;
}

export async function findEnrolment(tx: Orm, id: string): Promise<EnrolmentRow | undefined> {
  const [row] = await tx
    .select({
      id: enrolments.id,
      courseId: enrolments.courseId,
      userId: enrolments.userId,
      source: enrolments.source,
      groupId: enrolments.groupId,
      dueAt: enrolments.dueAt,
    })
    .from(enrolments)
    .where(eq(enrolments.id, id));
  return row;
}

export async function setEnrolmentDue(tx: Orm, id: string, dueAt: Date | null): Promise<void> {
  // A new due date may need a new reminder.
  await tx.update(enrolments).set({ dueAt, reminderSentAt: null, overdueSentAt: null }).where(eq(enrolments.id, id));
}

export async function deleteEnrolment(tx: Orm, id: string): Promise<void> {
  await tx.delete(enrolments).where(eq(enrolments.id, id));
}

export interface CourseEnrolmentRow {
  id: string;
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  source: EnrolmentSource;
  groupId: string | null;
  groupName: string | null;
  pathId: string | null;
  pathTitle: string | null;
  dueAt: Date | null;
  status: ProgressStatus;
  scorePercent: number | null;
  attemptCount: number;
  enrolledAt: Date;
  lastAccessAt: Date | null;
  completedAt: Date | null;
}

/** One course's enrolments with the learners' names, or one enrolment when `enrolmentId` is given. */
export async function listCourseEnrolments(tx: Orm, courseId: string, enrolmentId?: string): Promise<CourseEnrolmentRow[]> {
  const rows = await queryRows<{
    id: string;
    user_id: string;
    email: string;
    first_name: string;
    last_name: string;
    source: EnrolmentSource;
    group_id: string | null;
    group_name: string | null;
    path_id: string | null;
    path_title: string | null;
    due_at: Timestamp | null;
    status: ProgressStatus;
    score_percent: number | null;
    attempt_count: number;
    enrolled_at: Timestamp;
    last_access_at: Timestamp | null;
    completed_at: Timestamp | null;
  }>(
    tx,
    sql`select e.id, e.user_id, u.email, u.first_name, u.last_name, e.source, e.group_id, g.name as group_name, e.path_id, p.title as path_title,
          e.due_at, e.status, e.score_percent, e.attempt_count, e.enrolled_at, e.last_access_at, e.completed_at
        from enrolments e join users u on u.id = e.user_id left join groups g on g.id = e.group_id
          left join learning_paths p on p.id = e.path_id
        where e.course_id = ${courseId} ${enrolmentId ? sql`and e.id = ${enrolmentId}` : sql``}
        order by lower(u.last_name), lower(u.first_name), lower(u.email)`,
  );
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    source: r.source,
    groupId: r.group_id,
    groupName: r.group_name,
    pathId: r.path_id,
    pathTitle: r.path_title,
    dueAt: toDate(r.due_at),
    status: r.status,
    scorePercent: r.score_percent,
    attemptCount: r.attempt_count,
    enrolledAt: new Date(r.enrolled_at),
    lastAccessAt: toDate(r.last_access_at),
    completedAt: toDate(r.completed_at),
  }));
}

export interface MyEnrolmentRow {
  id: string;
  courseId: string;
  courseTitle: string;
  courseDescription: string;
  source: 'direct' | 'group' | 'self';
  status: ProgressStatus;
  scorePercent: number | null;
  dueAt: Date | null;
  enrolledAt: Date;
  lastAccessAt: Date | null;
  completedAt: Date | null;
  /** The latest attempt's content version, and how much of its SCOs the learner did: a finished SCO counts 1, one under way its progress measure (0..1). */
  versionId: string | null;
  scosDone: number;
  /** Published: learners may open it (an archived course stays listed, for its results). */
  available: boolean;
  hasCover: boolean;
}

/** The user's enrolments in courses that are not drafts, with what the dashboard shows. */
export async function listMyEnrolments(tx: Orm, userId: string): Promise<MyEnrolmentRow[]> {
  const rows = await queryRows<{
    id: string;
    course_id: string;
    title: string;
    description: string;
    source: 'direct' | 'group' | 'self';
    status: ProgressStatus;
    score_percent: number | null;
    due_at: Timestamp | null;
    enrolled_at: Timestamp;
    last_access_at: Timestamp | null;
    completed_at: Timestamp | null;
    version_id: string | null;
    scos_done: number | null;
    available: boolean;
    has_cover: boolean;
  }>(
    tx,
    sql`select e.id, e.course_id, c.title, c.description, e.source, e.status, e.score_percent, e.due_at, e.enrolled_at,
          e.last_access_at, e.completed_at, latest.version_id, latest.scos_done, c.status = 'published' as available,
          c.cover_key is not null as has_cover
        from enrolments e
        join courses c on c.id = e.course_id
        left join lateral (
          select a.version_id,
            (select coalesce(sum(case when s.completion_status = 'completed' or s.success_status in ('passed', 'failed') then 1
                                      else coalesce(s.progress_measure, 0) end), 0)::real from sco_states s
              where s.attempt_id = a.id) as scos_done
          from attempts a
          where a.enrolment_id = e.id
          order by a.number desc
          limit 1
        ) latest on true
        where e.user_id = ${userId} and c.status <> 'draft'`,
  );
  return rows.map((r) => ({
    id: r.id,
    courseId: r.course_id,
    courseTitle: r.title,
    courseDescription: r.description,
    source: r.source,
    status: r.status,
    scorePercent: r.score_percent,
    dueAt: toDate(r.due_at),
    enrolledAt: new Date(r.enrolled_at),
    lastAccessAt: toDate(r.last_access_at),
    completedAt: toDate(r.completed_at),
    versionId: r.version_id,
    scosDone: r.scos_done ?? 0,
    available: r.available,
    hasCover: r.has_cover,
  }));
}

/** The manifests of these content versions, by id. */
export async function manifestsOf(tx: Orm, versionIds: string[]): Promise<Map<string, PackageManifest>> {
  if (versionIds.length === 0) return new Map();
  const rows = await tx.select({ id: contentVersions.id, manifest: contentVersions.manifest }).from(contentVersions).where(inArray(contentVersions.id, versionIds));
  return new Map(rows.map((r) => [r.id, r.manifest as PackageManifest]));
}
