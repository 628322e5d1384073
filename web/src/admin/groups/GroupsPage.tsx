import { Button, Checkbox, Grid, Group, Loader, NativeSelect, Paper, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { fieldError, namesAnyField } from '../../shared/forms/fieldErrors';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { useNameForm } from '../../shared/forms/useNameForm';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { DataTable } from '../../shared/ui/DataTable';
import { addMembers, createGroup, deleteGroup, fetchGroups, fetchMembers, GROUPS_KEY, removeMembers, updateGroup, type GroupMember, type GroupView } from './groups.api';
import { flattenTree, pathOf, subtreeIds } from './groupTree';
import { displayName, UserSearch } from './UserSearch';
import { GroupManagers } from './GroupManagers';

const TOP = '';

/** Parent choices: every group except `exclude` (a group and its sub-groups), indented by depth. */
function parentOptions(groups: GroupView[], topLabel: string, exclude: Set<string> = new Set()) {
  return [
    { value: TOP, label: topLabel },
    ...flattenTree(groups)
      .filter((row) => !exclude.has(row.group.id))
      .map((row) => ({ value: row.group.id, label: `${'\u2003'.repeat(row.depth)}${row.group.name}` })),
  ];
}

interface GroupFormProps {
  groups: GroupView[];
  /** The group being edited; none: a new group. */
  group?: GroupView;
  onSaved: (group: GroupView) => void;
}

/** Name and parent of a new or an existing group (a group cannot move below itself). */
function GroupForm({ groups, group, onSaved }: GroupFormProps) {
  const { t } = useTranslation();
  const [parentId, setParentId] = useState(group?.parentId ?? TOP);
  const { name, setName, badName, mutation, onSubmit } = useNameForm({
    initial: group?.name ?? '',
    existing: group !== undefined,
    save: (name) => {
      const input = { name, parentId: parentId === TOP ? null : parentId };
      return group ? updateGroup(api, group.id, input) : createGroup(api, input);
    },
    onSaved,
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label={group ? t('groups.edit.title') : t('groups.create.title')}>
      <Stack gap="sm">
        {mutation.error && !namesAnyField(mutation.error, ['name', 'parentId']) && <ErrorAlert error={mutation.error} />}
        <Group align="flex-end" gap="sm">
          <TextInput
            label={t('groups.create.name')}
            required={!group}
            withAsterisk={false}
            value={name}
            onChange={(event) => {
              setName(event.currentTarget.value);
            }}
            error={badName ?? fieldError(mutation.error, 'name')}
            w={260}
          />
          <NativeSelect
            label={t('groups.create.parent')}
            value={parentId}
            onChange={(event) => {
              setParentId(event.currentTarget.value);
            }}
            data={parentOptions(groups, t('groups.create.topLevel'), group ? subtreeIds(groups, group.id) : undefined)}
            error={fieldError(mutation.error, 'parentId')}
            w={260}
          />
          <Button type="submit" variant={group ? 'default' : 'filled'} loading={mutation.isPending}>
            {group ? t('groups.edit.submit') : t('groups.create.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Members({ group, onChanged }: { group: GroupView; onChanged: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [effective, setEffective] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const membersKey = [...GROUPS_KEY, group.id, 'members'];
  const members = useQuery({
    queryKey: [...membersKey, effective],
    queryFn: ({ signal }) => fetchMembers(api, group.id, effective, signal),
  });
  const changed = async (text: string) => {
    setNotice(text);
    await queryClient.invalidateQueries({ queryKey: membersKey });
    onChanged();
  };
  const add = useMutation({
    mutationFn: (user: { id: string; firstName: string; lastName: string; email: string }) => addMembers(api, group.id, [user.id]),
    onSuccess: (_result, user) => changed(t('groups.add.added', { name: displayName(user) })),
  });
  const remove = useMutation({
    mutationFn: (member: GroupMember) => removeMembers(api, group.id, [member.userId]),
    onSuccess: (_result, member) => changed(t('groups.members.removed', { name: displayName(member) })),
  });
  const memberText = t('groups.add.already');
  const direct = new Map((members.data?.members ?? []).filter((m) => m.groupId === group.id).map((m) => [m.userId, memberText]));

  return (
    <Stack gap="md">
      <Title order={3} size="h4">
        {t('groups.members.title')}
      </Title>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      {(add.error ?? remove.error) && <ErrorAlert error={add.error ?? remove.error} />}
      <Checkbox
        label={t('groups.members.effective')}
        checked={effective}
        onChange={(event) => {
          setEffective(event.currentTarget.checked);
        }}
      />
      {members.error && <LoadError error={members.error} onRetry={() => void members.refetch()} />}
      {members.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {members.data &&
        (members.data.members.length === 0 ? (
          <Text c="dimmed">{t('groups.members.none')}</Text>
        ) : (
          <DataTable
            caption={t('groups.members.title')}
            minWidth={560}
            actions
            headers={[t('groups.members.name'), t('groups.members.email'), effective && t('groups.members.via')]}
          >
            {members.data.members.map((member) => (
              <Table.Tr key={member.userId}>
                <Table.Td>{displayName(member)}</Table.Td>
                <Table.Td>{member.email}</Table.Td>
                {effective && <Table.Td>{member.groupName}</Table.Td>}
                <Table.Td>
                  {member.groupId === group.id && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      loading={remove.isPending && remove.variables.userId === member.userId}
                      aria-label={t('groups.members.removeLabel', { name: displayName(member) })}
                      onClick={() => {
                        remove.mutate(member);
                      }}
                    >
                      {t('groups.members.remove')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        ))}
      <Title order={3} size="h4">
        {t('groups.add.title')}
      </Title>
      <UserSearch
        label={t('groups.add.search')}
        unavailable={direct}
        busy={add.isPending}
        onPick={(user) => {
          add.mutate(user);
        }}
      />
    </Stack>
  );
}

/** `/groups`: the tree of groups and departments; create, rename, move, delete; members. */
export function GroupsPage() {
  const { t } = useTranslation();
  usePageTitle(t('groups.title'));
  const queryClient = useQueryClient();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const groups = useQuery({ queryKey: GROUPS_KEY, queryFn: ({ signal }) => fetchGroups(api, signal) });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: GROUPS_KEY, exact: true });
  const list = useMemo(() => groups.data?.groups ?? [], [groups.data]);
  const rows = useMemo(() => flattenTree(list), [list]);
  const selected = list.find((g) => g.id === selectedId);
  const hasChildren = selected ? list.some((g) => g.parentId === selected.id) : false;

  return (
    <Stack gap="lg" maw={1200}>
      <div>
        <Title order={1}>{t('groups.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('groups.intro')}
        </Text>
      </div>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      {groups.error && <LoadError error={groups.error} onRetry={() => void groups.refetch()} />}
      {groups.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {groups.data && (
        <>
          <Section title={t('groups.create.title')}>
            <GroupForm
              groups={list}
              onSaved={(group) => {
                setNotice(t('groups.create.done', { name: group.name }));
                setSelectedId(group.id);
                refresh();
              }}
            />
          </Section>
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Paper withBorder radius="md" p="md" component="nav" aria-label={t('groups.treeLabel')}>
                {rows.length === 0 ? (
                  <Text c="dimmed">{t('groups.none')}</Text>
                ) : (
                  <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                    {rows.map(({ group, depth }) => (
                      <li key={group.id} style={{ paddingInlineStart: `${String(depth * 1.25)}rem` }}>
                        <UnstyledButton
                          onClick={() => {
                            setSelectedId(group.id);
                            setNotice(null);
                          }}
                          aria-current={group.id === selectedId ? 'true' : undefined}
                          p={6}
                          w="100%"
                          style={{ borderRadius: 6, background: group.id === selectedId ? 'var(--mantine-color-blue-light)' : undefined }}
                        >
                          <Text fw={group.id === selectedId ? 600 : 400}>{group.name}</Text>
                          <Text size="xs" c="dimmed">
                            {t('groups.counts', { count: group.memberCount, effective: group.effectiveMemberCount })}
                          </Text>
                        </UnstyledButton>
                      </li>
                    ))}
                  </ul>
                )}
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 8 }}>
              {selected ? (
                <Paper withBorder radius="md" p="lg" component="section" aria-label={selected.name}>
                  <Stack gap="lg">
                    <Group justify="space-between" align="flex-start">
                      <div>
                        <Title order={2} size="h3">
                          {selected.name}
                        </Title>
                        <Text size="sm" c="dimmed">
                          {pathOf(list, selected.id)}
                        </Text>
                      </div>
                      {hasChildren ? (
                        <Text size="sm" c="dimmed" maw={260}>
                          {t('groups.remove.hasSubgroups')}
                        </Text>
                      ) : (
                        <ConfirmAction
                          label={t('groups.remove.button')}
                          title={t('groups.remove.title', { name: selected.name })}
                          body={t('groups.remove.body')}
                          confirmLabel={t('groups.remove.confirm')}
                          onConfirm={async () => {
                            await deleteGroup(api, selected.id);
                            setSelectedId(null);
                            refresh();
                          }}
                        />
                      )}
                    </Group>
                    <GroupForm
                      key={`${selected.id}:${selected.name}:${selected.parentId ?? TOP}`}
                      group={selected}
                      groups={list}
                      onSaved={() => {
                        setNotice(t('groups.edit.done'));
                        refresh();
                      }}
                    />
                    <GroupManagers key={`managers:${selected.id}`} group={selected} onChanged={refresh} />
                    <Members group={selected} onChanged={refresh} />
                  </Stack>
                </Paper>
              ) : (
                <Text c="dimmed">{t('groups.select')}</Text>
              )}
            </Grid.Col>
          </Grid>
        </>
      )}
    </Stack>
  );
}
