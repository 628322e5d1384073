import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../../platform/db/index.js';
import { users } from '../../platform/identity/identity.schema.js';
import { spaceShareVisits } from '../sharing/sharing.schema.js';
import { spaceViewCourseProgress, spaceViewSessions, type PlayedRanges, type SeenPages } from './analytics.schema.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export type ViewSessionRow = typeof spaceViewSessions.$inferSelect;

export async function insertViewSession(tx: Orm, input: { linkId: string; itemId: string; visitor: string; userId: string | null; recipientEmail: string | null }): Promise<string> {
  const [row] = await tx.insert(spaceViewSessions).values(input).returning({ id: spaceViewSessions.id });
  return row!.id;
}

/** A view of the link; with `lock`, locked until the caller's transaction ends (two beacons of one view add up one after the other). */
export async function findViewSession(tx: Orm, id: string, linkId: string, options: { lock?: boolean } = {}): Promise<ViewSessionRow | undefined> {
  const query = tx
    .select()
    .from(spaceViewSessions)
    .where(and(eq(spaceViewSessions.id, id), eq(spaceViewSessions.linkId, linkId)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

export async function updateViewSession(
  tx: Orm,
  id: string,
  input: { seconds: number; duration: number | null; played: PlayedRanges; pageCount: number | null; pagesSeen: SeenPages; lastSeenAt: Date },
): Promise<void> {
  // As JSON text: a driver would take a bare array for a PostgreSQL array.
  await tx
    .update(spaceViewSessions)
    .set({ ...input, played: sql`${JSON.stringify(input.played)}::jsonb`, pagesSeen: sql`${JSON.stringify(input.pagesSeen)}::jsonb` })
    .where(eq(spaceViewSessions.id, id));
}

export function viewSessionsOf(tx: Orm, linkId: string): Promise<ViewSessionRow[]> {
  return tx.select().from(spaceViewSessions).where(eq(spaceViewSessions.linkId, linkId)).orderBy(asc(spaceViewSessions.startedAt));
}

/** The link's page opens, oldest first, with the signed-in visitor's name where there is one. */
export function opensOf(tx: Orm, linkId: string) {
  return tx
    .select({ visitor: spaceShareVisits.visitor, at: spaceShareVisits.at, recipientEmail: spaceShareVisits.recipientEmail, firstName: users.firstName, lastName: users.lastName })
    .from(spaceShareVisits)
    .leftJoin(users, eq(users.id, spaceShareVisits.userId))
    .where(and(eq(spaceShareVisits.linkId, linkId), sql`${spaceShareVisits.kind} = 'open'`))
    .orderBy(asc(spaceShareVisits.at), asc(spaceShareVisits.id));
}

export type CourseProgressRow = typeof spaceViewCourseProgress.$inferSelect;

/**
 * A view of `linkId` that may still report: the link neither revoked nor expired, its file not in
 * the trash (trash marks a whole subtree), and a view by a named recipient only while they are one.
 */
export async function reportingViewOf(tx: Orm, viewId: string, linkId: string): Promise<{ id: string } | undefined> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select v.id from space_view_sessions v
          join space_share_links l on l.id = v.link_id
          join space_items i on i.id = v.item_id and i.trashed_at is null
         where v.id = ${viewId} and v.link_id = ${linkId} and l.revoked_at is null and (l.expires_at is null or l.expires_at > now())
           and (v.recipient_email is null or exists (select 1 from space_share_recipients r where r.link_id = l.id and r.email = v.recipient_email))`,
  );
  return rows[0];
}

/** The views of the course files trashed with `trashedWith` (the item the member moved to the trash). */
export function courseViewsTrashedWith(tx: Orm, trashedWith: string): Promise<{ linkId: string; viewId: string }[]> {
  return queryRows<{ linkId: string; viewId: string }>(
    tx,
    sql`select v.link_id as "linkId", v.id as "viewId" from space_view_sessions v
          join space_items i on i.id = v.item_id
         where i.trashed_with = ${trashedWith} and i.file_kind = 'course'`,
  );
}

/** One part's stored progress of a view, locked until the caller's transaction ends (reports of one view are merged one after the other). */
export async function lockCourseProgress(tx: Orm, viewSessionId: string, scoId: string): Promise<CourseProgressRow | undefined> {
  const [row] = await tx
    .select()
    .from(spaceViewCourseProgress)
    .where(and(eq(spaceViewCourseProgress.viewSessionId, viewSessionId), eq(spaceViewCourseProgress.scoId, scoId)))
    .for('update');
  return row;
}

/** Stores one SCO's progress of a view unless a later commit of it is stored already; true when stored. */
export async function upsertCourseProgress(tx: Orm, row: Omit<CourseProgressRow, 'tenantId' | 'updatedAt'>): Promise<boolean> {
  const stored = await tx
    .insert(spaceViewCourseProgress)
    .values(row)
    .onConflictDoUpdate({
      target: [spaceViewCourseProgress.viewSessionId, spaceViewCourseProgress.scoId],
      set: {
        title: sql`excluded.title`,
        position: sql`excluded.position`,
        itemCount: sql`excluded.item_count`,
        status: sql`excluded.status`,
        progressMeasure: sql`excluded.progress_measure`,
        scorePercent: sql`excluded.score_percent`,
        location: sql`excluded.location`,
        seconds: sql`excluded.seconds`,
        seq: sql`excluded.seq`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`${spaceViewCourseProgress.seq} < excluded.seq`,
    })
    .returning({ seq: spaceViewCourseProgress.seq });
  return stored.length > 0;
}

/** The course progress of a link's views, oldest report first. */
export function courseProgressOf(tx: Orm, linkId: string): Promise<(CourseProgressRow & { visitor: string })[]> {
  return tx
    .select({ ...getTableColumns(spaceViewCourseProgress), visitor: spaceViewSessions.visitor })
    .from(spaceViewCourseProgress)
    .innerJoin(spaceViewSessions, eq(spaceViewSessions.id, spaceViewCourseProgress.viewSessionId))
    .where(eq(spaceViewSessions.linkId, linkId))
    .orderBy(asc(spaceViewCourseProgress.updatedAt));
}
