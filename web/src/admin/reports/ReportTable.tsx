import { Badge, Button, Group, Pagination, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../shared/i18n';
import { formatDate, formatDateTime } from '../../shared/ui/format';
import { ReportStatusBadge } from './ReportStatusBadge';
import { exportUrl, type ReportFilters, type ReportRow } from './reports.api';
import { DataTable } from '../../shared/ui/DataTable';
import { AttemptHistoryModal } from './AttemptHistoryModal';
import { formatDuration, formatScore } from './reportFormat';

export const REPORT_PAGE_SIZE = 50;

type Variant = 'course' | 'learner' | 'overdue';

/** The rows of a report: per course (learners), per learner (courses) or overdue (both). */
export function ReportTable({ rows, variant, caption, onLearner }: { rows: ReportRow[]; variant: Variant; caption: string; onLearner?: (userId: string) => void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const date = (iso: string | null) => (iso ? formatDate(iso, language) : '–');
  const [history, setHistory] = useState<ReportRow | null>(null);
  const nameOf = (row: ReportRow) => `${row.firstName} ${row.lastName}`.trim() || row.email;
  const learnerCell = (row: ReportRow) => {
    const name = `${row.lastName}, ${row.firstName}`;
    return (
      <Table.Td>
        {onLearner ? (
          <Button variant="subtle" size="compact-sm" px={0} onClick={() => onLearner(row.userId)}>
            {name}
          </Button>
        ) : (
          name
        )}
        <Text size="xs" c="dimmed">
          {row.email}
          {row.userStatus === 'deactivated' && ` · ${t('reports.deactivated')}`}
        </Text>
      </Table.Td>
    );
  };
  return (
    <>
      <DataTable
        caption={caption}
        minWidth={900}
        highlightOnHover
        headers={[
          variant !== 'learner' && t('reports.col.learner'),
          variant !== 'course' && t('reports.col.course'),
          t('reports.col.status'),
          t('reports.col.score'),
          variant !== 'overdue' && t('reports.col.time'),
          variant !== 'overdue' && t('reports.col.attempts'),
          variant !== 'overdue' && t('reports.col.enrolled'),
          t('reports.col.due'),
          t('reports.col.lastAccess'),
          variant !== 'overdue' && t('reports.col.completed'),
        ]}
      >
        {rows.map((row) => (
          <Table.Tr key={row.enrolmentId}>
            {variant !== 'learner' && learnerCell(row)}
            {variant !== 'course' && <Table.Td>{row.courseTitle}</Table.Td>}
            <Table.Td>
              <ReportStatusBadge status={row.status} />
            </Table.Td>
            <Table.Td>{formatScore(row.scorePercent)}</Table.Td>
            {variant !== 'overdue' && <Table.Td>{formatDuration(row.timeSpentSeconds)}</Table.Td>}
            {variant !== 'overdue' && (
              <Table.Td>
                <Button
                  variant="subtle"
                  size="compact-sm"
                  onClick={() => setHistory(row)}
                  aria-label={t('reports.history.open', { count: row.attemptCount, name: nameOf(row), course: row.courseTitle })}
                >
                  {row.attemptCount}
                </Button>
              </Table.Td>
            )}
            {variant !== 'overdue' && <Table.Td>{date(row.enrolledAt)}</Table.Td>}
            <Table.Td>
              {date(row.dueAt)}
              {row.overdue && (
                <Badge ml={6} size="xs" color="red" variant="filled" miw="max-content">
                  {t('reports.overdueBadge')}
                </Badge>
              )}
            </Table.Td>
            <Table.Td>{row.lastAccessAt ? formatDateTime(row.lastAccessAt, language) : '–'}</Table.Td>
            {variant !== 'overdue' && <Table.Td>{date(row.completedAt)}</Table.Td>}
          </Table.Tr>
        ))}
      </DataTable>
      {history && <AttemptHistoryModal enrolmentId={history.enrolmentId} name={nameOf(history)} course={history.courseTitle} onClose={() => setHistory(null)} />}
    </>
  );
}

/** "Showing 1–50 of 230" and the page links. */
export function ReportPaging({ total, page, onPage, label }: { total: number; page: number; onPage: (page: number) => void; label: string }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / REPORT_PAGE_SIZE));
  const first = total === 0 ? 0 : (page - 1) * REPORT_PAGE_SIZE + 1;
  const last = Math.min(total, page * REPORT_PAGE_SIZE);
  return (
    <Group justify="space-between">
      <Text size="sm" c="dimmed" role="status" aria-live="polite">
        {total === 0 ? t('reports.noRows') : t('reports.showing', { first, last, total })}
      </Text>
      {pages > 1 && (
        <nav aria-label={label}>
          <Pagination total={pages} value={Math.min(page, pages)} onChange={onPage} />
        </nav>
      )}
    </Group>
  );
}

/** CSV and Excel downloads of everything the filters select (not just this page). */
export function ExportButtons({ path, filters, extra = {} }: { path: string; filters: Partial<ReportFilters>; extra?: Record<string, string> }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <Group gap="xs">
      <Button component="a" variant="default" size="xs" href={exportUrl(path, filters, 'csv', language, extra)} download>
        {t('reports.exportCsv')}
      </Button>
      <Button component="a" variant="default" size="xs" href={exportUrl(path, filters, 'xlsx', language, extra)} download>
        {t('reports.exportXlsx')}
      </Button>
    </Group>
  );
}
