import { Loader, Paper, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../shared/api';
import { LoadError } from '../shared/ui/LoadError';
import { RoleDashboard } from '../shared/ui/RoleDashboard';
import { OverviewPanel } from './dashboard/OverviewPanel';
import { fetchTeam, TEAM_KEY } from './team/team.api';

/** `/` for managers: the groups they lead at a glance, or how to come to lead one. */
export function ManagerDashboard() {
  const { t } = useTranslation();
  const team = useQuery({ queryKey: [...TEAM_KEY, 'groups'], queryFn: ({ signal }) => fetchTeam(api, 'limit=1', signal) });
  return (
    <RoleDashboard subtitle={t('dashboard.manager.subtitle')}>
      {team.error && <LoadError error={team.error} onRetry={() => void team.refetch()} />}
      {team.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {team.data &&
        (team.data.groups.length === 0 ? (
          <Paper withBorder p="xl" radius="md">
            <Text>{t('overview.noGroups')}</Text>
          </Paper>
        ) : (
          <>
            <Text>
              {t('overview.teamGroups')}: <strong>{team.data.groups.map((g) => g.name).join(', ')}</strong>
            </Text>
            <OverviewPanel link={{ to: '/team', label: t('overview.toTeam') }} />
          </>
        ))}
    </RoleDashboard>
  );
}
