import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError, type InvitedUserView, type Role } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { fieldError, namesAnyField } from '../../shared/forms/fieldErrors';
import { nameErrors, normaliseName } from '../../shared/forms/names';
import { inviteUser } from './users.api';
import { RoleCheckboxes } from './RoleCheckboxes';

const FIELDS = ['email', 'firstName', 'lastName', 'roles'];

/** Creates a user without a password; the server e-mails them a link to choose one, or with mail off hands the link back. */
export function InviteUserModal({ opened, onClose, onInvited }: { opened: boolean; onClose: () => void; onInvited: (user: InvitedUserView) => void }) {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState('');
  const [badNames, setBadNames] = useState<Record<string, string>>({});
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['learner']);
  const mutation = useMutation({
    mutationFn: () => inviteUser(api, { email: email.trim(), firstName: normaliseName(firstName), lastName: normaliseName(lastName), roles }),
    onSuccess: (user) => {
      setEmail('');
      setFirstName('');
      setLastName('');
      setRoles(['learner']);
      onInvited(user);
    },
  });
  const close = () => {
    mutation.reset();
    onClose();
  };
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problems = nameErrors({ firstName, lastName }, i18n.language);
    setBadNames(problems);
    if (Object.keys(problems).length === 0) mutation.mutate();
  };
  const failure = mutation.error;
  const taken = isApiError(failure) && failure.code === 'USER_EMAIL_TAKEN';
  return (
    <Modal opened={opened} onClose={close} title={t('users.invite.title')} centered size="lg" closeButtonProps={{ 'aria-label': t('app.close') }}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {failure && (taken || !namesAnyField(failure, FIELDS)) && <ErrorAlert error={failure} />}
          <TextInput
            label={t('users.email')}
            type="email"
            name="invite-email"
            required
            withAsterisk={false}
            data-autofocus
            value={email}
            onChange={(event) => {
              setEmail(event.currentTarget.value);
            }}
            error={taken ? undefined : fieldError(failure, 'email')}
          />
          <Group grow align="flex-start">
            <TextInput
              label={t('users.firstName')}
              name="invite-first-name"
              required
              withAsterisk={false}
              value={firstName}
              onChange={(event) => {
                setFirstName(event.currentTarget.value);
              }}
              error={badNames.firstName ?? fieldError(failure, 'firstName')}
            />
            <TextInput
              label={t('users.lastName')}
              name="invite-last-name"
              required
              withAsterisk={false}
              value={lastName}
              onChange={(event) => {
                setLastName(event.currentTarget.value);
              }}
              error={badNames.lastName ?? fieldError(failure, 'lastName')}
            />
          </Group>
          <RoleCheckboxes value={roles} onChange={setRoles} error={fieldError(failure, 'roles')} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {t('users.invite.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
