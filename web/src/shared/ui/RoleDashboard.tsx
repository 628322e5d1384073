import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/AuthContext';
import { usePageTitle } from './usePageTitle';

interface RoleDashboardProps {
  /** What this dashboard is about, e.g. "Administration". */
  subtitle: string;
  /** Shown while there is nothing to put on the dashboard. */
  emptyText?: string;
  /** What the dashboard shows (instead of the empty text). */
  children?: ReactNode;
}

/** The common frame of the role dashboards: greeting, subtitle, content or empty state. */
export function RoleDashboard({ subtitle, emptyText, children }: RoleDashboardProps) {
  const { t } = useTranslation();
  const { user } = useSession();
  usePageTitle(t('nav.dashboard'));
  return (
    <Stack gap="lg" maw={children ? 1200 : 960}>
      <div>
        <Title order={1}>{t('dashboard.greeting', { firstName: user.firstName || user.email })}</Title>
        <Text c="dimmed" mt={4}>
          {subtitle}
        </Text>
      </div>
      {children ?? (
        <Paper withBorder p="xl" radius="md">
          <Text>{emptyText}</Text>
        </Paper>
      )}
    </Stack>
  );
}
