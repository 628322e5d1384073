import { Alert, Button, Group, Modal, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext';
import { announcedSeconds, formatCountdown } from './sessionTimer';
import { useSessionTimer } from './useSessionTimer';

/**
 * The inactivity warning of the signed-in frame: a minute before the session ends, a dialog
 * counts down and offers to stay signed in; when the time is up, the sign-in page says why.
 */
export function SessionTimeout() {
  const { t } = useTranslation();
  const { signOut, endSessionLocally } = useAuth();
  const { state, action, keepAlive } = useSessionTimer();
  const [busy, setBusy] = useState<'stay' | 'sign-out' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  // Time is up: end the session on the server too (a shared computer must not stay signed in).
  const ending = useRef(false);
  useEffect(() => {
    if (action !== 'end' || ending.current) return;
    ending.current = true;
    signOut('session-ended').catch(() => {
      endSessionLocally('session-ended');
    });
  }, [action, signOut, endSessionLocally]);

  const opened = action === 'warn' && state !== undefined;
  const remainingMs = state?.remainingMs ?? 0;
  const idle = state?.reason !== 'absolute';

  const stay = () => {
    setBusy('stay');
    setFailure(null);
    keepAlive()
      .catch((error: unknown) => {
        setFailure(error instanceof Error ? error.message : String(error));
      })
      .finally(() => {
        setBusy(null);
      });
  };

  const leave = () => {
    setBusy('sign-out');
    setFailure(null);
    signOut().catch((error: unknown) => {
      setFailure(error instanceof Error ? error.message : String(error));
      setBusy(null);
    });
  };

  const time = formatCountdown(remainingMs);
  return (
    <Modal
      opened={opened}
      // Escape or a click outside is somebody at the keyboard: that is what "stay" means.
      onClose={idle ? stay : () => undefined}
      closeOnClickOutside={false}
      closeOnEscape={idle}
      withCloseButton={false}
      title={t('sessionTimeout.title')}
      centered
      size="md"
    >
      <Stack gap="md">
        <Text>{idle ? t('sessionTimeout.idleBody', { time }) : t('sessionTimeout.absoluteBody', { time })}</Text>
        <VisuallyHidden aria-live="assertive" aria-atomic="true">
          {t('sessionTimeout.secondsLeft', { seconds: announcedSeconds(remainingMs) })}
        </VisuallyHidden>
        {failure && <Alert color="red">{failure}</Alert>}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={leave} loading={busy === 'sign-out'} disabled={busy === 'stay'}>
            {t('shell.signOut')}
          </Button>
          {idle && (
            <Button onClick={stay} loading={busy === 'stay'} disabled={busy === 'sign-out'} data-autofocus>
              {t('sessionTimeout.stay')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
