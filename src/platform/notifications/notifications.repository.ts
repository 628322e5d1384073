import { and, count, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Orm } from '../db/client.js';
import { inAppNotifications } from './notifications.schema.js';

export type NotificationRow = typeof inAppNotifications.$inferSelect;

/** What an area asks to put into a user's inbox. */
export interface NewNotification {
  userId: string;
  kind: string;
  /**
   * The values the notice's text names. A person other than the reader is named as `person` with
   * their user id as `personId`: erasing that person (privacy erasure) finds the notices by the id
   * and replaces the name in every reader's inbox.
   */
  params: Record<string, string>;
  link: string | null;
}

/** Rows per insert statement (a group enrolment of thousands is a few statements, not thousands). */
const INSERT_BATCH = 1000;

export async function insertNotifications(tx: Orm, notices: readonly NewNotification[]): Promise<void> {
  for (let i = 0; i < notices.length; i += INSERT_BATCH) {
    await tx.insert(inAppNotifications).values(notices.slice(i, i + INSERT_BATCH));
  }
}

/**
 * A page of a user's inbox, newest first: `limit` rows after the row `afterId` (the last of the
 * previous page). Keyed by the row itself, so notices arriving meanwhile neither repeat nor hide one.
 */
export async function listInbox(tx: Orm, userId: string, options: { limit: number; afterId?: string; unreadOnly?: boolean }): Promise<NotificationRow[]> {
  const n = inAppNotifications;
  const { afterId } = options;
  const after = afterId
    ? sql`(${n.createdAt}, ${n.id}) < (select a.created_at, a.id from in_app_notifications a where a.id = ${afterId} and a.user_id = ${userId})`
    : undefined;
  return tx
    .select()
    .from(n)
    .where(and(eq(n.userId, userId), options.unreadOnly ? isNull(n.readAt) : undefined, after))
    .orderBy(desc(n.createdAt), desc(n.id))
    .limit(options.limit);
}

/** Whether `id` is a notice of this user (a page cursor must be one). */
export async function isInboxRow(tx: Orm, userId: string, id: string): Promise<boolean> {
  const rows = await tx.select({ id: inAppNotifications.id }).from(inAppNotifications).where(and(eq(inAppNotifications.id, id), eq(inAppNotifications.userId, userId)));
  return rows.length > 0;
}

export async function countUnread(tx: Orm, userId: string): Promise<number> {
  const [row] = await tx
    .select({ unread: count() })
    .from(inAppNotifications)
    .where(and(eq(inAppNotifications.userId, userId), isNull(inAppNotifications.readAt)));
  return row?.unread ?? 0;
}

/** Marks one of the user's notices read (a second time keeps the first time); undefined when it is not theirs. */
export async function markRead(tx: Orm, userId: string, id: string, now: Date): Promise<NotificationRow | undefined> {
  const [row] = await tx
    .update(inAppNotifications)
    .set({ readAt: sql`coalesce(${inAppNotifications.readAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(inAppNotifications.id, id), eq(inAppNotifications.userId, userId)))
    .returning();
  return row;
}

/** Marks every unread notice of the user read; the number marked. */
export async function markAllRead(tx: Orm, userId: string, now: Date): Promise<number> {
  const rows = await tx
    .update(inAppNotifications)
    .set({ readAt: now })
    .where(and(eq(inAppNotifications.userId, userId), isNull(inAppNotifications.readAt)))
    .returning({ id: inAppNotifications.id });
  return rows.length;
}

/** Deletes the tenant's notices created before `cutoff`; how many. */
export async function deleteNotificationsBefore(tx: Orm, cutoff: Date): Promise<number> {
  const rows = await tx.delete(inAppNotifications).where(lt(inAppNotifications.createdAt, cutoff)).returning({ id: inAppNotifications.id });
  return rows.length;
}
