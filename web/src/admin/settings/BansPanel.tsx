import { Button, Group, Loader, Table, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type BanView } from '../../shared/api';
import { currentLanguage } from '../../shared/i18n';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { formatDateTime } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { DataTable } from '../../shared/ui/DataTable';
import { BANS_KEY, fetchBans, liftBan } from './settings.api';

/** Running blocks after failed sign-ins; an administrator can lift one at once. */
export function BansPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const bans = useQuery({ queryKey: BANS_KEY, queryFn: ({ signal }) => fetchBans(api, signal) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: BANS_KEY });
  const language = currentLanguage();
  const subject = (ban: BanView) => [ban.account, ban.ip].filter(Boolean).join(' · ') || '–';

  return (
    <Section title={t('security.bans.title')} description={t('security.bans.description')}>
      {bans.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {bans.error && <LoadError error={bans.error} onRetry={() => void bans.refetch()} />}
      {bans.data &&
        (bans.data.bans.length === 0 ? (
          <Text size="sm" c="dimmed" role="status">
            {t('security.bans.none')}
          </Text>
        ) : (
          <DataTable
            caption={t('security.bans.title')}
            minWidth={720}
            actions
            headers={[t('security.bans.scope'), t('security.bans.subject'), t('security.bans.reason'), t('security.bans.since'), t('security.bans.until')]}
          >
            {bans.data.bans.map((ban) => (
              <Table.Tr key={ban.id}>
                <Table.Td>{t(`security.bans.scopes.${ban.scope}`)}</Table.Td>
                <Table.Td>{subject(ban)}</Table.Td>
                <Table.Td>
                  {ban.reason}
                  {ban.level > 0 && (
                    <Text size="xs" c="dimmed">
                      {t('security.bans.repeat', { count: ban.level })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{formatDateTime(ban.createdAt, language)}</Table.Td>
                <Table.Td>{formatDateTime(ban.until, language)}</Table.Td>
                <Table.Td>
                  <ConfirmAction
                    label={t('security.bans.lift')}
                    ariaLabel={t('security.bans.liftNamed', { subject: subject(ban) })}
                    title={t('security.bans.liftTitle')}
                    body={t('security.bans.liftBody', { subject: subject(ban) })}
                    confirmLabel={t('security.bans.lift')}
                    danger={false}
                    onConfirm={async () => {
                      await liftBan(api, ban.id);
                      await refresh();
                    }}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        ))}
      <Group>
        <Button variant="default" size="xs" onClick={() => void bans.refetch()} loading={bans.isFetching && !bans.isPending}>
          {t('security.bans.refresh')}
        </Button>
      </Group>
    </Section>
  );
}
