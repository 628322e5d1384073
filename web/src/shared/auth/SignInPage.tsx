import { Alert, Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router-dom';
import { api, isApiError, MFA_REQUIRED_CODE, signIn, type Session, type SignInRequest } from '../api';
import classes from '../shell/shell.module.css';
import { MFA_SETUP_PATH } from '../shell/MfaEnrolmentNotice';
import { FullPageLoader } from '../ui/FullPageLoader';
import { NewPasswordStep } from './NewPasswordStep';
import { useAuth } from './AuthContext';
import { PublicFrame, usePublicTenant } from './PublicFrame';
import { safeNextPath } from './redirect';

export { TENANT_QUERY_KEY } from './PublicFrame';

type Credentials = { email: string; password: string };

export function SignInPage() {
  const { t } = useTranslation();
  const { state, error: sessionError, completeSignIn } = useAuth();
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get('next'));
  // The password was right and the account has two-factor sign-in: the code is asked next.
  const [secondStep, setSecondStep] = useState<Credentials | null>(null);
  const [mustEnrol, setMustEnrol] = useState(false);
  // Kept only while a password set for the user is being replaced, so it is not asked twice.
  const [signedInWith, setSignedInWith] = useState<string | null>(null);

  if (state?.status === 'signed-in') {
    if (state.session.passwordChangeRequired) {
      return (
        <PublicFrame title={t('signIn.newPassword.title')}>
          <NewPasswordStep session={state.session} currentPassword={signedInWith} />
        </PublicFrame>
      );
    }
    return <Navigate to={mustEnrol ? MFA_SETUP_PATH : next} replace />;
  }
  if (!state && !sessionError) return <FullPageLoader />;

  const sessionEnded = state?.status === 'signed-out' && state.reason === 'session-ended';
  const signedIn = (session: Session, password: string) => {
    setMustEnrol(session.mfaEnrolmentRequired === true);
    setSignedInWith(session.passwordChangeRequired ? password : null);
    completeSignIn(session);
  };

  return (
    <PublicFrame title={t('signIn.title')}>
      {secondStep ? (
        <SecondFactorForm
          credentials={secondStep}
          onSignedIn={signedIn}
          onCancel={() => {
            setSecondStep(null);
          }}
        />
      ) : (
        <PasswordForm sessionEnded={sessionEnded} onSignedIn={signedIn} onSecondFactor={setSecondStep} />
      )}
    </PublicFrame>
  );
}

interface PasswordFormProps {
  sessionEnded: boolean;
  onSignedIn: (session: Session, password: string) => void;
  onSecondFactor: (credentials: Credentials) => void;
}

function PasswordForm({ sessionEnded, onSignedIn, onSecondFactor }: PasswordFormProps) {
  const { t } = useTranslation();
  const tenant = usePublicTenant();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const mutation = useMutation({
    mutationFn: (credentials: SignInRequest) => signIn(api, credentials),
    onSuccess: (session, credentials) => {
      onSignedIn(session, credentials.password);
    },
    onError: (error, credentials) => {
      if (isApiError(error) && error.code === MFA_REQUIRED_CODE) onSecondFactor({ email: credentials.email, password: credentials.password });
    },
  });

  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  // After a failed attempt: to the first field the server named, else to the message.
  useEffect(() => {
    const failure = mutation.error;
    if (!failure || (isApiError(failure) && failure.code === MFA_REQUIRED_CODE)) return;
    const fields = isApiError(failure) ? failure.fields.map((f) => f.field) : [];
    if (fields.includes('email')) emailRef.current?.focus();
    else if (fields.includes('password')) passwordRef.current?.focus();
    else alertRef.current?.focus();
  }, [mutation.error]);

  const failure = isApiError(mutation.error) && mutation.error.code === MFA_REQUIRED_CODE ? null : mutation.error;
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
          {tenant.data?.selfRegistration && (
            <Anchor component={Link} to="/register" size="sm">
              {t('register.link')}
            </Anchor>
          )}
        </Stack>
      </form>
    </>
  );
}

interface SecondFactorFormProps {
  credentials: Credentials;
  onSignedIn: (session: Session, password: string) => void;
  onCancel: () => void;
}

/** Apps show codes as "123 456"; the server takes the six digits. */
function digitsOnly(code: string): string {
  return code.replace(/\s+/g, '');
}

function SecondFactorForm({ credentials, onSignedIn, onCancel }: SecondFactorFormProps) {
  const { t } = useTranslation();
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const mutation = useMutation({
    mutationFn: (request: SignInRequest) => signIn(api, request),
    onSuccess: (session) => {
      onSignedIn(session, credentials.password);
    },
  });
  const inputRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (mutation.error) alertRef.current?.focus();
  }, [mutation.error]);

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate(useRecovery ? { ...credentials, recoveryCode: code.trim() } : { ...credentials, code: digitsOnly(code) });
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
