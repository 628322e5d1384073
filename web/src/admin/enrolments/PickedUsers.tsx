import { Badge, CloseButton, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { UserView } from '../../shared/api';
import { displayName, UserSearch } from '../groups/UserSearch';

interface PickedUsersProps {
  label: string;
  /** Users already in (enrolled), who cannot be picked again. */
  enrolled: readonly string[];
  picked: UserView[];
  onChange: (picked: UserView[]) => void;
}

/** Finds users and gathers those to enrol, each with a way to put them back. */
export function PickedUsers({ label, enrolled, picked, onChange }: PickedUsersProps) {
  const { t } = useTranslation();
  return (
    <>
      <UserSearch
        label={label}
        unavailable={
          new Map([...enrolled.map((id) => [id, t('enrolments.users.enrolled')] as const), ...picked.map((u) => [u.id, t('enrolments.users.chosen')] as const)])
        }
        onPick={(user) => {
          onChange([...picked, user]);
        }}
      />
      {picked.length > 0 && (
        <Group gap="xs" aria-label={t('enrolments.users.picked')} role="list">
          {picked.map((user) => (
            <Badge
              key={user.id}
              role="listitem"
              variant="light"
              rightSection={
                <CloseButton
                  size="xs"
                  aria-label={t('enrolments.users.unpick', { name: displayName(user) })}
                  onClick={() => {
                    onChange(picked.filter((u) => u.id !== user.id));
                  }}
                />
              }
            >
              {displayName(user)}
            </Badge>
          ))}
        </Group>
      )}
    </>
  );
}
