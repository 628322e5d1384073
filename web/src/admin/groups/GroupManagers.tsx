import { Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { setManagers, type GroupView } from './groups.api';
import { displayName, UserSearch } from './UserSearch';

/** The managers who lead a group: they follow its members' progress in their team view and reports. */
export function GroupManagers({ group, onChanged }: { group: GroupView; onChanged: () => void }) {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: ({ userIds }: { userIds: string[]; text: string }) => setManagers(api, group.id, userIds),
    onSuccess: (_view, { text }) => {
      setNotice(text);
      onChanged();
    },
  });
  const current = group.managers.map((m) => m.userId);
  const leading = new Map(current.map((id) => [id, t('groups.managers.already')]));

  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        {t('groups.managers.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('groups.managers.hint')}
      </Text>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      {save.error && <ErrorAlert error={save.error} />}
      {group.managers.length === 0 ? (
        <Text>{t('groups.managers.none')}</Text>
      ) : (
        <List listStyleType="none" spacing={4}>
          {group.managers.map((manager) => (
            <List.Item key={manager.userId}>
              <Group gap="sm" wrap="nowrap">
                <Text size="sm">
                  {displayName(manager)}{' '}
                  <Text span c="dimmed">
                    {manager.email}
                  </Text>
                </Text>
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  disabled={save.isPending}
                  aria-label={t('groups.managers.removeLabel', { name: displayName(manager) })}
                  onClick={() => {
                    save.mutate({ userIds: current.filter((id) => id !== manager.userId), text: t('groups.managers.removed', { name: displayName(manager) }) });
                  }}
                >
                  {t('groups.managers.remove')}
                </Button>
              </Group>
            </List.Item>
          ))}
        </List>
      )}
      <UserSearch
        label={t('groups.managers.search')}
        unavailable={leading}
        busy={save.isPending}
        unavailableReason={(user) => (user.roles.includes('manager') || user.roles.includes('admin') ? undefined : t('groups.managers.needsRole'))}
        action={{ label: t('groups.managers.add'), labelFor: (name) => t('groups.managers.addLabel', { name }) }}
        onPick={(user) => {
          save.mutate({ userIds: [...current, user.id], text: t('groups.managers.added', { name: displayName(user) }) });
        }}
      />
    </Stack>
  );
}
