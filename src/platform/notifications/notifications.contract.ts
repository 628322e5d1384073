import { z } from 'zod';

// Contracts are shared with the web app: zod only, nothing of Node.

/** A notice's link: a path inside the app, one leading slash, never `//host`, `/\host` or a scheme (the server writes only these; the web app follows only these). */
export const IN_APP_PATH = /^\/(?![/\\])\S*$/;

/** Most notices one page of the inbox holds. */
export const NOTIFICATION_PAGE_MAX = 50;

/**
 * One notice of the inbox. `kind` says what happened (`learn.enrolled`, …); the web app writes the
 * text from it and `params` in the reader's language; `link` is a path inside the app.
 */
export const notificationView = z.object({
  id: z.uuid(),
  kind: z.string(),
  params: z.record(z.string(), z.string()),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof notificationView>;

export const notificationListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(NOTIFICATION_PAGE_MAX).default(20),
  /** The last notice of the previous page. */
  after: z.uuid().optional(),
  unread: z.enum(['true', 'false']).optional(),
});

export const notificationListView = z.object({
  notifications: z.array(notificationView),
  unread: z.number().int(),
  /** The `after` of the next page; null on the last. */
  next: z.uuid().nullable(),
});

export const unreadCountView = z.object({ unread: z.number().int() });
export const markAllReadView = z.object({ marked: z.number().int(), unread: z.number().int() });
