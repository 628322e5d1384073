import { Button, Group, Loader, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../shared/api';
import { ErrorAlert } from '../shared/forms/ErrorAlert';
import { SuccessNote } from '../shared/forms/SuccessNote';
import { ConfirmAction } from '../shared/ui/ConfirmAction';
import { LoadError } from '../shared/ui/LoadError';
import { currentLanguage } from '../shared/i18n';
import { formatDateTime } from '../shared/ui/format';
import { Section } from '../shared/ui/Section';
import { SessionsTable } from '../shared/ui/SessionsTable';
import { ACCOUNT_KEYS, endMyOtherSessions, endMySession, fetchMySessions } from './account.api';

export function SessionsSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: ACCOUNT_KEYS.sessions, queryFn: ({ signal }) => fetchMySessions(api, signal) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ACCOUNT_KEYS.sessions });
  const endOthers = useMutation({ mutationFn: () => endMyOtherSessions(api), onSuccess: refresh });

  const others = sessions.data?.filter((s) => !s.current).length ?? 0;
  return (
    <Section title={t('account.sessions.title')} description={t('account.sessions.description')}>
      {sessions.isPending && <Loader size="sm" aria-label={t('app.loading')} />}
      {sessions.error && <LoadError error={sessions.error} onRetry={() => void sessions.refetch()} />}
      {sessions.data && (
        <SessionsTable
          sessions={sessions.data}
          markCurrent
          caption={t('account.sessions.title')}
          action={(session) =>
            session.current ? null : (
              <ConfirmAction
                label={t('account.sessions.end')}
                ariaLabel={t('account.sessions.endNamed', { since: formatDateTime(session.createdAt, currentLanguage()) })}
                title={t('account.sessions.endTitle')}
                body={t('account.sessions.endBody')}
                confirmLabel={t('account.sessions.end')}
                onConfirm={async () => {
                  await endMySession(api, session.id);
                  await refresh();
                }}
              />
            )
          }
        />
      )}
      <ErrorAlert error={endOthers.error} />
      {endOthers.isSuccess && <SuccessNote>{t('account.sessions.endedOthers', { count: endOthers.data.ended })}</SuccessNote>}
      <Group>
        <Button variant="default" onClick={() => endOthers.mutate()} loading={endOthers.isPending} disabled={others === 0}>
          {t('account.sessions.endOthers')}
        </Button>
        {others === 0 && sessions.data && (
          <Text size="sm" c="dimmed">
            {t('account.sessions.noOthers')}
          </Text>
        )}
      </Group>
    </Section>
  );
}
