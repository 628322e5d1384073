import { Group, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { STATUSES, type ReportStatus, type StatusSummary } from './reports.api';

export const STATUS_COLORS: Record<ReportStatus, string> = {
  not_started: 'gray',
  in_progress: 'blue',
  completed: 'teal',
  passed: 'green',
  failed: 'red',
};

/**
 * Enrolments per status as one stacked bar with a legend. The bar is decoration for sighted
 * users; the legend (and the bar's label) carry the numbers for everyone.
 */
export function CompletionChart({ summary, title, compact = false }: { summary: StatusSummary; title: string; compact?: boolean }) {
  const { t } = useTranslation();
  const percent = (n: number) => (summary.total === 0 ? 0 : (n / summary.total) * 100);
  const done = summary.completed + summary.passed;
  const description = STATUSES.map((s) => `${t(`reports.status.${s}`)}: ${String(summary[s])}`).join(', ');
  return (
    <Stack gap={6} role="figure" aria-label={`${title}: ${description}`}>
      {!compact && (
        <Group justify="space-between">
          <Text fw={600}>{title}</Text>
          <Text size="sm" c="dimmed">
            {t('reports.chart.done', { done, total: summary.total, percent: Math.round(percent(done)) })}
          </Text>
        </Group>
      )}
      <Progress.Root size={compact ? 'md' : 'xl'} aria-hidden>
        {summary.total === 0 ? (
          <Progress.Section value={100} color="gray.2" />
        ) : (
          STATUSES.filter((s) => summary[s] > 0).map((s) => <Progress.Section key={s} value={percent(summary[s])} color={STATUS_COLORS[s]} />)
        )}
      </Progress.Root>
      <Group gap="md" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {STATUSES.map((s) => (
          <Group key={s} gap={6} component="li" wrap="nowrap">
            <Progress.Root w={12} size={12} aria-hidden>
              <Progress.Section value={100} color={STATUS_COLORS[s]} />
            </Progress.Root>
            <Text size="sm">
              {t(`reports.status.${s}`)}: <strong>{summary[s]}</strong>
            </Text>
          </Group>
        ))}
        {summary.overdue > 0 && (
          <Text component="li" size="sm" c="red.8">
            {t('reports.chart.overdue', { count: summary.overdue })}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
