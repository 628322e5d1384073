import { Button, Group, Loader, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type SessionSummary } from '../shared/api';
import { SuccessNote } from '../shared/forms/SuccessNote';
import { LoadError } from '../shared/ui/LoadError';
import { currentLanguage } from '../shared/i18n';
import { formatDateTime } from '../shared/ui/format';
import { Section } from '../shared/ui/Section';
import { SessionsTable } from '../shared/ui/SessionsTable';
import { ACCOUNT_KEYS, endMyOtherSessions, endMySession, fetchMySessions } from './account.api';
import { PasswordConfirmDialog } from './PasswordConfirmDialog';

/** Which ending awaits the password. */
type Ending = { kind: 'one'; session: SessionSummary } | { kind: 'others' } | null;

export function SessionsSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: ACCOUNT_KEYS.sessions, queryFn: ({ signal }) => fetchMySessions(api, signal) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ACCOUNT_KEYS.sessions });
  const [ending, setEnding] = useState<Ending>(null);
  const [endedOthers, setEndedOthers] = useState<number | null>(null);

  const others = sessions.data?.filter((s) => !s.current).length ?? 0;
  const close = () => {
    setEnding(null);
  };
  return (
    <Section title={t('account.sessions.title')} description={t('account.sessions.description')}>
      {sessions.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {sessions.error && <LoadError error={sessions.error} onRetry={() => void sessions.refetch()} />}
      {sessions.data && (
        <SessionsTable
          sessions={sessions.data}
          markCurrent
          caption={t('account.sessions.title')}
          action={(session) =>
            session.current ? null : (
              <Button
                variant="light"
                color="red"
                size="xs"
                aria-label={t('account.sessions.endNamed', { since: formatDateTime(session.createdAt, currentLanguage()) })}
                onClick={() => {
                  setEnding({ kind: 'one', session });
                }}
              >
                {t('account.sessions.end')}
              </Button>
            )
          }
        />
      )}
      {endedOthers !== null && <SuccessNote>{t('account.sessions.endedOthers', { count: endedOthers })}</SuccessNote>}
      <Group>
        <Button
          variant="default"
          onClick={() => {
            setEndedOthers(null);
            setEnding({ kind: 'others' });
          }}
          disabled={others === 0}
        >
          {t('account.sessions.endOthers')}
        </Button>
        {others === 0 && sessions.data && (
          <Text size="sm" c="dimmed">
            {t('account.sessions.noOthers')}
          </Text>
        )}
      </Group>
      <PasswordConfirmDialog
        opened={ending !== null}
        onClose={close}
        title={ending?.kind === 'others' ? t('account.sessions.endOthersTitle') : t('account.sessions.endTitle')}
        body={ending?.kind === 'others' ? t('account.sessions.endOthersBody') : t('account.sessions.endBody')}
        confirmLabel={ending?.kind === 'others' ? t('account.sessions.endOthers') : t('account.sessions.end')}
        onConfirm={async (currentPassword) => {
          if (ending?.kind === 'one') await endMySession(api, ending.session.id, currentPassword);
          else setEndedOthers((await endMyOtherSessions(api, currentPassword)).ended);
          await refresh();
        }}
      />
    </Section>
  );
}
