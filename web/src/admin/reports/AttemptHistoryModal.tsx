import { Anchor, Badge, Button, Group, Loader, Modal, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../shared/api';
import { currentLanguage } from '../../shared/i18n';
import { formatDateTime } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { DataTable } from '../../shared/ui/DataTable';
import { ReportStatusBadge } from './ReportStatusBadge';
import { fetchAttemptHistory, REPORTS_KEY, timelinePath } from './reports.api';
import { formatDuration, formatScore } from './reportFormat';

/** Every attempt of one enrolment, the reset and superseded ones included: what a reset keeps. */
export function AttemptHistoryModal({ enrolmentId, name, course, onClose }: { enrolmentId: string; name: string; course: string; onClose: () => void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const history = useQuery({ queryKey: [...REPORTS_KEY, 'attempts', enrolmentId], queryFn: ({ signal }) => fetchAttemptHistory(api, enrolmentId, signal) });
  const title = t('reports.history.title', { name, course });

  return (
    <Modal opened onClose={onClose} title={title} centered size="xl" closeButtonProps={{ 'aria-label': t('app.close') }}>
      <Stack gap="md">
        {history.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
        {history.error && <LoadError error={history.error} onRetry={() => void history.refetch()} />}
        {history.data &&
          (history.data.attempts.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('reports.history.none')}
            </Text>
          ) : (
            <DataTable
              caption={title}
              minWidth={860}
              headers={[
                t('reports.history.number'),
                t('reports.col.status'),
                t('reports.col.score'),
                t('reports.col.time'),
                t('reports.history.started'),
                t('reports.col.lastAccess'),
                t('reports.history.ended'),
                t('reports.history.content'),
                t('reports.history.statements'),
              ]}
            >
              {history.data.attempts.map((attempt) => (
                <Table.Tr key={attempt.id}>
                  <Table.Th scope="row">{attempt.number}</Table.Th>
                  <Table.Td>
                    <ReportStatusBadge status={attempt.status} />
                  </Table.Td>
                  <Table.Td>{formatScore(attempt.scorePercent)}</Table.Td>
                  <Table.Td>{formatDuration(attempt.timeSpentSeconds)}</Table.Td>
                  <Table.Td>{formatDateTime(attempt.startedAt, language)}</Table.Td>
                  <Table.Td>{formatDateTime(attempt.lastAccessAt, language)}</Table.Td>
                  <Table.Td>
                    {attempt.closedAt ? (
                      t('reports.history.reset', { date: formatDateTime(attempt.closedAt, language) })
                    ) : (
                      <Badge variant="outline" tt="none" miw="max-content">
                        {t('reports.history.current')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {attempt.contentTitle}
                    <Text size="xs" c="dimmed">
                      {t('reports.history.version', { version: attempt.contentVersion })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {attempt.contentKind === 'xapi' || attempt.contentKind === 'cmi5' ? (
                      <Anchor component={Link} to={timelinePath(attempt.id)} aria-label={t('reports.history.openTimelineOf', { number: attempt.number })}>
                        {t('reports.history.openTimeline')}
                      </Anchor>
                    ) : (
                      <>
                        <span aria-hidden>–</span>
                        <VisuallyHidden>{t('reports.history.noStatements')}</VisuallyHidden>
                      </>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          ))}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('app.close')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
