import { Checkbox, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../shared/api';
import { ROLE_PRIORITY } from '../../shared/auth/roles';

interface RoleCheckboxesProps {
  value: Role[];
  onChange: (roles: Role[]) => void;
  error?: string | undefined;
  /** Defaults to "Roles" (of a user). */
  label?: string;
  description?: string;
}

/** A choice of roles: a user's (at least one, the server checks), or those a site setting applies to. */
export function RoleCheckboxes({ value, onChange, error, label, description }: RoleCheckboxesProps) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group
      label={label ?? t('users.roles')}
      description={description}
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
