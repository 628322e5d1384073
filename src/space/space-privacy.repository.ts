import { sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../platform/db/index.js';

type Rows = Record<string, unknown>[];

/** A picture the person attached to a review comment (or uploaded for one). */
export interface CommentAttachmentRow extends Record<string, unknown> {
  id: string;
  item: string;
  file_name: string;
  media_type: string;
  size: number;
  blob_hash: string;
  created_at: Date | string;
}

/** What Space keeps about a person, for their data export. */
export async function spaceRowsOfUser(
  tx: Orm,
  userId: string,
): Promise<{ membership: Rows; items: Rows; versions: Rows; comments: Rows; commentAttachments: CommentAttachmentRow[]; reviewRequests: Rows; viewing: Rows }> {
  return {
    membership: await queryRows(tx, sql`select role, added_at from space_members where user_id = ${userId}`),
    items: await queryRows(tx, sql`select name, kind, media_type, size, created_at, updated_at, trashed_at from space_items where owner_id = ${userId} order by created_at`),
    versions: await queryRows(
      tx,
      sql`select i.name as item, v.number, v.file_name, v.created_at from space_versions v join space_items i on i.id = v.item_id where v.uploaded_by = ${userId} order by v.created_at`,
    ),
    comments: await queryRows(
      tx,
      sql`select i.name as item, c.version, c.body, c.status, c.created_at from space_comments c join space_items i on i.id = c.item_id where c.author_id = ${userId} order by c.created_at`,
    ),
    commentAttachments: await queryRows<CommentAttachmentRow>(
      tx,
      sql`select a.id, i.name as item, a.file_name, a.media_type, a.size, a.blob_hash, a.created_at
            from space_comment_attachments a join space_items i on i.id = a.item_id where a.uploaded_by = ${userId} order by a.created_at, a.id`,
    ),
    reviewRequests: await queryRows(
      tx,
      sql`select i.name as item, r.version, r.message, r.due_at, r.created_at from space_review_requests r join space_items i on i.id = r.item_id where r.requested_by = ${userId} order by r.created_at`,
    ),
    viewing: await queryRows(
      tx,
      sql`select i.name as item, s.started_at, s.last_seen_at, s.seconds from space_view_sessions s join space_items i on i.id = s.item_id where s.user_id = ${userId} order by s.started_at`,
    ),
  };
}

/**
 * Erasure in Space: the person's membership and access entries go, and their views of shared
 * items no longer name them. Their files, versions and review comments stay with the team's
 * content (work results of the team, shown under the anonymised name).
 */
export async function eraseSpaceRowsOfUser(tx: Orm, userId: string): Promise<Record<string, number>> {
  const count = async (query: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(tx, sql`with changed as (${query} returning 1) select count(*)::int as n from changed`))[0]?.n ?? 0;
  return {
    membership: await count(sql`delete from space_members where user_id = ${userId}`),
    accessEntries: await count(sql`delete from space_item_access where user_id = ${userId}`),
    shareVisits: await count(sql`update space_share_visits set user_id = null where user_id = ${userId}`),
    viewSessions: await count(sql`update space_view_sessions set user_id = null where user_id = ${userId}`),
  };
}
