import type { Orm } from '../db/client.js';
import type { UseCase } from '../access/request-context.js';
import { AppError } from '../http/errors.js';
import { IN_APP_PATH, type NotificationView } from './notifications.contract.js';
import { countUnread, insertNotifications, isInboxRow, listInbox, markAllRead, markRead, type NewNotification, type NotificationRow } from './notifications.repository.js';
import { notificationsPolicy } from './notifications.policy.js';

export type { NewNotification } from './notifications.repository.js';


/**
 * Puts notices into users' inboxes, in the caller's transaction (the change and its notice commit
 * together). Called by the areas, for their own users; a link that leaves the app is a bug, and so
 * is a person named without their id (NewNotification.params).
 */
export async function addNotifications(tx: Orm, notices: readonly NewNotification[]): Promise<void> {
  for (const notice of notices) {
    if (notice.link !== null && !IN_APP_PATH.test(notice.link)) throw new Error(`a notification links inside the app, not to ${JSON.stringify(notice.link)}`);
    // Without the id, an erasure of the person could not find the notice that names them.
    if (notice.params.person !== undefined && !notice.params.personId) throw new Error(`a notification that names a person carries their personId (${notice.kind})`);
  }
  await insertNotifications(tx, notices);
}

const view = (row: NotificationRow): NotificationView => ({
  id: row.id,
  kind: row.kind,
  params: row.params,
  link: row.link,
  createdAt: row.createdAt.toISOString(),
  readAt: row.readAt?.toISOString() ?? null,
});

function ownInbox(useCase: UseCase): string {
  notificationsPolicy.assert(useCase.actor, 'own');
  return useCase.user.id;
}

const notFound = (id: string) => new AppError('NOTIFICATION_NOT_FOUND', [{ field: 'id', value: id }]);

export async function myNotifications(useCase: UseCase, query: { limit: number; after?: string; unread?: 'true' | 'false' }) {
  const userId = ownInbox(useCase);
  // Another user's notice is no cursor: it would tell that it exists.
  if (query.after && !(await isInboxRow(useCase.tx, userId, query.after))) throw new AppError('NOTIFICATION_NOT_FOUND', [{ field: 'after', value: query.after }]);
  const rows = await listInbox(useCase.tx, userId, { limit: query.limit + 1, afterId: query.after, unreadOnly: query.unread === 'true' });
  const page = rows.slice(0, query.limit);
  return {
    notifications: page.map(view),
    unread: await countUnread(useCase.tx, userId),
    next: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function myUnreadCount(useCase: UseCase): Promise<{ unread: number }> {
  return { unread: await countUnread(useCase.tx, ownInbox(useCase)) };
}

/** Marks one of one's notices read; another user's (or another site's) is not found. */
export async function markMyNotificationRead(useCase: UseCase, id: string, now = new Date()): Promise<NotificationView> {
  const row = await markRead(useCase.tx, ownInbox(useCase), id, now);
  if (!row) throw notFound(id);
  return view(row);
}

export async function markAllMyNotificationsRead(useCase: UseCase, now = new Date()): Promise<{ marked: number; unread: number }> {
  const userId = ownInbox(useCase);
  const marked = await markAllRead(useCase.tx, userId, now);
  return { marked, unread: await countUnread(useCase.tx, userId) };
}
