import { Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { currentLanguage } from '../../shared/i18n';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { DataTable } from '../../shared/ui/DataTable';
import { formatDate, formatDateTime } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { TRASH_RETENTION_DAYS } from '../../../../src/space/library/library.contract';
import { fetchTrash, purgeItem, restoreItem, SPACE_KEY, TRASH_KEY, type ItemView, type WorkspaceView } from '../space.api';
import { spaceCan } from '../spaceRoles';
import { ItemIcon, useTypeLabel } from './ItemIcon';
import classes from './library.module.css';
import { formatBytes } from './libraryQuery';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The day a trashed item is purged. */
export function purgeDate(trashedAt: string): string {
  return new Date(new Date(trashedAt).getTime() + TRASH_RETENTION_DAYS * DAY_MS).toISOString();
}

/** `/space/trash`: what was moved to the trash, restored to where it was, or (administrators) deleted at once. */
export function TrashPage({ workspace }: { workspace: WorkspaceView }) {
  const { t } = useTranslation();
  usePageTitle(`${t('space.trash.title')} – ${t('space.title')}`);
  const language = currentLanguage();
  const typeLabel = useTypeLabel();
  const queryClient = useQueryClient();
  const trash = useQuery({ queryKey: TRASH_KEY, queryFn: ({ signal }) => fetchTrash(api, signal) });
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [restoring, setRestoring] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: SPACE_KEY });
  const restore = (item: ItemView) => {
    setRestoring(item.id);
    setFailure(null);
    setNotice(null);
    restoreItem(api, item.id)
      .then(() => {
        setNotice(t('space.trash.restored', { name: item.name }));
        return refresh();
      })
      .catch((error: unknown) => setFailure(error))
      .finally(() => setRestoring(null));
  };
  const canPurge = spaceCan(workspace.myRole, 'purge');

  return (
    <Stack gap="lg">
      <Title order={1}>{t('space.trash.title')}</Title>
      <Text>{t('space.trash.intro', { days: TRASH_RETENTION_DAYS })}</Text>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      <ErrorAlert error={failure} />
      {trash.error && <LoadError error={trash.error} onRetry={() => void trash.refetch()} />}
      {trash.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {trash.data && trash.data.items.length === 0 && <Text c="dimmed">{t('space.trash.empty')}</Text>}
      {trash.data && trash.data.items.length > 0 && (
        <DataTable
          caption={t('space.trash.caption')}
          minWidth={760}
          actions
          headers={[t('space.library.columns.name'), t('space.library.columns.kind'), t('space.library.columns.size'), t('space.trash.trashedAt'), t('space.trash.purgedOn')]}
        >
          {trash.data.items.map((item) => (
            <Table.Tr key={item.id}>
              <Table.Td>
                <Group gap="sm" wrap="nowrap">
                  <ItemIcon item={item} />
                  <Text size="sm" className={classes.name}>
                    {item.name}
                  </Text>
                </Group>
              </Table.Td>
              <Table.Td>{typeLabel(item)}</Table.Td>
              <Table.Td>{item.kind === 'file' ? formatBytes(item.size, language) : '—'}</Table.Td>
              <Table.Td>{item.trashedAt ? formatDateTime(item.trashedAt, language) : '—'}</Table.Td>
              <Table.Td>{item.trashedAt ? formatDate(purgeDate(item.trashedAt), language) : '—'}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  {spaceCan(item.role, 'edit') && (
                    <Button size="xs" variant="light" loading={restoring === item.id} aria-label={t('space.trash.restoreNamed', { name: item.name })} onClick={() => restore(item)}>
                      {t('space.trash.restore')}
                    </Button>
                  )}
                  {canPurge && (
                    <ConfirmAction
                      label={t('space.trash.purge')}
                      ariaLabel={t('space.trash.purgeNamed', { name: item.name })}
                      title={t('space.trash.purgeTitle', { name: item.name })}
                      body={t('space.trash.purgeBody')}
                      confirmLabel={t('space.trash.purge')}
                      onConfirm={async () => {
                        await purgeItem(api, item.id);
                        setNotice(t('space.trash.purged', { name: item.name }));
                        await refresh();
                      }}
                    />
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Stack>
  );
}
