import { Anchor, Group, Loader, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../shared/api';
import { LoadError } from '../../shared/ui/LoadError';
import { CompletionChart } from '../reports/CompletionChart';
import { fetchOverview, OVERVIEW_KEY, type OverviewView } from './dashboard.api';
import { WeeklyCompletionsChart } from './WeeklyCompletionsChart';

function Figure({ label, value, hint, tone }: { label: string; value: number; hint?: string; tone?: 'alert' }) {
  return (
    <Paper withBorder radius="md" p="md" component="li">
      <Text size="sm" c="dimmed" component="span" display="block">
        {label}
      </Text>
      <Text fz={28} fw={700} c={tone === 'alert' && value > 0 ? 'red.8' : undefined} component="span" display="block">
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed" component="span" display="block">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

function CourseRanking({ title, courses }: { title: string; courses: OverviewView['topCourses'] }) {
  const { t } = useTranslation();
  const id = `ranking-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="sm">
        {title}
      </Title>
      <Stack gap="sm" component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
        {courses.map((course) => (
          <li key={course.id}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                {course.title}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                {course.completionPercent} %
              </Text>
            </Group>
            <Progress value={course.completionPercent} color="teal" size="sm" aria-hidden mt={4} />
            <Text size="xs" c="dimmed">
              {t('overview.courseRate', { done: course.done, enrolled: course.enrolled, percent: course.completionPercent })}
            </Text>
          </li>
        ))}
      </Stack>
    </Paper>
  );
}

/** The figures, charts and course rankings of a dashboard: the site (administrators) or the led groups (managers). */
export function OverviewPanel({ link }: { link: { to: string; label: string } }) {
  const { t } = useTranslation();
  const overview = useQuery({ queryKey: OVERVIEW_KEY, queryFn: ({ signal }) => fetchOverview(api, signal) });
  if (overview.error) return <LoadError error={overview.error} onRetry={() => void overview.refetch()} />;
  if (!overview.data) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  const data = overview.data;
  return (
    <Stack gap="lg">
      <section aria-labelledby="overview-figures">
        <Title order={2} size="h4" id="overview-figures" mb="sm">
          {t('overview.figures')}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="md" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          <Figure label={t('overview.learners')} value={data.learners.enrolled} hint={t('overview.learnersHint', { active: data.learners.active })} />
          <Figure label={t('overview.courses')} value={data.publishedCourses} />
          <Figure label={t('overview.enrolments')} value={data.enrolments.total} />
          <Figure label={t('overview.completions30')} value={data.completionsLast30Days} />
          <Figure label={t('overview.overdue')} value={data.enrolments.overdue} tone="alert" />
        </SimpleGrid>
      </section>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <WeeklyCompletionsChart weeks={data.completionsByWeek} />
        <Paper withBorder radius="md" p="md">
          <CompletionChart summary={data.enrolments} title={t('overview.statusTitle')} />
        </Paper>
      </SimpleGrid>
      {data.topCourses.length === 0 ? (
        <Text c="dimmed">{t('overview.noCourses')}</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <CourseRanking title={t('overview.topTitle')} courses={data.topCourses} />
          {data.bottomCourses.length > 0 && <CourseRanking title={t('overview.bottomTitle')} courses={data.bottomCourses} />}
        </SimpleGrid>
      )}
      <Anchor component={Link} to={link.to}>
        {link.label}
      </Anchor>
    </Stack>
  );
}
