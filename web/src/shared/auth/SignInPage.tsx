import { Alert, Box, Button, Center, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router-dom';
import { api, fetchTenant, isApiError, signIn, type SignInRequest } from '../api';
import { LanguageMenu } from '../shell/LanguageMenu';
import classes from '../shell/shell.module.css';
import { FullPageLoader } from '../ui/FullPageLoader';
import { usePageTitle } from '../ui/usePageTitle';
import { useAuth } from './AuthContext';
import { safeNextPath } from './redirect';

export const TENANT_QUERY_KEY = ['tenant'] as const;

export function SignInPage() {
  const { t } = useTranslation();
  const { state, error: sessionError, completeSignIn } = useAuth();
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get('next'));
  usePageTitle(t('signIn.title'));

  const tenant = useQuery({
    queryKey: TENANT_QUERY_KEY,
    queryFn: ({ signal }) => fetchTenant(api, signal),
    staleTime: Infinity,
  });

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const mutation = useMutation({
    mutationFn: (credentials: SignInRequest) => signIn(api, credentials),
    onSuccess: completeSignIn,
  });

  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  // After a failed attempt: to the first field the server named, else to the message.
  useEffect(() => {
    const failure = mutation.error;
    if (!failure) return;
    const fields = isApiError(failure) ? failure.fields.map((f) => f.field) : [];
    if (fields.includes('email')) emailRef.current?.focus();
    else if (fields.includes('password')) passwordRef.current?.focus();
    else alertRef.current?.focus();
  }, [mutation.error]);

  if (state?.status === 'signed-in') return <Navigate to={next} replace />;
  if (!state && !sessionError) return <FullPageLoader />;

  const failure = mutation.error;
  const fieldError = (field: string) => (isApiError(failure) ? failure.fieldMessage(field) : undefined);
  const sessionEnded = state?.status === 'signed-out' && state.reason === 'session-ended' && mutation.isIdle;

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate({ email: email.trim(), password });
  };

  return (
    <>
      <Box component="header" px="md" py="sm" className={classes.signInHeader}>
        <Group justify="space-between" wrap="nowrap">
          <Text component="span" className={classes.brand}>
            {t('app.name')}
          </Text>
          <LanguageMenu />
        </Group>
      </Box>
      <Center component="main" px="md" py="xl">
        <Paper withBorder radius="md" p="xl" w="100%" maw={420}>
          <Stack gap="md">
            <div>
              {tenant.data && (
                <Text size="sm" fw={600} c="dimmed" tt="uppercase">
                  {tenant.data.name}
                </Text>
              )}
              <Title order={1}>{t('signIn.title')}</Title>
            </div>

            {sessionEnded && (
              <Alert color="yellow" role="status">
                {t('signIn.sessionEnded')}
              </Alert>
            )}
            {failure && (
              <Alert ref={alertRef} tabIndex={-1} color="red" title={t('signIn.failed')} className={classes.focusTarget}>
                {failure.message}
              </Alert>
            )}

            <form onSubmit={onSubmit} noValidate>
              <Stack gap="md">
                <TextInput
                  ref={emailRef}
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
                  error={fieldError('email')}
                />
                <TextInput
                  ref={passwordRef}
                  label={t('signIn.password')}
                  type="password"
                  name="password"
                  autoComplete="current-password"
                  required
                  withAsterisk={false}
                  value={password}
                  onChange={(event) => {
                    setPassword(event.currentTarget.value);
                  }}
                  error={fieldError('password')}
                />
                <Button type="submit" loading={mutation.isPending} fullWidth>
                  {t('signIn.submit')}
                </Button>
              </Stack>
            </form>
          </Stack>
        </Paper>
      </Center>
    </>
  );
}
