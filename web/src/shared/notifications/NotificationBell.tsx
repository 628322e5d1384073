import { ActionIcon, Button, Group, Loader, Popover, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../api';
import type { NotificationView } from '../api/types';
import { ErrorAlert } from '../forms/ErrorAlert';
import { LoadError } from '../ui/LoadError';
import { formatDateTime } from '../ui/format';
import { fetchNotifications, fetchUnreadCount, markAllNotificationsRead, markNotificationRead, NOTIFICATION_KEYS } from './notifications.api';
import { noticeLink, noticeText } from './noticeText';
import classes from './notifications.module.css';

/** How often the count is asked for while the app is open (the question is no activity: it keeps no idle session alive). */
const POLL_MS = 60_000;

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.4A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.6L18 12.6V9a6 6 0 0 0-6-6Zm-2.4 15a2.5 2.5 0 0 0 4.8 0"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** The bell in the header: the unread count, and the latest notices to open or mark read. */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const titleId = useId();
  const titleRef = useRef<HTMLHeadingElement>(null);

  const unread = useQuery({ queryKey: NOTIFICATION_KEYS.unread, queryFn: ({ signal }) => fetchUnreadCount(api, signal), refetchInterval: POLL_MS });
  const list = useInfiniteQuery({
    queryKey: NOTIFICATION_KEYS.list,
    queryFn: ({ pageParam, signal }) => fetchNotifications(api, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next ?? undefined,
    enabled: opened,
  });
  const count = unread.data?.unread ?? 0;

  const refresh = () => queryClient.invalidateQueries({ queryKey: NOTIFICATION_KEYS.all });
  const markRead = useMutation({ mutationFn: (id: string) => markNotificationRead(api, id), onSettled: refresh });
  const markAll = useMutation({
    mutationFn: () => markAllNotificationsRead(api),
    // The button is disabled once nothing is unread: focus stays in the list (Escape still closes it).
    onSuccess: () => titleRef.current?.focus(),
    onSettled: refresh,
  });

  const open = (notice: NotificationView) => {
    if (!notice.readAt) markRead.mutate(notice.id);
    const link = noticeLink(notice);
    setOpened(false);
    if (link) void navigate(link);
  };

  const notices = list.data?.pages.flatMap((page) => page.notifications) ?? [];
  const label = count > 0 ? t('notifications.bellUnread', { count }) : t('notifications.bell');

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      width="min(22rem, calc(100vw - 1rem))"
      shadow="md"
      trapFocus
      returnFocus
      withinPortal
    >
      <Popover.Target>
        <ActionIcon variant="subtle" color="gray" size="lg" className={classes.bell} aria-label={label} aria-expanded={opened} onClick={() => setOpened((o) => !o)}>
          <BellIcon />
          {/* The number is drawn in the button; its name says it in words (and contains it, WCAG 2.5.3). */}
          {count > 0 && <span className={classes.badge}>{count > 99 ? '99+' : count}</span>}
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown aria-labelledby={titleId} p={0}>
        <Group justify="space-between" wrap="nowrap" px="sm" py="xs" className={classes.head}>
          <Text id={titleId} ref={titleRef} tabIndex={-1} fw={600} size="sm" component="h2" m={0} className={classes.title}>
            {t('notifications.title')}
          </Text>
          <Button variant="subtle" size="compact-sm" disabled={count === 0} loading={markAll.isPending} onClick={() => markAll.mutate()}>
            {t('notifications.markAllRead')}
          </Button>
        </Group>
        <div className={classes.body}>
          {markAll.error && <ErrorAlert error={markAll.error} />}
          {markRead.error && <ErrorAlert error={markRead.error} />}
          {list.error && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
          {list.isPending && opened && <Loader size="sm" m="sm" role="status" aria-label={t('app.loading')} />}
          {list.data && notices.length === 0 && (
            <Text size="sm" c="dimmed" p="sm">
              {t('notifications.none')}
            </Text>
          )}
          {notices.length > 0 && (
            <ul className={classes.list}>
              {notices.map((notice) => (
                <li key={notice.id}>
                  <UnstyledButton className={classes.item} data-unread={notice.readAt ? undefined : true} onClick={() => open(notice)}>
                    <Stack gap={2}>
                      <Text size="sm" fw={notice.readAt ? 400 : 600}>
                        {!notice.readAt && <VisuallyHidden>{t('notifications.unread')}: </VisuallyHidden>}
                        {noticeText(notice, t, i18n.language)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {formatDateTime(notice.createdAt, i18n.language)}
                      </Text>
                    </Stack>
                  </UnstyledButton>
                </li>
              ))}
            </ul>
          )}
          {list.hasNextPage && (
            <Button variant="subtle" size="compact-sm" m="xs" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t('notifications.more')}
            </Button>
          )}
        </div>
      </Popover.Dropdown>
    </Popover>
  );
}
