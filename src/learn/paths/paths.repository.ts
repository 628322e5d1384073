import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../../platform/db/index.js';
import { chunks, groupsAndAncestors, reachOfEnrolledGroups, uuidList, type Reach } from '../enrolments/enrolments.repository.js';
import { enrolments } from '../enrolments/enrolments.schema.js';
import { learningPathCourses, learningPathEnrolments, learningPathGroups, learningPaths } from './paths.schema.js';

type Timestamp = string | Date;
const toDate = (value: Timestamp | null): Date | null => (value === null ? null : new Date(value));

export type PathRow = typeof learningPaths.$inferSelect;
export type PathValues = Pick<PathRow, 'title' | 'description' | 'dueAt' | 'certificateEnabled'>;

// ---- Paths and their courses ----

export async function insertPath(tx: Orm, values: PathValues & { createdBy: string }): Promise<string> {
  const [row] = await tx.insert(learningPaths).values(values).returning({ id: learningPaths.id });
  return row!.id;
}

/** The path; `lock`: held until the transaction ends, so two edits of one path follow each other. */
export async function findPath(tx: Orm, id: string, options: { lock?: boolean } = {}): Promise<PathRow | undefined> {
  const query = tx.select().from(learningPaths).where(eq(learningPaths.id, id)).limit(1);
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

export async function updatePath(tx: Orm, id: string, values: PathValues): Promise<void> {
  await tx.update(learningPaths).set({ ...values, updatedAt: sql`now()` }).where(eq(learningPaths.id, id));
}

export async function deletePath(tx: Orm, id: string): Promise<void> {
  await tx.delete(learningPaths).where(eq(learningPaths.id, id));
}

export async function replacePathCourses(tx: Orm, pathId: string, steps: { courseId: string; prerequisites: string[] }[]): Promise<void> {
  await tx.delete(learningPathCourses).where(eq(learningPathCourses.pathId, pathId));
  if (steps.length === 0) return;
  await tx.insert(learningPathCourses).values(steps.map((step, position) => ({ pathId, courseId: step.courseId, position, prerequisites: step.prerequisites })));
}

/** Which of these course ids are courses of the site. */
export async function existingCourseIds(tx: Orm, courseIds: string[]): Promise<Set<string>> {
  if (courseIds.length === 0) return new Set();
  const rows = await queryRows<{ id: string }>(tx, sql`select id from courses where id in (${uuidList(courseIds)})`);
  return new Set(rows.map((r) => r.id));
}

export interface PathStepRow {
  courseId: string;
  title: string;
  courseStatus: 'draft' | 'published' | 'archived';
  /** Only those still in the path (a course removed from it no longer holds anyone back). */
  prerequisites: string[];
}

/** A path's courses in its order. */
export async function pathSteps(tx: Orm, pathId: string): Promise<PathStepRow[]> {
  const rows = await queryRows<{ course_id: string; title: string; status: PathStepRow['courseStatus']; prerequisites: string[] | string }>(
    tx,
    sql`select pc.course_id, c.title, c.status, pc.prerequisites
        from learning_path_courses pc join courses c on c.id = pc.course_id
        where pc.path_id = ${pathId}
        order by pc.position`,
  );
  const inPath = new Set(rows.map((r) => r.course_id));
  return rows.map((r) => ({
    courseId: r.course_id,
    title: r.title,
    courseStatus: r.status,
    prerequisites: uuidArray(r.prerequisites).filter((id) => inPath.has(id)),
  }));
}

/** A uuid[] as the driver gives it: an array, or PostgreSQL's text form `{a,b}`. */
function uuidArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',');
}

export interface PathSummaryRow {
  id: string;
  title: string;
  description: string | null;
  dueAt: Date | null;
  certificateEnabled: boolean;
  courseCount: number;
  enrolledCount: number;
  completedCount: number;
}

