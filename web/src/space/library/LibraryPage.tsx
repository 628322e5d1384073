import { Anchor, Badge, Breadcrumbs, Button, Group, Loader, Menu, NativeSelect, Pagination, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { currentLanguage } from '../../shared/i18n';
import { DataTable } from '../../shared/ui/DataTable';
import { formatDateTime } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { SearchField } from '../../shared/ui/SearchField';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { contentUrl, fetchItems, ITEMS_KEY, SPACE_KEY, type ItemListView, type ItemView, type WorkspaceView } from '../space.api';
import { spaceCan } from '../spaceRoles';
import { ItemDialog, NewFolderDialog, type DialogKind } from './ItemDialogs';
import { ItemIcon, useTypeLabel } from './ItemIcon';
import classes from './library.module.css';
import { apiQuery, formatBytes, isFiltered, nextSort, PAGE_SIZES, paramsFromState, stateFromParams, TYPE_FILTERS, type LibraryState, type SortKey } from './libraryQuery';
import { UploadPanel } from './UploadPanel';
import { useUploads } from './useUploads';

/** Where an item opens: a folder's contents, or a file's preview. */
export const itemPath = (item: Pick<ItemView, 'id' | 'kind'>) => (item.kind === 'file' ? `/space/items/${item.id}` : `/space/folders/${item.id}`);
export const folderPath = (id: string | null) => (id ? `/space/folders/${id}` : '/space');

/** The way from the top of the library to a folder, each step a link but the last. */
export function LibraryBreadcrumbs({ path, current }: { path: ItemListView['path']; current?: string }) {
  const { t } = useTranslation();
  const steps = [{ id: null as string | null, name: t('space.library.top') }, ...path.map((step) => ({ id: step.id as string | null, name: step.name }))];
  return (
    <nav aria-label={t('space.library.breadcrumbs')}>
      <Breadcrumbs separatorMargin={6} style={{ flexWrap: 'wrap' }}>
        {steps.map((step, index) =>
          index === steps.length - 1 && current === undefined ? (
            <Text key={step.id ?? 'top'} span size="sm" aria-current="page" className={classes.name}>
              {step.name}
            </Text>
          ) : (
            <Anchor key={step.id ?? 'top'} component={Link} to={folderPath(step.id)} size="sm" className={classes.name}>
              {step.name}
            </Anchor>
          ),
        )}
        {current !== undefined && (
          <Text span size="sm" aria-current="page" className={classes.name}>
            {current}
          </Text>
        )}
      </Breadcrumbs>
    </nav>
  );
}

/** A column header that sorts the list on the server (click again: the other way round). */
function SortHeader({ label, sortKey, state, onSort }: { label: string; sortKey: SortKey; state: LibraryState; onSort: (key: SortKey) => void }) {
  const { t } = useTranslation();
  const active = state.sort === sortKey;
  return (
    <UnstyledButton className={classes.sortButton} onClick={() => onSort(sortKey)} aria-label={`${t('space.library.sortBy', { column: label })}${active ? `, ${state.order === 'asc' ? t('space.library.sortedAscending') : t('space.library.sortedDescending')}` : ''}`}>
      {label}
      <span aria-hidden="true">{active ? (state.order === 'asc' ? '▲' : '▼') : '↕'}</span>
    </UnstyledButton>
  );
}

function RowActions({ item, onAction }: { item: ItemView; onAction: (kind: DialogKind, item: ItemView) => void }) {
  const { t } = useTranslation();
  const canEdit = spaceCan(item.role, 'edit');
  const isFile = item.kind === 'file';
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size="xs" variant="default" aria-label={t('space.actions.menu', { name: item.name })}>
          ⋯
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component={Link} to={itemPath(item)}>
          {isFile ? t('space.actions.preview') : t('space.actions.open')}
        </Menu.Item>
        {isFile && item.currentVersion !== null && (
          <Menu.Item component="a" href={contentUrl(item, { download: true })}>
            {t('space.actions.download')}
          </Menu.Item>
        )}
        {canEdit && <Menu.Item onClick={() => onAction('rename', item)}>{t('space.actions.rename')}</Menu.Item>}
        {canEdit && <Menu.Item onClick={() => onAction('tags', item)}>{t('space.actions.tags')}</Menu.Item>}
        {canEdit && <Menu.Item onClick={() => onAction('move', item)}>{t('space.actions.move')}</Menu.Item>}
        {canEdit && <Menu.Item onClick={() => onAction('copy', item)}>{t('space.actions.copy')}</Menu.Item>}
        {isFile && <Menu.Item onClick={() => onAction('versions', item)}>{t('space.actions.versions')}</Menu.Item>}
        {spaceCan(item.role, 'manageAccess') && <Menu.Item onClick={() => onAction('access', item)}>{t('space.actions.access')}</Menu.Item>}
        {canEdit && (
          <Menu.Item color="red" onClick={() => onAction('trash', item)}>
            {t('space.actions.trash')}
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

/** `/space` and `/space/folders/:id`: a folder of the library, or a search of all of it, one page at a time. */
export function LibraryPage({ folderId, workspace }: { folderId: string | null; workspace: WorkspaceView }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const typeLabel = useTypeLabel();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const state = stateFromParams(params);
  const query = apiQuery(folderId, state);
  const list = useQuery({ queryKey: [...ITEMS_KEY, 'list', query], queryFn: ({ signal }) => fetchItems(api, query, signal), placeholderData: keepPreviousData });
  const folderName = list.data?.folder?.name ?? t('space.library.top');
  usePageTitle(`${folderName} – ${t('space.title')}`);
  // A notice the file's page left (it was moved to the trash).
  const [notice, setNotice] = useState<string | null>((useLocation().state as { notice?: string } | null)?.notice ?? null);
  const [dialog, setDialog] = useState<{ kind: DialogKind; item: ItemView } | null>(null);
  const [newFolder, setNewFolder] = useState<'folder' | 'project' | null>(null);
  const [showUpload, setShowUpload] = useState(false);

  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: SPACE_KEY }), [queryClient]);
  const uploads = useUploads(
    useCallback(() => {
      void refresh();
    }, [refresh]),
  );
  const show = (change: Partial<LibraryState>) => {
    setParams(paramsFromState({ ...state, page: 1, ...change }), { replace: true });
  };
  const done = (text: string) => {
    setDialog(null);
    setNewFolder(null);
    setNotice(text);
    void refresh();
  };

  const folderRole = list.data?.folder?.role ?? workspace.myRole;
  const canEdit = spaceCan(folderRole, 'edit');
  const searching = state.q.trim() !== '';
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / state.pageSize));
  const filtered = isFiltered(state);

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <LibraryBreadcrumbs path={list.data?.path ?? []} />
        <Group justify="space-between" align="flex-end" gap="sm">
          <Title order={1} className={classes.name}>
            {folderName}
          </Title>
          {canEdit && (
            <Group gap="sm">
              <Button variant="default" onClick={() => setNewFolder('folder')}>
                {t('space.library.newFolder')}
              </Button>
              <Button variant="default" onClick={() => setNewFolder('project')}>
                {t('space.library.newProject')}
              </Button>
              <Button onClick={() => setShowUpload((open) => !open)} aria-expanded={showUpload || uploads.entries.length > 0}>
                {t('space.library.upload')}
              </Button>
            </Group>
          )}
        </Group>
      </Stack>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      {canEdit && (showUpload || uploads.entries.length > 0) && (
        <UploadPanel
          folderName={folderName}
          entries={uploads.entries}
          onFiles={(files) => uploads.add(files, { folderId })}
          onCancel={uploads.cancel}
          onRetry={uploads.retry}
          onDismiss={uploads.dismissFinished}
        />
      )}
      <Group gap="md" align="flex-end" wrap="wrap" role="search" aria-label={t('space.library.search')}>
        <SearchField label={t('space.library.search')} description={t('space.library.searchHint')} initial={state.q} onSearch={(q) => show({ q })} maxLength={200} w={{ base: '100%', xs: 280 }} />
        <NativeSelect
          label={t('space.library.type')}
          value={state.type ?? ''}
          onChange={(event) => show({ type: TYPE_FILTERS.find((type) => type === event.currentTarget.value) })}
          data={[{ value: '', label: t('space.library.allTypes') }, ...TYPE_FILTERS.map((type) => ({ value: type, label: type === 'folder' || type === 'project' ? t(`space.kinds.${type}`) : t(`space.fileKinds.${type}`) }))]}
        />
        <SearchField label={t('space.library.tag')} initial={state.tag} onSearch={(tag) => show({ tag })} maxLength={50} w={160} />
        <NativeSelect
          label={t('space.library.owner')}
          value={state.ownerId}
          onChange={(event) => show({ ownerId: event.currentTarget.value })}
          data={[{ value: '', label: t('space.library.anyOwner') }, ...workspace.members.map((member) => ({ value: member.user.id, label: member.user.name || member.user.email }))]}
        />
        <TextInput type="date" label={t('space.library.from')} value={state.from} onChange={(event) => show({ from: event.currentTarget.value })} />
        <TextInput type="date" label={t('space.library.to')} value={state.to} onChange={(event) => show({ to: event.currentTarget.value })} />
        {filtered && (
          <Button
            variant="subtle"
            onClick={() => {
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            {t('space.library.clearFilters')}
          </Button>
        )}
      </Group>
      {list.error && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {list.data && (
        <>
          <Text size="sm" c="dimmed" role="status" aria-live="polite">
            {total === 0
              ? filtered
                ? t('space.library.noneFound')
                : folderId
                  ? t('space.library.empty')
                  : t('space.library.emptyTop')
              : t('space.library.showing', { first: (state.page - 1) * state.pageSize + 1, last: Math.min(total, state.page * state.pageSize), total })}
          </Text>
          {list.data.items.length > 0 && (
            <DataTable
              caption={searching ? t('space.library.searchCaption') : t('space.library.caption', { folder: folderName })}
              minWidth={860}
              actions
              highlightOnHover
              headers={[
                <SortHeader key="name" label={t('space.library.columns.name')} sortKey="name" state={state} onSort={(key) => show(nextSort(state, key))} />,
                <SortHeader key="kind" label={t('space.library.columns.kind')} sortKey="kind" state={state} onSort={(key) => show(nextSort(state, key))} />,
                t('space.library.columns.owner'),
                <SortHeader key="size" label={t('space.library.columns.size')} sortKey="size" state={state} onSort={(key) => show(nextSort(state, key))} />,
                <SortHeader key="updated" label={t('space.library.columns.updated')} sortKey="updated" state={state} onSort={(key) => show(nextSort(state, key))} />,
                t('space.library.columns.tags'),
              ]}
            >
              {list.data.items.map((item) => (
                <Table.Tr key={item.id}>
                  <Table.Td>
                    <Group gap="sm" wrap="nowrap">
                      <ItemIcon item={item} />
                      <div>
                        <Anchor component={Link} to={itemPath(item)} className={classes.name}>
                          {item.name}
                        </Anchor>
                        {item.restricted && (
                          <Text size="xs" c="dimmed">
                            🔒 {t('space.library.restricted')}
                          </Text>
                        )}
                      </div>
                    </Group>
                  </Table.Td>
                  <Table.Td>{typeLabel(item)}</Table.Td>
                  <Table.Td>{item.owner.name}</Table.Td>
                  <Table.Td>{item.kind === 'file' ? formatBytes(item.size, language) : '—'}</Table.Td>
                  <Table.Td>{formatDateTime(item.updatedAt, language)}</Table.Td>
                  <Table.Td>
                    {item.tags.length > 0 && (
                      <Group gap={4}>
                        {item.tags.map((tag) => (
                          <Badge key={tag} size="sm" variant="outline" tt="none">
                            {tag}
                          </Badge>
                        ))}
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <RowActions item={item} onAction={(kind, target) => setDialog({ kind, item: target })} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )}
          {total > 0 && (
            <Group gap="md" align="flex-end" wrap="wrap">
              {pages > 1 && (
                <Pagination
                  total={pages}
                  value={state.page}
                  onChange={(page) => show({ page })}
                />
              )}
              <NativeSelect
                label={t('space.library.pageSize')}
                value={String(state.pageSize)}
                onChange={(event) => show({ pageSize: Number(event.currentTarget.value) })}
                data={PAGE_SIZES.map((size) => String(size))}
                w={140}
              />
            </Group>
          )}
        </>
      )}
      {newFolder && <NewFolderDialog kind={newFolder} parentId={folderId} onClose={() => setNewFolder(null)} onDone={done} />}
      {dialog && <ItemDialog kind={dialog.kind} item={dialog.item} workspace={workspace} onClose={() => setDialog(null)} onDone={done} />}
    </Stack>
  );
}
