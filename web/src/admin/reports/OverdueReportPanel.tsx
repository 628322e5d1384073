import { Group, Loader, NativeSelect, Stack, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { LoadError } from '../../shared/ui/LoadError';
import { ReportFilterBar } from './ReportFilterBar';
import { ExportButtons, REPORT_PAGE_SIZE, ReportPaging, ReportTable } from './ReportTable';
import { fetchCourseOverview, fetchOverdueReport, NO_FILTERS, REPORTS_KEY, reportQuery, type ReportFilters } from './reports.api';

/** Enrolments past their due date and not done, across courses, longest overdue first. */
export function OverdueReportPanel({ onLearner }: { onLearner: (userId: string) => void }) {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<ReportFilters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const courses = useQuery({ queryKey: [...REPORTS_KEY, 'courses'], queryFn: ({ signal }) => fetchCourseOverview(api, signal) });
  const overdueFilters = { courseId: filters.courseId, groupId: filters.groupId, q: filters.q };
  const query = reportQuery(overdueFilters, { limit: REPORT_PAGE_SIZE, offset: (page - 1) * REPORT_PAGE_SIZE });
  const report = useQuery({
    queryKey: [...REPORTS_KEY, 'overdue', query],
    queryFn: ({ signal }) => fetchOverdueReport(api, query, signal),
    placeholderData: keepPreviousData,
  });
  const change = (next: ReportFilters) => {
    setFilters(next);
    setPage(1);
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('reports.overdueTitle')}</Title>
        <ExportButtons path="/api/learn/reports/overdue" filters={overdueFilters} />
      </Group>
      <Group gap="md" align="flex-end">
        <ReportFilterBar filters={filters} onChange={change} show={{ group: true }} searchLabel={t('reports.searchAny')} />
        <NativeSelect
          label={t('reports.course')}
          value={filters.courseId}
          onChange={(event) => {
            change({ ...filters, courseId: event.currentTarget.value });
          }}
          data={[{ value: '', label: t('reports.allCourses') }, ...(courses.data?.courses ?? []).map((c) => ({ value: c.id, label: c.title }))]}
        />
      </Group>
      {report.error && <LoadError error={report.error} onRetry={() => void report.refetch()} />}
      {report.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {report.data && (
        <>
          <ReportPaging total={report.data.total} page={page} onPage={setPage} label={t('reports.pages')} />
          {report.data.rows.length > 0 && <ReportTable rows={report.data.rows} variant="overdue" caption={t('reports.overdueTitle')} onLearner={onLearner} />}
        </>
      )}
    </Stack>
  );
}