export async function listPathSummaries(tx: Orm): Promise<PathSummaryRow[]> {
  const rows = await queryRows<{
    id: string;
    title: string;
    description: string | null;
    due_at: Timestamp | null;
    certificate_enabled: boolean;
    course_count: number | string;
    enrolled_count: number | string;
    completed_count: number | string;
  }>(
    tx,
    sql`select p.id, p.title, p.description, p.due_at, p.certificate_enabled,
          (select count(*) from learning_path_courses pc where pc.path_id = p.id) as course_count,
          (select count(*) from learning_path_enrolments pe where pe.path_id = p.id) as enrolled_count,
          (select count(*) from learning_path_enrolments pe where pe.path_id = p.id and pe.completed_at is not null) as completed_count
        from learning_paths p
        order by lower(p.title), p.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    dueAt: toDate(r.due_at),
    certificateEnabled: r.certificate_enabled,
    courseCount: Number(r.course_count),
    enrolledCount: Number(r.enrolled_count),
    completedCount: Number(r.completed_count),
  }));
}

/** The paths that hold a course. */
export async function pathIdsWithCourse(tx: Orm, courseId: string): Promise<string[]> {
  const rows = await tx.select({ pathId: learningPathCourses.pathId }).from(learningPathCourses).where(eq(learningPathCourses.courseId, courseId));
  return rows.map((r) => r.pathId);
}

/** The paths that hold a course and some of these users are in: each path with those users. */
export async function pathsOfUsersWithCourse(tx: Orm, courseId: string, userIds: string[]): Promise<Map<string, string[]>> {
  const byPath = new Map<string, string[]>();
  for (const batch of chunks(userIds)) {
    const rows = await queryRows<{ path_id: string; user_id: string }>(
      tx,
      sql`select pe.path_id, pe.user_id from learning_path_enrolments pe
          join learning_path_courses pc on pc.path_id = pe.path_id and pc.course_id = ${courseId}
          where pe.user_id in (${uuidList(batch)})`,
    );
    for (const r of rows) {
      const users = byPath.get(r.path_id);
      if (users) users.push(r.user_id);
      else byPath.set(r.path_id, [r.user_id]);
    }
  }
  return byPath;
}

// ---- Groups in a path ----

export interface PathGroupRow {
  id: string;
  pathId: string;
  groupId: string;
  groupName: string;
  includeSubgroups: boolean;
}

async function selectPathGroups(tx: Orm, where: ReturnType<typeof sql>): Promise<PathGroupRow[]> {
  const rows = await queryRows<{ id: string; path_id: string; group_id: string; group_name: string; include_subgroups: boolean }>(
    tx,
    sql`select lg.id, lg.path_id, lg.group_id, g.name as group_name, lg.include_subgroups
        from learning_path_groups lg join groups g on g.id = lg.group_id
        where ${where}
        order by lower(g.name), lg.id`,
  );
  return rows.map((r) => ({ id: r.id, pathId: r.path_id, groupId: r.group_id, groupName: r.group_name, includeSubgroups: r.include_subgroups }));
}

export const pathGroups = (tx: Orm, pathId: string) => selectPathGroups(tx, sql`lg.path_id = ${pathId}`);
export const findPathGroup = async (tx: Orm, id: string) => (await selectPathGroups(tx, sql`lg.id = ${id}`))[0];

/** Enrols the group in the path, or changes the sub-group choice of the group already in it. */
export async function upsertPathGroup(tx: Orm, values: { pathId: string; groupId: string; includeSubgroups: boolean; createdBy: string }): Promise<string> {
  const [row] = await tx
    .insert(learningPathGroups)
    .values(values)
    .onConflictDoUpdate({ target: [learningPathGroups.tenantId, learningPathGroups.pathId, learningPathGroups.groupId], set: { includeSubgroups: values.includeSubgroups } })
    .returning({ id: learningPathGroups.id });
  return row!.id;
}

export async function deletePathGroup(tx: Orm, id: string): Promise<void> {
  await tx.delete(learningPathGroups).where(eq(learningPathGroups.id, id));
}

/** Paths whose groups reach a member of these groups (the groups themselves or groups above them). */
export async function pathsReachingGroups(tx: Orm, groupIds: string[]): Promise<string[]> {
  if (groupIds.length === 0) return [];
  const rows = await queryRows<{ path_id: string }>(
    tx,
    sql`with recursive ${groupsAndAncestors(groupIds)} select distinct path_id from learning_path_groups where group_id in (select id from up)`,
  );
  return rows.map((r) => r.path_id);
}

export async function pathGroupsOfGroup(tx: Orm, groupId: string): Promise<{ id: string; pathId: string }[]> {
  return tx.select({ id: learningPathGroups.id, pathId: learningPathGroups.pathId }).from(learningPathGroups).where(eq(learningPathGroups.groupId, groupId));
}

/** Every (user, group) pair the path's groups reach, the oldest group first for each user. */
export function pathGroupReach(tx: Orm, pathId: string, userIds?: string[]): Promise<Reach[]> {
  return reachOfEnrolledGroups(
    tx,
    sql`select id, group_id, null::timestamptz as due_at, created_at, created_by, include_subgroups from learning_path_groups where path_id = ${pathId}`,
    userIds,
  );
}

// ---- Learners in a path ----

/** Puts users in the path directly; those already in it (through a group too) are now in it directly. */
export async function upsertDirectPathEnrolments(tx: Orm, pathId: string, userIds: string[], enrolledBy: string): Promise<{ created: string[]; existing: number }> {
  const created: string[] = [];
  let existing = 0;
  for (const batch of chunks(userIds)) {
    const values = sql.join(
      batch.map((userId) => sql`(${pathId}::uuid, ${userId}::uuid, 'direct', ${enrolledBy}::uuid)`),
      sql`, `,
    );
    const rows = await queryRows<{ id: string; inserted: boolean }>(
      tx,
      sql`insert into learning_path_enrolments (path_id, user_id, source, enrolled_by) values ${values}
          on conflict (tenant_id, path_id, user_id) do update set source = 'direct', group_id = null
          returning id, (xmax = 0) as inserted`,
    );
    for (const row of rows) if (row.inserted) created.push(row.id);
    existing += rows.filter((r) => !r.inserted).length;
  }
  return { created, existing };
}

export async function insertGroupSourcedPathEnrolments(tx: Orm, pathId: string, reach: Reach[]): Promise<string[]> {
  const created: string[] = [];
  for (const batch of chunks(reach)) {
    const values = sql.join(
      batch.map((r) => sql`(${pathId}::uuid, ${r.userId}::uuid, 'group', ${r.groupId}::uuid, ${r.createdBy}::uuid)`),
      sql`, `,
    );
    const rows = await queryRows<{ id: string }>(
      tx,
      sql`insert into learning_path_enrolments (path_id, user_id, source, group_id, enrolled_by) values ${values}
          on conflict (tenant_id, path_id, user_id) do nothing
          returning id`,
    );
    created.push(...rows.map((r) => r.id));
  }
  return created;
}

export interface PathEnrolmentRow {
  id: string;
  pathId: string;
  userId: string;
  source: 'direct' | 'group';
  groupId: string | null;
  enrolledBy: string | null;
  completedAt: Date | null;
}

const pathEnrolmentColumns = {
  id: learningPathEnrolments.id,
  pathId: learningPathEnrolments.pathId,
  userId: learningPathEnrolments.userId,
  source: learningPathEnrolments.source,
  groupId: learningPathEnrolments.groupId,
  enrolledBy: learningPathEnrolments.enrolledBy,
  completedAt: learningPathEnrolments.completedAt,
};

export async function findPathEnrolment(tx: Orm, id: string): Promise<PathEnrolmentRow | undefined> {
  const [row] = await tx.select(pathEnrolmentColumns).from(learningPathEnrolments).where(eq(learningPathEnrolments.id, id)).limit(1);
  return row;
}

/** The path's learners (or those of `userIds` among them). */
export async function pathEnrolmentsOf(tx: Orm, pathId: string, options: { userIds?: string[]; source?: 'group' } = {}): Promise<PathEnrolmentRow[]> {
  if (options.userIds?.length === 0) return [];
  return tx
    .select(pathEnrolmentColumns)
    .from(learningPathEnrolments)
    .where(
      and(
        eq(learningPathEnrolments.pathId, pathId),
        options.userIds ? inArray(learningPathEnrolments.userId, options.userIds) : undefined,
        options.source ? eq(learningPathEnrolments.source, options.source) : undefined,
      ),
    );
}

export async function reassignPathEnrolments(tx: Orm, moves: { id: string; groupId: string }[]): Promise<void> {
  for (const move of moves) await tx.update(learningPathEnrolments).set({ groupId: move.groupId }).where(eq(learningPathEnrolments.id, move.id));
}

export async function deletePathEnrolments(tx: Orm, ids: string[]): Promise<void> {
  for (const batch of chunks(ids)) await tx.delete(learningPathEnrolments).where(inArray(learningPathEnrolments.id, batch));
}

/** Marks path enrolments finished (once: a finished one keeps its date). */
export async function markPathEnrolmentsCompleted(tx: Orm, ids: string[], at: Date): Promise<string[]> {
  const done: string[] = [];
  for (const batch of chunks(ids)) {
    const rows = await tx
      .update(learningPathEnrolments)
      .set({ completedAt: at })
      .where(and(inArray(learningPathEnrolments.id, batch), isNull(learningPathEnrolments.completedAt)))
      .returning({ id: learningPathEnrolments.id });
    done.push(...rows.map((r) => r.id));
  }
  return done;
}

export interface PathLearnerRow {
  id: string;
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  source: 'direct' | 'group';
  groupId: string | null;
  groupName: string | null;
  enrolledAt: Date;
  completedAt: Date | null;
  /** Courses of the path the learner has finished. */
  coursesDone: number;
  /** Courses of the path the learner has begun or finished. */
  coursesStarted: number;
}

/** The path's learners with what they finished of it, by name. */
export async function listPathLearners(tx: Orm, pathId: string): Promise<PathLearnerRow[]> {
  const rows = await queryRows<{
    id: string;
    user_id: string;
    email: string;
    first_name: string;
    last_name: string;
    source: 'direct' | 'group';
    group_id: string | null;
    group_name: string | null;
    enrolled_at: Timestamp;
    completed_at: Timestamp | null;
    done: number | string;
    started: number | string;
  }>(
    tx,
    sql`select pe.id, pe.user_id, u.email, u.first_name, u.last_name, pe.source, pe.group_id, g.name as group_name, pe.enrolled_at, pe.completed_at,
          count(e.id) filter (where e.completed_at is not null) as done,
          count(e.id) filter (where e.completed_at is not null or e.status <> 'not_started' or e.attempt_count > 0) as started
        from learning_path_enrolments pe
          join users u on u.id = pe.user_id
          left join groups g on g.id = pe.group_id
          left join learning_path_courses pc on pc.path_id = pe.path_id
          left join enrolments e on e.course_id = pc.course_id and e.user_id = pe.user_id
        where pe.path_id = ${pathId}
        group by pe.id, pe.user_id, u.email, u.first_name, u.last_name, pe.source, pe.group_id, g.name, pe.enrolled_at, pe.completed_at
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
    enrolledAt: new Date(r.enrolled_at),
    completedAt: toDate(r.completed_at),
    coursesDone: Number(r.done),
    coursesStarted: Number(r.started),
  }));
}

