import { Alert, Button, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api';
import { ErrorAlert } from '../forms/ErrorAlert';
import { fieldError, namesAnyField } from '../forms/fieldErrors';
import { SuccessNote } from '../forms/SuccessNote';
import { NewPasswordFields, repeatMatches, type NewPassword } from '../password/NewPasswordFields';
import { acceptInvitation } from './flows.api';
import { useLinkToken } from './linkToken';
import { PublicFrame } from './PublicFrame';
import { SIGN_IN_PATH } from './redirect';

/** `/accept-invitation#token=…`: an invited user chooses their password and can then sign in. */
export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const token = useLinkToken();
  const [value, setValue] = useState<NewPassword>({ password: '', repeat: '' });
  const [submitted, setSubmitted] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const repeatRef = useRef<HTMLInputElement>(null);
  const mutation = useMutation({
    mutationFn: (password: string) => acceptInvitation(api, { token: token ?? '', password }),
    onError: (error) => {
      if (namesAnyField(error, ['password'])) passwordRef.current?.focus();
    },
  });

  const title = t('invitation.title');
  if (!token) {
    return (
      <PublicFrame title={title}>
        <Alert color="red" role="alert">
          {t('invitation.noToken')}
        </Alert>
      </PublicFrame>
    );
  }
  if (mutation.isSuccess) {
    return (
      <PublicFrame title={title}>
        <SuccessNote>{t('invitation.done')}</SuccessNote>
        <Button component={Link} to={SIGN_IN_PATH}>
          {t('signIn.title')}
        </Button>
      </PublicFrame>
    );
  }

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (!repeatMatches(value)) {
      repeatRef.current?.focus();
      return;
    }
    mutation.mutate(value.password);
  };
  const passwordError = fieldError(mutation.error, 'password');
  return (
    <PublicFrame title={title}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Text>{t('invitation.intro')}</Text>
          {mutation.error && !passwordError && <ErrorAlert error={mutation.error} />}
          <NewPasswordFields
            label={t('invitation.password')}
            repeatLabel={t('invitation.repeat')}
            value={value}
            onChange={setValue}
            error={passwordError}
            submitted={submitted}
            autoFocus
            inputRef={passwordRef}
            repeatRef={repeatRef}
          />
          <Button type="submit" loading={mutation.isPending} fullWidth>
            {t('invitation.submit')}
          </Button>
        </Stack>
      </form>
    </PublicFrame>
  );
}
