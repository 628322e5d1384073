import { Alert, Anchor, Button, Group, Loader, Modal, NativeSelect, Progress, Stack, Switch, Table, TagsInput, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { fetchGroups, GROUPS_KEY } from '../../admin/groups/groups.api';
import { api } from '../../shared/api';
import { fieldError } from '../../shared/forms/fieldErrors';
import { FailureMessage } from '../../shared/forms/FailureMessage';
import { currentLanguage } from '../../shared/i18n';
import { ConfirmDialog } from '../../shared/ui/ConfirmAction';
import { DataTable } from '../../shared/ui/DataTable';
import { formatDateTime } from '../../shared/ui/format';
import { TRASH_RETENTION_DAYS } from '../../../../src/space/library/library.contract';
import {
  contentUrl,
  coursePlayerPath,
  copyItem,
  createFolder,
  fetchAccess,
  fetchItems,
  fetchVersions,
  ITEMS_KEY,
  moveItem,
  restoreVersion,
  sendSpaceChunk,
  setAccess,
  trashItem,
  updateItem,
  type ItemView,
  type SpaceRole,
  type WorkspaceView,
} from '../space.api';
import { SPACE_ROLES, spaceCan } from '../spaceRoles';
import { formatBytes } from './libraryQuery';
import { uploadPercent, uploadToSpace, type SpaceUploadProgress } from './spaceUpload';

export type DialogKind = 'rename' | 'tags' | 'move' | 'copy' | 'versions' | 'access' | 'trash';

interface DialogProps {
  item: ItemView;
  onClose: () => void;
  /** After a change: what to say, and (the change having been made) the lists to refresh. */
  onDone: (notice: string) => void;
}

/** A form in a modal: a failure shown in it, the submit button waiting for the answer. */
function FormModal({ title, onClose, onSubmit, submitLabel, children, busy, failure, size }: { title: string; onClose: () => void; onSubmit: () => void; submitLabel: string; children: ReactNode; busy: boolean; failure: unknown; size?: string }) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={busy ? () => undefined : onClose} title={title} centered size={size} closeButtonProps={{ 'aria-label': t('app.close') }}>
      <form
        noValidate
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <Stack gap="md">
          {children}
          {failure !== null && (
            <Alert color="red" role="alert">
              <FailureMessage error={failure} />
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={busy}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Runs a change with busy and failure state for a form. */
function useChange() {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const run = (work: () => Promise<unknown>, then: () => void) => {
    setBusy(true);
    setFailure(null);
    work()
      .then(() => {
        setBusy(false);
        then();
      })
      .catch((error: unknown) => {
        setBusy(false);
        setFailure(error);
      });
  };
  return { busy, failure, run };
}

export function NewFolderDialog({ kind, parentId, onClose, onDone }: { kind: 'folder' | 'project'; parentId: string | null; onClose: () => void; onDone: (notice: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [missing, setMissing] = useState(false);
  const change = useChange();
  return (
    <FormModal
      title={kind === 'folder' ? t('space.folderForm.folderTitle') : t('space.folderForm.projectTitle')}
      submitLabel={t('space.folderForm.create')}
      onClose={onClose}
      busy={change.busy}
      failure={fieldError(change.failure, 'name') ? null : change.failure}
      onSubmit={() => {
        if (!name.trim()) {
          setMissing(true);
          return;
        }
        change.run(
          () => createFolder(api, { name: name.trim(), kind, parentId }),
          () => onDone(t('space.folderForm.created', { name: name.trim() })),
        );
      }}
    >
      <TextInput
        label={t('space.folderForm.name')}
        value={name}
        required
        maxLength={255}
        data-autofocus
        onChange={(event) => {
          setName(event.currentTarget.value);
          setMissing(false);
        }}
        error={missing ? t('app.required') : fieldError(change.failure, 'name')}
      />
    </FormModal>
  );
}

function RenameDialog({ item, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(item.name);
  const [missing, setMissing] = useState(false);
  const change = useChange();
  return (
    <FormModal
      title={t('space.rename.title', { name: item.name })}
      submitLabel={t('space.rename.save')}
      onClose={onClose}
      busy={change.busy}
      failure={fieldError(change.failure, 'name') ? null : change.failure}
      onSubmit={() => {
        if (!name.trim()) {
          setMissing(true);
          return;
        }
        change.run(
          () => updateItem(api, item.id, { name: name.trim() }),
          () => onDone(t('space.rename.done', { name: name.trim() })),
        );
      }}
    >
      <TextInput
        label={t('space.rename.name')}
        value={name}
        required
        maxLength={255}
        data-autofocus
        onChange={(event) => {
          setName(event.currentTarget.value);
          setMissing(false);
        }}
        error={missing ? t('app.required') : fieldError(change.failure, 'name')}
      />
    </FormModal>
  );
}

function TagsDialog({ item, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const [tags, setTags] = useState<string[]>(item.tags);
  const change = useChange();
  return (
    <FormModal
      title={t('space.tags.title', { name: item.name })}
      submitLabel={t('space.tags.save')}
      onClose={onClose}
      busy={change.busy}
      failure={fieldError(change.failure, 'tags') ? null : change.failure}
      onSubmit={() => {
        change.run(
          () => updateItem(api, item.id, { tags }),
          () => onDone(t('space.tags.done', { name: item.name })),
        );
      }}
    >
      <TagsInput
        label={t('space.tags.label')}
        description={t('space.tags.hint')}
        value={tags}
        onChange={setTags}
        maxTags={20}
        maxLength={50}
        clearable
        data-autofocus
        error={fieldError(change.failure, 'tags')}
      />
    </FormModal>
  );
}

/** Browses the library's folders and projects, from the top down, to choose where something goes. */
function FolderPicker({ value, onChange, exclude }: { value: { id: string | null; name: string }; onChange: (folder: { id: string | null; name: string }) => void; exclude: string }) {
  const { t } = useTranslation();
  const [trail, setTrail] = useState<{ id: string | null; name: string }[]>([{ id: null, name: t('space.moveCopy.top') }]);
  const here = trail[trail.length - 1] ?? { id: null, name: t('space.moveCopy.top') };
  const query = (kind: 'folder' | 'project') => new URLSearchParams({ ...(here.id ? { parentId: here.id } : {}), kind, sort: 'name', order: 'asc', limit: '200' }).toString();
  const folders = useQuery({
    queryKey: [...ITEMS_KEY, 'picker', here.id],
    queryFn: async ({ signal }) => {
      const [plain, projects] = await Promise.all([fetchItems(api, query('folder'), signal), fetchItems(api, query('project'), signal)]);
      return [...projects.items, ...plain.items].filter((folder) => folder.id !== exclude);
    },
  });
  const choose = (next: { id: string | null; name: string }[]) => {
    setTrail(next);
    const last = next[next.length - 1];
    if (last) onChange(last);
  };
  const parent = trail.length > 1 ? trail[trail.length - 2] : undefined;
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600} id="space-picker-target">
        {t('space.moveCopy.chooseHere', { name: value.name })}
      </Text>
      {parent && (
        <Anchor component="button" type="button" size="sm" onClick={() => choose(trail.slice(0, -1))}>
          ↑ {t('space.moveCopy.up', { name: parent.name })}
        </Anchor>
      )}
      {folders.isPending && <Loader size="xs" role="status" aria-label={t('app.loading')} />}
      {folders.error && <Text c="red" size="sm" role="alert">{folders.error.message}</Text>}
      {folders.data && folders.data.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('space.moveCopy.noSubfolders')}
        </Text>
      )}
      {folders.data && folders.data.length > 0 && (
        <Stack gap={4} component="ul" aria-label={t('space.moveCopy.folders', { name: here.name })} style={{ listStyle: 'none', padding: 0, margin: 0, maxHeight: 240, overflowY: 'auto' }}>
          {folders.data.map((folder) => (
            <li key={folder.id}>
              <Anchor component="button" type="button" size="sm" aria-label={t('space.moveCopy.openFolder', { name: folder.name })} onClick={() => choose([...trail, { id: folder.id, name: folder.name }])}>
                {folder.kind === 'project' ? '🗂️' : '📁'} {folder.name}
              </Anchor>
            </li>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function MoveCopyDialog({ item, mode, onClose, onDone }: DialogProps & { mode: 'move' | 'copy' }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState<{ id: string | null; name: string }>({ id: null, name: t('space.moveCopy.top') });
  const [name, setName] = useState(item.name);
  const change = useChange();
  return (
    <FormModal
      title={mode === 'move' ? t('space.moveCopy.moveTitle', { name: item.name }) : t('space.moveCopy.copyTitle', { name: item.name })}
      submitLabel={mode === 'move' ? t('space.moveCopy.move') : t('space.moveCopy.copy')}
      onClose={onClose}
      busy={change.busy}
      failure={change.failure}
      onSubmit={() => {
        change.run(
          () => (mode === 'move' ? moveItem(api, item.id, target.id) : copyItem(api, item.id, target.id, name.trim() && name.trim() !== item.name ? name.trim() : undefined)),
          () => onDone(mode === 'move' ? t('space.moveCopy.moved', { name: item.name }) : t('space.moveCopy.copied', { name: item.name })),
        );
      }}
    >
      <Text size="sm" c="dimmed">
        {t('space.moveCopy.targetHint')}
      </Text>
      <FolderPicker value={target} onChange={setTarget} exclude={item.id} />
      {mode === 'copy' && <TextInput label={t('space.moveCopy.copyName')} value={name} maxLength={255} onChange={(event) => setName(event.currentTarget.value)} error={fieldError(change.failure, 'name')} />}
    </FormModal>
  );
}

function VersionsDialog({ item, onClose, onDone, canEdit }: DialogProps & { canEdit: boolean }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const versions = useQuery({ queryKey: [...ITEMS_KEY, item.id, 'versions'], queryFn: ({ signal }) => fetchVersions(api, item.id, signal) });
  const [failure, setFailure] = useState<unknown>(null);
  const [progress, setProgress] = useState<SpaceUploadProgress | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const restore = (number: number) => {
    setBusy(number);
    setFailure(null);
    restoreVersion(api, item.id, number)
      .then(() => onDone(t('space.versions.restored', { number })))
      .catch((error: unknown) => setFailure(error))
      .finally(() => setBusy(null));
  };
  const uploadVersion = (file: File) => {
    setFailure(null);
    uploadToSpace(api, file, { itemId: item.id }, { sendChunk: sendSpaceChunk, onProgress: setProgress })
      .then(() => onDone(t('space.upload.done')))
      .catch((error: unknown) => setFailure(error))
      .finally(() => setProgress(null));
  };
  return (
    <Modal opened onClose={onClose} title={t('space.versions.title', { name: item.name })} centered size="xl" closeButtonProps={{ 'aria-label': t('app.close') }}>
      <Stack gap="md">
        {versions.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
        {versions.error && <Text c="red" role="alert">{versions.error.message}</Text>}
        {versions.data && (
          <DataTable caption={t('space.versions.caption')} minWidth={640} actions headers={[t('space.versions.number'), t('space.versions.file'), t('space.versions.size'), t('space.versions.uploadedBy'), t('space.versions.created')]}>
            {versions.data.map((version) => (
              <Table.Tr key={version.id}>
                <Table.Td>
                  {version.number}
                  {version.current && ` (${t('space.versions.current')})`}
                  {version.restoredFrom !== null && (
                    <Text size="xs" c="dimmed">
                      {t('space.versions.restoredFrom', { number: version.restoredFrom })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Anchor href={contentUrl(item, { version: version.number, download: true })} title={t('space.versions.download', { number: version.number })}>
                    {version.fileName}
                  </Anchor>
                </Table.Td>
                <Table.Td>{formatBytes(version.size, language)}</Table.Td>
                <Table.Td>{version.uploadedBy?.name ?? '—'}</Table.Td>
                <Table.Td>{formatDateTime(version.createdAt, language)}</Table.Td>
                <Table.Td>
                  {version.fileKind === 'course' && (
                    <Button component={Link} to={coursePlayerPath(item.id, version.number)} size="xs" variant="subtle" aria-label={t('space.versions.playNamed', { number: version.number })}>
                      {t('space.versions.play')}
                    </Button>
                  )}
                  {canEdit && !version.current && (
                    <Button size="xs" variant="light" loading={busy === version.number} aria-label={t('space.versions.restoreNamed', { number: version.number })} onClick={() => restore(version.number)}>
                      {t('space.versions.restore')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
        {canEdit && (
          <Stack gap="xs">
            <Text fw={600}>{t('space.upload.newVersion')}</Text>
            <Text size="sm" c="dimmed">
              {t('space.upload.newVersionHint')}
            </Text>
            <label>
              <Text size="sm" component="span" mr="sm">
                {t('space.upload.chooseVersion')}
              </Text>
              <input
                type="file"
                disabled={progress !== null}
                onChange={(event) => {
                  const file = event.currentTarget.files?.[0];
                  event.currentTarget.value = '';
                  if (file) uploadVersion(file);
                }}
              />
            </label>
            {progress && (
              <Stack gap={4}>
                <ProgressBar progress={progress} name={item.name} />
              </Stack>
            )}
          </Stack>
        )}
        {failure !== null && (
          <Alert color="red" role="alert">
            <FailureMessage error={failure} />
          </Alert>
        )}
      </Stack>
    </Modal>
  );
}

function ProgressBar({ progress, name }: { progress: SpaceUploadProgress; name: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const percent = uploadPercent(progress);
  return (
    <>
      <Progress value={percent} animated={progress.phase === 'completing'} aria-label={t('space.upload.progress', { name })} />
      <Text size="xs" c="dimmed" role="status">
        {progress.phase === 'completing'
          ? t('space.upload.completing')
          : t('space.upload.sending', { percent, received: formatBytes(progress.receivedBytes, language), total: formatBytes(progress.totalBytes, language) })}
      </Text>
    </>
  );
}

interface AccessRow {
  key: string;
  userId: string | null;
  groupId: string | null;
  name: string;
  role: SpaceRole;
}

function AccessDialog({ item, onClose, onDone, workspace }: DialogProps & { workspace: WorkspaceView }) {
  const { t } = useTranslation();
  const access = useQuery({ queryKey: [...ITEMS_KEY, item.id, 'access'], queryFn: ({ signal }) => fetchAccess(api, item.id, signal) });
  const [edited, setEdited] = useState<{ restricted: boolean; rows: AccessRow[] } | null>(null);
  const [adding, setAdding] = useState('');
  const [addingGroup, setAddingGroup] = useState('');
  // The site's groups, for those who may list them (site administrators and managers); others name members only.
  const groups = useQuery({ queryKey: GROUPS_KEY, queryFn: ({ signal }) => fetchGroups(api, signal), retry: false });
  const change = useChange();
  const state =
    edited ??
    (access.data
      ? {
          restricted: access.data.restricted,
          rows: access.data.entries.map((entry) => ({
            key: entry.id,
            userId: entry.user?.id ?? null,
            groupId: entry.group?.id ?? null,
            name: entry.user?.name ?? (entry.group ? `${entry.group.name} (${t('space.access.group')})` : '—'),
            role: entry.role,
          })),
        }
      : null);
  const candidates = workspace.members.filter((member) => !state?.rows.some((row) => row.userId === member.user.id));
  return (
    <FormModal
      title={t('space.access.title', { name: item.name })}
      submitLabel={t('space.access.save')}
      onClose={onClose}
      size="lg"
      busy={change.busy}
      failure={change.failure}
      onSubmit={() => {
        if (!state) return;
        change.run(
          () => setAccess(api, item.id, { restricted: state.restricted, entries: state.rows.map((row) => ({ userId: row.userId, groupId: row.groupId, role: row.role })) }),
          () => onDone(t('space.access.saved', { name: item.name })),
        );
      }}
    >
      {access.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {access.error && <Text c="red" role="alert">{access.error.message}</Text>}
      {access.data?.inheritedFrom && <Text size="sm">{t('space.access.inherited', { name: access.data.inheritedFrom.name })}</Text>}
      {state && (
        <>
          <Switch label={t('space.access.restricted')} description={t('space.access.restrictedHint')} checked={state.restricted} onChange={(event) => setEdited({ ...state, restricted: event.currentTarget.checked })} />
          {state.rows.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('space.access.none')}
            </Text>
          ) : (
            <DataTable caption={t('space.access.caption')} minWidth={420} actions headers={[t('space.access.who'), t('space.access.role')]}>
              {state.rows.map((row) => (
                <Table.Tr key={row.key}>
                  <Table.Td>{row.name}</Table.Td>
                  <Table.Td>
                    <NativeSelect
                      aria-label={t('space.members.roleOf', { name: row.name })}
                      value={row.role}
                      data={SPACE_ROLES.map((role) => ({ value: role, label: t(`space.roles.${role}`) }))}
                      onChange={(event) => {
                        const role = SPACE_ROLES.find((r) => r === event.currentTarget.value) ?? row.role;
                        setEdited({ ...state, rows: state.rows.map((other) => (other.key === row.key ? { ...other, role } : other)) });
                      }}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="subtle" color="red" aria-label={t('space.access.removeNamed', { name: row.name })} onClick={() => setEdited({ ...state, rows: state.rows.filter((other) => other.key !== row.key) })}>
                      {t('space.access.remove')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )}
          <Group align="flex-end" gap="sm">
            <NativeSelect
              label={t('space.access.addMember')}
              value={adding}
              onChange={(event) => setAdding(event.currentTarget.value)}
              data={[{ value: '', label: '—' }, ...candidates.map((member) => ({ value: member.user.id, label: member.user.name || member.user.email }))]}
            />
            <Button
              variant="default"
              disabled={!adding}
              onClick={() => {
                const member = workspace.members.find((m) => m.user.id === adding);
                if (!member) return;
                setEdited({ ...state, rows: [...state.rows, { key: `new-${member.user.id}`, userId: member.user.id, groupId: null, name: member.user.name || member.user.email, role: member.role }] });
                setAdding('');
              }}
            >
              {t('space.access.add')}
            </Button>
          </Group>
          {groups.data && groups.data.groups.length > 0 && (
            <Group align="flex-end" gap="sm">
              <NativeSelect
                label={t('space.access.addGroup')}
                value={addingGroup}
                onChange={(event) => setAddingGroup(event.currentTarget.value)}
                data={[{ value: '', label: '—' }, ...groups.data.groups.filter((group) => !state.rows.some((row) => row.groupId === group.id)).map((group) => ({ value: group.id, label: group.name }))]}
              />
              <Button
                variant="default"
                disabled={!addingGroup}
                onClick={() => {
                  const group = groups.data.groups.find((g) => g.id === addingGroup);
                  if (!group) return;
                  setEdited({ ...state, rows: [...state.rows, { key: `new-group-${group.id}`, userId: null, groupId: group.id, name: `${group.name} (${t('space.access.group')})`, role: 'commentator' }] });
                  setAddingGroup('');
                }}
              >
                {t('space.access.add')}
              </Button>
            </Group>
          )}
        </>
      )}
    </FormModal>
  );
}

function TrashDialog({ item, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={t('space.trash.confirmTitle', { name: item.name })}
      body={t('space.trash.confirmBody', { days: TRASH_RETENTION_DAYS })}
      confirmLabel={t('space.trash.confirm')}
      onConfirm={async () => {
        await trashItem(api, item.id);
        onDone(t('space.trash.done', { name: item.name }));
      }}
    />
  );
}

/** The dialog of one row action, open for one item. */
export function ItemDialog({ kind, item, workspace, onClose, onDone }: DialogProps & { kind: DialogKind; workspace: WorkspaceView }) {
  const props = { item, onClose, onDone };
  switch (kind) {
    case 'rename':
      return <RenameDialog {...props} />;
    case 'tags':
      return <TagsDialog {...props} />;
    case 'move':
      return <MoveCopyDialog {...props} mode="move" />;
    case 'copy':
      return <MoveCopyDialog {...props} mode="copy" />;
    case 'versions':
      return <VersionsDialog {...props} canEdit={spaceCan(item.role, 'edit')} />;
    case 'access':
      return <AccessDialog {...props} workspace={workspace} />;
    case 'trash':
      return <TrashDialog {...props} />;
  }
}

