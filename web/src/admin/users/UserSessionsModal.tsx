import { Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type UserView } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { LoadError } from '../../shared/ui/LoadError';
import { SessionsTable } from '../../shared/ui/SessionsTable';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { endUserSession, endUserSessions, fetchUserSessions, USERS_KEY } from './users.api';

export function UserSessionsModal({ user, onClose }: { user: UserView; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = [...USERS_KEY, user.id, 'sessions'];
  const sessions = useQuery({ queryKey: key, queryFn: ({ signal }) => fetchUserSessions(api, user.id, signal) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const endAll = useMutation({ mutationFn: () => endUserSessions(api, user.id), onSuccess: refresh });
  const name = `${user.firstName} ${user.lastName}`.trim() || user.email;

  return (
    <Modal opened onClose={onClose} title={t('users.sessions.title', { name })} centered size="xl" closeButtonProps={{ 'aria-label': t('app.close') }}>
      <Stack gap="md">
        {sessions.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
        {sessions.error && <LoadError error={sessions.error} onRetry={() => void sessions.refetch()} />}
        {sessions.data &&
          (sessions.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('users.sessions.none')}
            </Text>
          ) : (
            <SessionsTable
              sessions={sessions.data}
              markCurrent
              caption={t('users.sessions.title', { name })}
              action={(session) => (
                <ConfirmAction
                  label={t('account.sessions.end')}
                  title={t('account.sessions.endTitle')}
                  body={t('users.sessions.endBody', { name })}
                  confirmLabel={t('account.sessions.end')}
                  onConfirm={async () => {
                    await endUserSession(api, user.id, session.id);
                    await refresh();
                  }}
                />
              )}
            />
          ))}
        <ErrorAlert error={endAll.error} />
        {endAll.isSuccess && <SuccessNote>{t('users.sessions.ended', { count: endAll.data.ended })}</SuccessNote>}
        <Group justify="space-between">
          <Button variant="light" color="red" onClick={() => endAll.mutate()} loading={endAll.isPending} disabled={!sessions.data?.length}>
            {t('users.sessions.endAll')}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t('app.close')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
