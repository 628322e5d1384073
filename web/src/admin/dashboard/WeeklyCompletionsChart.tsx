import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import classes from '../../shared/ui/ui.module.css';
import type { OverviewView } from './dashboard.api';

const CHART_HEIGHT = 120;

/**
 * Completions per week as bars. The bars are for the eye; a table (read by screen readers, hidden
 * from view) carries the same figures.
 */
export function WeeklyCompletionsChart({ weeks }: { weeks: OverviewView['completionsByWeek'] }) {
  const { t, i18n } = useTranslation();
  const highest = Math.max(1, ...weeks.map((w) => w.completions));
  const long = (day: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
  const short = (day: string) => new Intl.DateTimeFormat(i18n.language, { day: 'numeric', month: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="weekly-completions">
      <Stack gap="sm">
        <Title order={2} size="h4" id="weekly-completions">
          {t('overview.weeklyTitle')}
        </Title>
        <div aria-hidden style={{ display: 'flex', alignItems: 'flex-end', gap: 4, height: CHART_HEIGHT + 40, overflow: 'hidden' }}>
          {weeks.map((week) => (
            <div key={week.weekStart} title={t('overview.weekLabel', { date: short(week.weekStart), count: week.completions })} style={{ flex: 1, minWidth: 0, textAlign: 'center' }}>
              <Text size="xs">{week.completions}</Text>
              <div
                style={{
                  height: Math.max(2, Math.round((week.completions / highest) * CHART_HEIGHT)),
                  background: week.completions > 0 ? 'var(--mantine-color-teal-7)' : 'var(--mantine-color-gray-3)',
                  borderRadius: 3,
                }}
              />
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap', overflow: 'hidden' }}>
                {short(week.weekStart)}
              </Text>
            </div>
          ))}
        </div>
        <Table className={classes.visuallyHidden}>
          <Table.Caption>{t('overview.weeklyCaption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('overview.week')}</Table.Th>
              <Table.Th scope="col">{t('overview.completions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {weeks.map((week) => (
              <Table.Tr key={week.weekStart}>
                <Table.Td>{long(week.weekStart)}</Table.Td>
                <Table.Td>{week.completions}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}