// ---- The course enrolments a path makes ----

/** Each learner's enrolments in the path's courses (of `userIds` only, when given): whether they have finished the course. */
export async function learnersCourseStates(tx: Orm, pathId: string, userIds?: string[]): Promise<{ userId: string; courseId: string; finished: boolean }[]> {
  if (userIds?.length === 0) return [];
  const rows = await queryRows<{ user_id: string; course_id: string; finished: boolean }>(
    tx,
    sql`select e.user_id, e.course_id, e.completed_at is not null as finished
        from enrolments e
          join learning_path_enrolments pe on pe.user_id = e.user_id and pe.path_id = ${pathId}
          join learning_path_courses pc on pc.course_id = e.course_id and pc.path_id = ${pathId}
        ${userIds ? sql`where e.user_id in (${uuidList(userIds)})` : sql``}`,
  );
  return rows.map((r) => ({ userId: r.user_id, courseId: r.course_id, finished: r.finished }));
}

/** Enrols learners in courses the path opened to them; a course they are enrolled in already is left as it is. */
export async function insertPathSourced(tx: Orm, pathId: string, dueAt: Date | null, rows: { userId: string; courseId: string; enrolledBy: string | null }[]): Promise<string[]> {
  const created: string[] = [];
  for (const batch of chunks(rows)) {
    const values = sql.join(
      batch.map((r) => sql`(${r.courseId}::uuid, ${r.userId}::uuid, ${dueAt}::timestamptz, 'path', ${pathId}::uuid, ${r.enrolledBy}::uuid)`),
      sql`, `,
    );
    const inserted = await queryRows<{ id: string }>(
      tx,
      sql`insert into enrolments (course_id, user_id, due_at, source, path_id, enrolled_by) values ${values}
          on conflict (tenant_id, course_id, user_id) do nothing
          returning id`,
    );
    created.push(...inserted.map((r) => r.id));
  }
  return created;
}

