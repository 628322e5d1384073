import { Button, Group, List, Loader, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type UserView } from '../../shared/api';
import { searchUsers } from './groups.api';

interface UserSearchProps {
  label: string;
  /** Users that cannot be picked (already members, chosen, enrolled), with the word shown instead of the button. */
  unavailable: ReadonlyMap<string, string>;
  onPick: (user: UserView) => void;
  busy?: boolean;
  /** Why a user found cannot be picked, if not (e.g. a role they lack). */
  unavailableReason?: (user: UserView) => string | undefined;
  /** The pick button's text and its accessible name (default: add a member). */
  action?: { label: string; labelFor: (name: string) => string };
}

export const displayName = (user: { firstName: string; lastName: string; email: string }) => `${user.firstName} ${user.lastName}`.trim() || user.email;

/** Finds active users by name or e-mail and offers each with a button. */
export function UserSearch({ label, unavailable, onPick, busy = false, unavailableReason, action }: UserSearchProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 250);
  const results = useQuery({
    queryKey: ['admin', 'user-search', q],
    queryFn: ({ signal }) => searchUsers(api, q, signal),
    enabled: q.length >= 2,
  });
  return (
    <div>
      <TextInput
        label={label}
        description={t('groups.add.hint')}
        type="search"
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
        }}
        maw={360}
      />
      {q.length >= 2 && results.isPending && <Loader size="xs" mt="xs" role="status" aria-label={t('app.loading')} />}
      {results.error && (
        <Text c="red" size="sm" mt="xs" role="alert">
          {results.error.message}
        </Text>
      )}
      {q.length >= 2 && results.data && (
        <div aria-live="polite">
          {results.data.users.length === 0 ? (
            <Text size="sm" c="dimmed" mt="xs">
              {t('groups.add.noMatch')}
            </Text>
          ) : (
            <List listStyleType="none" spacing={4} mt="xs">
              {results.data.users.map((user) => (
                <List.Item key={user.id}>
                  <Group gap="sm" wrap="nowrap">
                    <Text size="sm" miw={260}>
                      {displayName(user)} <Text span c="dimmed">{user.email}</Text>
                    </Text>
                    {unavailable.has(user.id) || unavailableReason?.(user) ? (
                      <Text size="xs" c="dimmed">
                        {unavailable.get(user.id) ?? unavailableReason?.(user)}
                      </Text>
                    ) : (
                      <Button
                        size="xs"
                        variant="light"
                        disabled={busy}
                        aria-label={action ? action.labelFor(displayName(user)) : t('groups.add.addLabel', { name: displayName(user) })}
                        onClick={() => {
                          onPick(user);
                        }}
                      >
                        {action?.label ?? t('groups.add.add')}
                      </Button>
                    )}
                  </Group>
                </List.Item>
              ))}
            </List>
          )}
        </div>
      )}
    </div>
  );
}
