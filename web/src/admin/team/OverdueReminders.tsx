import { Button, Checkbox, Group, List, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { DataTable } from '../../shared/ui/DataTable';
import { formatDate } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { REPORT_PAGE_SIZE, ReportPaging } from '../reports/ReportTable';
import { fetchOverdueReport, REPORTS_KEY, reportQuery, type ReportRow } from '../reports/reports.api';
import { remindNow, TEAM_KEY, type RemindView } from './team.api';

const nameOf = (row: Pick<ReportRow, 'firstName' | 'lastName' | 'email'>) => `${row.firstName} ${row.lastName}`.trim() || row.email;

/** The team's overdue enrolments, longest overdue first, each with "remind now"; several at once by selection. */
export function OverdueReminders({ groupId, q }: { groupId: string; q: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [result, setResult] = useState<RemindView | null>(null);
  const query = reportQuery({ groupId, q }, { limit: REPORT_PAGE_SIZE, offset: (page - 1) * REPORT_PAGE_SIZE });
  const overdue = useQuery({
    queryKey: [...REPORTS_KEY, 'overdue', query],
    queryFn: ({ signal }) => fetchOverdueReport(api, query, signal),
    placeholderData: keepPreviousData,
  });
  const remind = useMutation({
    mutationFn: (ids: string[]) => remindNow(api, ids),
    onSuccess: async (view) => {
      setResult(view);
      setSelected(new Set());
      await queryClient.invalidateQueries({ queryKey: TEAM_KEY });
    },
  });
  const rows = overdue.data?.rows ?? [];
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.enrolmentId));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const rowName = new Map(rows.map((r) => [r.enrolmentId, `${nameOf(r)}: ${r.courseTitle}`]));

  return (
    <Stack gap="md" component="section" aria-labelledby="team-overdue">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h3" id="team-overdue">
          {t('team.overdueTitle')}
        </Title>
        <Button
          disabled={selected.size === 0}
          loading={remind.isPending && remind.variables.length > 1}
          onClick={() => {
            setResult(null);
            remind.mutate([...selected]);
          }}
        >
          {t('team.remindSelected', { count: selected.size })}
        </Button>
      </Group>
      {result && (
        <div aria-live="polite">
          {result.sent > 0 && <SuccessNote>{t('team.sent', { count: result.sent })}</SuccessNote>}
          {result.skipped.length > 0 && (
            <Stack gap={4} mt="xs">
              <Text size="sm">{t('team.skippedTitle', { count: result.skipped.length })}</Text>
              <List size="sm">
                {result.skipped.map((s) => (
                  <List.Item key={s.enrolmentId}>
                    {rowName.get(s.enrolmentId) ?? ''} – {t(`team.skip.${s.reason}`)}
                  </List.Item>
                ))}
              </List>
            </Stack>
          )}
        </div>
      )}
      {remind.error && <ErrorAlert error={remind.error} />}
      {overdue.error && <LoadError error={overdue.error} onRetry={() => void overdue.refetch()} />}
      {overdue.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {overdue.data &&
        (overdue.data.total === 0 ? (
          <Text c="dimmed">{t('team.noOverdue')}</Text>
        ) : (
          <>
            <Checkbox
              label={t('team.selectAll')}
              checked={allSelected}
              indeterminate={!allSelected && rows.some((r) => selected.has(r.enrolmentId))}
              onChange={(event) => {
                setSelected(event.currentTarget.checked ? new Set(rows.map((r) => r.enrolmentId)) : new Set());
              }}
            />
            <DataTable caption={t('team.overdueTitle')} minWidth={640} actions headers={['', t('team.name'), t('team.course'), t('team.due')]}>
              {rows.map((row) => (
                <Table.Tr key={row.enrolmentId}>
                  <Table.Td>
                    <Checkbox
                      aria-label={t('team.select', { name: nameOf(row), course: row.courseTitle })}
                      checked={selected.has(row.enrolmentId)}
                      onChange={(event) => {
                        toggle(row.enrolmentId, event.currentTarget.checked);
                      }}
                    />
                  </Table.Td>
                  <Table.Td>
                    {nameOf(row)}
                    <Text size="xs" c="dimmed">
                      {row.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>{row.courseTitle}</Table.Td>
                  <Table.Td>{row.dueAt ? formatDate(row.dueAt, i18n.language) : ''}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      loading={remind.isPending && remind.variables.length === 1 && remind.variables[0] === row.enrolmentId}
                      aria-label={t('team.remindLabel', { name: nameOf(row), course: row.courseTitle })}
                      onClick={() => {
                        setResult(null);
                        remind.mutate([row.enrolmentId]);
                      }}
                    >
                      {t('team.remind')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
            <ReportPaging total={overdue.data.total} page={page} onPage={setPage} label={t('reports.pages')} />
          </>
        ))}
    </Stack>
  );
}
