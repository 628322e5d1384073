import { Anchor, Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Session } from '../api';
import { ErrorAlert } from '../forms/ErrorAlert';
import { fieldError, namesAnyField } from '../forms/fieldErrors';
import { CurrentPasswordInput } from '../password/CurrentPasswordInput';
import { NewPasswordFields } from '../password/NewPasswordFields';
import { SecondFactorInput } from '../password/SecondFactorInput';
import { useChangePasswordForm } from '../password/useChangePasswordForm';
import { useAuth } from './AuthContext';

const FIELDS = ['currentPassword', 'newPassword', 'code', 'recoveryCode'];

interface NewPasswordStepProps {
  session: Session;
  /** The password just signed in with; unknown after a reload, then it is asked for. */
  currentPassword: string | null;
}

/**
 * The sign-in's last step for a user whose password was set for them (the first administrator,
 * or by an operator): it worked once, and nothing else opens until they have chosen their own.
 */
export function NewPasswordStep({ session, currentPassword }: NewPasswordStepProps) {
  const { t } = useTranslation();
  const { completeSignIn, signOut } = useAuth();
  // The session stays; once saved it is no longer held back.
  // The two-factor status cannot be read before the change: the server asks for a code when one is needed.
  const { current, setCurrent, next, setNext, secondFactor, submitted, currentRef, newRef, repeatRef, mutation, onSubmit } = useChangePasswordForm({
    currentPassword,
    readMfaStatus: false,
    onSaved: () => {
      completeSignIn({ ...session, passwordChangeRequired: false });
    },
  });

  const failure = mutation.error;
  const { email, firstName, lastName } = session.user;
  // Asked only when the sign-in did not just give it, or when the server says it is wrong.
  const askCurrent = currentPassword === null || fieldError(failure, 'currentPassword') !== undefined;
  return (
    <>
      <Text>{t('signIn.newPassword.intro')}</Text>
      {failure && !namesAnyField(failure, FIELDS) && <ErrorAlert error={failure} />}
      <form onSubmit={onSubmit} noValidate aria-label={t('signIn.newPassword.title')}>
        <Stack gap="md">
          {askCurrent && (
            <CurrentPasswordInput
              ref={currentRef}
              name="current-password"
              value={current}
              onChange={setCurrent}
              autoFocus
              error={fieldError(failure, 'currentPassword') ?? (submitted && current === '' ? t('app.required') : undefined)}
            />
          )}
          <NewPasswordFields
            value={next}
            onChange={setNext}
            error={fieldError(failure, 'newPassword')}
            person={{ email, firstName, lastName }}
            submitted={submitted}
            autoFocus={!askCurrent}
            inputRef={newRef}
            repeatRef={repeatRef}
          />
          <SecondFactorInput state={secondFactor} failure={failure} />
          <Button type="submit" loading={mutation.isPending} fullWidth>
            {t('signIn.newPassword.submit')}
          </Button>
          <Anchor
            component="button"
            type="button"
            size="sm"
            onClick={() => {
              void signOut().catch(() => undefined);
            }}
          >
            {t('signIn.newPassword.signOut')}
          </Anchor>
        </Stack>
      </form>
    </>
  );
}