export interface PathSourcedRow {
  id: string;
  courseId: string;
  userId: string;
  hasProgress: boolean;
}

/** The course enrolments the path made (for `userIds`, for `courseIds`, when given). */
export async function pathSourcedEnrolments(tx: Orm, pathId: string, options: { userIds?: string[]; courseIds?: string[] } = {}): Promise<PathSourcedRow[]> {
  if (options.userIds?.length === 0 || options.courseIds?.length === 0) return [];
  const rows = await queryRows<{ id: string; course_id: string; user_id: string; has_progress: boolean }>(
    tx,
    sql`select id, course_id, user_id, not (status = 'not_started' and attempt_count = 0 and first_access_at is null) as has_progress
        from enrolments
        where path_id = ${pathId} and source = 'path'
          ${options.userIds ? sql`and user_id in (${uuidList(options.userIds)})` : sql``}
          ${options.courseIds ? sql`and course_id in (${uuidList(options.courseIds)})` : sql``}`,
  );
  return rows.map((r) => ({ id: r.id, courseId: r.course_id, userId: r.user_id, hasProgress: r.has_progress }));
}

/** The path's due date for the course enrolments it made (a new date may need new reminders). */
export async function setDueOfPathSourced(tx: Orm, pathId: string, dueAt: Date | null): Promise<void> {
  await tx
    .update(enrolments)
    .set({ dueAt, reminderSentAt: null, overdueSentAt: null })
    .where(and(eq(enrolments.pathId, pathId), eq(enrolments.source, 'path'), sql`${enrolments.dueAt} is distinct from ${dueAt}`));
}

