import { Alert, NativeSelect, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayName, UserSearch } from '../../admin/groups/UserSearch';
import { api } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { currentLanguage } from '../../shared/i18n';
import { useSession } from '../../shared/auth/AuthContext';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { DataTable } from '../../shared/ui/DataTable';
import { formatDate } from '../../shared/ui/format';
import { Section } from '../../shared/ui/Section';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { formatBytes } from '../library/libraryQuery';
import { removeMember, setMember, WORKSPACE_KEY, type MemberView, type SpaceRole, type WorkspaceView } from '../space.api';
import { rolesGivenBy, SPACE_ROLES, spaceCan, takesSeat } from '../spaceRoles';

const percentOf = (used: number, limit: number) => (limit <= 0 ? 100 : Math.min(100, Math.round((used / limit) * 100)));

/** `/space/members` (Space administrators and owners): who is in the Space with which role, seats and storage. */
export function MembersPage({ workspace }: { workspace: WorkspaceView }) {
  const { t } = useTranslation();
  usePageTitle(`${t('space.members.title')} – ${t('space.title')}`);
  const language = currentLanguage();
  const session = useSession();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [newRole, setNewRole] = useState<SpaceRole>('author');
  const givable = rolesGivenBy(workspace.myRole);
  const { seats, storage } = workspace;
  const seatsFull = seats.used >= seats.limit;
  const refresh = () => queryClient.invalidateQueries({ queryKey: WORKSPACE_KEY });
  const roleName = (role: SpaceRole) => t(`space.roles.${role}`);
  const change = (userId: string, name: string, role: SpaceRole, added: boolean) => {
    setBusy(true);
    setFailure(null);
    setNotice(null);
    setMember(api, { userId, role })
      .then(() => {
        setNotice(added ? t('space.members.addedNote', { name, role: roleName(role) }) : t('space.members.changed', { name, role: roleName(role) }));
        return refresh();
      })
      .catch((error: unknown) => setFailure(error))
      .finally(() => setBusy(false));
  };
  const mayChange = (member: MemberView) => member.user.id !== session.user.id && (member.role !== 'owner' || spaceCan(workspace.myRole, 'manageOwners'));
  const members = new Map(workspace.members.map((member) => [member.user.id, t('space.members.already')]));

  return (
    <Stack gap="lg">
      <Title order={1}>{t('space.members.title')}</Title>
      <Text>{t('space.members.intro')}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <Paper withBorder p="md" radius="md">
          <Stack gap="xs">
            <Text fw={600}>{t('space.members.seats')}</Text>
            <Text>{t('space.members.seatsUsed', { used: seats.used, limit: seats.limit })}</Text>
            <Progress value={percentOf(seats.used, seats.limit)} color={seatsFull ? 'orange' : undefined} aria-label={t('space.members.seatsBar')} />
          </Stack>
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Stack gap="xs">
            <Text fw={600}>{t('space.members.storage')}</Text>
            <Text>{t('space.members.storageUsed', { used: formatBytes(storage.usedBytes, language), quota: formatBytes(storage.quotaBytes, language) })}</Text>
            <Progress value={percentOf(storage.usedBytes, storage.quotaBytes)} color={storage.usedBytes >= storage.quotaBytes ? 'red' : undefined} aria-label={t('space.members.storageBar')} />
          </Stack>
        </Paper>
      </SimpleGrid>
      {seatsFull && <Alert color="orange">{t('space.members.seatsFull')}</Alert>}
      {notice && <SuccessNote>{notice}</SuccessNote>}
      <ErrorAlert error={failure} />
      <DataTable caption={t('space.members.caption')} minWidth={720} actions headers={[t('space.members.name'), t('space.members.email'), t('space.members.role'), t('space.members.added')]}>
        {workspace.members.map((member) => {
          const name = member.user.name || member.user.email;
          const own = member.user.id === session.user.id;
          return (
            <Table.Tr key={member.user.id}>
              <Table.Td>
                {name} {own && <Text span c="dimmed">{t('space.members.you')}</Text>}
              </Table.Td>
              <Table.Td>{member.user.email}</Table.Td>
              <Table.Td>
                {mayChange(member) ? (
                  <NativeSelect
                    aria-label={t('space.members.roleOf', { name })}
                    value={member.role}
                    disabled={busy}
                    data={SPACE_ROLES.filter((role) => role === member.role || givable.includes(role)).map((role) => ({ value: role, label: roleName(role) }))}
                    onChange={(event) => {
                      const role = SPACE_ROLES.find((r) => r === event.currentTarget.value);
                      if (role && role !== member.role) change(member.user.id, name, role, false);
                    }}
                  />
                ) : (
                  roleName(member.role)
                )}
              </Table.Td>
              <Table.Td>{formatDate(member.addedAt, language)}</Table.Td>
              <Table.Td>
                {mayChange(member) && (
                  <ConfirmAction
                    label={t('space.members.remove')}
                    ariaLabel={t('space.members.removeNamed', { name })}
                    title={t('space.members.removeTitle', { name })}
                    body={t('space.members.removeBody')}
                    confirmLabel={t('space.members.remove')}
                    onConfirm={async () => {
                      await removeMember(api, member.user.id);
                      setNotice(t('space.members.removed', { name }));
                      await refresh();
                    }}
                  />
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </DataTable>
      <Section title={t('space.members.add')} description={t('space.members.addHint')}>
        <NativeSelect
          label={t('space.members.newRole')}
          value={newRole}
          onChange={(event) => setNewRole(SPACE_ROLES.find((r) => r === event.currentTarget.value) ?? 'author')}
          data={givable.map((role) => ({ value: role, label: `${roleName(role)} – ${t(`space.roleHints.${role}`)}` }))}
          maw={480}
        />
        {seatsFull && takesSeat(newRole) && (
          <Text size="sm" c="orange.9">
            {t('space.members.seatsFull')}
          </Text>
        )}
        <UserSearch
          label={t('space.members.search')}
          unavailable={members}
          busy={busy}
          onPick={(user) => change(user.id, displayName(user), newRole, true)}
          action={{ label: t('space.members.addButton'), labelFor: (name) => t('space.members.addNamed', { name }) }}
        />
      </Section>
    </Stack>
  );
}
