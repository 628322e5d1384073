import { Badge, Checkbox, Group, Loader, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { DataTable } from '../../shared/ui/DataTable';
import { formatDate } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { REPORT_PAGE_SIZE, ReportPaging } from '../reports/ReportTable';
import { reportQuery } from '../reports/reports.api';
import { OverdueReminders } from './OverdueReminders';
import { fetchTeam, TEAM_KEY } from './team.api';

/** `/team`: a manager's view of the people in the groups they lead, and "remind now" for what is overdue. */
export function TeamPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('team.title'));
  const [groupId, setGroupId] = useState('');
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 250);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [page, setPage] = useState(1);
  const query = reportQuery({ groupId, q }, { overdueOnly: overdueOnly ? 'true' : undefined, limit: REPORT_PAGE_SIZE, offset: (page - 1) * REPORT_PAGE_SIZE });
  const team = useQuery({ queryKey: [...TEAM_KEY, query], queryFn: ({ signal }) => fetchTeam(api, query, signal), placeholderData: keepPreviousData });
  const leadsNone = team.data?.scope === 'team' && team.data.groups.length === 0;

  return (
    <Stack gap="lg" maw={1200}>
      <div>
        <Title order={1}>{t('team.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('team.intro')}
        </Text>
      </div>
      {team.error && <LoadError error={team.error} onRetry={() => void team.refetch()} />}
      {team.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {leadsNone && (
        <Paper withBorder p="xl" radius="md">
          <Text>{t('team.noGroups')}</Text>
        </Paper>
      )}
      {team.data && !leadsNone && (
        <>
          <Group gap="md" align="flex-end" role="search" aria-label={t('team.membersTitle')}>
            <NativeSelect
              label={t('team.group')}
              value={groupId}
              onChange={(event) => {
                setGroupId(event.currentTarget.value);
                setPage(1);
              }}
              data={[{ value: '', label: t('team.allGroups') }, ...team.data.groups.map((g) => ({ value: g.id, label: g.name }))]}
            />
            <TextInput
              type="search"
              label={t('team.search')}
              value={text}
              onChange={(event) => {
                setText(event.currentTarget.value);
                setPage(1);
              }}
            />
            <Checkbox
              label={t('team.overdueOnly')}
              checked={overdueOnly}
              onChange={(event) => {
                setOverdueOnly(event.currentTarget.checked);
                setPage(1);
              }}
              mb={8}
            />
          </Group>
          <Stack gap="sm" component="section" aria-labelledby="team-members">
            <Title order={2} size="h3" id="team-members">
              {t('team.membersTitle')}
            </Title>
            {team.data.members.length === 0 ? (
              <Text c="dimmed">{t('team.noMembers')}</Text>
            ) : (
              <DataTable
                caption={t('team.membersTitle')}
                minWidth={720}
                headers={[t('team.name'), t('team.email'), t('team.enrolled'), t('team.done'), t('team.overdue'), t('team.lastAccess')]}
              >
                {team.data.members.map((member) => (
                  <Table.Tr key={member.userId}>
                    <Table.Td>
                      {`${member.firstName} ${member.lastName}`.trim() || member.email}{' '}
                      {member.status === 'deactivated' && (
                        <Badge color="gray" variant="light" size="sm">
                          {t('team.deactivated')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{member.email}</Table.Td>
                    <Table.Td>{member.enrolled}</Table.Td>
                    <Table.Td>{member.done}</Table.Td>
                    <Table.Td>
                      <Text span c={member.overdue > 0 ? 'red.8' : undefined} fw={member.overdue > 0 ? 700 : undefined}>
                        {member.overdue}
                      </Text>
                    </Table.Td>
                    <Table.Td>{member.lastAccessAt ? formatDate(member.lastAccessAt, i18n.language) : t('team.never')}</Table.Td>
                  </Table.Tr>
                ))}
              </DataTable>
            )}
            <ReportPaging total={team.data.total} page={page} onPage={setPage} label={t('team.pages')} />
          </Stack>
          <OverdueReminders groupId={groupId} q={q} />
        </>
      )}
    </Stack>
  );
}
