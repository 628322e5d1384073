import { Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { currentLanguage } from '../../shared/i18n';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { DataTable } from '../../shared/ui/DataTable';
import { formatDateTime } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { decideStaffGrant, fetchStaffAccessLog, fetchStaffGrants, STAFF_ACCESS_KEYS, type TenantGrantView } from './staffAccess.api';

/** `/staff-access`: the operator staff's grants to this site (approve, reject, revoke) and everything they did here. */
export function StaffAccessPage() {
  const { t } = useTranslation();
  usePageTitle(t('staffAccess.title'));
  const language = currentLanguage();
  const queryClient = useQueryClient();
  const grants = useQuery({ queryKey: STAFF_ACCESS_KEYS.grants, queryFn: ({ signal }) => fetchStaffGrants(api, signal) });
  const log = useInfiniteQuery({
    queryKey: STAFF_ACCESS_KEYS.log,
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam, signal }) => fetchStaffAccessLog(api, pageParam, signal),
    getNextPageParam: (page) => (page.length === 50 ? page[page.length - 1]!.id : undefined),
  });
  const decide = async (grant: TenantGrantView, decision: 'approve' | 'reject' | 'revoke') => {
    await decideStaffGrant(api, grant.id, decision);
    await queryClient.invalidateQueries({ queryKey: ['admin', 'staff-access'] });
  };
  const entries = log.data?.pages.flat() ?? [];

  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>{t('staffAccess.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('staffAccess.intro')}
        </Text>
      </div>
      <Section title={t('staffAccess.grants')}>
        {grants.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
        {grants.error && <LoadError error={grants.error} onRetry={() => void grants.refetch()} />}
        {grants.data?.length === 0 && <Text c="dimmed">{t('staffAccess.noGrants')}</Text>}
        {grants.data && grants.data.length > 0 && (
          <DataTable
            caption={t('staffAccess.grants')}
            minWidth={760}
            headers={[t('staffAccess.columns.staff'), t('staffAccess.columns.scope'), t('staffAccess.columns.reason'), t('staffAccess.columns.status'), t('staffAccess.columns.until'), t('staffAccess.columns.actions')]}
          >
            {grants.data.map((grant) => (
              <Table.Tr key={grant.id}>
                <Table.Td>
                  {grant.staffName}
                  <Text size="xs" c="dimmed">
                    {grant.staffEmail}
                  </Text>
                </Table.Td>
                <Table.Td>{t(`staffAccess.scopes.${grant.scope}`)}</Table.Td>
                <Table.Td>
                  {grant.reason}
                  <Text size="xs" c="dimmed">
                    {grant.ticket}
                  </Text>
                </Table.Td>
                <Table.Td>{t(`staffAccess.statuses.${grant.status}`)}</Table.Td>
                <Table.Td>{grant.expiresAt ? formatDateTime(grant.expiresAt, language) : `${grant.hours} h`}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    {grant.status === 'pending_approval' && (
                      <>
                        <Button size="xs" aria-label={t('staffAccess.approveAria', { name: grant.staffName })} onClick={() => void decide(grant, 'approve')}>
                          {t('staffAccess.approve')}
                        </Button>
                        <ConfirmAction
                          label={t('staffAccess.reject')}
                          ariaLabel={t('staffAccess.rejectAria', { name: grant.staffName })}
                          title={t('staffAccess.rejectTitle')}
                          body={t('staffAccess.rejectBody', { name: grant.staffName })}
                          confirmLabel={t('staffAccess.reject')}
                          onConfirm={() => decide(grant, 'reject')}
                        />
                      </>
                    )}
                    {grant.status === 'active' && (
                      <ConfirmAction
                        label={t('staffAccess.revoke')}
                        ariaLabel={t('staffAccess.revokeAria', { name: grant.staffName })}
                        title={t('staffAccess.revokeTitle')}
                        body={t('staffAccess.revokeBody', { name: grant.staffName })}
                        confirmLabel={t('staffAccess.revoke')}
                        onConfirm={() => decide(grant, 'revoke')}
                      />
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </Section>
      <Section title={t('staffAccess.log')}>
        {log.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
        {log.error && <LoadError error={log.error} onRetry={() => void log.refetch()} />}
        {log.data && entries.length === 0 && <Text c="dimmed">{t('staffAccess.noLog')}</Text>}
        {entries.length > 0 && (
          <DataTable
            caption={t('staffAccess.log')}
            minWidth={760}
            headers={[t('staffAccess.columns.time'), t('staffAccess.columns.staff'), t('staffAccess.columns.what'), t('staffAccess.columns.from'), t('staffAccess.columns.result')]}
          >
            {entries.map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td>{formatDateTime(entry.occurredAt, language)}</Table.Td>
                <Table.Td>{entry.staffName ?? '–'}</Table.Td>
                <Table.Td>
                  {t(`staffAccess.actions.${entry.action}`, { defaultValue: entry.action })}
                  {entry.path && (
                    <Text size="xs" ff="monospace">
                      {entry.method} {entry.path}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{entry.ip ?? '–'}</Table.Td>
                <Table.Td>
                  {entry.status ?? '–'}
                  {entry.aborted && ` ${t('staffAccess.aborted')}`}
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
        {log.hasNextPage && (
          <Group>
            <Button variant="default" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
              {t('staffAccess.more')}
            </Button>
          </Group>
        )}
      </Section>
    </Stack>
  );
}
