import { Alert, Anchor, Button, Center, Group, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError, MFA_ENROLMENT_REQUIRED_CODE } from '../api';
import { MFA_SETUP_PATH } from '../shell/MfaEnrolmentNotice';

interface LoadErrorProps {
  error: Error;
  onRetry: () => void;
  fullPage?: boolean;
}

/** A failed load: the server's message and a way to try again (or to what is missing first). */
export function LoadError({ error, onRetry, fullPage = false }: LoadErrorProps) {
  const { t } = useTranslation();
  const mustEnrol = isApiError(error) && error.code === MFA_ENROLMENT_REQUIRED_CODE;
  const content = (
    <Stack maw={480} w="100%" p="md">
      <Alert color="red" title={t('app.loadFailed')}>
        {error.message}
      </Alert>
      <Group gap="md">
        <Button variant="default" onClick={onRetry}>
          {t('app.retry')}
        </Button>
        {mustEnrol && (
          <Anchor component={Link} to={MFA_SETUP_PATH}>
            {t('mfaNotice.link')}
          </Anchor>
        )}
      </Group>
    </Stack>
  );
  return fullPage ? (
    <Center mih="100vh" component="main">
      {content}
    </Center>
  ) : (
    content
  );
}
