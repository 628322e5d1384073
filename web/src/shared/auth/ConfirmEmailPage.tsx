import { Alert, Button, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api';
import { ErrorAlert } from '../forms/ErrorAlert';
import { SuccessNote } from '../forms/SuccessNote';
import { SESSION_QUERY_KEY } from './AuthContext';
import { confirmEmailChange } from './flows.api';
import { useLinkToken } from './linkToken';
import { PublicFrame } from './PublicFrame';

/**
 * `/confirm-email#token=…`: the link sent to a new address. Confirming takes a click, so a mail
 * scanner that opens links does not confirm on the user's behalf.
 */
export function ConfirmEmailPage() {
  const { t } = useTranslation();
  const token = useLinkToken();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (value: string) => confirmEmailChange(api, value),
    // A signed-in tab shows the new address from now on.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY }),
  });

  const title = t('confirmEmail.title');
  if (!token) {
    return (
      <PublicFrame title={title}>
        <Alert color="red" role="alert">
          {t('confirmEmail.noToken')}
        </Alert>
      </PublicFrame>
    );
  }
  return (
    <PublicFrame title={title}>
      {mutation.isSuccess ? (
        <Stack gap="md">
          <SuccessNote>{t('confirmEmail.done', { email: mutation.data.email })}</SuccessNote>
          <Button component={Link} to="/">
            {t('confirmEmail.continue')}
          </Button>
        </Stack>
      ) : (
        <Stack gap="md">
          <Text>{t('confirmEmail.intro')}</Text>
          <ErrorAlert error={mutation.error} />
          <Button
            loading={mutation.isPending}
            onClick={() => {
              mutation.mutate(token);
            }}
            fullWidth
          >
            {t('confirmEmail.submit')}
          </Button>
        </Stack>
      )}
    </PublicFrame>
  );
}
