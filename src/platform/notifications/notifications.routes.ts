import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { allow } from '../access/policy-guard.js';
import { requestContextOf, runUseCase } from '../access/request-context.js';
import { markAllReadView, notificationListQuery, notificationListView, notificationView, unreadCountView } from './notifications.contract.js';
import { notificationsPolicy } from './notifications.policy.js';
import { markAllMyNotificationsRead, markMyNotificationRead, myNotifications, myUnreadCount } from './notifications.service.js';

/** The signed-in user's own inbox (the bell): read, count, mark read. */
export function notificationsRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    const own = allow(db, notificationsPolicy, 'own');
    // The bell asks every minute: that is no activity, or it would keep an idle session alive.
    const poll = allow(db, notificationsPolicy, 'own', { touch: 'never' });
    const tags = ['notifications'];

    app.get(
      '/api/notifications',
      { onRequest: own, schema: { tags, summary: 'My notifications, newest first, a page at a time', querystring: notificationListQuery, response: { 200: notificationListView } } },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => myNotifications(useCase, request.query)),
    );

    app.get(
      '/api/notifications/unread-count',
      { onRequest: poll, schema: { tags, summary: 'How many of my notifications are unread (asking is not activity)', response: { 200: unreadCountView } } },
      async (request) => runUseCase(db, requestContextOf(request), myUnreadCount),
    );

    app.post(
      '/api/notifications/:id/read',
      {
        onRequest: own,
        schema: { tags, summary: 'Mark one of my notifications read', params: z.object({ id: z.uuid() }), body: z.object({}).optional(), response: { 200: notificationView } },
      },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => markMyNotificationRead(useCase, request.params.id)),
    );

    app.post(
      '/api/notifications/read-all',
      { onRequest: own, schema: { tags, summary: 'Mark all my notifications read', body: z.object({}).optional(), response: { 200: markAllReadView } } },
      async (request) => runUseCase(db, requestContextOf(request), markAllMyNotificationsRead),
    );
  };
}
