import { Checkbox, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../shared/api';
import { ROLE_PRIORITY } from '../../shared/auth/roles';

interface RoleCheckboxesProps {
  value: Role[];
  onChange: (roles: Role[]) => void;
  error?: string | undefined;
}

/** The roles of a user, at least one. */
export function RoleCheckboxes({ value, onChange, error }: RoleCheckboxesProps) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group
      label={t('users.roles')}
      value={value}
      onChange={(roles) => {
        onChange(ROLE_PRIORITY.filter((role) => roles.includes(role)));
      }}
      error={error}
    >
      <Group gap="md" mt="xs">
        {ROLE_PRIORITY.map((role) => (
          <Checkbox key={role} value={role} label={t(`roles.${role}`)} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}
