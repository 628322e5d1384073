import { Alert, Button, Center, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface LoadErrorProps {
  error: Error;
  onRetry: () => void;
  fullPage?: boolean;
}

/** A failed load: the server's message and a way to try again. */
export function LoadError({ error, onRetry, fullPage = false }: LoadErrorProps) {
  const { t } = useTranslation();
  const content = (
    <Stack maw={480} w="100%" p="md">
      <Alert color="red" title={t('app.loadFailed')}>
        {error.message}
      </Alert>
      <Button variant="default" onClick={onRetry} style={{ alignSelf: 'flex-start' }}>
        {t('app.retry')}
      </Button>
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
