import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api';
import { ErrorAlert } from '../forms/ErrorAlert';
import { fieldError, namesAnyField } from '../forms/fieldErrors';
import { SuccessNote } from '../forms/SuccessNote';
import { currentLanguage } from '../i18n';
import { register } from './flows.api';
import { PublicFrame, usePublicTenant } from './PublicFrame';
import { SIGN_IN_PATH } from './redirect';

const FIELDS = ['email', 'firstName', 'lastName'] as const;
type Field = (typeof FIELDS)[number];

/** `/register`: where the site lets people create their own account, ask for one; a mailed link confirms the address. */
export function RegisterPage() {
  const { t } = useTranslation();
  const tenant = usePublicTenant();
  const [values, setValues] = useState<Record<Field, string>>({ email: '', firstName: '', lastName: '' });
  const mutation = useMutation({ mutationFn: () => register(api, { email: values.email.trim(), firstName: values.firstName, lastName: values.lastName, language: currentLanguage() }) });

  const backToSignIn = (
    <Anchor component={Link} to={SIGN_IN_PATH} size="sm">
      {t('register.backToSignIn')}
    </Anchor>
  );

  if (mutation.isSuccess) {
    return (
      <PublicFrame title={t('register.title')}>
        <SuccessNote>{t('register.requested', { email: values.email.trim() })}</SuccessNote>
        {backToSignIn}
      </PublicFrame>
    );
  }

  if (tenant.data && !tenant.data.selfRegistration) {
    return (
      <PublicFrame title={t('register.title')}>
        <Text>{t('register.closed')}</Text>
        {backToSignIn}
      </PublicFrame>
    );
  }

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate();
  };
  const labels: Record<Field, string> = { email: t('signIn.email'), firstName: t('register.firstName'), lastName: t('register.lastName') };
  const autoComplete: Record<Field, string> = { email: 'email', firstName: 'given-name', lastName: 'family-name' };
  return (
    <PublicFrame title={t('register.title')}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Text>{t('register.intro')}</Text>
          {mutation.error && !namesAnyField(mutation.error, FIELDS) && <ErrorAlert error={mutation.error} />}
          {FIELDS.map((field) => (
            <TextInput
              key={field}
              label={labels[field]}
              type={field === 'email' ? 'email' : 'text'}
              name={field}
              autoComplete={autoComplete[field]}
              required
              withAsterisk={false}
              autoFocus={field === 'email'}
              value={values[field]}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setValues((previous) => ({ ...previous, [field]: value }));
              }}
              error={fieldError(mutation.error, field)}
            />
          ))}
          <Button type="submit" loading={mutation.isPending} fullWidth>
            {t('register.submit')}
          </Button>
          {backToSignIn}
        </Stack>
      </form>
    </PublicFrame>
  );
}