// ---- The learner's own ----

export interface MyPathRow {
  pathEnrolmentId: string;
  pathId: string;
  title: string;
  description: string | null;
  dueAt: Date | null;
  completedAt: Date | null;
  certificateId: string | null;
}

export async function listMyPaths(tx: Orm, userId: string): Promise<MyPathRow[]> {
  const rows = await queryRows<{
    id: string;
    path_id: string;
    title: string;
    description: string | null;
    due_at: Timestamp | null;
    completed_at: Timestamp | null;
    certificate_id: string | null;
  }>(
    tx,
    sql`select pe.id, pe.path_id, p.title, p.description, p.due_at, pe.completed_at,
          (select c.id from certificates c where c.path_enrolment_id = pe.id and c.revoked_at is null limit 1) as certificate_id
        from learning_path_enrolments pe join learning_paths p on p.id = pe.path_id
        where pe.user_id = ${userId}`,
  );
  return rows.map((r) => ({
    pathEnrolmentId: r.id,
    pathId: r.path_id,
    title: r.title,
    description: r.description,
    dueAt: toDate(r.due_at),
    completedAt: toDate(r.completed_at),
    certificateId: r.certificate_id,
  }));
}

export interface MyPathCourseRow {
  pathId: string;
  courseId: string;
  title: string;
  courseStatus: 'draft' | 'published' | 'archived';
  prerequisites: string[];
  enrolmentId: string | null;
  status: 'not_started' | 'in_progress' | 'completed' | 'passed' | 'failed' | null;
  dueAt: Date | null;
  finished: boolean;
}

/** The courses of the user's paths in each path's order, with the user's enrolment in each. */
export async function listMyPathCourses(tx: Orm, userId: string): Promise<MyPathCourseRow[]> {
  const rows = await queryRows<{
    path_id: string;
    course_id: string;
    title: string;
    course_status: MyPathCourseRow['courseStatus'];
    prerequisites: string[] | string;
    enrolment_id: string | null;
    status: MyPathCourseRow['status'];
    due_at: Timestamp | null;
    finished: boolean | null;
  }>(
    tx,
    sql`select pc.path_id, pc.course_id, c.title, c.status as course_status, pc.prerequisites,
          e.id as enrolment_id, e.status, e.due_at, e.completed_at is not null as finished
        from learning_path_enrolments pe
          join learning_path_courses pc on pc.path_id = pe.path_id
          join courses c on c.id = pc.course_id
          left join enrolments e on e.course_id = pc.course_id and e.user_id = pe.user_id
        where pe.user_id = ${userId}
        order by pc.path_id, pc.position`,
  );
  return rows.map((r) => ({
    pathId: r.path_id,
    courseId: r.course_id,
    title: r.title,
    courseStatus: r.course_status,
    prerequisites: uuidArray(r.prerequisites),
    enrolmentId: r.enrolment_id,
    status: r.status,
    dueAt: toDate(r.due_at),
    finished: r.finished === true,
  }));
}
