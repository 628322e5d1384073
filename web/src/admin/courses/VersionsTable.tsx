import { Anchor, Badge, Loader, Table, Text, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../shared/api';
import { usePermissions } from '../../shared/auth/permissions';
import { currentLanguage } from '../../shared/i18n';
import { formatDateTime } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { COURSES_KEY, fetchVersions } from './courses.api';
import { TableScroller } from '../../shared/ui/TableScroller';
import { BlockedOriginsHint, hasBlockedOrigins } from './BlockedOriginsHint';

export function formatBytes(bytes: number, language: string): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit] ?? 'B'}`;
}

/** The uploaded versions of a course, the current one marked, each with a preview link and its warnings. */
export function VersionsTable({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const versions = useQuery({ queryKey: [...COURSES_KEY, courseId, 'versions'], queryFn: ({ signal }) => fetchVersions(api, courseId, signal) });
  const mayPreview = usePermissions().data?.granted.has('learn.courses.preview') === true;
  if (versions.error) return <LoadError error={versions.error} onRetry={() => void versions.refetch()} />;
  if (!versions.data) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  if (versions.data.length === 0) return <Text c="dimmed">{t('courses.versions.none')}</Text>;
  return (
    <TableScroller label={t('courses.versions.caption')} minWidth={720}>
      <Table verticalSpacing="sm" aria-label={t('courses.versions.caption')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('courses.versions.version')}</Table.Th>
            <Table.Th scope="col">{t('courses.versions.packageTitle')}</Table.Th>
            <Table.Th scope="col">{t('courses.versions.scorm')}</Table.Th>
            <Table.Th scope="col">{t('courses.versions.files')}</Table.Th>
            <Table.Th scope="col">{t('courses.versions.size')}</Table.Th>
            <Table.Th scope="col">{t('courses.versions.uploaded')}</Table.Th>
            <Table.Th scope="col">{t('courses.versions.warnings')}</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>{t('courses.actions.preview')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.data.map((version) => (
            <Table.Tr key={version.id}>
              <Table.Td>
                {version.version}{' '}
                {version.current && (
                  <Badge size="sm" variant="light">
                    {t('courses.versions.current')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{version.title}</Table.Td>
              <Table.Td>{version.scormVersion ?? '—'}</Table.Td>
              <Table.Td>{version.fileCount}</Table.Td>
              <Table.Td>{formatBytes(version.sizeBytes, language)}</Table.Td>
              <Table.Td>{formatDateTime(version.createdAt, language)}</Table.Td>
              <Table.Td>
                {version.warnings.length === 0
                  ? '—'
                  : version.warnings.map((warning, index) => (
                      <Text key={index} size="xs">
                        {warning.message[language]} ({warning.where}
                        {warning.detail ? `: ${warning.detail}` : ''})
                      </Text>
                    ))}
                {hasBlockedOrigins(version.warnings) && <BlockedOriginsHint size="xs" />}
              </Table.Td>
              <Table.Td>
                {mayPreview ? (
                  <Anchor component={Link} to={`/play/preview/${version.id}`}>
                    {t('courses.actions.preview')}
                  </Anchor>
                ) : (
                  '—'
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroller>
  );
}
