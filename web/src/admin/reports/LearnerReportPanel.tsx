import { Autocomplete, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { LoadError } from '../../shared/ui/LoadError';
import { CompletionChart } from './CompletionChart';
import { ReportFilterBar } from './ReportFilterBar';
import { ExportButtons, REPORT_PAGE_SIZE, ReportPaging, ReportTable } from './ReportTable';
import { fetchLearnerReport, NO_FILTERS, REPORTS_KEY, reportQuery, searchUsers, type ReportFilters } from './reports.api';

/** Finds a learner by name or e-mail. */
function LearnerPicker({ onPick }: { onPick: (userId: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 250);
  const users = useQuery({
    queryKey: [...REPORTS_KEY, 'user-search', q],
    queryFn: ({ signal }) => searchUsers(api, q, signal),
    enabled: q.length >= 2,
  });
  const options = (users.data?.users ?? []).map((u) => ({ value: u.id, label: `${u.lastName}, ${u.firstName} <${u.email}>` }));
  return (
    <Autocomplete
      label={t('reports.pickLearner')}
      description={t('reports.pickLearnerHint')}
      value={text}
      onChange={setText}
      data={options}
      filter={({ options: all }) => all}
      onOptionSubmit={(value) => {
        const picked = options.find((o) => o.value === value);
        setText(picked?.label ?? '');
        onPick(value);
      }}
      maw={420}
    />
  );
}

/** A learner's courses: status, score, time, attempts and dates, with a chart and exports. */
export function LearnerReportPanel({ userId, onPick }: { userId: string | null; onPick: (userId: string) => void }) {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<ReportFilters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const { courseId: _c, groupId: _g, ...learnerFilters } = filters;
  const query = reportQuery(learnerFilters, { limit: REPORT_PAGE_SIZE, offset: (page - 1) * REPORT_PAGE_SIZE });
  const report = useQuery({
    queryKey: [...REPORTS_KEY, 'learner', userId, query],
    queryFn: ({ signal }) => fetchLearnerReport(api, userId ?? '', query, signal),
    enabled: userId !== null,
    placeholderData: keepPreviousData,
  });
  const learner = report.data?.learner;
  const title = learner ? t('reports.learnerTitle', { name: `${learner.firstName} ${learner.lastName}` }) : t('reports.learner');

  return (
    <Stack gap="md">
      <LearnerPicker
        onPick={(id) => {
          setFilters(NO_FILTERS);
          setPage(1);
          onPick(id);
        }}
      />
      {userId === null && <Text c="dimmed">{t('reports.noLearnerPicked')}</Text>}
      {userId !== null && (
        <>
          <Group justify="space-between" align="flex-end">
            <div>
              <Title order={2}>{title}</Title>
              {learner && (
                <Text size="sm" c="dimmed">
                  {learner.email}
                  {learner.status === 'deactivated' && ` · ${t('reports.deactivated')}`}
                </Text>
              )}
            </div>
            <ExportButtons path={`/api/learn/reports/learners/${encodeURIComponent(userId)}`} filters={learnerFilters} />
          </Group>
          {report.data && <CompletionChart summary={report.data.summary} title={t('reports.chart.title')} />}
          <ReportFilterBar
            filters={filters}
            onChange={(next) => {
              setFilters(next);
              setPage(1);
            }}
            show={{ status: true, due: true, overdue: true }}
            searchLabel={t('reports.searchCourse')}
          />
          {report.error && <LoadError error={report.error} onRetry={() => void report.refetch()} />}
          {report.isFetching && !report.data && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
          {report.data && (
            <>
              <ReportPaging total={report.data.total} page={page} onPage={setPage} label={t('reports.pages')} />
              {report.data.rows.length > 0 && <ReportTable rows={report.data.rows} variant="learner" caption={title} />}
            </>
          )}
        </>
      )}
    </Stack>
  );
}
