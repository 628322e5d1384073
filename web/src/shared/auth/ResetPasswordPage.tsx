import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api';
import { ErrorAlert } from '../forms/ErrorAlert';
import { fieldError, namesAnyField } from '../forms/fieldErrors';
import { SuccessNote } from '../forms/SuccessNote';
import { NewPasswordFields, repeatMatches, type NewPassword } from '../password/NewPasswordFields';
import { completePasswordReset, requestPasswordReset } from './flows.api';
import { useLinkToken } from './linkToken';
import { PublicFrame } from './PublicFrame';
import { SIGN_IN_PATH } from './redirect';

/** `/reset-password`: ask for a link; `/reset-password#token=…` (from the link): choose a new password. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const token = useLinkToken();
  return (
    <PublicFrame title={token ? t('resetPassword.chooseTitle') : t('resetPassword.requestTitle')}>
      {token ? <ChooseNewPassword token={token} /> : <RequestLink />}
    </PublicFrame>
  );
}

function BackToSignIn() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to={SIGN_IN_PATH} size="sm">
      {t('resetPassword.backToSignIn')}
    </Anchor>
  );
}

function RequestLink() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const mutation = useMutation({ mutationFn: (address: string) => requestPasswordReset(api, { email: address }) });

  if (mutation.isSuccess) {
    return (
      <Stack gap="md">
        <SuccessNote>{t('resetPassword.requested')}</SuccessNote>
        <BackToSignIn />
      </Stack>
    );
  }

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate(email.trim());
  };
  const emailError = fieldError(mutation.error, 'email');
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text>{t('resetPassword.requestIntro')}</Text>
        {mutation.error && !emailError && <ErrorAlert error={mutation.error} />}
        <TextInput
          label={t('signIn.email')}
          type="email"
          name="email"
          autoComplete="username"
          required
          withAsterisk={false}
          autoFocus
          value={email}
          onChange={(event) => {
            setEmail(event.currentTarget.value);
          }}
          error={emailError}
        />
        <Button type="submit" loading={mutation.isPending} fullWidth>
          {t('resetPassword.requestSubmit')}
        </Button>
        <BackToSignIn />
      </Stack>
    </form>
  );
}

function ChooseNewPassword({ token }: { token: string }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<NewPassword>({ password: '', repeat: '' });
  const [submitted, setSubmitted] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const repeatRef = useRef<HTMLInputElement>(null);
  const mutation = useMutation({
    mutationFn: (password: string) => completePasswordReset(api, { token, password }),
    onError: (error) => {
      if (namesAnyField(error, ['password'])) passwordRef.current?.focus();
    },
  });

  if (mutation.isSuccess) {
    return (
      <Stack gap="md">
        <SuccessNote>{t('resetPassword.done')}</SuccessNote>
        <Button component={Link} to={SIGN_IN_PATH}>
          {t('signIn.title')}
        </Button>
      </Stack>
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
  const linkBroken = mutation.error && !passwordError;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text>{t('resetPassword.chooseIntro')}</Text>
        {linkBroken && <ErrorAlert error={mutation.error} />}
        {linkBroken && (
          <Anchor component={Link} to="/reset-password" size="sm">
            {t('resetPassword.requestAgain')}
          </Anchor>
        )}
        <NewPasswordFields
          value={value}
          onChange={setValue}
          error={passwordError}
          submitted={submitted}
          autoFocus
          inputRef={passwordRef}
          repeatRef={repeatRef}
        />
        <Button type="submit" loading={mutation.isPending} fullWidth>
          {t('resetPassword.chooseSubmit')}
        </Button>
      </Stack>
    </form>
  );
}
