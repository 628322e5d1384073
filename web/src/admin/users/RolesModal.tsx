import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type AdminUserView as UserView, type Role } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { setUserRoles } from './users.api';
import { RoleCheckboxes } from './RoleCheckboxes';

export function RolesModal({ user, onClose, onSaved }: { user: UserView; onClose: () => void; onSaved: (user: UserView) => void }) {
  const { t } = useTranslation();
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const mutation = useMutation({ mutationFn: () => setUserRoles(api, user.id, roles), onSuccess: onSaved });
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={t('users.rolesTitle', { name: `${user.firstName} ${user.lastName}` })} centered closeButtonProps={{ 'aria-label': t('app.close') }}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('users.rolesHint')}
          </Text>
          <ErrorAlert error={mutation.error} />
          <RoleCheckboxes value={roles} onChange={setRoles} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={roles.length === 0}>
              {t('app.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
