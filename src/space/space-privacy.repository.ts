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

/** Who is erased, as Space's erasure needs them: the address a share or review may name them by, and what they are called from now on. */
export interface ErasedSpacePerson {
  email: string;
  displayName: string;
  /** Random, once per erasure: the visitor digests of their visits are replaced by digests of this and the old one. */
  visitorSalt: string;
}

/**
 * Erasure in Space: the person's membership and access entries go, and their views of shared
 * items no longer name them. Their files, versions and review comments stay with the team's
 * content (work results of the team, shown under the anonymised name).
 *
 * Shares and reviews may name them by address instead (a user of the site can be a link's named
 * recipient or a guest reviewer): their recipient entries go, so the link no longer opens for
 * them. Their visits and views stay counted, without the address: a visit keeps none, a view an
 * address that reaches nobody and is no recipient's (so the view reports nothing more, as that of
 * a removed recipient). The visitor digests made from their address, or from their account and
 * browser, become new ones tied to nothing, the same for all their visits, so unique visitors
 * still count right. As a guest reviewer they are named as the deleted person at such an
 * address, their link closes, and what they wrote stays. Answers the counts, and the views they
 * made as a named recipient (whose course credentials end).
 */
export async function eraseSpaceRowsOfUser(tx: Orm, userId: string, person: ErasedSpacePerson): Promise<{ counts: Record<string, number>; recipientViews: { linkId: string; viewId: string }[] }> {
  const count = async (query: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(tx, sql`with changed as (${query} returning 1) select count(*)::int as n from changed`))[0]?.n ?? 0;
  const theirAddress = (column: ReturnType<typeof sql>) => sql`lower(${column}) = lower(${person.email})`;
  /** A visit or view of theirs: as the signed-in user, or as the recipient who proved their address. */
  const theirs = sql`user_id = ${userId} or ${theirAddress(sql`recipient_email`)}`;
  // A digest made from their address, or from their account when no recipient's address was proven
  // (one made from somebody else's address stays theirs).
  const visitor = sql`case when ${theirAddress(sql`recipient_email`)} or recipient_email is null then encode(sha256(convert_to(${person.visitorSalt} || visitor, 'UTF8')), 'hex') else visitor end`;
  const userIdKept = sql`case when user_id = ${userId} then null else user_id end`;
  const recipientViews = await queryRows<{ linkId: string; viewId: string }>(
    tx,
    sql`select link_id as "linkId", id as "viewId" from space_view_sessions where ${theirAddress(sql`recipient_email`)}`,
  );
  const counts = {
    membership: await count(sql`delete from space_members where user_id = ${userId}`),
    accessEntries: await count(sql`delete from space_item_access where user_id = ${userId}`),
    shareRecipients: await count(sql`delete from space_share_recipients where ${theirAddress(sql`email`)}`),
    shareVisits: await count(
      sql`update space_share_visits
             set visitor = ${visitor}, user_id = ${userIdKept}, recipient_email = case when ${theirAddress(sql`recipient_email`)} then null else recipient_email end
           where ${theirs}`,
    ),
    viewSessions: await count(
      sql`update space_view_sessions
             set visitor = ${visitor}, user_id = ${userIdKept}, recipient_email = case when ${theirAddress(sql`recipient_email`)} then 'erased-' || id || '@invalid' else recipient_email end
           where ${theirs}`,
    ),
    guestReviewers: await count(
      sql`update space_guest_reviewers set email = 'erased-' || id || '@invalid', name = ${person.displayName}, removed_at = coalesce(removed_at, now()) where ${theirAddress(sql`email`)}`,
    ),
  };
  return { counts, recipientViews };
}
