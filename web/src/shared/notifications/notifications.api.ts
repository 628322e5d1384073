import type { ApiClient } from '../api';
import type { NotificationList, NotificationView } from '../api/types';

export const NOTIFICATION_KEYS = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread'] as const,
  list: ['notifications', 'list'] as const,
};

export function fetchUnreadCount(api: ApiClient, signal?: AbortSignal): Promise<{ unread: number }> {
  return api.get<{ unread: number }>('/api/notifications/unread-count', { signal });
}

export function fetchNotifications(api: ApiClient, after: string | undefined, signal?: AbortSignal): Promise<NotificationList> {
  const query = new URLSearchParams({ limit: '10', ...(after ? { after } : {}) });
  return api.get<NotificationList>(`/api/notifications?${query.toString()}`, { signal });
}

export function markNotificationRead(api: ApiClient, id: string): Promise<NotificationView> {
  return api.post<NotificationView>(`/api/notifications/${encodeURIComponent(id)}/read`, {});
}

export function markAllNotificationsRead(api: ApiClient): Promise<{ marked: number; unread: number }> {
  return api.post<{ marked: number; unread: number }>('/api/notifications/read-all', {});
}
