import { Group, Loader, NativeSelect, Stack, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { LoadError } from '../../shared/ui/LoadError';
import { CompletionChart } from './CompletionChart';
import { ReportFilterBar } from './ReportFilterBar';
import { ExportButtons, REPORT_PAGE_SIZE, ReportPaging, ReportTable } from './ReportTable';
import { fetchCourseReport, NO_FILTERS, REPORTS_KEY, reportQuery, type ReportFilters } from './reports.api';

const SORTS = ['name', 'status', 'score', 'timeSpent', 'dueAt', 'lastAccessAt', 'completedAt'] as const;
type Sort = (typeof SORTS)[number];

/** The report of one course (each learner's status, score, time, attempts, dates); shown on the course page. */
export function CourseReportPanel({ courseId, onLearner, headingLevel = 2 }: { courseId: string; onLearner?: (userId: string) => void; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<ReportFilters>(NO_FILTERS);
  const [sort, setSort] = useState<Sort>('name');
  const [page, setPage] = useState(1);
  const { courseId: _unused, ...courseFilters } = filters;
  const sortOrder = sort === 'score' || sort === 'timeSpent' || sort === 'lastAccessAt' || sort === 'completedAt' ? 'desc' : 'asc';
  const query = reportQuery(courseFilters, { sort, order: sortOrder, limit: REPORT_PAGE_SIZE, offset: (page - 1) * REPORT_PAGE_SIZE });
  const report = useQuery({
    queryKey: [...REPORTS_KEY, 'course', courseId, query],
    queryFn: ({ signal }) => fetchCourseReport(api, courseId, query, signal),
    placeholderData: keepPreviousData,
  });
  const change = (next: ReportFilters) => {
    setFilters(next);
    setPage(1);
  };
  const title = report.data ? t('reports.courseTitle', { title: report.data.course.title }) : t('reports.course');

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={headingLevel}>{title}</Title>
        <ExportButtons path={`/api/learn/reports/courses/${encodeURIComponent(courseId)}`} filters={courseFilters} extra={{ sort, order: sortOrder }} />
      </Group>
      {report.data && <CompletionChart summary={report.data.summary} title={t('reports.chart.title')} />}
      <Group gap="md" align="flex-end">
        <ReportFilterBar filters={filters} onChange={change} show={{ status: true, group: true, due: true, overdue: true }} searchLabel={t('reports.searchLearner')} />
        <NativeSelect
          label={t('reports.sort')}
          value={sort}
          onChange={(event) => {
            setSort(SORTS.find((s) => s === event.currentTarget.value) ?? 'name');
            setPage(1);
          }}
          data={SORTS.map((s) => ({ value: s, label: t(`reports.sorts.${s}`) }))}
        />
      </Group>
      {report.error && <LoadError error={report.error} onRetry={() => void report.refetch()} />}
      {report.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {report.data && (
        <>
          <ReportPaging total={report.data.total} page={page} onPage={setPage} label={t('reports.pages')} />
          {report.data.rows.length > 0 && <ReportTable rows={report.data.rows} variant="course" caption={title} {...(onLearner ? { onLearner } : {})} />}
        </>
      )}
    </Stack>
  );
}
