import { Alert, Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router-dom';
import { api, isApiError, isMfaChallenge, signIn, signInSecondFactor, type SecondFactor, type SignInRequest } from '../api';
import classes from '../shell/shell.module.css';
import { FullPageLoader } from '../ui/FullPageLoader';
import { useAuth } from './AuthContext';
import { PublicFrame } from './PublicFrame';
import { safeNextPath } from './redirect';

export { TENANT_QUERY_KEY } from './PublicFrame';

export function SignInPage() {
  const { t } = useTranslation();
  const { state, error: sessionError, completeSignIn } = useAuth();
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get('next'));
  const [challenge, setChallenge] = useState<string | null>(null);

  if (state?.status === 'signed-in') return <Navigate to={next} replace />;
  if (!state && !sessionError) return <FullPageLoader />;

  const sessionEnded = state?.status === 'signed-out' && state.reason === 'session-ended';

  return (
    <PublicFrame title={t('signIn.title')}>
      {challenge ? (
        <SecondFactorForm
          challenge={challenge}
          onDone={completeSignIn}
          onCancel={() => {
            setChallenge(null);
          }}
        />
      ) : (
        <PasswordForm
          sessionEnded={sessionEnded}
          onAnswer={(answer) => {
            if (isMfaChallenge(answer)) setChallenge(answer.challenge);
            else completeSignIn(answer);
          }}
        />
      )}
    </PublicFrame>
  );
}

function PasswordForm({ sessionEnded, onAnswer }: { sessionEnded: boolean; onAnswer: (answer: Awaited<ReturnType<typeof signIn>>) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const mutation = useMutation({
    mutationFn: (credentials: SignInRequest) => signIn(api, credentials),
    onSuccess: onAnswer,
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

  const failure = mutation.error;
  const fieldError = (field: string) => (isApiError(failure) ? failure.fieldMessage(field) : undefined);

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate({ email: email.trim(), password });
  };

  return (
    <>
      {sessionEnded && mutation.isIdle && (
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
          <Anchor component={Link} to="/reset-password" size="sm">
            {t('signIn.forgotPassword')}
          </Anchor>
        </Stack>
      </form>
    </>
  );
}

function SecondFactorForm({ challenge, onDone, onCancel }: { challenge: string; onDone: (session: Awaited<ReturnType<typeof signInSecondFactor>>) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const mutation = useMutation({
    mutationFn: (factor: SecondFactor) => signInSecondFactor(api, factor),
    onSuccess: onDone,
  });
  const inputRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (mutation.error) alertRef.current?.focus();
  }, [mutation.error]);

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = code.trim();
    mutation.mutate(useRecovery ? { challenge, recoveryCode: value } : { challenge, code: value });
  };

  const switchMode = () => {
    setUseRecovery((previous) => !previous);
    setCode('');
    mutation.reset();
    inputRef.current?.focus();
  };

  const failure = mutation.error;
  return (
    <>
      <Text>{useRecovery ? t('signIn.mfa.recoveryIntro') : t('signIn.mfa.codeIntro')}</Text>
      {failure && (
        <Alert ref={alertRef} tabIndex={-1} color="red" title={t('signIn.failed')} className={classes.focusTarget}>
          {failure.message}
        </Alert>
      )}
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {useRecovery ? (
            <TextInput
              key="recovery"
              ref={inputRef}
              label={t('signIn.mfa.recoveryCode')}
              name="recoveryCode"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              required
              withAsterisk={false}
              autoFocus
              value={code}
              onChange={(event) => {
                setCode(event.currentTarget.value);
              }}
            />
          ) : (
            <TextInput
              key="code"
              ref={inputRef}
              label={t('signIn.mfa.code')}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              required
              withAsterisk={false}
              autoFocus
              value={code}
              onChange={(event) => {
                setCode(event.currentTarget.value);
              }}
            />
          )}
          <Button type="submit" loading={mutation.isPending} fullWidth>
            {t('signIn.mfa.submit')}
          </Button>
          <Group justify="space-between">
            <Anchor component="button" type="button" size="sm" onClick={switchMode}>
              {useRecovery ? t('signIn.mfa.useCode') : t('signIn.mfa.useRecovery')}
            </Anchor>
            <Anchor component="button" type="button" size="sm" onClick={onCancel}>
              {t('signIn.mfa.back')}
            </Anchor>
          </Group>
        </Stack>
      </form>
    </>
  );
}
