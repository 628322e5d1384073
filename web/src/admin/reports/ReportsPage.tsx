import { Button, Card, Loader, NativeSelect, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { LoadError } from '../../shared/ui/LoadError';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { CompletionChart } from './CompletionChart';
import { CourseReportPanel } from './CourseReportPanel';
import { LearnerReportPanel } from './LearnerReportPanel';
import { OverdueReportPanel } from './OverdueReportPanel';
import { fetchCourseOverview, REPORTS_KEY } from './reports.api';

const VIEWS = ['courses', 'learners', 'overdue'] as const;
type View = (typeof VIEWS)[number];

/** Reports: per course, per learner, overdue; exports and the completion chart. The view lives in the address (?view=…). */
export function ReportsPage() {
  const { t } = useTranslation();
  usePageTitle(t('reports.title'));
  const [params, setParams] = useSearchParams();
  const view: View = VIEWS.find((v) => v === params.get('view')) ?? 'courses';
  const courseId = params.get('course');
  const userId = params.get('learner');
  const go = (next: Record<string, string>) => {
    setParams(next, { replace: false });
  };
  const showLearner = (id: string) => {
    go({ view: 'learners', learner: id });
  };

  return (
    <Stack gap="lg" maw={1200}>
      <Title order={1}>{t('reports.title')}</Title>
      <Tabs
        value={view}
        onChange={(value) => {
          const next = VIEWS.find((v) => v === value);
          if (next) go({ view: next });
        }}
      >
        <Tabs.List aria-label={t('reports.views')}>
          <Tabs.Tab value="courses">{t('reports.byCourse')}</Tabs.Tab>
          <Tabs.Tab value="learners">{t('reports.byLearner')}</Tabs.Tab>
          <Tabs.Tab value="overdue">{t('reports.overdue')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="courses" pt="md">
          {view === 'courses' && (
            <CoursesView
              courseId={courseId}
              onCourse={(id) => {
                go(id ? { view: 'courses', course: id } : { view: 'courses' });
              }}
              onLearner={showLearner}
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="learners" pt="md">
          {view === 'learners' && <LearnerReportPanel key={userId ?? ''} userId={userId} onPick={showLearner} />}
        </Tabs.Panel>
        <Tabs.Panel value="overdue" pt="md">
          {view === 'overdue' && <OverdueReportPanel onLearner={showLearner} />}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** The course picker over an overview of every course's completion; then the chosen course's report. */
function CoursesView({ courseId, onCourse, onLearner }: { courseId: string | null; onCourse: (id: string) => void; onLearner: (id: string) => void }) {
  const { t } = useTranslation();
  const overview = useQuery({ queryKey: [...REPORTS_KEY, 'courses'], queryFn: ({ signal }) => fetchCourseOverview(api, signal) });
  const courses = overview.data?.courses ?? [];
  return (
    <Stack gap="lg">
      <NativeSelect
        label={t('reports.pickCourse')}
        value={courseId ?? ''}
        onChange={(event) => {
          onCourse(event.currentTarget.value);
        }}
        data={[{ value: '', label: t('reports.allCoursesOverview') }, ...courses.map((c) => ({ value: c.id, label: c.title }))]}
        maw={420}
      />
      {overview.error && <LoadError error={overview.error} onRetry={() => void overview.refetch()} />}
      {overview.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {courseId ? (
        <CourseReportPanel key={courseId} courseId={courseId} onLearner={onLearner} />
      ) : (
        overview.data && (
          <section aria-labelledby="report-overview">
            <Title order={2} id="report-overview" mb="sm">
              {t('reports.overviewTitle')}
            </Title>
            {courses.length === 0 && <Text c="dimmed">{t('reports.noCourses')}</Text>}
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {courses.map((course) => (
                <Card key={course.id} withBorder padding="md">
                  <Stack gap="xs">
                    <CompletionChart summary={course.summary} title={course.title} />
                    <Button variant="light" size="xs" onClick={() => onCourse(course.id)} aria-label={t('reports.openCourse', { title: course.title })}>
                      {t('reports.open')}
                    </Button>
                  </Stack>
                </Card>
              ))}
            </SimpleGrid>
          </section>
        )
      )}
    </Stack>
  );
}
