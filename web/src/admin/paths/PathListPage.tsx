import { Anchor, Badge, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { api } from '../../shared/api';
import { usePermissions } from '../../shared/auth/permissions';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { DataTable } from '../../shared/ui/DataTable';
import { formatDate } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { fetchPaths, PATHS_KEY } from './paths.api';

/** `/paths`: the site's learning paths with their numbers; a new one for those who may build paths. */
export function PathListPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('paths.title'));
  const canManage = usePermissions().data?.granted.has('learn.paths.manage') === true;
  const paths = useQuery({ queryKey: PATHS_KEY, queryFn: ({ signal }) => fetchPaths(api, signal) });
  // A notice the path's page left (the path was deleted).
  const notice = (useLocation().state as { notice?: string } | null)?.notice;

  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t('paths.title')}</Title>
          <Text c="dimmed" mt={4} maw={720}>
            {t('paths.intro')}
          </Text>
        </div>
        {canManage && (
          <Button component={Link} to="new">
            {t('paths.newPath')}
          </Button>
        )}
      </Group>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      {paths.error && <LoadError error={paths.error} onRetry={() => void paths.refetch()} />}
      {paths.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {paths.data?.length === 0 && <Text c="dimmed">{t('paths.none')}</Text>}
      {paths.data && paths.data.length > 0 && (
        <DataTable
          caption={t('paths.listCaption')}
          minWidth={640}
          spacing="sm"
          highlightOnHover
          headers={[t('paths.columns.title'), t('paths.columns.courses'), t('paths.columns.enrolled'), t('paths.columns.completed'), t('paths.columns.due')]}
        >
          {paths.data.map((path) => (
            <Table.Tr key={path.id}>
              <Table.Td>
                <Anchor component={Link} to={path.id}>
                  {path.title}
                </Anchor>
                {path.certificateEnabled && (
                  <Badge size="xs" variant="outline" ml="xs">
                    {t('paths.withCertificate')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{path.courseCount}</Table.Td>
              <Table.Td>{path.enrolledCount}</Table.Td>
              <Table.Td>{path.completedCount}</Table.Td>
              <Table.Td>{path.dueAt ? formatDate(path.dueAt, i18n.language) : t('paths.noDue')}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Stack>
  );
}
