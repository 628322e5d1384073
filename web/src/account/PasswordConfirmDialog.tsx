import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../shared/forms/ErrorAlert';
import { fieldError } from '../shared/forms/fieldErrors';
import { CurrentPasswordInput } from '../shared/password/CurrentPasswordInput';

interface PasswordConfirmDialogProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  body: string;
  confirmLabel: string;
  /** Resolves when done (the dialog closes); a wrong password is shown at the field. */
  onConfirm: (currentPassword: string) => Promise<unknown>;
}

/** Asks for the password before something that acts on the account's sessions: who sits at an open session is not necessarily its owner. */
export function PasswordConfirmDialog({ opened, onClose, title, body, confirmLabel, onConfirm }: PasswordConfirmDialogProps) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const mutation = useMutation({
    mutationFn: () => onConfirm(password),
    onSuccess: () => {
      setPassword('');
      onClose();
    },
  });
  const close = () => {
    if (mutation.isPending) return;
    setPassword('');
    mutation.reset();
    onClose();
  };
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate();
  };
  const passwordError = fieldError(mutation.error, 'currentPassword');

  return (
    <Modal opened={opened} onClose={close} title={title} centered closeButtonProps={{ 'aria-label': t('app.close') }}>
      <form onSubmit={onSubmit} noValidate aria-label={title}>
        <Stack gap="md">
          <Text>{body}</Text>
          <Text size="sm">{t('account.sessions.passwordFirst')}</Text>
          {mutation.error && !passwordError && <ErrorAlert error={mutation.error} />}
          <CurrentPasswordInput name="confirm-password" autoFocus value={password} onChange={setPassword} error={passwordError} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={mutation.isPending}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" color="red" loading={mutation.isPending}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
