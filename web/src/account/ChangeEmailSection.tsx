import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../shared/api';
import { useSession } from '../shared/auth/AuthContext';
import { ErrorAlert } from '../shared/forms/ErrorAlert';
import { fieldError, namesAnyField } from '../shared/forms/fieldErrors';
import { SuccessNote } from '../shared/forms/SuccessNote';
import { Section } from '../shared/ui/Section';
import { changeMyEmail } from './account.api';
import { CurrentPasswordInput } from '../shared/password/CurrentPasswordInput';
import { SecondFactorInput } from '../shared/password/SecondFactorInput';
import { useSecondFactor } from '../shared/password/useSecondFactor';
import type { ChangeEmailRequest } from '../shared/api';

const FIELDS = ['currentPassword', 'newEmail', 'code', 'recoveryCode'];

export function ChangeEmailSection() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [newEmail, setNewEmail] = useState('');
  const [password, setPassword] = useState('');
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const secondFactor = useSecondFactor();
  const mutation = useMutation({
    mutationFn: (body: ChangeEmailRequest) => changeMyEmail(api, body),
    onSuccess: () => {
      setPassword('');
      secondFactor.clear();
    },
    onError: (error) => {
      secondFactor.noteFailure(error);
      if (fieldError(error, 'newEmail')) emailRef.current?.focus();
      else if (fieldError(error, 'currentPassword')) passwordRef.current?.focus();
    },
  });

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate({ newEmail: newEmail.trim(), currentPassword: password, ...secondFactor.fields() });
  };

  const failure = mutation.error;
  return (
    <Section title={t('account.email.title')} description={t('account.email.description', { email: user.email })}>
      <form onSubmit={onSubmit} noValidate aria-label={t('account.email.title')}>
        <Stack gap="md" maw={440}>
          {mutation.isSuccess && <SuccessNote>{t('account.email.sent', { email: mutation.variables.newEmail })}</SuccessNote>}
          {failure && !namesAnyField(failure, FIELDS) && <ErrorAlert error={failure} />}
          <TextInput
            ref={emailRef}
            label={t('account.email.newEmail')}
            type="email"
            name="new-email"
            autoComplete="email"
            required
            withAsterisk={false}
            value={newEmail}
            onChange={(event) => {
              setNewEmail(event.currentTarget.value);
            }}
            error={fieldError(failure, 'newEmail')}
          />
          <CurrentPasswordInput
            ref={passwordRef}
            name="current-password-email"
            value={password}
            onChange={setPassword}
            error={fieldError(failure, 'currentPassword')}
          />
          <SecondFactorInput state={secondFactor} failure={failure} />
          <Group>
            <Button type="submit" loading={mutation.isPending}>
              {t('account.email.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
