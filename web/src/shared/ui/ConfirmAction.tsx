import { Alert, Button, Group, Modal, Stack, Text, type ButtonProps } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FailureMessage } from '../forms/FailureMessage';
import type { NameOfValue } from '../forms/failureText';

interface ConfirmDialogProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  /** Resolves when done (the dialog closes); a rejection is shown in the dialog. */
  onConfirm: () => Promise<unknown>;
  danger?: boolean;
  /** Names refused entries of a failure (a user id: the person). */
  nameOf?: NameOfValue | undefined;
  /** The confirm button waits for what the question asks for (a reason, say). */
  confirmDisabled?: boolean;
}

/** Asks before something that cannot be undone; shows a failure in the question. */
export function ConfirmDialog({ opened, onClose, title, body, confirmLabel, onConfirm, danger = true, nameOf, confirmDisabled = false }: ConfirmDialogProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const close = () => {
    if (busy) return;
    setFailure(null);
    onClose();
  };
  const confirm = () => {
    setBusy(true);
    setFailure(null);
    onConfirm()
      .then(() => {
        setBusy(false);
        onClose();
      })
      .catch((error: unknown) => {
        setBusy(false);
        setFailure(error ?? new Error(String(error)));
      });
  };

  return (
    <Modal opened={opened} onClose={close} title={title} centered closeButtonProps={{ 'aria-label': t('app.close') }}>
      <Stack gap="md">
        {/* A sentence is a paragraph; a body with fields is laid out by its caller (no <div> inside a <p>). */}
        {typeof body === 'string' ? <Text>{body}</Text> : body}
        {failure !== null && (
          <Alert color="red" role="alert">
            <FailureMessage error={failure} nameOf={nameOf} />
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close} disabled={busy} data-autofocus>
            {t('app.cancel')}
          </Button>
          <Button color={danger ? 'red' : undefined} onClick={confirm} loading={busy} disabled={confirmDisabled}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

interface ConfirmActionProps extends Omit<ConfirmDialogProps, 'opened' | 'onClose'> {
  /** Text of the button that opens the question. */
  label: ReactNode;
  /** Accessible name of that button when the label alone is ambiguous (e.g. "Revoke" in a table row). */
  ariaLabel?: string | undefined;
  buttonProps?: ButtonProps;
}

/** A button for something that cannot be undone: it asks first. */
export function ConfirmAction({ label, ariaLabel, buttonProps, ...dialog }: ConfirmActionProps) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        variant="light"
        color="red"
        size="xs"
        {...buttonProps}
        aria-label={ariaLabel}
        onClick={() => {
          setOpened(true);
        }}
      >
        {label}
      </Button>
      <ConfirmDialog
        {...dialog}
        opened={opened}
        onClose={() => {
          setOpened(false);
        }}
      />
    </>
  );
}
